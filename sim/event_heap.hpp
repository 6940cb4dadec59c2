// The pending-event set: a 4-ary min-heap on a vector, ordered by (time, sequence).
// A 4-ary heap halves the tree depth of a binary heap and keeps the children of a node in two adjacent cache lines.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/event.hpp"

namespace sim {

class EventHeap {
 public:
  void push(const Event& e);
  // Precondition: !empty().
  [[nodiscard]] const Event& top() const { return heap_.front(); }
  Event pop();
  [[nodiscard]] bool empty() const { return n_ == 0; }
  [[nodiscard]] std::size_t size() const { return n_; }
  void reserve(std::size_t n) {
    if (n > heap_.size()) heap_.resize(n);
  }
  void clear() { n_ = 0; }

 private:
  static constexpr std::size_t kArity = 4;
  // Up to this many events (1 MiB of them, within a core's L2 cache) pop sifts bottom-up with branch-free child
  // selection; a larger heap sifts top-down (bench/event_queue_compare measures both regimes).
  static constexpr std::size_t kBottomUpLimit = std::size_t{1} << 15;
  void sift_up(std::size_t i, const Event& e);
  std::size_t sift_hole_to_leaf();
  std::size_t sift_down(const Event& last);
  // The storage grows out of line and only grows: a std::vector's push_back brought its reallocation into every
  // schedule_at, a full frame (six saved registers) for each event scheduled.
  [[gnu::noinline]] void grow() { heap_.resize(heap_.empty() ? 64 : 2 * heap_.size()); }
  std::vector<Event> heap_;  // events in heap_[0, n_); the rest is spare storage
  std::size_t n_ = 0;
};

// Inline: the engine's run loop is the only caller that matters, and a call per pop and push was measurable.

namespace event_heap_detail {

// fires_before without short-circuit branches: the heap's comparisons are data-dependent coin flips that a branch
// predictor cannot learn, so the small heap selects with conditional moves instead.
inline bool fires_before_flat(const Event& a, const Event& b) {
  return static_cast<bool>(static_cast<int>(a.at.us < b.at.us) |
                           (static_cast<int>(a.at.us == b.at.us) & static_cast<int>(a.seq < b.seq)));
}

// Index (0-3) of the earliest of four siblings, by a tournament of conditional moves.
inline std::size_t earliest_of_four(const Event* c) {
  const std::size_t left = fires_before_flat(c[1], c[0]) ? 1 : 0;
  const std::size_t right = fires_before_flat(c[3], c[2]) ? 3 : 2;
  return fires_before_flat(c[right], c[left]) ? right : left;
}

}  // namespace event_heap_detail

// Sift up with a hole at i: move parents down until e's place is found, then write e once.
inline void EventHeap::sift_up(std::size_t i, const Event& e) {
  while (i > 0) {
    const std::size_t parent = (i - 1) / kArity;
    if (!fires_before(e, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = e;
}

inline void EventHeap::push(const Event& e) {
  if (n_ == heap_.size()) [[unlikely]]
    grow();
  sift_up(n_++, e);
}

inline Event EventHeap::pop() {
  Event result = heap_.front();
  const std::size_t n = --n_;
  const Event last = heap_[n];
  if (n == 0) return result;
  // Bottom-up (Floyd): the hole goes down to a leaf without comparing against `last`, which, the latest event of a
  // leaf, belongs near the bottom, then `last` rises the few levels it needs. Top-down stops at its place directly.
  sift_up(n <= kBottomUpLimit ? sift_hole_to_leaf() : sift_down(last), last);
  return result;
}

// Moves the hole at the root down to a leaf along the earliest children: one branch-free tournament per level.
inline std::size_t EventHeap::sift_hole_to_leaf() {
  const std::size_t n = n_;
  std::size_t i = 0;
  for (;;) {
    const std::size_t first = i * kArity + 1;
    if (first + kArity <= n) {
      const std::size_t best = first + event_heap_detail::earliest_of_four(&heap_[first]);
      heap_[i] = heap_[best];
      i = best;
      continue;
    }
    if (first < n) {  // a last, partly filled family
      std::size_t best = first;
      for (std::size_t c = first + 1; c < n; ++c) {
        if (fires_before(heap_[c], heap_[best])) best = c;
      }
      heap_[i] = heap_[best];
      i = best;
    }
    return i;
  }
}

// Classic top-down sift for a heap larger than the cache: its branches let the processor fetch the next level
// speculatively, which beats the conditional moves' dependency chain once every level is a cache miss.
inline std::size_t EventHeap::sift_down(const Event& last) {
  const std::size_t n = n_;
  std::size_t i = 0;
  for (;;) {
    const std::size_t first = i * kArity + 1;
    if (first >= n) return i;
    const std::size_t end = first + kArity < n ? first + kArity : n;
    std::size_t best = first;
    for (std::size_t c = first + 1; c < end; ++c) {
      if (fires_before(heap_[c], heap_[best])) best = c;
    }
    if (!fires_before(heap_[best], last)) return i;
    heap_[i] = heap_[best];
    i = best;
  }
}

}  // namespace sim
