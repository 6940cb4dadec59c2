// The engine's pending-event set: a 4-ary heap for events in the future, a slot for the soonest of them, and a FIFO
// lane for events due now.
// Why the lane: a component that reacts "at once" (a queue waking a long-polling waiter, a poller going back to the
// queue) schedules an event at the current time. In a heap such an event, earlier than every other, sifts up to the
// root and is popped straight back down: two full-depth passes for an event that never waits. Events due now arrive
// in sequence order, so a FIFO holds them in firing order for O(1) each.
// Why the slot: the same holds one step later for an event scheduled a little ahead of everything pending, the usual
// case for a producer's next arrival (a millisecond ahead, while the timers in the heap wait seconds). An event that
// fires before the heap's top waits in the slot instead, and is taken from it in O(1); the event it displaces from the
// slot, still before every event in the heap, goes into the heap.
// Order is exactly the heap's (time, sequence): an event already pending for the current time (in the slot or the
// heap) was scheduled before the clock got there (or is a control event, numbered below every model event), so its
// sequence number is smaller than any in the lane and it goes first.
#pragma once

#include <cstddef>

#include "sim/event.hpp"
#include "sim/event_heap.hpp"
#include "sim/ring_queue.hpp"
#include "sim/time.hpp"

namespace sim {

class EventSet {
 public:
  // `now` is the engine's clock; e.at >= now. A model event for now joins the lane; everything else the slot or the
  // heap.
  void push(const Event& e, Time now, bool control) {
    if (e.at == now && !control) {
      due_now_.push_back(e);
    } else if (has_soonest_) {
      if (fires_before(e, soonest_)) {
        heap_.push(soonest_);
        soonest_ = e;
      } else {
        heap_.push(e);
      }
    } else if (heap_.empty() || fires_before(e, heap_.top())) {
      soonest_ = e;
      has_soonest_ = true;
    } else {
      heap_.push(e);
    }
  }
  // Precondition: !empty(). The lane's events are all at the clock's time, so the earliest future event precedes them
  // exactly when it is due at that time too.
  [[nodiscard]] const Event& top() const {
    if (from_lane()) return due_now_.front();
    return has_soonest_ ? soonest_ : heap_.top();
  }
  Event pop() {
    if (from_lane()) {
      const Event e = due_now_.front();
      due_now_.pop_front();
      return e;
    }
    if (has_soonest_) {
      has_soonest_ = false;
      return soonest_;
    }
    return heap_.pop();
  }
  [[nodiscard]] bool empty() const { return due_now_.empty() && !has_soonest_ && heap_.empty(); }
  [[nodiscard]] std::size_t size() const { return due_now_.size() + (has_soonest_ ? 1 : 0) + heap_.size(); }

 private:
  [[nodiscard]] bool from_lane() const {
    if (due_now_.empty()) return false;
    if (has_soonest_) return soonest_.at > due_now_.front().at;
    return heap_.empty() || heap_.top().at > due_now_.front().at;
  }
  EventHeap heap_;
  Event soonest_{};  // when has_soonest_: fires before every event in the heap
  bool has_soonest_ = false;
  RingQueue<Event> due_now_;  // every event here is at one time, in sequence order
};

}  // namespace sim
