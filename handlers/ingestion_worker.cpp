#include "handlers/ingestion_worker.hpp"

#include <optional>
#include <stdexcept>

#include "handlers/fnv1a.hpp"

namespace handlers {

const char* category_name(ErrorCategory c) {
  switch (c) {
    case ErrorCategory::Validation:
      return "VALIDATION";
    case ErrorCategory::Transient:
      return "TRANSIENT";
    case ErrorCategory::Permanent:
      return "PERMANENT";
    case ErrorCategory::Timeout:
      return "TIMEOUT";
    case ErrorCategory::Processing:
      return "PROCESSING";
  }
  return "";
}

bool CircuitBreaker::allow(std::int64_t now_ms) {
  if (state_ == State::Open && now_ms >= open_until_ms_) state_ = State::HalfOpen;
  return state_ != State::Open;
}

void CircuitBreaker::record(bool success, std::int64_t now_ms) {
  if (success) {
    state_ = State::Closed;
    failures_ = 0;
    return;
  }
  ++failures_;
  if (state_ == State::HalfOpen || failures_ >= threshold_) {
    state_ = State::Open;
    open_until_ms_ = now_ms + open_ms_;
    failures_ = 0;
    ++opened_;
  }
}

namespace {

std::int64_t config_int(const nlohmann::json& c, const char* key, std::int64_t fallback, std::int64_t lo,
                        std::int64_t hi) {
  if (!c.is_object() || !c.contains(key)) return fallback;
  const auto& v = c.at(key);
  if (!v.is_number_integer() || v.get<std::int64_t>() < lo || v.get<std::int64_t>() > hi)
    throw std::invalid_argument("ingestion-worker config." + std::string(key) + ": expected an integer from " +
                                std::to_string(lo) + " to " + std::to_string(hi) + ", got " + v.dump());
  return v.get<std::int64_t>();
}

}  // namespace

IngestionWorker::IngestionWorker(const nlohmann::json& config, const lambda::Dependencies& deps)
    : deps_(deps),
      breaker_(static_cast<std::uint32_t>(config_int(config, "breaker_failures", 5, 1, 1000)),
               config_int(config, "breaker_open_s", 30, 1, 3600) * 1000) {
  if (!config.is_null() && !config.is_object())
    throw std::invalid_argument("ingestion-worker config: expected an object, got " + config.dump());
  if (config.is_object()) {
    for (const auto& [key, value] : config.items()) {
      if (key != "failure_mode" && key != "ttl_days" && key != "breaker_failures" && key != "breaker_open_s" &&
          key != "slow_downstream_ms")
        throw std::invalid_argument("ingestion-worker config: unknown key \"" + key +
                                    "\" (known: failure_mode, ttl_days, breaker_failures, breaker_open_s, "
                                    "slow_downstream_ms)");
    }
    const std::string mode = config.value("failure_mode", std::string("none"));
    mode_ = mode == "none"              ? Mode::None
            : mode == "poison_payload"  ? Mode::PoisonPayload
            : mode == "slow_downstream" ? Mode::SlowDownstream
            : mode == "random_fail_p30" ? Mode::RandomFailP30
            : mode == "duplicate_submit"
                ? Mode::DuplicateSubmit
                : throw std::invalid_argument("ingestion-worker config.failure_mode: got \"" + mode +
                                              "\", expected none, poison_payload, slow_downstream, "
                                              "random_fail_p30 or duplicate_submit");
  }
  ttl_s_ = config_int(config, "ttl_days", 7, 1, 365) * 86400;
  slow_ms_ = config_int(config, "slow_downstream_ms", 35000, 0, 900000);
  if (deps_.table == nullptr || deps_.downstream == nullptr || deps_.clock == nullptr)
    throw std::invalid_argument(
        "ingestion-worker needs a table (idempotency), a downstream and a clock: give the function \"table\" and "
        "\"downstream\"");
}

std::uint64_t IngestionWorker::failures(ErrorCategory c) const {
  const auto it = failures_.find(c);
  return it == failures_.end() ? 0 : it->second;
}

void IngestionWorker::fail(ErrorCategory c, const lambda::SqsMessage& record, const std::string& why) {
  ++failures_[c];
  if (deps_.logger != nullptr)
    deps_.logger->log("ERROR",
                      std::string("category=") + category_name(c) + " messageId=" + record.message_id + " " + why);
}

std::optional<ErrorCategory> IngestionWorker::process(const lambda::SqsMessage& record) {
  // Schema: an object with a non-empty string orderId and a number amount >= 0 (the lab's ingest contract).
  const nlohmann::json event = nlohmann::json::parse(record.body, nullptr, false);
  const bool valid = !event.is_discarded() && event.is_object() && event.contains("orderId") &&
                     event["orderId"].is_string() && !event["orderId"].get_ref<const std::string&>().empty() &&
                     event.contains("amount") && event["amount"].is_number() && event["amount"].get<double>() >= 0;
  if (!valid || mode_ == Mode::PoisonPayload) {
    fail(ErrorCategory::Validation, record, valid ? "failure_mode=poison_payload" : "schema validation failed");
    return ErrorCategory::Validation;
  }
  const std::string key = "event#" + event["orderId"].get<std::string>();
  // Idempotency: a record of this event, written only after it was processed, means a duplicate delivery.
  const auto seen = deps_.table->get(key);
  if (seen.status != lambda::CallStatus::Ok) {
    fail(ErrorCategory::Transient, record, "idempotency read throttled or failed");
    return ErrorCategory::Transient;
  }
  if (seen.value) {
    ++idempotency_hits_;
    return std::nullopt;
  }
  // random_fail_p30: 30 % of attempts fail, decided by a hash of the message and its receive count, so each retry
  // draws again and the outcome is the same in every run.
  const auto rc = record.attributes.find("ApproximateReceiveCount");
  const std::string attempt = record.message_id + "#" + (rc == record.attributes.end() ? "1" : rc->second);
  if (mode_ == Mode::RandomFailP30 && fnv1a64(attempt) % 100 < 30) {
    fail(ErrorCategory::Processing, record, "failure_mode=random_fail_p30");
    return ErrorCategory::Processing;
  }
  // The downstream, behind the circuit breaker: while it is open, fail fast instead of waiting on a sick service.
  if (!breaker_.allow(deps_.clock->now_ms())) {
    fail(ErrorCategory::Transient, record, "circuit breaker open");
    return ErrorCategory::Transient;
  }
  if (mode_ == Mode::SlowDownstream) deps_.clock->sleep_ms(slow_ms_);  // the lab's timeout simulation
  const auto answer = deps_.downstream->call(record.body);
  breaker_.record(answer.status == lambda::CallStatus::Ok, deps_.clock->now_ms());
  if (answer.status == lambda::CallStatus::Timeout) {
    fail(ErrorCategory::Timeout, record, "downstream timed out");
    return ErrorCategory::Timeout;
  }
  if (answer.status != lambda::CallStatus::Ok) {
    fail(ErrorCategory::Transient, record, "downstream failed or throttled");
    return ErrorCategory::Transient;
  }
  // Conditional write with TTL: a concurrent duplicate that got here first makes the condition fail, which is fine.
  const auto put = deps_.table->put_if_absent(key, record.message_id, ttl_s_);
  if (put.status != lambda::CallStatus::Ok) {
    fail(ErrorCategory::Transient, record, "idempotency write throttled or failed");
    return ErrorCategory::Transient;
  }
  if (!put.written) {
    ++idempotency_hits_;
    return std::nullopt;
  }
  ++processed_;
  if (deps_.publisher != nullptr)
    deps_.publisher->publish(R"({"type":"processed","orderId":)" + event["orderId"].dump() + "}");
  return std::nullopt;
}

lambda::SqsBatchResponse IngestionWorker::handle(const lambda::SqsEvent& event, const lambda::Context&) {
  lambda::SqsBatchResponse response;
  for (const lambda::SqsMessage& record : event.records) {
    if (process(record)) response.batch_item_failures.push_back({record.message_id});
    // duplicate_submit: the same event again, as a client retry would send it; idempotency must absorb it.
    if (mode_ == Mode::DuplicateSubmit) (void)process(record);
  }
  return response;
}

}  // namespace handlers
