// A stack of small-integer ids, at most one entry per id, with removal of any id: push, the top, and removal all in
// O(1), with no allocation once its vector has grown (an intrusive doubly linked list over the ids).
// Why: Lambda's idle environments, most recently used first, go in and out once per invocation, and an id leaves
// from the middle when its keep-alive ends. The top is the id pushed last among those still present, which is
// exactly the least entry of an IndexedMinHeap keyed by a decreasing push counter, at a fraction of the work.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace sim {

class IndexedStack {
 public:
  [[nodiscard]] bool empty() const { return top_ == kNone; }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool contains(std::uint32_t id) const { return id < links_.size() && links_[id].present; }
  // Precondition: !empty().
  [[nodiscard]] std::uint32_t top() const { return top_; }

  // Precondition: !contains(id) (pushing an id present would corrupt the links), and id < 2^32 - 1 (the no-link mark).
  void push(std::uint32_t id) {
    if (links_.size() <= id) links_.resize(static_cast<std::size_t>(id) + 1);
    links_[id] = Link{top_, kNone, true};
    if (top_ != kNone) links_[top_].above = id;
    top_ = id;
    ++size_;
  }
  // Removes the top and returns it. Precondition: !empty().
  std::uint32_t pop() {
    const std::uint32_t id = top_;
    erase(id);
    return id;
  }
  // Removes id; nothing when it is absent.
  void erase(std::uint32_t id) {
    if (!contains(id)) return;
    Link& l = links_[id];
    if (l.below != kNone) links_[l.below].above = l.above;
    if (l.above != kNone) {
      links_[l.above].below = l.below;
    } else {
      top_ = l.below;
    }
    l.present = false;
    --size_;
  }

 private:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  struct Link {
    std::uint32_t below = kNone;  // pushed before this one (towards the bottom)
    std::uint32_t above = kNone;  // pushed after this one (towards the top)
    bool present = false;
  };

  std::vector<Link> links_;  // by id
  std::uint32_t top_ = kNone;
  std::size_t size_ = 0;
};

}  // namespace sim
