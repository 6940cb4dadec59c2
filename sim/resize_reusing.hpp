// Resizing a vector of objects that own storage (strings, maps) without giving that storage back: elements cut off
// go to a spare pile, elements added come from it, so a vector whose size goes up and down (a batch of records)
// allocates only while it grows past its largest size so far.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace sim {

// Makes v.size() == n. Removed elements keep their contents (moved to `spare`); added elements are spare ones, with
// whatever contents they held, or default-constructed when none is left: the caller overwrites what it reads.
template <typename T>
void resize_reusing(std::vector<T>& v, std::size_t n, std::vector<T>& spare) {
  while (v.size() > n) {
    spare.push_back(std::move(v.back()));
    v.pop_back();
  }
  while (v.size() < n) {
    if (spare.empty()) {
      v.emplace_back();
    } else {
      v.push_back(std::move(spare.back()));
      spare.pop_back();
    }
  }
}

}  // namespace sim
