// The engine's pending-event set: a 4-ary heap for events in the future and a FIFO lane for events due now.
// Why the lane: a component that reacts "at once" (a queue waking a long-polling waiter, a poller going back to the
// queue) schedules an event at the current time. In a heap such an event, earlier than every other, sifts up to the
// root and is popped straight back down: two full-depth passes for an event that never waits. Events due now arrive
// in sequence order, so a FIFO holds them in firing order for O(1) each.
// Order is exactly the heap's (time, sequence): an event already in the heap for the current time was scheduled
// before the clock got there (or is a control event, numbered below every model event), so its sequence number is
// smaller than any in the lane and it goes first.
#pragma once

#include <cstddef>

#include "sim/event.hpp"
#include "sim/event_heap.hpp"
#include "sim/ring_queue.hpp"
#include "sim/time.hpp"

namespace sim {

class EventSet {
 public:
  // `now` is the engine's clock; e.at >= now. A model event for now joins the lane; everything else the heap.
  void push(const Event& e, Time now, bool control) {
    if (e.at == now && !control) {
      due_now_.push_back(e);
    } else {
      heap_.push(e);
    }
  }
  // Precondition: !empty(). The lane's events are all at the clock's time, so the heap's top precedes them exactly
  // when it is due at that time too.
  [[nodiscard]] const Event& top() const { return from_heap() ? heap_.top() : due_now_.front(); }
  Event pop() {
    if (from_heap()) return heap_.pop();
    const Event e = due_now_.front();
    due_now_.pop_front();
    return e;
  }
  [[nodiscard]] bool empty() const { return due_now_.empty() && heap_.empty(); }
  [[nodiscard]] std::size_t size() const { return due_now_.size() + heap_.size(); }

 private:
  [[nodiscard]] bool from_heap() const {
    return due_now_.empty() || (!heap_.empty() && heap_.top().at <= due_now_.front().at);
  }
  EventHeap heap_;
  RingQueue<Event> due_now_;  // every event here is at one time, in sequence order
};

}  // namespace sim
