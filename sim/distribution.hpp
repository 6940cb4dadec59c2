// Parametric distributions of durations and sizes, drawn with Boost.Random distributions (the std:: ones differ
// between standard libraries). A spec is plain data so scenarios, sweeps and the GUI can edit it.
#pragma once

#include <cstdint>
#include <string>

#include "sim/rng.hpp"
#include "sim/time.hpp"

namespace sim {

struct DistributionSpec {
  enum class Kind { Fixed, Uniform, Exponential, LogNormal, Normal };
  Kind kind = Kind::Fixed;
  // Fixed: a = value. Uniform: [a, b]. Exponential: a = mean. LogNormal: a = median, b = sigma of log.
  // Normal: a = mean, b = standard deviation (truncated at 0: negative draws become 0).
  double a = 0.0;
  double b = 0.0;

  static DistributionSpec fixed(double v) { return {Kind::Fixed, v, 0.0}; }
  static DistributionSpec uniform(double lo, double hi) { return {Kind::Uniform, lo, hi}; }
  static DistributionSpec exponential(double mean) { return {Kind::Exponential, mean, 0.0}; }
  static DistributionSpec lognormal(double median, double sigma) { return {Kind::LogNormal, median, sigma}; }
  static DistributionSpec normal(double mean, double sd) { return {Kind::Normal, mean, sd}; }

  [[nodiscard]] double mean() const;
  [[nodiscard]] std::string describe() const;
};

// Draws one value (in the spec's unit). Never negative.
double sample(const DistributionSpec& spec, RngEngine& rng);

// Draws a duration whose spec is in milliseconds, rounded to whole microseconds.
Time sample_millis(const DistributionSpec& spec, RngEngine& rng);

}  // namespace sim
