// A producer sending to an SQS queue: constant rate or Poisson arrivals, from a start time until a count or a stop
// time.
#pragma once

#include <cstdint>

#include "model/arrival_process.hpp"
#include "model/body_generator.hpp"
#include "model/spec.hpp"
#include "model/sqs_queue.hpp"
#include "sim/engine.hpp"
#include "sim/rng.hpp"

namespace model {

struct ProducerCounters {
  std::uint64_t produced = 0;      // messages offered to SendMessage (duplicate sends included)
  std::uint64_t accepted = 0;      // stored by the queue
  std::uint64_t rejected = 0;      // refused by the queue (too large, FIFO throttled or missing ids): dropped
  std::uint64_t deduplicated = 0;  // FIFO: accepted by SendMessage but dropped as a duplicate
  std::uint64_t duplicate_sends = 0;
  std::uint64_t poison_sent = 0;  // GameDay sim:poison-burst messages (included in produced)
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
    sim::RngEngine trace;  // rate multipliers and the placement of counted arrivals
  };
  Producer(sim::Engine& engine, ProducerSpec spec, SqsQueue& queue, MessageIdSource& ids, Streams streams);

  void start();
  void on_event(const sim::Event& e) override;

  [[nodiscard]] bool finished() const { return finished_; }
  [[nodiscard]] const ProducerCounters& counters() const { return counters_; }
  [[nodiscard]] const ProducerSpec& spec() const { return spec_; }
  // GameDays: a traffic spike (the rate times `factor` from now on), and a burst of poison messages sent at once.
  void set_rate_factor(double factor) { arrivals_.set_rate_factor(factor, engine_.now()); }
  [[nodiscard]] double rate_factor() const { return arrivals_.rate_factor(); }
  void send_poison(std::uint64_t n);
  // GameDays: a client that retries sends (the ingestion lab's duplicate_submit failure mode).
  void set_duplicate_fraction(double f) { spec_.duplicate_fraction = f; }

 private:
  void schedule_next();
  void send(const std::string& body, std::uint64_t seq);

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
  std::string last_body_;
  ProducerCounters counters_;
};

}  // namespace model
