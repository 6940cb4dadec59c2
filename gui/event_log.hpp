// The dashboard's event log: what just happened, in words, from the model's observers. It explains the transitions
// a learner wonders about (a message back in the queue and why, a move to the DLQ, a throttled batch, a failed
// invocation, a cold start, a change made from the controls) and stays bounded: the newest `capacity` lines, and at
// most a few lines per kind per simulated second, so a busy run does not drown the rare, interesting ones.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/event_source_mapping.hpp"
#include "model/invocation.hpp"
#include "model/sqs_queue.hpp"

namespace gui {

struct LogLine {
  double t = 0;      // simulated seconds
  std::string kind;  // returned, dlq, expired, throttled, error, cold_start, change
  std::string text;
  std::optional<std::uint64_t> message_id;  // the message the line is about (its story opens on a click)
};

class EventLog final : public model::MappingObserver, public model::FunctionObserver {
 public:
  explicit EventLog(const sim::Engine& engine, std::size_t capacity = 2000, std::size_t per_kind_per_second = 3);
  ~EventLog() override;
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // Observes a queue's messages (the log must outlive the queue's use of it).
  void watch(model::SqsQueue& q);
  void add(const std::string& kind, std::string text, std::optional<std::uint64_t> message_id = std::nullopt);

  [[nodiscard]] const std::deque<LogLine>& lines() const { return lines_; }
  // The newest messages sent to each queue (at most kRecentPerQueue, newest last), for opening a message's story.
  [[nodiscard]] const std::deque<std::uint64_t>& recent_messages(const std::string& queue) const;
  static constexpr std::size_t kRecentPerQueue = 12;
  // Lines left out by the per-second limit.
  [[nodiscard]] std::uint64_t suppressed() const { return suppressed_; }

  // model::MappingObserver
  void on_throttled(const model::EventSourceMapping& m, const std::vector<model::ReceiptHandle>& batch) override;
  void on_batch_done(const model::EventSourceMapping& m, const std::vector<model::ReceiptHandle>& batch,
                     const std::vector<bool>& failed, bool function_error) override;
  // model::FunctionObserver
  void on_invocation_end(const std::string& function, const std::string& request_id, std::uint32_t memory_size_mb,
                         std::uint32_t max_memory_used_mb, const model::InvocationResult& result) override;

 private:
  enum class Fate : std::uint8_t { Throttled, ItemFailure, FunctionError };
  class QueueWatch;  // a QueueObserver that knows its queue
  friend class QueueWatch;

  void stored(const model::SqsQueue& q, const model::Message& m);
  void returned(const model::SqsQueue& q, const model::Message& m);
  void moved_to_dlq(const model::SqsQueue& q, const model::Message& m);
  void expired(const model::SqsQueue& q, const model::Message& m);
  [[nodiscard]] double now() const;
  bool admit(const std::string& kind);

  const sim::Engine& engine_;
  std::size_t capacity_;
  std::size_t per_kind_per_second_;
  std::deque<LogLine> lines_;
  std::uint64_t suppressed_ = 0;
  std::map<std::string, std::pair<std::int64_t, std::size_t>> rate_;  // kind -> (second, lines written in it)
  // Why a message's last receive did not end in a delete, by MessageId; forgotten once explained.
  std::unordered_map<std::uint64_t, Fate> fate_;
  std::vector<std::unique_ptr<QueueWatch>> watches_;
  std::map<std::string, std::deque<std::uint64_t>> recent_;  // queue name -> newest message ids
};

}  // namespace gui
