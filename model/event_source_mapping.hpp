// A Lambda event source mapping for an SQS queue: pollers long-poll the queue, gather a batch (batch size, batching
// window, 6 MB payload), invoke the function, then delete what succeeded. Failed messages are left to the queue's
// visibility timeout and redrive policy, as Lambda does.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "model/event_filter.hpp"
#include "model/invocation.hpp"
#include "model/lambda_function.hpp"
#include "model/publisher.hpp"
#include "model/spec.hpp"
#include "model/sqs_queue.hpp"
#include "model/sqs_record.hpp"
#include "sim/engine.hpp"
#include "sim/lazy_timer.hpp"

namespace model {

struct EsmCounters {
  std::uint64_t polled = 0;         // PolledEventCount
  std::uint64_t invoked = 0;        // InvokedEventCount: records handed to successful Invoke calls
  std::uint64_t failed_invoke = 0;  // FailedInvokeEventCount: records of batches that failed
  std::uint64_t deleted = 0;        // DeletedEventCount
  std::uint64_t released = 0;       // records dropped from a throttled batch once their visibility ran out
  std::uint64_t invocations = 0;    // batches invoked
  std::uint64_t throttled_invokes = 0;
  std::uint64_t partial_failures = 0;  // records reported in batchItemFailures
  std::uint64_t filtered_out = 0;      // FilteredOutEventCount: deleted because no filter matched
  std::uint64_t error_backoffs = 0;    // concurrency reductions after function errors
  std::uint64_t throttle_backoffs = 0;
  std::uint64_t poller_seconds = 0;  // provisioned mode: poller-seconds (Event Poller Units are billed per hour)
};

enum class PollerState : std::uint8_t { Polling, Waiting, Invoking, BackingOff, Retired };

class EventSourceMapping;

// Observes what becomes of batches (the GUI's event log and batch flow). Called synchronously, with the batch's
// receipts still current (the queue's messages can be read); keep it cheap. Every method defaults to nothing.
class MappingObserver {
 public:
  virtual ~MappingObserver() = default;
  // The function refused the batch (429): the mapping backs off and retries until the visibility timeout passes.
  virtual void on_throttled(const EventSourceMapping& /*m*/, const std::vector<ReceiptHandle>& /*batch*/) {}
  // The invocation ended: failed[i] records stay for their visibility timeout, the others are deleted next.
  virtual void on_batch_done(const EventSourceMapping& /*m*/, const std::vector<ReceiptHandle>& /*batch*/,
                             const std::vector<bool>& /*failed*/, bool /*function_error*/) {}
};

class EventSourceMapping final : public sim::EventSink, public InvocationCaller, public lambda::SqsClient {
 public:
  // `latency`: the stream the service latencies are drawn from (the queue's ReceiveMessage and DeleteMessageBatch,
  // the mapping's invoke overhead).
  EventSourceMapping(sim::Engine& engine, EventSourceMappingSpec spec, SqsQueue& queue, LambdaFunction& function,
                     sim::RngEngine latency);

  // Starts the pollers and the scaling controller (at the current time).
  void start();
  // The number of batches the mapping may work on at once now (Lambda's ESM concurrency), and its bounds.
  [[nodiscard]] std::uint32_t target_concurrency() const { return target_; }
  [[nodiscard]] std::uint32_t active_pollers() const { return active_; }
  [[nodiscard]] std::uint32_t peak_concurrency() const { return peak_; }
  [[nodiscard]] std::uint32_t concurrency_cap() const { return cap_; }
  // For mid-run changes (GameDays, the GUI): the next polls use the new values.
  void set_batch_size(std::uint32_t n) { spec_.batch_size = n; }
  // Lambda UpdateEventSourceMapping MaximumBatchingWindowInSeconds: batches opened from now on wait this long.
  void set_maximum_batching_window(sim::Time t) { spec_.maximum_batching_window = t; }
  void set_maximum_concurrency(std::optional<std::uint32_t> m);

  void on_event(const sim::Event& e) override;
  void on_invocation_complete(std::uint64_t token, const InvocationResult& result) override;
  // lambda::SqsClient, for handlers: receipt handles are "<slot>:<generation>" on this mapping's queue.
  bool change_message_visibility(const std::string& receipt_handle, std::int32_t visibility_timeout_s) override;

  [[nodiscard]] const EventSourceMappingSpec& spec() const { return spec_; }
  // The function's downstream stage: each record processed successfully is published (nullptr: none).
  void set_publisher(Publisher* p) { publisher_ = p; }
  [[nodiscard]] const EsmCounters& counters() const { return counters_; }
  [[nodiscard]] std::size_t poller_count() const { return pollers_.size(); }
  [[nodiscard]] PollerState poller_state(std::size_t i) const { return poller(i).state; }
  // Records poller i holds (gathering a batch or being invoked).
  [[nodiscard]] std::size_t poller_batch_size(std::size_t i) const { return poller(i).batch.size(); }
  // The receipts of those records (the dashboard opens a message's story from a poller).
  [[nodiscard]] const std::vector<ReceiptHandle>& poller_batch(std::size_t i) const { return poller(i).batch; }
  [[nodiscard]] const SqsQueue& queue() const { return queue_; }
  [[nodiscard]] const LambdaFunction& function() const { return function_; }
  // Any number of observers (the dashboard's event log, traces, tests), called in the order they were added.
  void add_observer(MappingObserver* o) { observers_.push_back(o); }
  // Records held by pollers (gathered or being invoked): they are in flight in the queue.
  [[nodiscard]] std::uint64_t records_held() const;

 private:
  enum Kind : std::uint32_t {
    kWake = 1,
    kPollTimeout = 2,
    kWindowEnd = 3,
    kRetryInvoke = 4,
    kScale = 5,
    kRetryPoll = 6,
    kDispatch = 7,  // the batch reaches the function: ReceiveMessage returned and the Invoke request arrived
    kDeleted = 8    // DeleteMessageBatch took effect
  };
  // What an invocation's batch is built into: the event the function reads (its partial batch response names the
  // records' MessageIds), and everything a smaller batch cut off, kept with its storage. A poller takes one from a LIFO
  // pool when it dispatches and gives it back when the batch is finished, so the records rewritten next are the ones
  // written last (warm in the cache), however many pollers are waiting for messages.
  struct BatchBuffers {
    lambda::SqsEvent event;
    std::vector<lambda::SqsMessage> spare_records;
    // One per record object, by position: resize_reusing brings a record cut off back to the position it left.
    std::vector<SqsRecordCache> record_caches;
  };
  struct Poller {
    PollerState state = PollerState::Polling;
    std::uint32_t generation = 0;  // bumped when a wait ends, so its other timers go stale
    std::vector<ReceiptHandle> batch;
    std::vector<ReceiptHandle> carry;       // received past the 6 MB payload cap: they open the next batch
    std::unique_ptr<BatchBuffers> buffers;  // from dispatch to the end of the batch (the function reads the event)
    std::vector<bool> failed;  // of the batch whose invocation ended: which records stay for the visibility timeout
    std::uint64_t batch_bytes = 0;
    sim::Time window_ends = sim::Time::max();
    sim::Time backoff;
    // The long poll's end, armed while the poller waits. Lazy: most long polls end early with a message, and a timer
    // per poll would be a dead event per message.
    sim::LazyTimer poll_timer;
    // The batching window's end, armed while a batch waits for more records.
    sim::LazyTimer window_timer;
    bool fresh = false;                   // the batch came from a receive whose return has not been waited for yet
    std::vector<ReceiptHandle> deleting;  // what succeeded, while DeleteMessageBatch is under way
  };

  // continuing: this receive continues a long poll that is already counted as a request.
  void poll(std::uint32_t p, bool continuing = false);
  void wait_for_messages(std::uint32_t p);
  // The batch goes: after the service latencies (ReceiveMessage's return for a fresh batch, then the Invoke
  // request's overhead), dispatch() hands it to the function.
  void invoke(std::uint32_t p);
  void dispatch(std::uint32_t p);
  void delete_succeeded(std::uint32_t p);
  void build_event(Poller& poller) const;
  std::vector<std::unique_ptr<BatchBuffers>> free_buffers_;  // LIFO
  // Lambda applies FilterCriteria before a record joins a batch; false: the record matched no filter.
  bool passes_filters(ReceiptHandle h);
  void finish_batch(std::uint32_t p);
  void scale();
  void activate_up_to_target();
  bool retire_if_surplus(std::uint32_t p);
  void back_off(sim::Time freeze);
  [[nodiscard]] std::uint32_t low_water() const;

  sim::Engine& engine_;
  sim::TargetId self_;
  EventSourceMappingSpec spec_;
  SqsQueue& queue_;
  std::vector<MappingObserver*> observers_;
  LambdaFunction& function_;
  std::string arn_;  // the queue's ARN, as records carry it
  // Each poller on the heap: pollers are added while others are mid-invocation, and the function holds a pointer to
  // their events (a vector of pointers indexes in O(1), where a deque's indexing was a call per event).
  std::vector<std::unique_ptr<Poller>> pollers_;
  [[nodiscard]] Poller& poller(std::size_t p) { return *pollers_[p]; }
  [[nodiscard]] const Poller& poller(std::size_t p) const { return *pollers_[p]; }
  std::vector<ReceiptHandle> scratch_;
  std::vector<ReceiptHandle> filtered_;  // of one receive: deleted together
  FilterCriteria filters_;
  Publisher* publisher_ = nullptr;
  lambda::SqsMessage filter_record_;  // the record a filter sees, rebuilt per message
  SqsRecordCache filter_record_cache_;
  EsmCounters counters_;
  std::uint32_t target_ = 0;  // concurrent batches allowed now
  std::uint32_t active_ = 0;  // pollers not retired
  std::uint32_t peak_ = 0;
  std::uint32_t cap_ = 0;  // min(ceiling, MaximumConcurrency) or the provisioned maximum
  std::uint32_t rate_per_minute_ = 0;
  std::uint32_t scale_accumulator_ = 0;  // scale-up credit in 1/60ths of a poller
  sim::Time frozen_until_{0};            // no scale-up until then (after errors or throttles)
  std::uint64_t polled_this_minute_ = 0;
  std::uint32_t ticks_ = 0;
  std::uint32_t idle_minutes_ = 0;
  sim::RngEngine latency_;
};

}  // namespace model
