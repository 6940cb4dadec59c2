// Slots for a component's live entries (messages, requests, execution environments), kept in one or more parallel
// vectors so an entry's index stays valid while it lives and a steady state allocates nothing: a new entry takes the
// most recently freed slot, or a new one at the end. One home for that choice, so every pool reuses slots in the
// same (last freed, first reused) order.
#pragma once

#include <cstddef>
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

// The free slots of a pool, the last freed on top. Not a std::vector used as a stack: its push_back brings the
// vector's reallocation into every function that frees a slot, and GCC kept that code inline even behind a capacity
// check, so freeing one request cost a call and six saved registers (25 instructions for one store). Here the
// storage only grows, out of line, and a push within it is a store and an increment.
template <class Index>
class FreeSlots {
 public:
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] std::size_t size() const { return size_; }
  // Slots it holds without growing.
  [[nodiscard]] std::size_t capacity() const { return ids_.size(); }
  // Precondition: !empty().
  Index pop() { return ids_[--size_]; }
  void push(Index id) {
    if (size_ == ids_.size()) [[unlikely]]
      grow();
    ids_[size_++] = id;
  }

 private:
  [[gnu::noinline]] void grow() { ids_.resize(ids_.empty() ? 16 : 2 * ids_.size()); }
  std::vector<Index> ids_;
  std::size_t size_ = 0;
};

// The slot for a new entry: the last one pushed onto `free`, whose old contents are left for the caller to overwrite,
// or else a new slot at the end of `slots` and of each of `more` (vectors kept parallel to it).
template <class Index, class Slot, class... More>
Index take_slot(FreeSlots<Index>& free, std::vector<Slot>& slots, std::vector<More>&... more) {
  if (!free.empty()) [[likely]]
    return free.pop();
  return append_slot<Index>(slots, more...);
}

// Frees `slot` for take_slot.
template <class Index>
void release_slot(FreeSlots<Index>& free, Index slot) {
  free.push(slot);
}

}  // namespace sim
