// Direct invocations of a Lambda function by a non-SQS caller (aws-semantics.md section 6):
// - synchronous (API Gateway-style RequestResponse): a throttle is a 429 to the caller, whose retry policy may try
//   again with backoff; a function error goes back to the caller; Lambda does not retry;
// - asynchronous (SNS, EventBridge, S3 notifications): Lambda queues the event internally, retries throttles with
//   backoff until the maximum event age, retries function errors up to maximum_retry_attempts (1 min, then 2 min
//   apart), then sends the event to the on-failure destination (an SQS queue here) or drops it.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "model/arrival_process.hpp"
#include "model/invocation.hpp"
#include "model/lambda_function.hpp"
#include "model/producer.hpp"
#include "model/spec.hpp"
#include "model/sqs_queue.hpp"
#include "sim/engine.hpp"
#include "sim/log_histogram.hpp"
#include "sim/slot_pool.hpp"

namespace model {

struct InvokerCounters {
  std::uint64_t requests = 0;  // arrivals (events or requests)
  std::uint64_t succeeded = 0;
  std::uint64_t function_errors = 0;    // sync: returned to the caller; async: attempts that failed
  std::uint64_t throttled = 0;          // 429s seen (sync: by the caller; async: by Lambda's internal poller)
  std::uint64_t caller_retries = 0;     // sync
  std::uint64_t failed = 0;             // sync: gave up (errors or retries exhausted)
  std::uint64_t async_retries = 0;      // async: retries after a function error
  std::uint64_t expired = 0;            // async: past the maximum event age
  std::uint64_t to_destination = 0;     // async: sent to the on-failure destination
  std::uint64_t destination_sends = 0;  // SendMessage calls to the destination (messages entering SQS accounting)
  std::uint64_t dropped = 0;            // async: failed with no destination (or the destination refused it)
  [[nodiscard]] std::uint64_t in_progress() const { return requests - succeeded - failed - to_destination - dropped; }
};

// A replayed log's cold flags against the simulated ones, request by request (ArrivalSpec::trace_cold).
struct ColdFlagComparison {
  std::uint64_t both_cold = 0;
  std::uint64_t both_warm = 0;
  std::uint64_t predicted_cold_measured_warm = 0;
  std::uint64_t predicted_warm_measured_cold = 0;
  [[nodiscard]] std::uint64_t compared() const {
    return both_cold + both_warm + predicted_cold_measured_warm + predicted_warm_measured_cold;
  }
  [[nodiscard]] std::uint64_t measured_cold() const { return both_cold + predicted_warm_measured_cold; }
  [[nodiscard]] std::uint64_t predicted_cold() const { return both_cold + predicted_cold_measured_warm; }
};

class DirectInvoker final : public sim::EventSink, public InvocationCaller {
 public:
  struct Streams {
    sim::RngEngine arrivals;
    sim::RngEngine trace;
    sim::RngEngine outcomes;
    sim::RngEngine backoff;
  };
  DirectInvoker(sim::Engine& engine, InvokerSpec spec, LambdaFunction& function, SqsQueue* destination,
                MessageIdSource& ids, Streams streams);

  void start();
  void on_event(const sim::Event& e) override;
  void on_invocation_complete(std::uint64_t token, const InvocationResult& result) override;

  [[nodiscard]] const InvokerSpec& spec() const { return spec_; }
  [[nodiscard]] const InvokerCounters& counters() const { return counters_; }
  [[nodiscard]] bool finished() const { return arrivals_done_ && counters_.in_progress() == 0; }
  // Called once, when the arrival process ends (finished() can hold only from then on).
  void on_arrivals_done(std::function<void()> hook) { arrivals_.on_end(std::move(hook)); }
  // Where a Poisson arrival process draws its gaps ahead (nullptr: here). Only speed depends on it.
  void set_draw_helper(sim::HelperThread* helper) { arrivals_.set_draw_helper(helper); }
  // Sync: arrival to response; async: arrival to the successful invocation's end.
  [[nodiscard]] const sim::LogHistogram& latency() const { return latency_; }
  // Per-request replay: the simulated cold flags against the log's (empty unless the trace has cold flags).
  [[nodiscard]] const ColdFlagComparison& cold_flags() const { return cold_flags_; }
  [[nodiscard]] bool replays_cold_flags() const { return !spec_.arrival.trace_cold.empty(); }

 private:
  enum Kind : std::uint32_t { kArrival = 0, kAttempt = 1 };
  struct Request {
    sim::Time arrived;
    std::uint32_t throttles = 0;  // consecutive 429s on this request
    std::uint32_t errors = 0;     // failed attempts (function errors)
    bool live = false;
    std::uint64_t index = 0;  // arrival order: the row of a replayed log
    bool compared = false;    // its first invocation's cold flag has been compared with the log's
  };
  void attempt(std::uint32_t r);
  void finish(std::uint32_t r);
  void fail_async(std::uint32_t r, const char* condition);
  sim::Time jitter_backoff(sim::Time base, std::uint32_t n, sim::Time cap);

  sim::Engine& engine_;
  sim::TargetId self_;
  InvokerSpec spec_;
  LambdaFunction& function_;
  SqsQueue* destination_;
  MessageIdSource& ids_;
  Streams streams_;
  ArrivalProcess arrivals_;
  bool arrivals_done_ = false;
  std::vector<Request> requests_;
  sim::FreeSlots<std::uint32_t> free_;
  InvokerCounters counters_;
  sim::LogHistogram latency_;
  ColdFlagComparison cold_flags_;
};

}  // namespace model
