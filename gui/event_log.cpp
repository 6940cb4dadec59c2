#include "gui/event_log.hpp"

#include <fmt/format.h>

namespace gui {

class EventLog::QueueWatch final : public model::QueueObserver {
 public:
  QueueWatch(EventLog& log, const model::SqsQueue& q) : log_(log), q_(q) {}
  void on_stored(const model::Message& m) override { log_.stored(q_, m); }
  void on_visible_again(const model::Message& m) override { log_.returned(q_, m); }
  void on_moved_to_dlq(const model::Message& m) override { log_.moved_to_dlq(q_, m); }
  void on_expired(const model::Message& m) override { log_.expired(q_, m); }

 private:
  EventLog& log_;
  const model::SqsQueue& q_;
};

EventLog::EventLog(const sim::Engine& engine, std::size_t capacity, std::size_t per_kind_per_second)
    : engine_(engine), capacity_(capacity), per_kind_per_second_(per_kind_per_second) {}

EventLog::~EventLog() = default;

void EventLog::watch(model::SqsQueue& q) {
  watches_.push_back(std::make_unique<QueueWatch>(*this, q));
  q.add_observer(watches_.back().get());
}

double EventLog::now() const {
  return engine_.now().seconds();
}

bool EventLog::admit(const std::string& kind) {
  if (kind == "change") return true;  // the user's own actions are always shown
  auto& [second, count] = rate_[kind];
  const std::int64_t s = engine_.now().us / 1'000'000;
  if (s != second) {
    second = s;
    count = 0;
  }
  if (count >= per_kind_per_second_) {
    ++suppressed_;
    return false;
  }
  ++count;
  return true;
}

void EventLog::add(const std::string& kind, std::string text, std::optional<std::uint64_t> message_id) {
  if (!admit(kind)) return;
  lines_.push_back(LogLine{now(), kind, std::move(text), message_id});
  while (lines_.size() > capacity_) lines_.pop_front();
}

void EventLog::stored(const model::SqsQueue& q, const model::Message& m) {
  std::deque<std::uint64_t>& ids = recent_[q.name()];
  ids.push_back(m.id);
  if (ids.size() > kRecentPerQueue) ids.pop_front();
}

const std::deque<std::uint64_t>& EventLog::recent_messages(const std::string& queue) const {
  static const std::deque<std::uint64_t> kNone;
  const auto it = recent_.find(queue);
  return it == recent_.end() ? kNone : it->second;
}

void EventLog::returned(const model::SqsQueue& q, const model::Message& m) {
  const auto it = fate_.find(m.id);
  const char* why = "before it was deleted (the batch was still being gathered or processed)";
  if (it != fate_.end()) {
    why = it->second == Fate::Throttled     ? "while throttled (the batch never reached the function)"
          : it->second == Fate::ItemFailure ? "after the handler reported it in batchItemFailures"
                                            : "after the invocation failed";
    fate_.erase(it);
  }
  std::string count;
  if (q.spec().redrive_policy) {
    const std::uint32_t max = q.spec().redrive_policy->max_receive_count;
    count = fmt::format("receive count {} of {}{}", m.receive_count, max,
                        m.receive_count >= max ? " — next receive moves it to the DLQ" : "");
  } else {
    count = fmt::format("receive count {} (no DLQ: retried until the retention period ends)", m.receive_count);
  }
  add("returned",
      fmt::format("message {} returned to {}: visibility timeout expired {}; {}", m.id, q.name(), why, count), m.id);
}

void EventLog::moved_to_dlq(const model::SqsQueue& q, const model::Message& m) {
  fate_.erase(m.id);
  add("dlq",
      fmt::format("message {} moved from {} to its DLQ: received {} times, maxReceiveCount {}", m.id, q.name(),
                  m.receive_count, q.spec().redrive_policy ? q.spec().redrive_policy->max_receive_count : 0),
      m.id);
}

void EventLog::expired(const model::SqsQueue& q, const model::Message& m) {
  fate_.erase(m.id);
  add("expired",
      fmt::format("message {} expired in {}: MessageRetentionPeriod ended after {} receives", m.id, q.name(),
                  m.receive_count),
      m.id);
}

void EventLog::on_throttled(const model::EventSourceMapping& m, const std::vector<model::ReceiptHandle>& batch) {
  for (const auto& h : batch) fate_[m.queue().message(h).id] = Fate::Throttled;
  add("throttled", fmt::format("{} throttled a batch of {} from {} (429): the mapping backs off and retries until "
                               "the messages' visibility timeout ends",
                               m.spec().function, batch.size(), m.spec().queue));
}

void EventLog::on_batch_done(const model::EventSourceMapping& m, const std::vector<model::ReceiptHandle>& batch,
                             const std::vector<bool>& failed, bool function_error) {
  std::size_t n_failed = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const std::uint64_t id = m.queue().message(batch[i]).id;
    if (failed[i]) {
      ++n_failed;
      fate_[id] = function_error ? Fate::FunctionError : Fate::ItemFailure;
    } else {
      fate_.erase(id);
    }
  }
  if (n_failed > 0 && !function_error)
    add("partial", fmt::format("{}: {} of {} records reported in batchItemFailures; the other {} are deleted",
                               m.spec().function, n_failed, batch.size(), batch.size() - n_failed));
}

void EventLog::on_invocation_end(const std::string& function, const std::string& request_id, std::uint32_t,
                                 std::uint32_t, const model::InvocationResult& result) {
  if (result.cold_start)
    add("cold_start", fmt::format("{}: cold start, a new execution environment (Init Duration {:.0f} ms)", function,
                                  result.init_duration.seconds() * 1000));
  if (result.function_error)
    add("error", fmt::format("{} invocation {} failed{}: the whole batch returns after its visibility timeout",
                             function, request_id.substr(0, 8),
                             result.timed_out            ? " (timed out)"
                             : result.error_type.empty() ? ""
                                                         : " (" + result.error_type + ")"));
}

}  // namespace gui
