// A producer sending to an SQS queue: constant rate or Poisson arrivals, from a start time until a count or a stop
// time.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "model/arrival_process.hpp"
#include "model/body_generator.hpp"
#include "model/spec.hpp"
#include "model/sqs_queue.hpp"
#include "sim/engine.hpp"
#include "sim/rng.hpp"
#include "sim/slot_pool.hpp"

namespace model {

struct ProducerCounters {
  std::uint64_t produced = 0;      // messages offered to SendMessage (duplicate sends included; not their retries)
  std::uint64_t accepted = 0;      // stored by the queue
  std::uint64_t rejected = 0;      // refused and given up (too large, FIFO throttled, ids missing, access denied)
  std::uint64_t deduplicated = 0;  // FIFO: accepted by SendMessage but dropped as a duplicate
  std::uint64_t duplicate_sends = 0;
  std::uint64_t poison_sent = 0;  // GameDay sim:poison-burst messages (included in produced)
  // The send-failure policy at work (SendFailurePolicy). A refused attempt followed by a retry (or waiting for one)
  // is not a lost message: the queue counts the refused request, the accounting subtracts these.
  std::uint64_t retries = 0;                // SendMessage attempts after a refusal
  std::uint64_t retried_access_denied = 0;  // refused attempts (AccessDenied) that were retried or wait for one
  std::uint64_t retried_throttled = 0;      // refused attempts (FIFO throttled) that were retried or wait for one
  std::uint64_t gave_up = 0;                // refused, then dropped: attempts or the outbox's deadline ran out
  std::uint64_t pending = 0;                // waiting for a retry now (in the SDK's sleep or the outbox)
  std::uint64_t sent_after_retry = 0;       // stored on a retry
};

// Hands out message ids unique across the whole simulation (they survive moves between queues).
class MessageIdSource {
 public:
  std::uint64_t next() { return ++last_; }

 private:
  std::uint64_t last_ = 0;
};

class Producer final : public sim::EventSink {
 public:
  struct Streams {
    sim::RngEngine arrivals;
    sim::RngEngine bodies;
    sim::RngEngine duplicates;
    sim::RngEngine delays;
    sim::RngEngine trace;    // rate multipliers and the placement of counted arrivals
    sim::RngEngine retries;  // the jitter of the send-failure policy's back-off
    sim::RngEngine latency;  // how long each SendMessage takes (the queue's api_latency.send_message_ms)
  };
  Producer(sim::Engine& engine, ProducerSpec spec, SqsQueue& queue, MessageIdSource& ids, Streams streams);

  void start();
  void on_event(const sim::Event& e) override;

  // Arrivals done and no refused message waiting for a retry.
  [[nodiscard]] bool finished() const { return finished_ && counters_.pending == 0; }
  // Called once, when the arrival process ends (finished() can hold only from then on).
  void on_arrivals_done(std::function<void()> hook) { arrivals_.on_end(std::move(hook)); }
  // Where a Poisson arrival process draws its gaps ahead (nullptr: here). Only speed depends on it.
  void set_draw_helper(sim::HelperThread* helper) { arrivals_.set_draw_helper(helper); }
  [[nodiscard]] const ProducerCounters& counters() const { return counters_; }
  [[nodiscard]] const ProducerSpec& spec() const { return spec_; }
  // GameDays: a traffic spike (the rate times `factor` from now on), and a burst of poison messages sent at once.
  void set_rate_factor(double factor) { arrivals_.set_rate_factor(factor, engine_.now()); }
  [[nodiscard]] double rate_factor() const { return arrivals_.rate_factor(); }
  void send_poison(std::uint64_t n);
  // GameDays: a client that retries sends (the ingestion lab's duplicate_submit failure mode).
  void set_duplicate_fraction(double f) { spec_.duplicate_fraction = f; }

 private:
  // A message in transit (SendMessage takes time) or refused and waiting for its next attempt (slot in pending_; the
  // event carries the slot).
  struct PendingSend {
    SendRequest request;
    std::uint32_t attempts = 0;
    sim::Time first_attempt;
  };
  enum EventKind : std::uint32_t { kArrival = 0, kRetry = 1, kSendArrives = 2 };

  void schedule_next();
  // `shifted`: sent at an arrival event, which already is the moment SQS stores it (see shift_).
  // `r` holds the body; the rest of the request is filled here.
  void send(SendRequest& r, std::uint64_t seq, bool shifted);
  // One SendMessage attempt; on a refusal the policy decides: retry later, or give up.
  void attempt(const SendRequest& r, std::uint32_t attempts, sim::Time first_attempt);
  void retry(std::uint64_t slot);
  // Parking copies the request into a pending slot and unparking swaps it into unparked_: both keep the strings'
  // storage, so a message in transit allocates nothing once the slots are warm.
  std::uint64_t park(const SendRequest& r, std::uint32_t attempts, sim::Time first_attempt);
  PendingSend& unpark(std::uint64_t slot);

  sim::Engine& engine_;
  sim::TargetId self_;
  ProducerSpec spec_;
  SqsQueue& queue_;
  MessageIdSource& ids_;
  Streams streams_;
  BodyGenerator bodies_;
  bool finished_ = false;
  ArrivalProcess arrivals_;
  std::uint64_t logical_seq_ = 0;  // distinct messages (a duplicate send repeats the previous one)
  SendRequest request_;         // reused for every message; its body is the last one generated (resent by duplicates)
  SendRequest poison_request_;  // GameDay poison bodies, kept apart so a duplicate send repeats the last real body
  PendingSend unparked_;        // the pending send being attempted again
  ProducerCounters counters_;
  std::vector<PendingSend> pending_;  // slots; free ones listed in free_slots_ (no allocation once warmed up)
  sim::FreeSlots<std::uint64_t> free_slots_;
  // When the last message in transit reaches the queue: one client's sends arrive in the order it made them (FIFO
  // order depends on it), so a later send never overtakes an earlier one.
  sim::Time last_send_arrives_{0};
  // SendMessage's latency when it is fixed (the defaults are): the arrival stream is shifted by it, so each arrival
  // event is the moment SQS stores a message sent that long before, and a send adds no event of its own. The arrival
  // process keeps the clients' time (engine time - shift_).
  sim::Time shift_{0};
};

}  // namespace model
