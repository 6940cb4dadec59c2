// A Lambda event source mapping for an SQS queue: pollers long-poll the queue, gather a batch (batch size, batching
// window, 6 MB payload), invoke the function, then delete what succeeded. Failed messages are left to the queue's
// visibility timeout and redrive policy, as Lambda does.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/invocation.hpp"
#include "model/lambda_function.hpp"
#include "model/spec.hpp"
#include "model/sqs_queue.hpp"
#include "sim/engine.hpp"

namespace model {

struct EsmCounters {
  std::uint64_t polled = 0;           // PolledEventCount
  std::uint64_t invoked = 0;          // InvokedEventCount: records handed to successful Invoke calls
  std::uint64_t failed_invoke = 0;    // FailedInvokeEventCount: records of batches that failed
  std::uint64_t deleted = 0;          // DeletedEventCount
  std::uint64_t released = 0;         // records dropped from a throttled batch once their visibility ran out
  std::uint64_t invocations = 0;      // batches invoked
  std::uint64_t throttled_invokes = 0;
  std::uint64_t partial_failures = 0; // records reported in batchItemFailures
};

enum class PollerState : std::uint8_t { Polling, Waiting, Invoking, BackingOff };

class EventSourceMapping final : public sim::EventSink, public InvocationCaller, public lambda::SqsClient {
 public:
  EventSourceMapping(sim::Engine& engine, EventSourceMappingSpec spec, SqsQueue& queue, LambdaFunction& function);

  // Starts the pollers (at the current time).
  void start();

  void on_event(const sim::Event& e) override;
  void on_invocation_complete(std::uint64_t token, const InvocationResult& result) override;
  // lambda::SqsClient, for handlers: receipt handles are "<slot>:<generation>" on this mapping's queue.
  bool change_message_visibility(const std::string& receipt_handle, std::int32_t visibility_timeout_s) override;

  [[nodiscard]] const EventSourceMappingSpec& spec() const { return spec_; }
  [[nodiscard]] const EsmCounters& counters() const { return counters_; }
  [[nodiscard]] std::size_t poller_count() const { return pollers_.size(); }
  [[nodiscard]] PollerState poller_state(std::size_t i) const { return pollers_[i].state; }
  // Records held by pollers (gathered or being invoked): they are in flight in the queue.
  [[nodiscard]] std::uint64_t records_held() const;

 private:
  enum Kind : std::uint32_t { kWake = 1, kPollTimeout = 2, kWindowEnd = 3, kRetryInvoke = 4 };
  struct Poller {
    PollerState state = PollerState::Polling;
    std::uint32_t generation = 0;  // bumped when a wait ends, so its other timers go stale
    std::vector<ReceiptHandle> batch;
    std::vector<std::string> message_ids;  // of the batch being invoked, for the partial batch response
    std::uint64_t batch_bytes = 0;
    sim::Time window_ends = sim::Time::max();
    sim::Time backoff;
  };

  // continuing: this receive continues a long poll that is already counted as a request.
  void poll(std::uint32_t p, bool continuing = false);
  void wait_for_messages(std::uint32_t p);
  void invoke(std::uint32_t p);
  lambda::SqsEvent build_event(const Poller& poller) const;
  void finish_batch(std::uint32_t p);

  sim::Engine& engine_;
  sim::TargetId self_;
  EventSourceMappingSpec spec_;
  SqsQueue& queue_;
  LambdaFunction& function_;
  std::vector<Poller> pollers_;
  std::vector<ReceiptHandle> scratch_;
  EsmCounters counters_;
};

// The message id a handler sees: a deterministic UUID-shaped string made from the simulation's message id.
std::string message_id_string(std::uint64_t id);

}  // namespace model
