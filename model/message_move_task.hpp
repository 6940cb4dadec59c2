// SQS StartMessageMoveTask: moves the messages a DLQ holds when the task starts, oldest first, at a fixed velocity
// (MaxNumberOfMessagesPerSecond, at most 500), to each message's source queue or to a chosen destination.
// AWS: moved messages are new messages (new MessageId and enqueue time; retention restarts; receive count 0).
#pragma once

#include <cstdint>
#include <functional>

#include "model/producer.hpp"
#include "model/spec.hpp"
#include "model/sqs_queue.hpp"
#include "sim/engine.hpp"

namespace model {

struct RedriveCounters {
  std::uint64_t moved = 0;
  std::uint64_t failed = 0;  // the destination refused the message (too large): dropped with that reason
  std::uint64_t skipped_too_young = 0;
  std::uint64_t retries = 0;
  bool finished = false;
};

class MessageMoveTask final : public sim::EventSink {
 public:
  // `queue_at(i)` finds the source queue a message came from (its index in the simulation).
  MessageMoveTask(sim::Engine& engine, RedriveSpec spec, SqsQueue& source, SqsQueue* destination, MessageIdSource& ids,
                  std::function<SqsQueue*(std::uint32_t)> queue_at);
  void start();
  void on_event(const sim::Event& e) override;
  [[nodiscard]] const RedriveCounters& counters() const { return counters_; }
  [[nodiscard]] const RedriveSpec& spec() const { return spec_; }

 private:
  sim::Engine& engine_;
  sim::TargetId self_;
  RedriveSpec spec_;
  SqsQueue& source_;
  SqsQueue* destination_;
  MessageIdSource& ids_;
  std::function<SqsQueue*(std::uint32_t)> queue_at_;
  std::uint64_t to_move_ = 0;
  bool started_ = false;
  RedriveCounters counters_;
};

}  // namespace model
