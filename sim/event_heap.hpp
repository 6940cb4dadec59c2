// The pending-event set: a 4-ary min-heap on a vector, ordered by (time, sequence).
// A 4-ary heap halves the tree depth of a binary heap and keeps the children of a node in one cache line.
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
  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  void reserve(std::size_t n) { heap_.reserve(n); }
  void clear() { heap_.clear(); }

 private:
  static constexpr std::size_t kArity = 4;
  std::vector<Event> heap_;
};

}  // namespace sim
