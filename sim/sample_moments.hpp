// Small-sample statistics of replications or fitted values: the mean, the unbiased sample variance and Student's t
// quantile for a two-sided 95 % interval (Boost.Math). One home for what calibrate, compare and sweep report.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>

namespace sim {

struct SampleMoments {
  std::size_t n = 0;    // values counted (NaN values are skipped)
  double mean = 0;      // sum / n (0 when n == 0)
  double variance = 0;  // sum of squared deviations / (n - 1) (0 when n < 2)
  [[nodiscard]] double sd() const { return std::sqrt(variance); }
};

SampleMoments sample_moments(std::span<const double> values);

// The 0.975 quantile of Student's t with `degrees_of_freedom` (> 0): the half-width factor of a 95 % interval.
double student_t_975(double degrees_of_freedom);

// Welch's 95 % interval for mean(b) - mean(a): unequal variances, Welch-Satterthwaite degrees of freedom. Needs two
// values or more on each side; with no spread on either side the interval is the difference itself.
struct DifferenceInterval {
  double low = 0;
  double high = 0;
};
DifferenceInterval welch_95(const SampleMoments& a, const SampleMoments& b);

}  // namespace sim
