// An SQS standard queue: delay, visibility timeout, receive counts, redrive to a dead-letter queue, retention expiry,
// long-poll waiters. All transitions are driven by engine events; timers are cancelled lazily by message generation.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "model/message.hpp"
#include "model/spec.hpp"
#include "sim/engine.hpp"
#include "sim/log_histogram.hpp"

namespace model {

// Someone long-polling the queue (an event source mapping's poller). The queue wakes one waiter per message that
// becomes visible, by scheduling an event to the waiter's own target: no re-entrant calls into the waiter.
struct QueueWaiter {
  sim::TargetId target = 0;
  std::uint32_t kind = 0;
  std::uint64_t arg = 0;
};

struct QueueCounters {
  std::uint64_t sent = 0;               // NumberOfMessagesSent (accepted by SendMessage)
  std::uint64_t rejected_too_large = 0; // SendMessage refused: larger than MaximumMessageSize
  std::uint64_t moved_in = 0;           // arrived from a source queue's redrive
  std::uint64_t received = 0;           // NumberOfMessagesReceived
  std::uint64_t deleted = 0;            // NumberOfMessagesDeleted
  std::uint64_t filtered = 0;           // deleted by an ESM because no filter matched (part of deleted)
  std::uint64_t moved_to_dlq = 0;       // moved out to the DLQ by the redrive policy
  std::uint64_t expired = 0;            // removed at the end of the retention period
  std::uint64_t empty_receives = 0;     // NumberOfEmptyReceives
  std::uint64_t receive_requests = 0;   // ReceiveMessage calls (billed, empty or not)
  std::uint64_t send_requests = 0;
  std::uint64_t delete_requests = 0;
  std::uint64_t sent_bytes = 0;         // SentMessageSize, summed
};

class SqsQueue final : public sim::EventSink {
 public:
  SqsQueue(sim::Engine& engine, QueueSpec spec);

  // Wires the redrive policy's target (the DLQ must outlive this queue's use of it).
  void set_dead_letter_queue(SqsQueue* dlq) { dlq_ = dlq; }
  void mark_as_dead_letter_queue() { is_dlq_ = true; }

  // SQS SendMessage. Returns false (and counts the rejection) when the message is over MaximumMessageSize.
  // delay < 0 means "use the queue's DelaySeconds".
  bool send_message(std::uint64_t id, std::string body, std::uint32_t size_bytes, sim::Time delay = sim::Time{-1});

  // SQS ReceiveMessage: up to `max` (<= 10) visible messages, each made invisible for the queue's visibility timeout
  // and its receive count incremented. Messages past maxReceiveCount are moved to the DLQ instead of returned.
  // Appends to `out`; returns how many were appended. A call that returns none is not counted as an empty receive:
  // the caller (a long poll) decides when its wait has ended empty.
  // continuing = true when the call continues a long poll already counted as one ReceiveMessage request.
  std::size_t receive_message(std::size_t max, std::vector<ReceiptHandle>& out, bool continuing = false);
  // A long poll that ended with no message: one empty receive (billed like any request).
  void count_empty_receive() { ++counters_.empty_receives; }

  // SQS DeleteMessage. A stale receipt handle (the message was received again since) deletes nothing.
  bool delete_message(ReceiptHandle receipt, bool filtered = false);
  // SQS ChangeMessageVisibility: restarts the visibility clock from now.
  bool change_message_visibility(ReceiptHandle receipt, sim::Time timeout);

  [[nodiscard]] bool is_current(ReceiptHandle receipt) const;
  [[nodiscard]] const Message& message(ReceiptHandle receipt) const { return slots_[receipt.slot]; }

  // Long polling: register to be woken when a message becomes visible; remove when the wait ends otherwise.
  void add_waiter(const QueueWaiter& w) { waiters_.push_back(w); }
  void remove_waiter(sim::TargetId target, std::uint64_t arg);

  void on_event(const sim::Event& e) override;

  [[nodiscard]] const QueueSpec& spec() const { return spec_; }
  [[nodiscard]] const std::string& name() const { return spec_.name; }
  [[nodiscard]] bool is_dead_letter_queue() const { return is_dlq_; }
  [[nodiscard]] const QueueCounters& counters() const { return counters_; }
  [[nodiscard]] std::uint64_t visible() const { return n_visible_; }     // ApproximateNumberOfMessagesVisible
  [[nodiscard]] std::uint64_t in_flight() const { return n_in_flight_; } // ApproximateNumberOfMessagesNotVisible
  [[nodiscard]] std::uint64_t delayed() const { return n_delayed_; }     // ApproximateNumberOfMessagesDelayed
  [[nodiscard]] std::uint64_t stored() const { return n_visible_ + n_in_flight_ + n_delayed_; }
  // ApproximateAgeOfOldestMessage, in virtual time (0 when empty).
  [[nodiscard]] sim::Time age_of_oldest_message();
  // End-to-end latency (SentTimestamp to successful delete), microseconds.
  [[nodiscard]] const sim::LogHistogram& latency() const { return latency_; }
  // How many receives deleted messages took, and how many moved messages had when they went to the DLQ.
  [[nodiscard]] const std::map<std::uint32_t, std::uint64_t>& receives_at_delete() const { return receives_at_delete_; }
  [[nodiscard]] const std::map<std::uint32_t, std::uint64_t>& receives_at_dlq_move() const { return receives_at_dlq_; }

 private:
  enum Kind : std::uint32_t { kVisibilityTimeout = 1, kDelayEnded = 2, kRetention = 3 };
  struct ExpiryEntry {
    sim::Time at;
    std::uint64_t id;
    std::uint32_t slot;
    bool operator>(const ExpiryEntry& o) const { return at > o.at || (at == o.at && id > o.id); }
  };

  // Accepts a message (from a producer or a redrive) into a slot; sent_at is kept across a DLQ move.
  void accept(std::uint64_t id, sim::Time sent_at, std::uint32_t receive_count, std::string body, std::uint32_t size,
              sim::Time delay);
  std::uint32_t allocate_slot();
  void release(std::uint32_t slot);
  void make_visible(std::uint32_t slot);
  void wake_one_waiter();
  void schedule_expiry_timer();
  void expire_due();
  void compact_expiry_heap();

  sim::Engine& engine_;
  sim::TargetId self_;
  QueueSpec spec_;
  SqsQueue* dlq_ = nullptr;
  bool is_dlq_ = false;

  std::vector<Message> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::deque<ReceiptHandle> visible_order_;  // (slot, generation) of visible messages, oldest-visible first
  std::vector<ExpiryEntry> expiry_heap_;  // min-heap on (expiry time, id), lazily cleaned
  std::uint32_t expiry_timer_generation_ = 0;
  sim::Time expiry_timer_at_ = sim::Time::max();
  std::vector<QueueWaiter> waiters_;

  std::uint64_t n_visible_ = 0;
  std::uint64_t n_in_flight_ = 0;
  std::uint64_t n_delayed_ = 0;
  QueueCounters counters_;
  sim::LogHistogram latency_;
  std::map<std::uint32_t, std::uint64_t> receives_at_delete_;
  std::map<std::uint32_t, std::uint64_t> receives_at_dlq_;
};

}  // namespace model
