// The one event type the engine schedules: a small plain struct, dispatched by target and kind (no allocation per
// event).
#pragma once

#include <cstdint>

#include "sim/time.hpp"

namespace sim {

// Index of a component registered with an Engine.
using TargetId = std::uint32_t;

struct Event {
  Time at;                 // when it fires
  std::uint64_t seq = 0;   // scheduling order: the stable tie-break among events at the same time
  TargetId target = 0;     // which component handles it
  std::uint32_t kind = 0;  // component-defined meaning
  std::uint64_t arg = 0;   // component-defined payload (a slot, a slot+generation pair, ...)
};

// Total order used by every pending-event set: time, then the sequence number given at scheduling.
// No pointer or hash order ever decides which of two simultaneous events runs first.
constexpr bool fires_before(const Event& a, const Event& b) {
  return a.at < b.at || (a.at == b.at && a.seq < b.seq);
}

// Packs a slot index and a generation counter into an event argument, for lazy cancellation:
// a component bumps the slot's generation to cancel, and ignores events whose generation is stale.
constexpr std::uint64_t pack_slot(std::uint32_t slot, std::uint32_t generation) {
  return (static_cast<std::uint64_t>(generation) << 32) | slot;
}
constexpr std::uint32_t slot_of(std::uint64_t arg) {
  return static_cast<std::uint32_t>(arg & 0xffffffffu);
}
constexpr std::uint32_t generation_of(std::uint64_t arg) {
  return static_cast<std::uint32_t>(arg >> 32);
}

}  // namespace sim
