// The discrete-event engine: a virtual clock, the pending-event set and the run loop.
// An Engine is a value: no globals, so any number of them run at once on different threads,
// and a front-end (CLI, GUI, tests) can step it one event at a time and inspect the model between steps.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "sim/event.hpp"
#include "sim/event_set.hpp"
#include "sim/time.hpp"

namespace sim {

// A component that receives events. Components keep their own state; the engine only routes events to them.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void on_event(const Event& event) = 0;
};

class Engine {
 public:
  Engine() = default;
  Engine(const Engine&) = delete;  // components hold a reference to their engine
  Engine& operator=(const Engine&) = delete;

  // Registers a component; the returned id addresses its events. The sink must outlive the engine's use of it.
  TargetId add_sink(EventSink& sink);

  [[nodiscard]] Time now() const { return now_; }

  // Schedules an event at an absolute time (not before now). Returns its sequence number.
  std::uint64_t schedule_at(Time at, TargetId target, std::uint32_t kind, std::uint64_t arg = 0);
  std::uint64_t schedule_in(Time delay, TargetId target, std::uint32_t kind, std::uint64_t arg = 0) {
    return schedule_at(now_ + delay, target, kind, arg);
  }
  // A control event (a GameDay action, a change made from the GUI) runs before every ordinary event at the same time,
  // whenever either was scheduled: a change "at time t" then means the same thing in a live session, where it is
  // made while the clock stands just before t, and in its replay, where it was scheduled at the start. Control
  // events at the same time keep their scheduling order.
  std::uint64_t schedule_control_at(Time at, TargetId target, std::uint32_t kind, std::uint64_t arg = 0);

  // Runs the next event, if any. Returns the event that ran, or nullopt when none is pending.
  std::optional<Event> step();
  // Runs every event with time <= limit (unless stopped first), then sets the clock to limit.
  // Returns the number of events run.
  std::uint64_t run_until(Time limit);
  // Runs until no event is pending or stop() is called.
  std::uint64_t run();

  // Asks a running run_until()/run() to return after the current event. step() ignores it.
  void stop() { stop_requested_ = true; }
  [[nodiscard]] bool stop_requested() const { return stop_requested_; }
  // A predicate checked after every event in run_until()/run(); true stops the run. Keep it cheap.
  void set_stop_condition(std::function<bool()> condition) { stop_condition_ = std::move(condition); }

  [[nodiscard]] std::uint64_t events_processed() const { return events_processed_; }
  [[nodiscard]] std::size_t pending() const { return pending_.size(); }
  [[nodiscard]] std::optional<Time> next_event_time() const {
    return pending_.empty() ? std::nullopt : std::optional<Time>(pending_.top().at);
  }

 private:
  void dispatch(const Event& e);
  [[noreturn, gnu::noinline, gnu::cold]] static void throw_before_now(const char* what, Time at, Time now);
  [[noreturn, gnu::noinline, gnu::cold]] static void throw_unregistered();

  Time now_{};
  // Sequence numbers order events at the same time: control events take the low half, ordinary events the high.
  static constexpr std::uint64_t kFirstModelSeq = std::uint64_t{1} << 62;
  std::uint64_t next_control_seq_ = 0;
  std::uint64_t next_seq_ = kFirstModelSeq;
  std::uint64_t events_processed_ = 0;
  bool stop_requested_ = false;
  EventSet pending_;
  std::vector<EventSink*> sinks_;
  std::function<bool()> stop_condition_;
};

}  // namespace sim
