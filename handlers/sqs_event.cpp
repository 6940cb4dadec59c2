#include "handlers/sqs_event.hpp"

#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "handlers/lambda_api.hpp"

namespace lambda {

using nlohmann::json;

InvocationResponse InvocationResponse::failure(const std::string& error_message, const std::string& error_type) {
  return InvocationResponse(false, json{{"errorMessage", error_message}, {"errorType", error_type}}.dump(),
                            "application/json");
}

namespace {

std::string get_string(const json& obj, const char* key, const std::string& path, bool required) {
  if (!obj.contains(key)) {
    if (required) throw std::invalid_argument(path + "." + key + ": missing, expected a string");
    return {};
  }
  const json& v = obj.at(key);
  if (!v.is_string()) throw std::invalid_argument(path + "." + key + ": expected a string, got " + v.dump());
  return v.get<std::string>();
}

std::vector<std::string> get_string_list(const json& obj, const char* key, const std::string& path) {
  std::vector<std::string> out;
  if (!obj.contains(key) || obj.at(key).is_null()) return out;
  const json& v = obj.at(key);
  if (!v.is_array()) throw std::invalid_argument(path + "." + key + ": expected an array of strings");
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string())
      throw std::invalid_argument(path + "." + key + "[" + std::to_string(i) + "]: expected a string");
    out.push_back(v[i].get<std::string>());
  }
  return out;
}

BatchOutcome all_failed(std::string reason) {
  return BatchOutcome{BatchOutcomeKind::AllFailed, {}, std::move(reason)};
}

// Shared by both overloads: ids already extracted as "present and a string"; validity against the batch here.
BatchOutcome judge(const std::vector<std::string>& ids, const std::vector<std::string>& batch_ids) {
  if (ids.empty()) return {};
  std::vector<bool> failed(batch_ids.size(), false);
  for (const std::string& id : ids) {
    if (id.empty()) return all_failed("an itemIdentifier is an empty string");
    const auto it = std::find(batch_ids.begin(), batch_ids.end(), id);
    if (it == batch_ids.end()) return all_failed("itemIdentifier \"" + id + "\" is not a message of the batch");
    failed[static_cast<std::size_t>(it - batch_ids.begin())] = true;
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
  if (root.is_discarded()) throw std::invalid_argument("$: invalid JSON");
  if (!root.is_object() || !root.contains("Records") || !root.at("Records").is_array())
    throw std::invalid_argument("$.Records: missing, expected an array");
  SqsEvent event;
  const json& records = root.at("Records");
  for (std::size_t i = 0; i < records.size(); ++i) {
    const std::string p = "$.Records[" + std::to_string(i) + "]";
    const json& r = records[i];
    if (!r.is_object()) throw std::invalid_argument(p + ": expected an object");
    SqsMessage m;
    m.message_id = get_string(r, "messageId", p, true);
    m.receipt_handle = get_string(r, "receiptHandle", p, false);
    m.body = get_string(r, "body", p, true);
    m.md5_of_body = get_string(r, "md5OfBody", p, false);
    m.md5_of_message_attributes = get_string(r, "md5OfMessageAttributes", p, false);
    m.event_source_arn = get_string(r, "eventSourceARN", p, false);
    m.event_source = get_string(r, "eventSource", p, false);
    m.aws_region = get_string(r, "awsRegion", p, false);
    if (r.contains("attributes")) {
      const json& a = r.at("attributes");
      if (!a.is_object()) throw std::invalid_argument(p + ".attributes: expected an object");
      for (const auto& [k, v] : a.items()) m.attributes[k] = get_string(a, k.c_str(), p + ".attributes", true);
    }
    if (r.contains("messageAttributes")) {
      const json& ma = r.at("messageAttributes");
      if (!ma.is_object()) throw std::invalid_argument(p + ".messageAttributes: expected an object");
      for (const auto& [k, v] : ma.items()) {
        const std::string ap = p + ".messageAttributes." + k;
        if (!v.is_object()) throw std::invalid_argument(ap + ": expected an object");
        SqsMessageAttribute attr;
        if (v.contains("stringValue") && !v.at("stringValue").is_null())
          attr.string_value = get_string(v, "stringValue", ap, true);
        if (v.contains("binaryValue") && !v.at("binaryValue").is_null())
          attr.binary_value = get_string(v, "binaryValue", ap, true);
        attr.string_list_values = get_string_list(v, "stringListValues", ap);
        attr.binary_list_values = get_string_list(v, "binaryListValues", ap);
        attr.data_type = get_string(v, "dataType", ap, true);
        m.message_attributes[k] = std::move(attr);
      }
    }
    event.records.push_back(std::move(m));
  }
  return event;
}

std::string to_json(const SqsEvent& event) {
  json records = json::array();
  for (const SqsMessage& m : event.records) {
    json attrs = json::object();
    for (const auto& [k, v] : m.attributes) attrs[k] = v;
    json mattrs = json::object();
    for (const auto& [k, a] : m.message_attributes) {
      json o{{"stringListValues", a.string_list_values}, {"binaryListValues", a.binary_list_values},
             {"dataType", a.data_type}};
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
                       {"attributes", attrs},
                       {"messageAttributes", mattrs}});
  }
  return json{{"Records", records}}.dump();
}

std::string to_json(const SqsBatchResponse& response) {
  json failures = json::array();
  for (const auto& f : response.batch_item_failures) failures.push_back({{"itemIdentifier", f.item_identifier}});
  return json{{"batchItemFailures", failures}}.dump();
}

BatchOutcome interpret_batch_response(std::string_view payload, const std::vector<std::string>& batch_ids) {
  // An empty or null response is a complete success.
  if (payload.find_first_not_of(" \t\r\n") == std::string_view::npos) return {};
  const json root = json::parse(payload.begin(), payload.end(), nullptr, false);
  if (root.is_discarded()) return all_failed("the response is not valid JSON");
  if (root.is_null()) return {};
  if (!root.is_object()) return all_failed("the response is not a JSON object");
  if (!root.contains("batchItemFailures") || root.at("batchItemFailures").is_null()) return {};
  const json& failures = root.at("batchItemFailures");
  if (!failures.is_array()) return all_failed("batchItemFailures is not an array");
  std::vector<std::string> ids;
  for (const json& f : failures) {
    if (!f.is_object() || !f.contains("itemIdentifier") || f.at("itemIdentifier").is_null())
      return all_failed("an itemIdentifier is missing or null");
    if (!f.at("itemIdentifier").is_string()) return all_failed("an itemIdentifier is not a string");
    ids.push_back(f.at("itemIdentifier").get<std::string>());
  }
  return judge(ids, batch_ids);
}

BatchOutcome interpret_batch_response(const SqsBatchResponse& response, const std::vector<std::string>& batch_ids) {
  std::vector<std::string> ids;
  ids.reserve(response.batch_item_failures.size());
  for (const auto& f : response.batch_item_failures) ids.push_back(f.item_identifier);
  return judge(ids, batch_ids);
}

}  // namespace lambda
