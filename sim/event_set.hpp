// The engine's pending-event set: two 4-ary heaps for events in the future (near and far), a slot for the soonest of
// them, and a FIFO lane for events due now.
// Why the lane: a component that reacts "at once" (a queue waking a long-polling waiter, a poller going back to the
// queue) schedules an event at the current time. In a heap such an event, earlier than every other, sifts up to the
// root and is popped straight back down: two full-depth passes for an event that never waits. Events due now arrive
// in sequence order, so a FIFO holds them in firing order for O(1) each.
// Why the slot: the same holds one step later for an event scheduled a little ahead of everything pending, the usual
// case for a producer's next arrival (a millisecond ahead, while the timers in the heap wait seconds). An event that
// fires before the heap's top waits in the slot instead, and is taken from it in O(1); the event it displaces from the
// slot, still before every event in the heap, goes into the heap.
// Why two heaps: hundreds of timers wait seconds to minutes (long polls, batching windows, environments' keep-alives,
// per poller and environment), while each message's events come and go within milliseconds. In one heap every push
// and pop of a message's event paid for the depth the timers give it. Events due at least kFarHorizon ahead go to a
// heap of their own; the near heap, a few dozen events deep, takes the rest. The earliest event is the earlier of the
// two tops. A far event is not moved when its time comes near: it fires from the far heap.
// Why a small sorted set first: a model with a handful of future events (SimFaaS's run: the next arrival, the
// invocations in flight, a reclaim timer per environment) paid the slot's and the two heaps' tests and sifts for each
// of them. While at most kSmallMax future events are pending they sit in one array sorted latest first: a push is an
// insertion from the soonest end, which a new event (usually due soon) leaves after a comparison or two, and a pop
// takes the last element. Past kSmallMax the events move to the slot and the heaps, and back once at most
// kSmallReturn remain there (the gap keeps a set hovering near the limit from moving to and fro).
// Order is exactly the heap's (time, sequence): an event already pending for the current time (in the slot or the
// heap) was scheduled before the clock got there (or is a control event, numbered below every model event), so its
// sequence number is smaller than any in the lane and it goes first.
#pragma once

#include <array>
#include <cstddef>

#include "sim/event.hpp"
#include "sim/event_heap.hpp"
#include "sim/ring_queue.hpp"
#include "sim/time.hpp"

namespace sim {

class EventSet {
 public:
  // Events at least this far ahead of the clock when scheduled go to the far heap. Only speed depends on it.
  // 4 s (measured in instructions, docs/performance.md): an invocation of a few seconds stays near (SimFaaS's run,
  // 2 s on average, paid 4 % more with 1 s), while the order-processor stack's 5 s batching windows, 20 s long polls
  // and minutes-long keep-alives stay far (5 s or more made its messages dearer).
  static constexpr Time kFarHorizon = seconds(4);

  // At most this many future events stay in the small sorted set; at most kSmallReturn in the heaps bring them back.
  // Only speed depends on them.
  static constexpr std::size_t kSmallMax = 32;
  static constexpr std::size_t kSmallReturn = 8;

  // `now` is the engine's clock; e.at >= now. A model event for now joins the lane; everything else the small set,
  // or the slot or a heap.
  // The lane's and the small set's insertions are inline and the heaps' out of line: the engine's schedule_at, a call
  // per event, then saves two registers on its usual paths (six pushes and pops were a quarter of its instructions).
  void push(const Event& e, Time now, bool control) {
    if (e.at == now && !control) {
      due_now_.push_back(e);
    } else if (small_mode_ && n_small_ < kSmallMax) [[likely]] {
      insert_small(e);
    } else {
      push_elsewhere(e, now);
    }
  }
  // Precondition: !empty(). The lane's events are all at the clock's time, so the earliest future event precedes them
  // exactly when it is due at that time too.
  [[nodiscard]] const Event& top() const {
    if (from_lane()) return due_now_.front();
    return small_mode_ ? small_[n_small_ - 1] : large_top();
  }
  // Takes the earliest event into `out` when it is due at or before `limit` (Time::max() for any); false when none is
  // (or none is pending). The one way events leave the set: the run loop's one call per event works out where the
  // earliest event is once, where top() then a pop() did it twice.
  bool pop_due(Time limit, Event& out) {
    if (from_lane()) [[unlikely]] {
      if (due_now_.front().at > limit) return false;
      out = due_now_.front();
      due_now_.pop_front();
      return true;
    }
    if (small_mode_) [[likely]] {
      if (n_small_ == 0 || small_[n_small_ - 1].at > limit) return false;
      out = small_[--n_small_];
      return true;
    }
    return pop_large(limit, out);
  }
  [[nodiscard]] bool empty() const { return due_now_.empty() && n_small_ == 0 && large_size() == 0; }
  [[nodiscard]] std::size_t size() const { return due_now_.size() + n_small_ + large_size(); }
  // Whether the future events are in the small sorted set (for tests: speed is all that depends on it).
  [[nodiscard]] bool in_small_set() const { return small_mode_; }

 private:
  [[gnu::noinline]] void push_elsewhere(const Event& e, Time now) {
    if (small_mode_) to_heaps(now);
    push_large(e, now);
  }
  // Latest first: the soonest event is last, where a pop takes it and where a push, usually due soon, starts looking.
  void insert_small(const Event& e) {
    std::size_t j = n_small_;
    while (j > 0 && fires_before(small_[j - 1], e)) {
      small_[j] = small_[j - 1];
      --j;
    }
    small_[j] = e;
    ++n_small_;
  }
  // The small set is full: its events go to the slot and the heaps, soonest first.
  [[gnu::noinline]] void to_heaps(Time now) {
    small_mode_ = false;
    while (n_small_ > 0) push_large(small_[--n_small_], now);
  }
  // Few enough are left in the heaps: back to the small set. They leave the heaps soonest first, so they fill the
  // array from its end.
  [[gnu::noinline]] void to_small() {
    const std::size_t n = large_size();
    small_mode_ = true;  // first: the pops below then do not come back here
    for (std::size_t i = n; i > 0; --i) pop_large(Time::max(), small_[i - 1]);
    n_small_ = n;
  }
  [[gnu::always_inline]] void push_large(const Event& e, Time now) {
    if (has_soonest_) {
      if (fires_before(e, soonest_)) {
        heap_for(soonest_, now).push(soonest_);
        soonest_ = e;
      } else {
        heap_for(e, now).push(e);
      }
    } else if (heaps_empty() || fires_before(e, heaps_top())) {
      soonest_ = e;
      has_soonest_ = true;
    } else {
      heap_for(e, now).push(e);
    }
  }
  [[gnu::always_inline]] bool pop_large(Time limit, Event& out) {
    if (has_soonest_) {
      if (soonest_.at > limit) return false;
      out = soonest_;
      has_soonest_ = false;
    } else {
      if (heaps_empty()) return false;
      EventHeap& heap = far_first() ? far_ : near_;
      if (heap.top().at > limit) return false;
      out = heap.pop();
    }
    if (!small_mode_ && large_size() <= kSmallReturn) [[unlikely]]
      to_small();
    return true;
  }
  [[nodiscard]] std::size_t large_size() const { return (has_soonest_ ? 1 : 0) + near_.size() + far_.size(); }
  [[nodiscard]] const Event& large_top() const { return has_soonest_ ? soonest_ : heaps_top(); }
  [[nodiscard]] EventHeap& heap_for(const Event& e, Time now) { return e.at - now >= kFarHorizon ? far_ : near_; }
  [[nodiscard]] bool heaps_empty() const { return near_.empty() && far_.empty(); }
  // Precondition: !heaps_empty().
  [[nodiscard]] bool far_first() const {
    return near_.empty() || (!far_.empty() && fires_before(far_.top(), near_.top()));
  }
  [[nodiscard]] const Event& heaps_top() const { return far_first() ? far_.top() : near_.top(); }
  [[nodiscard]] bool from_lane() const {
    if (due_now_.empty()) return false;
    if (small_mode_) return n_small_ == 0 || small_[n_small_ - 1].at > due_now_.front().at;
    if (has_soonest_) return soonest_.at > due_now_.front().at;
    return heaps_empty() || heaps_top().at > due_now_.front().at;
  }
  std::array<Event, kSmallMax> small_{};  // when small_mode_: the future events, latest first
  std::size_t n_small_ = 0;
  bool small_mode_ = true;  // the future events are in small_; otherwise in the slot and the heaps
  EventHeap near_;
  EventHeap far_;
  Event soonest_{};  // when has_soonest_: fires before every event in both heaps
  bool has_soonest_ = false;
  RingQueue<Event> due_now_;  // every event here is at one time, in sequence order
};

}  // namespace sim
