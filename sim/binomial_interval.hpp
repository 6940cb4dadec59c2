// A proportion with its exact (Clopper-Pearson) confidence interval, from Boost.Math: for cold-start probabilities
// measured or simulated as k cold starts out of n invocations.
#pragma once

#include <cstdint>

namespace sim {

struct Proportion {
  std::uint64_t successes = 0;
  std::uint64_t trials = 0;
  double value = 0.0;  // successes / trials (0 when there are no trials)
  double low = 0.0;    // the interval's bounds; [0, 1] when there are no trials
  double high = 1.0;
};

// Clopper-Pearson interval at `confidence` (0.95 by default): never narrower than the nominal level.
Proportion binomial_interval(std::uint64_t successes, std::uint64_t trials, double confidence = 0.95);

}  // namespace sim
