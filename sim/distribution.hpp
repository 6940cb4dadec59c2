// Parametric distributions of durations and sizes, drawn with Boost.Random distributions (the std:: ones differ
// between standard libraries). A spec is plain data so scenarios, sweeps and the GUI can edit it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/rng.hpp"
#include "sim/time.hpp"

namespace sim {

struct DistributionSpec {
  enum class Kind { Fixed, Uniform, Exponential, LogNormal, Normal, Empirical };
  Kind kind = Kind::Fixed;
  // Fixed: a = value. Uniform: [a, b]. Exponential: a = mean. LogNormal: a = median, b = sigma of log.
  // Normal: a = mean, b = standard deviation (truncated at 0: negative draws become 0).
  // Empirical: `samples` (sorted, shared so copying a spec stays cheap), drawn by inverse CDF with linear
  // interpolation between order statistics (the quantile function Q(u) = x[floor(u(n-1))] + frac * gap).
  double a = 0.0;
  double b = 0.0;
  std::shared_ptr<const std::vector<double>> samples;

  static DistributionSpec fixed(double v) { return {Kind::Fixed, v, 0.0, nullptr}; }
  static DistributionSpec uniform(double lo, double hi) { return {Kind::Uniform, lo, hi, nullptr}; }
  static DistributionSpec exponential(double mean) { return {Kind::Exponential, mean, 0.0, nullptr}; }
  static DistributionSpec lognormal(double median, double sigma) { return {Kind::LogNormal, median, sigma, nullptr}; }
  static DistributionSpec normal(double mean, double sd) { return {Kind::Normal, mean, sd, nullptr}; }
  // Throws std::invalid_argument when `values` is empty or holds a negative or non-finite value.
  static DistributionSpec empirical(std::vector<double> values);

  [[nodiscard]] double mean() const;
  // The q-quantile (0 <= q < 1) of what sample() draws (for warnings against limits such as a function's timeout).
  [[nodiscard]] double quantile(double q) const;
  [[nodiscard]] std::string describe() const;
};

// Draws one value (in the spec's unit). Never negative.
double sample(const DistributionSpec& spec, RngEngine& rng);

// total + n draws, added one at a time in draw order: exactly what n calls of sample() added to total give. A
// lognormal computes log(median) once for the n draws instead of once per draw (a Lambda function's per-record
// duration is drawn once per record).
// Inline for n = 0, a direct invocation's per-record part: no call for nothing.
double add_drawn_samples(double total, const DistributionSpec& spec, std::size_t n, RngEngine& rng);
inline double add_samples(double total, const DistributionSpec& spec, std::size_t n, RngEngine& rng) {
  return n == 0 ? total : add_drawn_samples(total, spec, n, rng);
}

// Draws a duration whose spec is in milliseconds, rounded to whole microseconds.
Time sample_millis(const DistributionSpec& spec, RngEngine& rng);

// Whether sample() may draw from the engine (a fixed value never does).
[[nodiscard]] inline bool may_draw(const DistributionSpec& spec) {
  return spec.kind != DistributionSpec::Kind::Fixed;
}

// sample(spec, rng) as a callable that keeps its own copy of the spec: what sim::DrawAhead draws on its helper.
struct SampleOf {
  DistributionSpec spec;
  double operator()(RngEngine& rng) const { return sample(spec, rng); }
};

// Boost's unit exponential: exponential_distribution<double>(lambda) draws exactly this divided by lambda, so a
// Poisson process whose rate changes mid-run can draw its unit gaps ahead and divide by the rate in force.
struct UnitExponential {
  double operator()(RngEngine& rng) const;
};

}  // namespace sim
