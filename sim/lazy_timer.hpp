// A re-armable one-shot timer over the engine, cancelled by generation and moved lazily.
// Why: a component often wants "tell me at time T" where T keeps moving (a long poll restarted, an environment used
// again before its keep-alive ran out, the oldest message of a queue deleted). Scheduling an event per move would put a
// dead event on the heap for each; instead the timer keeps at most one live engine event and a deadline:
//  - moving the deadline later costs nothing now: the pending event, when it fires early, re-arms itself for it;
//  - moving it earlier schedules a new event and bumps the generation, so the superseded one is ignored when it fires;
//  - cancel() only forgets the deadline: the pending event fires as a no-op.
// The owner forwards its events of the timer's kind to fire(), which says whether the deadline has come.
#pragma once

#include <cstdint>

#include "sim/engine.hpp"
#include "sim/event.hpp"
#include "sim/time.hpp"

namespace sim {

class LazyTimer {
 public:
  // Asks to hear at `at` with an event (target, kind, slot): the slot comes back in the event's arg, so one owner can
  // keep a timer per poller, environment, ... A time already past fires now (after the events already due now).
  void arm(Engine& engine, Time at, TargetId target, std::uint32_t kind, std::uint32_t slot = 0) {
    deadline_ = at;
    if (at >= pending_at_) return;  // the pending event fires no later; it re-arms itself if the deadline is later
    pending_at_ = at;
    engine.schedule_at(at < engine.now() ? engine.now() : at, target, kind, pack_slot(slot, ++generation_));
  }
  // Forgets the deadline; a pending event fires as a no-op.
  void cancel() { deadline_ = Time::max(); }

  // Called by the owner for each event of the timer's kind. True when the deadline has come: the timer is then
  // disarmed and the owner acts. False for a superseded event, a cancelled timer, or one re-armed for a later deadline.
  bool fire(Engine& engine, const Event& e) {
    if (generation_of(e.arg) != generation_) return false;  // superseded by an earlier event
    pending_at_ = Time::max();
    if (deadline_ == Time::max()) return false;  // cancelled
    if (deadline_ > engine.now()) {
      pending_at_ = deadline_;
      engine.schedule_at(deadline_, e.target, e.kind, pack_slot(slot_of(e.arg), ++generation_));
      return false;
    }
    deadline_ = Time::max();
    return true;
  }

  [[nodiscard]] bool armed() const { return deadline_ != Time::max(); }
  [[nodiscard]] Time deadline() const { return deadline_; }
  // When the live engine event fires (max: none pending).
  [[nodiscard]] Time pending_at() const { return pending_at_; }

 private:
  Time deadline_ = Time::max();
  Time pending_at_ = Time::max();
  std::uint32_t generation_ = 0;
};

}  // namespace sim
