#include "handlers/s3_object_processor.hpp"

#include <stdexcept>
#include <string>

namespace handlers {

namespace {

std::string content_type(const std::string& key) {
  const auto dot = key.rfind('.');
  const std::string ext = dot == std::string::npos ? "" : key.substr(dot + 1);
  if (ext == "csv") return "text/csv";
  if (ext == "json") return "application/json";
  if (ext == "txt") return "text/plain";
  if (ext == "pdf") return "application/pdf";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  return "application/octet-stream";
}

}  // namespace

S3ObjectProcessor::S3ObjectProcessor(const nlohmann::json& config, const lambda::Dependencies& deps) : deps_(deps) {
  if (!config.is_null() && !(config.is_object() && config.empty()))
    throw std::invalid_argument("s3-object-processor config: expected null or {}, got " + config.dump());
  if (deps_.table == nullptr)
    throw std::invalid_argument("s3-object-processor needs a table (the metadata table): give the function \"table\"");
}

lambda::SqsBatchResponse S3ObjectProcessor::handle(const lambda::SqsEvent& event, const lambda::Context&) {
  lambda::SqsBatchResponse response;
  for (const lambda::SqsMessage& record : event.records) {
    const nlohmann::json n = nlohmann::json::parse(record.body, nullptr, false);
    if (n.is_object() && n.value("Event", "") == "s3:TestEvent") {
      ++test_events_;  // sent by S3 when the notification is configured: nothing to store
      continue;
    }
    if (!n.is_object() || !n.contains("Records") || !n["Records"].is_array()) {
      if (deps_.logger != nullptr) deps_.logger->log("ERROR", "not an S3 event notification: " + record.message_id);
      response.batch_item_failures.push_back({record.message_id});
      continue;
    }
    bool failed = false;
    for (const auto& r : n["Records"]) {
      const std::string name = r.value("eventName", "");
      if (!name.starts_with("ObjectCreated:")) continue;
      const auto& s3 = r.value("s3", nlohmann::json::object());
      const std::string bucket = s3.value("bucket", nlohmann::json::object()).value("name", "");
      const auto& object = s3.value("object", nlohmann::json::object());
      const std::string key = object.value("key", "");
      if (bucket.empty() || key.empty()) {
        failed = true;
        continue;
      }
      const nlohmann::json item = {{"bucket", bucket},
                                   {"s3_key", key},
                                   {"file_size", object.value("size", 0)},
                                   {"content_type", content_type(key)},
                                   {"message_id", record.message_id}};
      const auto put = deps_.table->put_if_absent(bucket + "/" + key + "#" + object.value("eTag", ""), item.dump(), 0);
      if (put.status != lambda::CallStatus::Ok) {
        failed = true;  // throttled or failed: retried with the record
      } else if (put.written) {
        ++written_;
      } else {
        ++duplicates_;  // S3 delivered the notification twice
      }
    }
    if (failed) response.batch_item_failures.push_back({record.message_id});
  }
  return response;
}

LibrarySyncImporter::LibrarySyncImporter(const nlohmann::json& config, const lambda::Dependencies& deps) : deps_(deps) {
  if (!config.is_null() && !config.is_object())
    throw std::invalid_argument("library-sync-importer config: expected an object, got " + config.dump());
  if (config.is_object()) {
    for (const auto& [key, value] : config.items()) {
      if (key != "resync_window_s")
        throw std::invalid_argument("library-sync-importer config: unknown key \"" + key +
                                    "\" (known: resync_window_s)");
      if (!value.is_number_integer() || value.get<std::int64_t>() < 1)
        throw std::invalid_argument("library-sync-importer config.resync_window_s: expected a positive integer");
      resync_window_s_ = value.get<std::int64_t>();
    }
  }
  if (deps_.downstream == nullptr)
    throw std::invalid_argument(
        "library-sync-importer needs a downstream (the library API): give the function \"downstream\"");
}

lambda::SqsBatchResponse LibrarySyncImporter::handle(const lambda::SqsEvent& event, const lambda::Context&) {
  lambda::SqsBatchResponse response;
  for (const lambda::SqsMessage& record : event.records) {
    const nlohmann::json req = nlohmann::json::parse(record.body, nullptr, false);
    const std::string user = req.is_object() && req.contains("userId") && req["userId"].is_string()
                                 ? req["userId"].get<std::string>()
                                 : record.message_id;
    if (deps_.table != nullptr) {
      const auto done = deps_.table->get("sync#" + user);
      if (done.status == lambda::CallStatus::Ok && done.value) continue;  // synced within the window: skip
    }
    const auto answer = deps_.downstream->call(record.body);
    if (answer.status != lambda::CallStatus::Ok) {
      if (answer.status == lambda::CallStatus::Throttled) ++rate_limited_;
      if (deps_.logger != nullptr) deps_.logger->log("WARN", "library API call failed for " + user + "; retried later");
      response.batch_item_failures.push_back({record.message_id});
      continue;
    }
    ++synced_;
    if (deps_.table != nullptr) (void)deps_.table->put_if_absent("sync#" + user, record.message_id, resync_window_s_);
  }
  return response;
}

}  // namespace handlers
