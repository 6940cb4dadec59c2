// A monotone radix heap of engine events ordered by (time, sequence), for bench/event_queue_compare (issue #17:
// compared against sim::EventHeap; the engine adopts it only if it pays). Monotone: a pushed event is never earlier
// than the last one popped, which the engine guarantees (scheduling into the past throws).
// Bucket b > 0 holds events whose time first differs from the last popped time in bit b-1; bucket 0 holds the
// events at exactly the last popped time, kept in sequence order, so ties break as fires_before says.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

#include "sim/event.hpp"

namespace bench {

class RadixEventHeap {
 public:
  void push(const sim::Event& e) {
    ++size_;
    const std::size_t b = bucket_of(e.at);
    if (b != 0) {
      buckets_[b].push_back(e);
      return;
    }
    // At the last popped time: in sequence order (new events almost always carry the highest sequence number).
    auto& now = buckets_[0];
    if (now.size() == head_ || now.back().seq < e.seq) {
      now.push_back(e);
    } else {
      now.insert(std::upper_bound(now.begin() + static_cast<std::ptrdiff_t>(head_), now.end(), e,
                                  [](const sim::Event& a, const sim::Event& x) { return a.seq < x.seq; }),
                 e);
    }
  }
  // Precondition: !empty().
  sim::Event pop() {
    if (head_ == buckets_[0].size()) refill();
    --size_;
    const sim::Event e = buckets_[0][head_++];
    if (head_ == buckets_[0].size()) {
      buckets_[0].clear();
      head_ = 0;
    }
    return e;
  }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t size() const { return size_; }

 private:
  [[nodiscard]] std::size_t bucket_of(sim::Time t) const {
    const auto x = static_cast<std::uint64_t>(t.us) ^ static_cast<std::uint64_t>(last_.us);
    return x == 0 ? 0 : static_cast<std::size_t>(64 - std::countl_zero(x));
  }
  // Bucket 0 is empty: move the lowest non-empty bucket down around its earliest time.
  void refill() {
    buckets_[0].clear();
    head_ = 0;
    std::size_t b = 1;
    while (buckets_[b].empty()) ++b;
    auto& from = buckets_[b];
    last_ = std::min_element(from.begin(), from.end(), [](const sim::Event& a, const sim::Event& x) {
              return a.at < x.at;
            })->at;
    for (const sim::Event& e : from) buckets_[bucket_of(e.at)].push_back(e);
    from.clear();
    std::sort(buckets_[0].begin(), buckets_[0].end(),
              [](const sim::Event& a, const sim::Event& x) { return a.seq < x.seq; });
  }

  std::array<std::vector<sim::Event>, 65> buckets_;
  std::size_t head_ = 0;  // bucket 0's next event
  std::size_t size_ = 0;
  sim::Time last_{0};
};

}  // namespace bench
