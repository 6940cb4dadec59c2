// Random-number streams: one independent Boost.Random engine per (component, purpose), seeded by a documented rule,
// so adding a component never changes what another one draws, and every platform draws the same numbers.
#pragma once

#include <boost/random/mersenne_twister.hpp>
#include <cstdint>
#include <string_view>

namespace sim {

// FNV-1a, 64-bit: a stable hash of a component's name (std::hash is not stable across standard libraries).
constexpr std::uint64_t fnv1a64(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : s) {
    h ^= static_cast<std::uint8_t>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// SplitMix64's finaliser: spreads nearby inputs (seed 1, seed 2, ...) to unrelated engine seeds.
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The seeding rule (documented in docs/determinism.md):
//   stream_seed = splitmix64( splitmix64( splitmix64(scenario_seed) ^ fnv1a64(stream_name) ) ^ replication )
// stream_name is "<component name>/<purpose>", e.g. "orders/arrivals" or "order-processor/cold-start".
constexpr std::uint64_t stream_seed(std::uint64_t scenario_seed, std::string_view stream_name,
                                    std::uint64_t replication) {
  return splitmix64(splitmix64(splitmix64(scenario_seed) ^ fnv1a64(stream_name)) ^ replication);
}

// The engine behind every stream: Boost's mt19937_64 (identical output on every platform and standard library).
using RngEngine = boost::random::mt19937_64;

inline RngEngine make_stream(std::uint64_t scenario_seed, std::string_view stream_name, std::uint64_t replication) {
  return RngEngine(stream_seed(scenario_seed, stream_name, replication));
}

}  // namespace sim
