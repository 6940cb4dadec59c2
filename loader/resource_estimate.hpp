// How much memory a run will need at its peak, estimated from the scenario before it starts, so that `validate` and
// `run` refuse a scenario that cannot fit (with the estimate) instead of growing until the allocator fails. The model
// is a fluid one: each queue fills at its producers' rate and drains at its event source mappings' capacity; the
// per-message cost is measured (bench_queue_backlog). An estimate, on the safe side where a bound is unknowable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/spec.hpp"

namespace scenarios {

// Measured: a queued message (its record, body and index entries) costs about 330 bytes.
inline constexpr std::uint64_t kBytesPerQueuedMessage = 330;

struct ResourceEstimate {
  struct Part {
    std::string what;  // "queue q: up to 990,000,000 messages held at once"
    double bytes = 0;
  };
  std::vector<Part> parts;  // largest first
  double bytes = 0;         // the sum (a double: hostile scenarios overflow 64 bits)
  // "12.3 GB (queue q: up to ... × 330 B = 327 GB; ...)".
  [[nodiscard]] std::string explain() const;
};

ResourceEstimate estimate_peak_memory(const model::ScenarioSpec& spec);

// What the machine can give: /proc/meminfo's MemAvailable, lowered by a cgroup memory limit. nullopt if unknown.
std::optional<std::uint64_t> available_memory_bytes();

// "512M", "4G", "1.5GB", "1000000" (bytes); nullopt when not a size.
std::optional<std::uint64_t> parse_byte_size(std::string_view text);

// "1.5 GB".
std::string byte_size_text(double bytes);

}  // namespace scenarios
