// An SQS queue, standard or FIFO: delay, visibility timeout, receive counts, redrive to a dead-letter queue,
// retention expiry, in-flight limit, at-least-once duplicates (standard), message groups and deduplication (FIFO),
// purge, and long-poll waiters. Transitions are engine events; timers are cancelled lazily by message generation.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/aws_ranges.hpp"
#include "model/message.hpp"
#include "model/spec.hpp"
#include "sim/engine.hpp"
#include "sim/lazy_timer.hpp"
#include "sim/log_histogram.hpp"
#include "sim/mostly_sorted_queue.hpp"
#include "sim/ring_queue.hpp"
#include "sim/rng.hpp"
#include "sim/slot_pool.hpp"

namespace model {

// Someone long-polling the queue (an event source mapping's poller). The queue wakes one waiter per message (or FIFO
// group) that becomes available, by scheduling an event to the waiter's own target: no re-entrant calls.
struct QueueWaiter {
  sim::TargetId target = 0;
  std::uint32_t kind = 0;
  std::uint64_t arg = 0;
};

// Observes a queue's message transitions (tests, traces, the GUI's event log). Called synchronously; keep it cheap.
// Sees every change in a message's life in this queue (traces, the GUI, tests). Called synchronously, with the message
// as it is at that moment; keep it cheap. Every method defaults to nothing.
class QueueObserver {
 public:
  virtual ~QueueObserver() = default;
  virtual void on_stored(const Message& /*m*/) {}  // sent, moved in from a source queue, or redriven in
  virtual void on_send_refused(std::uint64_t /*id*/, const char* /*reason*/) {}
  virtual void on_received(const Message& /*m*/, bool /*duplicate*/) {}
  virtual void on_visible_again(const Message& /*m*/) {}  // the visibility timeout ended without a delete
  virtual void on_deleted(const Message& /*m*/) {}
  virtual void on_filtered(const Message& /*m*/) {}  // deleted by an event filter that did not match
  virtual void on_moved_to_dlq(const Message& /*m*/) {}
  virtual void on_redriven_out(const Message& /*m*/) {}
  virtual void on_expired(const Message& /*m*/) {}
  virtual void on_purged(const Message& /*m*/) {}
};

struct QueueCounters {
  std::uint64_t sent = 0;                // NumberOfMessagesSent (stored by SendMessage)
  std::uint64_t initial_backlog = 0;     // stored at time 0 as the scenario's starting backlog (not sent in the run)
  std::uint64_t rejected_too_large = 0;  // SendMessage refused: larger than MaximumMessageSize
  std::uint64_t deduplicated = 0;        // FIFO: accepted but dropped as a duplicate within the 5-minute interval
  std::uint64_t throttled_sends = 0;     // FIFO: over the send throughput limit (ThrottlingException)
  std::uint64_t denied_sends = 0;        // SendMessage refused by a deny-all queue policy (AccessDenied)
  std::uint64_t denied_requests = 0;     // ReceiveMessage, DeleteMessage, ChangeMessageVisibility refused the same way
  std::uint64_t moved_in = 0;            // arrived from a source queue's redrive policy or a DLQ redrive
  std::uint64_t received = 0;            // NumberOfMessagesReceived (duplicates included)
  std::uint64_t duplicates_delivered = 0;
  std::uint64_t deleted = 0;              // NumberOfMessagesDeleted
  std::uint64_t filtered = 0;             // deleted by an ESM because no filter matched (part of deleted)
  std::uint64_t moved_to_dlq = 0;         // moved out to the DLQ by the redrive policy
  std::uint64_t redriven_out = 0;         // moved out of this DLQ by a redrive (to be reprocessed)
  std::uint64_t expired = 0;              // removed at the end of the retention period
  std::uint64_t purged = 0;               // removed by PurgeQueue
  std::uint64_t empty_receives = 0;       // NumberOfEmptyReceives
  std::uint64_t over_limit_receives = 0;  // ReceiveMessage refused: in-flight limit reached (OverLimit)
  std::uint64_t receive_requests = 0;     // ReceiveMessage calls (billed, empty or not)
  std::uint64_t send_requests = 0;
  std::uint64_t delete_requests = 0;
  std::uint64_t sent_bytes = 0;       // SentMessageSize, summed
  std::uint64_t billed_requests = 0;  // request units billed (64 KB chunks; empty receives; each call at least one)
};

struct SendRequest {
  std::uint64_t id = 0;
  std::string body;
  std::uint32_t size_bytes = 0;
  sim::Time delay{-1};           // < 0: the queue's DelaySeconds (FIFO: per-message delay is not supported)
  std::string group_id;          // FIFO: MessageGroupId (required)
  std::string deduplication_id;  // FIFO: MessageDeduplicationId (or content-based)
};

enum class SendResult : std::uint8_t {
  Stored,
  RejectedTooLarge,
  Deduplicated,
  Throttled,
  RejectedMissingFifoIds,
  AccessDenied
};

class SqsQueue final : public sim::EventSink {
 public:
  SqsQueue(sim::Engine& engine, QueueSpec spec, sim::RngEngine duplicates_stream = sim::RngEngine{});

  void set_dead_letter_queue(SqsQueue* dlq) { dlq_ = dlq; }
  void mark_as_dead_letter_queue() { is_dlq_ = true; }
  // A deny-all queue policy (the FIS SQS impairment): SendMessage, ReceiveMessage, DeleteMessage and
  // ChangeMessageVisibility fail with AccessDenied while it is in force. Moves by a redrive policy are SQS-internal and
  // still happen.
  void set_access_denied(bool denied) { access_denied_ = denied; }
  // SQS SetQueueAttributes VisibilityTimeout: applies to messages received from now on; those in flight keep theirs.
  void set_visibility_timeout(sim::Time t) { spec_.visibility_timeout = t; }
  // SQS SetQueueAttributes RedrivePolicy maxReceiveCount (a queue without a redrive policy is left as it is).
  void set_max_receive_count(std::uint32_t n) {
    if (spec_.redrive_policy) spec_.redrive_policy->max_receive_count = n;
  }
  [[nodiscard]] bool access_denied() const { return access_denied_; }
  // The queue's index in its simulation (recorded on messages it sends to its DLQ, for redrive to the source).
  void set_index(std::uint32_t i) { index_ = i; }
  [[nodiscard]] std::uint32_t index() const { return index_; }
  void add_observer(QueueObserver* o) { observers_.push_back(o); }
  [[nodiscard]] sim::Time now() const { return engine_.now(); }

  // The SQS API's request limits: the queue owns the request shape, its callers (Lambda's pollers, redrive functions)
  // choose within it. SQS: ReceiveMessage MaxNumberOfMessages 1-10; DeleteMessageBatch up to 10 entries; a long poll
  // waits at most 20 s (WaitTimeSeconds).
  static constexpr std::size_t kMaxNumberOfMessages = 10;
  static constexpr std::size_t kMaxDeleteBatchEntries = 10;
  static constexpr sim::Time kMaxWaitTime =
      sim::seconds(static_cast<std::int64_t>(ranges::kReceiveMessageWaitTimeS.hi));

  // SQS SendMessage. The queue copies the body into the slot's own storage (kept between messages): a sender that
  // reuses its request allocates nothing per message.
  SendResult send_message(const SendRequest& request);
  // Shorthand for tests and standard queues.
  bool send_message(std::uint64_t id, std::string body, std::uint32_t size_bytes, sim::Time delay = sim::Time{-1});

  // SQS ReceiveMessage: up to `max` (<= 10) available messages, each made invisible for the visibility timeout with its
  // receive count incremented. Messages past maxReceiveCount move to the DLQ instead. FIFO: only from groups with no
  // message in flight, oldest first within a group. `continuing` marks a call that continues a long poll already
  // counted as one request. Returns how many were appended to `out` (0 also when access is denied).
  std::size_t receive_message(std::size_t max, std::vector<ReceiptHandle>& out, bool continuing = false);
  // SQS ReceiveMessage with a wait time: the long poll ended with no message, so the call returns empty
  // (NumberOfEmptyReceives; the call itself was billed when it was made).
  void end_long_poll_empty() { ++counters_.empty_receives; }
  [[nodiscard]] bool over_in_flight_limit() const { return n_in_flight_ >= spec_.in_flight_limit; }

  // Why a message is deleted: processed (end-to-end latency recorded), or filtered out by an event source mapping's
  // FilterCriteria (counted apart; **assumption**, docs/model.md: those deletions are not billed).
  enum class DeleteCause : std::uint8_t { Processed, FilteredOut };
  // SQS DeleteMessage (one billed request). A stale receipt handle (the message was received again since) deletes
  // nothing.
  bool delete_message(ReceiptHandle receipt);
  // SQS DeleteMessageBatch: up to 10 entries, one billed request. Returns how many entries deleted their message.
  std::size_t delete_message_batch(std::span<const ReceiptHandle> entries, DeleteCause cause = DeleteCause::Processed);
  // SQS ChangeMessageVisibility: restarts the visibility clock from now (0 makes the message visible at once).
  bool change_message_visibility(ReceiptHandle receipt, sim::Time timeout);
  // SQS PurgeQueue: deletes every message in the queue.
  std::uint64_t purge();

  // The scenario's starting backlog: a message stored, visible, at the current time as if sent `age` ago and already
  // received `receive_count` times (QueueSpec::initial_backlog). Counted in initial_backlog, not in sent.
  void seed_backlog_message(std::uint64_t id, sim::Time age, std::uint32_t receive_count, std::string body,
                            std::uint32_t size, const std::string& group_id);
  [[nodiscard]] bool is_current(ReceiptHandle receipt) const;
  [[nodiscard]] const Message& message(ReceiptHandle receipt) const { return slots_[receipt.slot]; }

  void add_waiter(const QueueWaiter& w) { waiters_.push_back(w); }
  void remove_waiter(sim::TargetId target, std::uint64_t arg);

  void on_event(const sim::Event& e) override;

  [[nodiscard]] const QueueSpec& spec() const { return spec_; }
  [[nodiscard]] const std::string& name() const { return spec_.name; }
  [[nodiscard]] bool is_fifo() const { return spec_.fifo; }
  [[nodiscard]] bool is_dead_letter_queue() const { return is_dlq_; }
  [[nodiscard]] const QueueCounters& counters() const { return counters_; }
  [[nodiscard]] std::uint64_t visible() const { return n_visible_; }      // ApproximateNumberOfMessagesVisible
  [[nodiscard]] std::uint64_t in_flight() const { return n_in_flight_; }  // ApproximateNumberOfMessagesNotVisible
  [[nodiscard]] std::uint64_t delayed() const { return n_delayed_; }      // ApproximateNumberOfMessagesDelayed
  [[nodiscard]] std::uint64_t stored() const { return n_visible_ + n_in_flight_ + n_delayed_; }
  // FIFO: ApproximateNumberOfGroupsWithInflightMessages.
  [[nodiscard]] std::uint64_t groups_with_in_flight() const { return n_groups_in_flight_; }
  // ApproximateAgeOfOldestMessage, in virtual time (0 when empty).
  [[nodiscard]] sim::Time age_of_oldest_message() const;
  // End-to-end latencies (sent to deleted) of every message deleted so far.
  [[nodiscard]] sim::LogHistogram latency() const { return latency_.run(); }
  // End-to-end latencies of the messages deleted in the current period (per-period percentiles); a metrics recorder
  // reads them, then calls roll_period() once per period.
  [[nodiscard]] const sim::LogHistogram& period_latency() const { return latency_.period(); }
  void roll_period() { latency_.roll_period(); }
  [[nodiscard]] const std::map<std::uint32_t, std::uint64_t>& receives_at_delete() const { return receives_at_delete_; }
  [[nodiscard]] const std::map<std::uint32_t, std::uint64_t>& receives_at_dlq_move() const { return receives_at_dlq_; }

 private:
  // A DLQ redrive's SQS-internal moves (model/sqs_redrive.hpp) and the tests' invariant checks
  // (tests/model/sqs_queue_invariants.hpp) see the queue's state; a client sees only the SQS API above.
  friend class SqsRedrive;
  friend class SqsQueueInvariants;

  enum Kind : std::uint32_t { kVisibilityTimeout = 1, kDelayEnded = 2, kRetention = 3, kVisibilityFifo = 4 };
  struct ExpiryEntry {
    sim::Time at;
    std::uint64_t id;
    std::uint32_t slot;
    bool operator>(const ExpiryEntry& o) const { return at > o.at || (at == o.at && id > o.id); }
  };
  struct VisibleEntry {
    std::uint32_t slot;
    std::uint32_t generation;
    bool duplicate;  // a second delivery of a message that is in flight (standard queues: at-least-once)
  };
  struct Group {
    std::string id;
    std::deque<std::uint32_t> slots;  // every stored message of the group, in send order
    std::uint32_t in_flight = 0;
    bool queued = false;  // in available_groups_
  };

  void refused(std::uint64_t id, const char* reason);
  bool delete_entry(ReceiptHandle receipt, DeleteCause cause);
  void accept(std::uint64_t id, sim::Time sent_at, std::uint32_t receive_count, const std::string& body,
              std::uint32_t size, sim::Time delay, const std::string& group_id, std::uint32_t origin);
  std::uint32_t allocate_slot();
  void release(std::uint32_t slot);  // the message leaves the queue (deleted, moved, expired, purged)
  void make_visible(std::uint32_t slot);
  void deliver(std::uint32_t slot, std::vector<ReceiptHandle>& out, bool duplicate);
  // SQS redrive: a message already received maxReceiveCount times moves to the DLQ on the next receive. The test is
  // inline (made on every message received); the move is not.
  bool move_to_dlq_if_exhausted(std::uint32_t slot) {
    if (!spec_.redrive_policy || dlq_ == nullptr ||
        slots_[slot].receive_count < spec_.redrive_policy->max_receive_count)
      return false;
    move_to_dlq(slot);
    return true;
  }
  void move_to_dlq(std::uint32_t slot);
  std::size_t receive_fifo(std::size_t max, std::vector<ReceiptHandle>& out);
  std::size_t receive_message_impl(std::size_t max, std::vector<ReceiptHandle>& out);
  static constexpr std::uint32_t kBillingChunkBytes = 65536;  // SQS: 64 KB per billed request
  std::uint32_t group_index(const std::string& id);
  void group_became_ready_maybe(std::uint32_t g);
  bool group_ready(const Group& g) const;
  void wake_one_waiter();
  bool fifo_admit(const SendRequest& r);
  void schedule_expiry_timer();
  // Pops entries of messages that left, so the top is the oldest stored message. Inline: every deleted message ends
  // here.
  void drop_dead_expiry_entries() {
    while (!expiry_heap_.empty()) {
      const ExpiryEntry& top = expiry_heap_.top();
      const Message& m = slots_[top.slot];
      if (m.state != MessageState::Free && m.id == top.id) break;
      expiry_heap_.pop();
    }
  }
  void expire_due();
  void compact_expiry_heap();

  sim::Engine& engine_;
  sim::TargetId self_;
  QueueSpec spec_;
  sim::RngEngine duplicates_rng_;
  SqsQueue* dlq_ = nullptr;
  bool is_dlq_ = false;
  std::uint32_t index_ = 0;
  std::vector<QueueObserver*> observers_;

  std::vector<Message> slots_;
  sim::FreeSlots<std::uint32_t> free_slots_;
  sim::RingQueue<VisibleEntry> visible_order_;  // standard queues: visible messages, oldest-visible first
  std::vector<Group> groups_;                   // FIFO
  std::map<std::string, std::uint32_t> group_by_id_;
  std::deque<std::uint32_t> available_groups_;
  std::uint64_t n_groups_in_flight_ = 0;
  std::map<std::string, sim::Time> dedup_seen_;  // FIFO: deduplication key -> first accepted
  std::deque<std::pair<sim::Time, std::string>> dedup_order_;
  std::int64_t throughput_second_ = -1;
  std::uint64_t sends_this_second_ = 0;
  sim::MostlySortedQueue<ExpiryEntry> expiry_heap_;  // min on (expiry time, id), lazily cleaned
  sim::LazyTimer retention_timer_;                   // armed for the oldest stored message's expiry
  sim::RingQueue<QueueWaiter> waiters_;
  bool access_denied_ = false;  // oldest first: SQS answers long polls in arrival order (our reading)
  // Visibility timeouts set by receives all have the queue's VisibilityTimeout, so they end in receive order: a FIFO
  // with one engine timer for its head keeps the event heap small (a timer per received message would sit there for
  // the whole timeout). ChangeMessageVisibility timers go to the engine directly.
  struct VisibilityEntry {
    sim::Time at;
    std::uint32_t slot;
    std::uint32_t epoch;
  };
  sim::RingQueue<VisibilityEntry> visibility_fifo_;
  sim::LazyTimer visibility_timer_;  // armed for the head of visibility_fifo_
  void arm_visibility_timer();

  std::uint64_t enqueue_counter_ = 0;
  std::uint64_t fifo_order_violations_ = 0;
  std::uint64_t n_visible_ = 0;
  std::uint64_t n_in_flight_ = 0;
  std::uint64_t n_delayed_ = 0;
  QueueCounters counters_;
  sim::RunAndPeriodHistogram latency_;
  std::map<std::uint32_t, std::uint64_t> receives_at_delete_;
  std::map<std::uint32_t, std::uint64_t> receives_at_dlq_;
};

}  // namespace model
