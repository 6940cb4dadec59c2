// Slots for a component's live entries (messages, requests, execution environments), kept in one or more parallel
// vectors so an entry's index stays valid while it lives and a steady state allocates nothing: a new entry takes the
// most recently freed slot, or a new one at the end. One home for that choice, so every pool reuses slots in the
// same (last freed, first reused) order.
#pragma once

#include <cstdint>
#include <vector>

namespace sim {

// The slot for a new entry: the last one pushed onto `free`, whose old contents are left for the caller to overwrite,
// or else a new slot default-constructed at the end of `slots` and of each of `more` (vectors kept parallel to it).
template <class Index, class Slot, class... More>
Index take_slot(std::vector<Index>& free, std::vector<Slot>& slots, std::vector<More>&... more) {
  if (!free.empty()) {
    const Index slot = free.back();
    free.pop_back();
    return slot;
  }
  const auto slot = static_cast<Index>(slots.size());
  slots.emplace_back();
  (more.emplace_back(), ...);
  return slot;
}

}  // namespace sim
