#include "sim/engine.hpp"

#include <stdexcept>
#include <string>

namespace sim {

TargetId Engine::add_sink(EventSink& sink) {
  sinks_.push_back(&sink);
  return static_cast<TargetId>(sinks_.size() - 1);
}

// The errors' text is built out of line: inlined into schedule_at, the strings gave every scheduled event a
// 250-byte frame and six saved registers for checks that never fail.
void Engine::throw_before_now(const char* what, Time at, Time now) {
  throw std::logic_error(std::string("sim::Engine: ") + what + " scheduled at " + std::to_string(at.us) +
                         " us, before now (" + std::to_string(now.us) + " us)");
}
void Engine::throw_unregistered() {
  throw std::logic_error("sim::Engine: event for an unregistered target");
}

std::uint64_t Engine::schedule_at(Time at, TargetId target, std::uint32_t kind, std::uint64_t arg) {
  // Scheduling into the past would let an effect precede its cause; it is always a model bug.
  if (at < now_) [[unlikely]]
    throw_before_now("event", at, now_);
  if (target >= sinks_.size()) [[unlikely]]
    throw_unregistered();
  const std::uint64_t seq = next_seq_++;
  pending_.push(Event{at, seq, target, kind, arg}, now_, false);
  return seq;
}

std::uint64_t Engine::schedule_control_at(Time at, TargetId target, std::uint32_t kind, std::uint64_t arg) {
  if (at < now_) [[unlikely]]
    throw_before_now("control event", at, now_);
  if (target >= sinks_.size()) [[unlikely]]
    throw_unregistered();
  if (next_control_seq_ == kFirstModelSeq) throw std::logic_error("sim::Engine: control sequence numbers exhausted");
  const std::uint64_t seq = next_control_seq_++;
  pending_.push(Event{at, seq, target, kind, arg}, now_, true);
  return seq;
}

void Engine::dispatch(const Event& e) {
  now_ = e.at;
  ++events_processed_;
  sinks_[e.target]->on_event(e);
}

std::optional<Event> Engine::step() {
  Event e;
  if (!pending_.pop_due(Time::max(), e)) return std::nullopt;
  dispatch(e);
  return e;
}

std::uint64_t Engine::run_until(Time limit) {
  stop_requested_ = false;
  const std::uint64_t before = events_processed_;
  Event e;
  while (pending_.pop_due(limit, e)) {
    dispatch(e);
    if (stop_requested_ || (stop_condition_ && stop_condition_())) {
      stop_requested_ = true;
      return events_processed_ - before;
    }
  }
  if (limit > now_) now_ = limit;
  return events_processed_ - before;
}

std::uint64_t Engine::run() {
  stop_requested_ = false;
  const std::uint64_t before = events_processed_;
  Event e;
  while (pending_.pop_due(Time::max(), e)) {
    dispatch(e);
    if (stop_requested_ || (stop_condition_ && stop_condition_())) {
      stop_requested_ = true;
      break;
    }
  }
  return events_processed_ - before;
}

}  // namespace sim
