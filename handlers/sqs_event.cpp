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

// The batch membership half of the rule, shared by every overload once each identifier is known to be a string:
// marks failed[k] for the first position k of batch_id_at(k) == id_at(i) for each i, or returns AllFailed (and why)
// for an identifier that is empty or not in the batch. ids and batch ids are read through functions so that no
// overload copies them. Batches reach 10,000 messages on standard queues: a large one is searched through a sorted
// index; one of up to kScanLimit records (every batch of Lambda's default size 10) by a scan, which allocates nothing.
constexpr std::size_t kScanLimit = 32;

template <class IdAt, class BatchIdAt>
BatchOutcomeKind mark_failed(std::size_t n_ids, IdAt id_at, std::size_t n_batch, BatchIdAt batch_id_at,
                             std::vector<bool>& failed, std::string& reason) {
  failed.assign(n_batch, false);
  if (n_ids == 0) return BatchOutcomeKind::AllSucceeded;  // AWS: an empty batchItemFailures list is a complete success
  std::vector<std::size_t> order;
  if (n_batch > kScanLimit) {
    order.resize(n_batch);
    for (std::size_t k = 0; k < n_batch; ++k) order[k] = k;
    // Stable, so a message id the batch holds twice resolves to its first position, as the scan does.
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return batch_id_at(a) < batch_id_at(b); });
  }
  const auto position = [&](std::string_view id) -> std::size_t {
    if (order.empty()) {
      for (std::size_t k = 0; k < n_batch; ++k)
        if (batch_id_at(k) == id) return k;
      return n_batch;
    }
    const auto it = std::lower_bound(order.begin(), order.end(), id,
                                     [&](std::size_t k, std::string_view v) { return batch_id_at(k) < v; });
    return it != order.end() && batch_id_at(*it) == id ? *it : n_batch;
  };
  for (std::size_t i = 0; i < n_ids; ++i) {
    const std::string_view id = id_at(i);
    // AWS: an empty-string itemIdentifier is a complete failure.
    if (id.empty()) {
      reason = entry(i) + " is an empty string";
      return BatchOutcomeKind::AllFailed;
    }
    const std::size_t k = position(id);
    // AWS: an itemIdentifier that is not a message id of the batch is a complete failure.
    if (k == n_batch) {
      reason = entry(i) + " \"" + std::string(id) + "\" is not the messageId of a message in the batch";
      return BatchOutcomeKind::AllFailed;
    }
    failed[k] = true;
  }
  return BatchOutcomeKind::SomeFailed;
}

template <class IdAt>
BatchOutcome judge(std::size_t n_ids, IdAt id_at, const std::vector<std::string>& batch_ids) {
  std::vector<bool> failed;
  BatchOutcome out;
  out.kind = mark_failed(
      n_ids, id_at, batch_ids.size(), [&](std::size_t k) -> std::string_view { return batch_ids[k]; }, failed,
      out.reason);
  if (out.kind == BatchOutcomeKind::AllFailed) return out;
  for (std::size_t k = 0; k < batch_ids.size(); ++k) {
    if (failed[k]) out.failed_ids.push_back(batch_ids[k]);
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
  return judge(
      ids.size(), [&](std::size_t i) { return ids[i]; }, batch_ids);
}

BatchOutcome interpret_batch_response(const SqsBatchResponse& response, const std::vector<std::string>& batch_ids) {
  const auto& f = response.batch_item_failures;
  return judge(
      f.size(), [&](std::size_t i) -> std::string_view { return f[i].item_identifier; }, batch_ids);
}

BatchOutcomeKind settle_batch(const SqsBatchResponse& response, const std::vector<SqsMessage>& records,
                              std::vector<bool>& failed) {
  const auto& f = response.batch_item_failures;
  std::string reason;
  return mark_failed(
      f.size(), [&](std::size_t i) -> std::string_view { return f[i].item_identifier; }, records.size(),
      [&](std::size_t k) -> std::string_view { return records[k].message_id; }, failed, reason);
}

}  // namespace lambda
