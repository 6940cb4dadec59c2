// A min-priority queue for keys that mostly arrive in order: in-order pushes go to a ring buffer (O(1) push and pop),
// the rest to a binary heap. The smallest element is the smaller of the two fronts. Why: an SQS queue's retention
// deadlines are send time + a constant, so they arrive in order, except for messages a DLQ receives with their original
// send time. A plain heap paid a cache-missing O(log n) pop per message.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <vector>

#include "sim/ring_queue.hpp"

namespace sim {

// T must have operator> (a strict weak order); ties between the two parts go to the sorted part, so with a total order
// the sequence of top() values does not depend on which part held an element.
template <class T>
class MostlySortedQueue {
 public:
  void push(const T& v) {
    if (sorted_.empty() || !(sorted_.back() > v)) {
      sorted_.push_back(v);
    } else {
      heap_.push_back(v);
      std::push_heap(heap_.begin(), heap_.end(), std::greater<>{});
    }
  }
  [[nodiscard]] bool empty() const { return sorted_.empty() && heap_.empty(); }
  [[nodiscard]] std::size_t size() const { return sorted_.size() + heap_.size(); }
  // Precondition: !empty().
  [[nodiscard]] const T& top() const { return from_heap() ? heap_.front() : sorted_.front(); }
  void pop() {
    if (from_heap()) {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<>{});
      heap_.pop_back();
    } else {
      sorted_.pop_front();
    }
  }
  // Removes every element for which dead(element) holds; the order of the rest is kept.
  template <class Pred>
  void erase_if(Pred dead) {
    sorted_.erase_if(dead);
    std::erase_if(heap_, dead);
    std::make_heap(heap_.begin(), heap_.end(), std::greater<>{});
    sorted_.shrink_to_fit();
  }

 private:
  [[nodiscard]] bool from_heap() const {
    return !heap_.empty() && (sorted_.empty() || sorted_.front() > heap_.front());
  }

  RingQueue<T> sorted_;  // non-decreasing (a ring: no allocation per element once grown)
  std::vector<T> heap_;  // min-heap
};

}  // namespace sim
