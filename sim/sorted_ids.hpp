// Small-integer ids in a vector sorted by a key unique to each entry (the greatest key at the back): the greatest
// taken in O(1), an entry added or removed by binary search and a move of the entries after it.
// Why not a heap: Lambda's idle environments, newest created first, go in and out once per invocation. The one that
// goes idle is usually among the newest (the newest are the busy ones), so it lands near the back and little moves;
// taking the newest is a pop from the back. An IndexedMinHeap paid a sift down per take and a sift up per add: a
// tenth of SimFaaS's steady-state run. What moves a long way is the oldest leaving when its keep-alive ends, once per
// environment's life.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sim {

class SortedIds {
 public:
  [[nodiscard]] bool empty() const { return entries_.empty(); }
  [[nodiscard]] std::size_t size() const { return entries_.size(); }
  // The id with the greatest key. Precondition: !empty().
  [[nodiscard]] std::uint32_t greatest() const { return entries_.back().id; }
  [[nodiscard]] bool contains(std::uint64_t key, std::uint32_t id) const {
    const auto it = find(key);
    return it != entries_.end() && it->key == key && it->id == id;
  }

  // Precondition: no entry has this key.
  void insert(std::uint64_t key, std::uint32_t id) {
    // An insertion sort's step from the back, the usual key being among the greatest; past a few steps the rest of
    // the way is found by binary search and moved at once.
    entries_.push_back(Entry{key, id});
    std::size_t hole = entries_.size() - 1;
    for (std::ptrdiff_t steps = 0; hole > 0 && entries_[hole - 1].key > key; ++steps) {
      if (steps == kLinearSteps) {
        const auto begin = entries_.begin();
        const auto at = std::lower_bound(begin, begin + static_cast<std::ptrdiff_t>(hole), key,
                                         [](const Entry& e, std::uint64_t k) { return e.key < k; });
        std::move_backward(at, begin + static_cast<std::ptrdiff_t>(hole),
                           begin + static_cast<std::ptrdiff_t>(hole) + 1);
        hole = static_cast<std::size_t>(at - begin);
        break;
      }
      entries_[hole] = entries_[hole - 1];
      --hole;
    }
    entries_[hole] = Entry{key, id};
  }
  // Removes the entry with the greatest key and returns its id. Precondition: !empty().
  std::uint32_t take_greatest() {
    const std::uint32_t id = entries_.back().id;
    entries_.pop_back();
    return id;
  }
  // Removes (key, id); nothing when absent.
  void erase(std::uint64_t key, std::uint32_t id) {
    const auto it = find(key);
    if (it != entries_.end() && it->key == key && it->id == id) entries_.erase(it);
  }

 private:
  struct Entry {
    std::uint64_t key;
    std::uint32_t id;
  };
  static constexpr std::ptrdiff_t kLinearSteps = 8;  // past this many steps from the back, a binary search
  [[nodiscard]] std::vector<Entry>::const_iterator find(std::uint64_t key) const {
    return std::lower_bound(entries_.begin(), entries_.end(), key,
                            [](const Entry& e, std::uint64_t k) { return e.key < k; });
  }
  std::vector<Entry>::iterator find(std::uint64_t key) {
    return std::lower_bound(entries_.begin(), entries_.end(), key,
                            [](const Entry& e, std::uint64_t k) { return e.key < k; });
  }
  std::vector<Entry> entries_;
};

}  // namespace sim
