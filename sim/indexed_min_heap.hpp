// A min-heap of (key, id) entries, at most one per id, ids small integers: push, the least entry, and removal of any
// id in O(log n), with no allocation once its vectors have grown. Entries order by key, then id, so the least one is
// the same whatever the order of the pushes and removals that led there.
// Why not std::set: Lambda's idle environments go in and out once per invocation, and the tree's node handling and
// rebalancing were a tenth of a direct-invocation run. Boost.Heap's mutable heaps keep their handles in a std::list,
// which allocates per entry.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace sim {

class IndexedMinHeap {
 public:
  [[nodiscard]] bool empty() const { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  [[nodiscard]] bool contains(std::uint32_t id) const { return id < pos_.size() && pos_[id] != kAbsent; }
  // Precondition: !empty().
  [[nodiscard]] std::uint32_t top() const { return heap_.front().id; }

  // Precondition: !contains(id).
  void push(std::int64_t key, std::uint32_t id) {
    if (pos_.size() <= id) pos_.resize(static_cast<std::size_t>(id) + 1, kAbsent);
    heap_.push_back({key, id});
    sift_up(heap_.size() - 1);
  }
  // Removes the least entry and returns its id. Precondition: !empty().
  std::uint32_t pop() {
    const std::uint32_t id = heap_.front().id;
    pos_[id] = kAbsent;
    const Entry last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) {
      place(0, last);
      sift_down(0);
    }
    return id;
  }
  // Removes id's entry; nothing when it has none.
  void erase(std::uint32_t id) {
    if (!contains(id)) return;
    const std::size_t i = pos_[id];
    pos_[id] = kAbsent;
    const Entry last = heap_.back();
    heap_.pop_back();
    if (i == heap_.size()) return;  // it was the last entry
    place(i, last);
    sift_down(sift_up(i));
  }

 private:
  struct Entry {
    std::int64_t key;
    std::uint32_t id;
  };
  static constexpr std::size_t kAbsent = std::numeric_limits<std::size_t>::max();

  static bool less(const Entry& a, const Entry& b) { return a.key != b.key ? a.key < b.key : a.id < b.id; }
  void place(std::size_t i, const Entry& e) {
    heap_[i] = e;
    pos_[e.id] = i;
  }
  std::size_t sift_up(std::size_t i) {
    const Entry e = heap_[i];
    while (i > 0) {
      const std::size_t parent = (i - 1) / 2;
      if (!less(e, heap_[parent])) break;
      place(i, heap_[parent]);
      i = parent;
    }
    place(i, e);
    return i;
  }
  void sift_down(std::size_t i) {
    const Entry e = heap_[i];
    const std::size_t n = heap_.size();
    for (std::size_t child = 2 * i + 1; child < n; child = 2 * i + 1) {
      if (child + 1 < n && less(heap_[child + 1], heap_[child])) ++child;
      if (!less(heap_[child], e)) break;
      place(i, heap_[child]);
      i = child;
    }
    place(i, e);
  }

  std::vector<Entry> heap_;
  std::vector<std::size_t> pos_;  // by id: its entry's index in heap_, or kAbsent
};

}  // namespace sim
