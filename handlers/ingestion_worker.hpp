// The ingestion lab's worker (../shared/reference/systems/ingestion-lab.md): for each SQS record, validate the event's
// schema, skip it if a conditional write with TTL shows it was already processed (idempotency in DynamoDB), call the
// downstream service through a circuit breaker, record it, publish a "processed" event, and report failures in
// batchItemFailures by category: VALIDATION, TRANSIENT, PERMANENT, TIMEOUT, PROCESSING. The lab's failure modes
// (SSM /ingestion/failure_mode) are the "failure_mode" config: none, poison_payload, slow_downstream,
// random_fail_p30, duplicate_submit.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "handlers/dependencies.hpp"
#include "handlers/handler.hpp"

namespace handlers {

enum class ErrorCategory : std::uint8_t { Validation, Transient, Permanent, Timeout, Processing };
const char* category_name(ErrorCategory c);

// Closed: calls pass; after `failure_threshold` consecutive failures it opens and fails calls at once for
// `open_ms`; then half-open: one trial call closes it on success or reopens it.
class CircuitBreaker {
 public:
  CircuitBreaker(std::uint32_t failure_threshold, std::int64_t open_ms)
      : threshold_(failure_threshold), open_ms_(open_ms) {}
  enum class State : std::uint8_t { Closed, Open, HalfOpen };
  // Whether a call may go through now (moves Open to HalfOpen when the cool-down has passed).
  bool allow(std::int64_t now_ms);
  void record(bool success, std::int64_t now_ms);
  [[nodiscard]] State state() const { return state_; }
  [[nodiscard]] std::uint64_t opened() const { return opened_; }

 private:
  std::uint32_t threshold_;
  std::int64_t open_ms_;
  State state_ = State::Closed;
  std::uint32_t failures_ = 0;
  std::int64_t open_until_ms_ = 0;
  std::uint64_t opened_ = 0;
};

class IngestionWorker final : public lambda::SqsHandler {
 public:
  // config: {"failure_mode": "none" (default) | "poison_payload" | "slow_downstream" | "random_fail_p30" |
  //          "duplicate_submit", "ttl_days": 7, "breaker_failures": 5, "breaker_open_s": 30,
  //          "slow_downstream_ms": 35000}. Needs the table, the downstream and the clock; the publisher and the
  // logger are optional. Throws std::invalid_argument for a bad config or a missing dependency.
  IngestionWorker(const nlohmann::json& config, const lambda::Dependencies& deps);

  lambda::SqsBatchResponse handle(const lambda::SqsEvent& event, const lambda::Context& context) override;

  // This environment's counts.
  [[nodiscard]] std::uint64_t processed() const { return processed_; }
  [[nodiscard]] std::uint64_t idempotency_hits() const { return idempotency_hits_; }
  [[nodiscard]] std::uint64_t failures(ErrorCategory c) const;
  [[nodiscard]] const CircuitBreaker& breaker() const { return breaker_; }

 private:
  enum class Mode : std::uint8_t { None, PoisonPayload, SlowDownstream, RandomFailP30, DuplicateSubmit };
  // Processes one record; nullopt on success (or an idempotent skip).
  std::optional<ErrorCategory> process(const lambda::SqsMessage& record);
  void fail(ErrorCategory c, const lambda::SqsMessage& record, const std::string& why);

  lambda::Dependencies deps_;
  Mode mode_ = Mode::None;
  std::int64_t ttl_s_ = 7 * 86400;
  std::int64_t slow_ms_ = 35000;
  CircuitBreaker breaker_;
  std::uint64_t processed_ = 0;
  std::uint64_t idempotency_hits_ = 0;
  std::map<ErrorCategory, std::uint64_t> failures_;
};

}  // namespace handlers
