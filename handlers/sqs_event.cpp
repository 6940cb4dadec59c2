#include "handlers/sqs_event.hpp"

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

#include "handlers/lambda_api.hpp"

namespace lambda {

using nlohmann::json;

InvocationResponse InvocationResponse::failure(const std::string& error_message, const std::string& error_type) {
  // The Runtime API error document; nlohmann escapes the strings (an error message may hold quotes or newlines).
  return InvocationResponse(
      false, json{{"errorMessage", error_message}, {"errorType", error_type}, {"stackTrace", json::array()}}.dump(),
      "application/json");
}

namespace {

// ---- parsing -------------------------------------------------------------------------------------------------------

[[noreturn]] void bad(const std::string& path, const std::string& what) {
  throw std::invalid_argument(path + ": " + what);
}

std::string describe(const json& v) {
  std::string s = v.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

// A string field. Absent or null: empty when optional (Go's aws-lambda-go writes nil as null), an error when required.
std::optional<std::string> string_field(const json& obj, const char* key, const std::string& path, bool required) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) bad(path + "." + key, "missing, expected a string");
    return std::nullopt;
  }
  if (!it->is_string()) bad(path + "." + key, "expected a string, got " + describe(*it));
  return it->get<std::string>();
}

void read_string(const json& obj, const char* key, const std::string& path, std::string& out) {
  if (auto s = string_field(obj, key, path, false)) out = std::move(*s);
}

std::vector<std::string> string_list(const json& obj, const char* key, const std::string& path) {
  std::vector<std::string> out;
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return out;
  const std::string p = path + "." + key;
  if (!it->is_array()) bad(p, "expected an array of strings, got " + describe(*it));
  out.reserve(it->size());
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& v = (*it)[i];
    if (!v.is_string()) bad(p + "[" + std::to_string(i) + "]", "expected a string, got " + describe(v));
    out.push_back(v.get<std::string>());
  }
  return out;
}

// An object field; absent or null reads as empty.
const json* object_field(const json& obj, const char* key, const std::string& path) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  if (!it->is_object()) bad(path + "." + key, "expected an object, got " + describe(*it));
  return &*it;
}

SqsMessageAttribute parse_attribute(const json& v, const std::string& path) {
  if (!v.is_object()) bad(path, "expected an object, got " + describe(v));
  SqsMessageAttribute a;
  a.string_value = string_field(v, "stringValue", path, false);
  a.binary_value = string_field(v, "binaryValue", path, false);
  a.string_list_values = string_list(v, "stringListValues", path);
  a.binary_list_values = string_list(v, "binaryListValues", path);
  // SQS requires a data type on every message attribute.
  a.data_type = *string_field(v, "dataType", path, true);
  return a;
}

SqsMessage parse_message(const json& r, const std::string& path) {
  if (!r.is_object()) bad(path, "expected an object, got " + describe(r));
  SqsMessage m;
  // The two fields a handler cannot do without: the id it reports failures by, and the payload.
  m.message_id = *string_field(r, "messageId", path, true);
  m.body = *string_field(r, "body", path, true);
  read_string(r, "receiptHandle", path, m.receipt_handle);
  read_string(r, "md5OfBody", path, m.md5_of_body);
  read_string(r, "md5OfMessageAttributes", path, m.md5_of_message_attributes);
  read_string(r, "eventSourceARN", path, m.event_source_arn);
  read_string(r, "eventSource", path, m.event_source);
  read_string(r, "awsRegion", path, m.aws_region);
  if (const json* attrs = object_field(r, "attributes", path)) {
    const std::string ap = path + ".attributes";
    for (const auto& [k, v] : attrs->items()) {
      if (!v.is_string()) bad(ap + "." + k, "expected a string, got " + describe(v));
      m.attributes.emplace(k, v.get<std::string>());
    }
  }
  if (const json* mattrs = object_field(r, "messageAttributes", path)) {
    for (const auto& [k, v] : mattrs->items())
      m.message_attributes.emplace(k, parse_attribute(v, path + ".messageAttributes." + k));
  }
  return m;
}

// ---- the partial batch response rule -------------------------------------------------------------------------------

BatchOutcome all_failed(std::string reason) {
  return BatchOutcome{BatchOutcomeKind::AllFailed, {}, std::move(reason)};
}

std::string entry(std::size_t i) {
  return "batchItemFailures[" + std::to_string(i) + "].itemIdentifier";
}

// Shared by both overloads once each identifier is known to be a string: the batch membership half of the rule.
// Batches reach 10,000 messages on standard queues, so membership is a binary search over a sorted index, not a scan.
BatchOutcome judge(const std::vector<std::string_view>& ids, const std::vector<std::string>& batch_ids) {
  if (ids.empty()) return {};  // AWS: an empty batchItemFailures list is a complete success
  std::vector<std::size_t> order(batch_ids.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  // Stable, so a message id the batch holds twice resolves to its first position.
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return batch_ids[a] < batch_ids[b]; });
  std::vector<bool> failed(batch_ids.size(), false);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    // AWS: an empty-string itemIdentifier is a complete failure.
    if (ids[i].empty()) return all_failed(entry(i) + " is an empty string");
    const auto it = std::lower_bound(order.begin(), order.end(), ids[i],
                                     [&](std::size_t k, std::string_view id) { return batch_ids[k] < id; });
    // AWS: an itemIdentifier that is not a message id of the batch is a complete failure.
    if (it == order.end() || batch_ids[*it] != ids[i])
      return all_failed(entry(i) + " \"" + std::string(ids[i]) + "\" is not the messageId of a message in the batch");
    failed[*it] = true;
  }
  BatchOutcome out;
  out.kind = BatchOutcomeKind::SomeFailed;
  for (std::size_t i = 0; i < batch_ids.size(); ++i) {
    if (failed[i]) out.failed_ids.push_back(batch_ids[i]);
  }
  return out;
}

}  // namespace

SqsEvent parse_sqs_event(std::string_view text) {
  const json root = json::parse(text.begin(), text.end(), nullptr, false);
  if (root.is_discarded()) bad("$", "invalid JSON");
  if (!root.is_object()) bad("$", "expected an object, got " + describe(root));
  const auto records = root.find("Records");
  if (records == root.end()) bad("$.Records", "missing, expected an array");
  if (!records->is_array()) bad("$.Records", "expected an array, got " + describe(*records));
  SqsEvent event;
  event.records.reserve(records->size());
  for (std::size_t i = 0; i < records->size(); ++i)
    event.records.push_back(parse_message((*records)[i], "$.Records[" + std::to_string(i) + "]"));
  return event;
}

std::string to_json(const SqsEvent& event) {
  json records = json::array();
  for (const SqsMessage& m : event.records) {
    json mattrs = json::object();
    for (const auto& [k, a] : m.message_attributes) {
      json o{{"stringListValues", a.string_list_values},
             {"binaryListValues", a.binary_list_values},
             {"dataType", a.data_type}};
      // Lambda omits the value a data type does not use (the fixture's Binary attribute has no stringValue).
      if (a.string_value) o["stringValue"] = *a.string_value;
      if (a.binary_value) o["binaryValue"] = *a.binary_value;
      mattrs[k] = std::move(o);
    }
    records.push_back({{"messageId", m.message_id},
                       {"receiptHandle", m.receipt_handle},
                       {"body", m.body},
                       {"md5OfBody", m.md5_of_body},
                       {"md5OfMessageAttributes", m.md5_of_message_attributes},
                       {"eventSourceARN", m.event_source_arn},
                       {"eventSource", m.event_source},
                       {"awsRegion", m.aws_region},
                       {"attributes", m.attributes},
                       {"messageAttributes", std::move(mattrs)}});
  }
  return json{{"Records", std::move(records)}}.dump();
}

std::string to_json(const SqsBatchResponse& response) {
  json failures = json::array();
  for (const BatchItemFailure& f : response.batch_item_failures)
    failures.push_back({{"itemIdentifier", f.item_identifier}});
  return json{{"batchItemFailures", std::move(failures)}}.dump();
}

BatchOutcome interpret_batch_response(std::string_view payload, const std::vector<std::string>& batch_ids) {
  // AWS: an empty or null response (EventResponse) is a complete success. A handler returning nothing sends "".
  if (payload.find_first_not_of(" \t\r\n") == std::string_view::npos) return {};
  const json root = json::parse(payload.begin(), payload.end(), nullptr, false);
  // AWS: an invalid JSON response is a complete failure.
  if (root.is_discarded()) return all_failed("the response is not valid JSON");
  if (root.is_null()) return {};
  // Not an object: no partial batch response can be read from it, so it is treated as an invalid response.
  if (!root.is_object()) return all_failed("the response is not a JSON object but " + describe(root));
  // AWS: a missing ({}), null or empty batchItemFailures list is a complete success. Key names are case-sensitive: a
  // "BatchItemFailures" key is not the list, so it counts as missing.
  const auto failures = root.find("batchItemFailures");
  if (failures == root.end() || failures->is_null()) return {};
  if (!failures->is_array()) return all_failed("batchItemFailures is not an array but " + describe(*failures));
  std::vector<std::string_view> ids;
  ids.reserve(failures->size());
  for (std::size_t i = 0; i < failures->size(); ++i) {
    const json& f = (*failures)[i];
    if (!f.is_object())
      return all_failed("batchItemFailures[" + std::to_string(i) + "] is not an object but " + describe(f));
    const auto id = f.find("itemIdentifier");
    // AWS: an itemIdentifier with a bad key name (so none under "itemIdentifier") is a complete failure.
    if (id == f.end()) return all_failed(entry(i) + " is missing (bad key name?)");
    // AWS: a null itemIdentifier is a complete failure.
    if (id->is_null()) return all_failed(entry(i) + " is null");
    // A message id is a string: any other value cannot name a message of the batch.
    if (!id->is_string()) return all_failed(entry(i) + " is not a string but " + describe(*id));
    ids.emplace_back(id->get_ref<const std::string&>());
  }
  return judge(ids, batch_ids);
}

BatchOutcome interpret_batch_response(const SqsBatchResponse& response, const std::vector<std::string>& batch_ids) {
  std::vector<std::string_view> ids;
  ids.reserve(response.batch_item_failures.size());
  for (const BatchItemFailure& f : response.batch_item_failures) ids.emplace_back(f.item_identifier);
  return judge(ids, batch_ids);
}

}  // namespace lambda
