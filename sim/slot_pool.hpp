// Slots for a component's live entries (messages, requests, execution environments), kept in one or more parallel
// vectors so an entry's index stays valid while it lives and a steady state allocates nothing: a new entry takes the
// most recently freed slot, or a new one at the end. One home for that choice, so every pool reuses slots in the
// same (last freed, first reused) order.
#pragma once

#include <cstdint>
#include <vector>

namespace sim {

// A new slot, default-constructed at the end of `slots` and of each of `more`. Out of line: a pool grows only until
// it is warmed up, and the growth's code (a vector's reallocation) inlined into a per-message path made the
// order-processor stack (no-op handler) 20 instructions per message dearer.
template <class Index, class Slot, class... More>
[[gnu::noinline]] Index append_slot(std::vector<Slot>& slots, std::vector<More>&... more) {
  const auto slot = static_cast<Index>(slots.size());
  slots.emplace_back();
  (more.emplace_back(), ...);
  return slot;
}

// The slot for a new entry: the last one pushed onto `free`, whose old contents are left for the caller to overwrite,
// or else a new slot at the end of `slots` and of each of `more` (vectors kept parallel to it).
template <class Index, class Slot, class... More>
Index take_slot(std::vector<Index>& free, std::vector<Slot>& slots, std::vector<More>&... more) {
  if (!free.empty()) [[likely]] {
    const Index slot = free.back();
    free.pop_back();
    return slot;
  }
  return append_slot<Index>(slots, more...);
}

// Frees `slot` for take_slot. The free list grows out of line, like the pool: an inlined std::vector::push_back was
// left as a call per freed entry, most of the cost of freeing one.
template <class Index>
[[gnu::noinline]] void grow_free_list(std::vector<Index>& free, Index slot) {
  free.push_back(slot);
}
template <class Index>
void release_slot(std::vector<Index>& free, Index slot) {
  if (free.size() < free.capacity()) [[likely]] {
    // Within capacity a push_back only constructs the element: no reallocation, no call.
    free.push_back(slot);
    return;
  }
  grow_free_list(free, slot);
}

}  // namespace sim
