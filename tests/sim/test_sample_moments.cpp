#include "sim/sample_moments.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace {

TEST(SampleMoments, MeanAndUnbiasedVarianceSkippingNaN) {
  const std::vector<double> x{2, 4, 4, 4, 5, 5, 7, 9, std::numeric_limits<double>::quiet_NaN()};
  const sim::SampleMoments m = sim::sample_moments(x);
  EXPECT_EQ(m.n, 8U);
  EXPECT_DOUBLE_EQ(m.mean, 5.0);
  EXPECT_DOUBLE_EQ(m.variance, 32.0 / 7.0);  // squared deviations 32 over n - 1
  EXPECT_EQ(sim::sample_moments(std::vector<double>{3}).variance, 0.0);
  EXPECT_EQ(sim::sample_moments(std::vector<double>{}).mean, 0.0);
}

TEST(SampleMoments, StudentTQuantileMatchesTables) {
  // t(0.975) for 1, 9 and 29 degrees of freedom: 12.706, 2.262, 2.045 (any statistics table); large df tends to 1.960.
  EXPECT_NEAR(sim::student_t_975(1), 12.706, 5e-4);
  EXPECT_NEAR(sim::student_t_975(9), 2.262, 5e-4);
  EXPECT_NEAR(sim::student_t_975(29), 2.045, 5e-4);
  EXPECT_NEAR(sim::student_t_975(1e6), 1.960, 5e-4);
}

TEST(SampleMoments, WelchIntervalOfTheDifference) {
  // Equal sizes and variances: Welch's df is 2(n - 1) = 18 and the interval is d -/+ t(18) sqrt(2 s^2 / n).
  std::vector<double> a, b;
  for (int i = 0; i < 10; ++i) {
    a.push_back(i);
    b.push_back(i + 3.0);
  }
  const sim::SampleMoments ma = sim::sample_moments(a), mb = sim::sample_moments(b);
  const sim::DifferenceInterval ci = sim::welch_95(ma, mb);
  const double half = 2.100922 * std::sqrt(2 * ma.variance / 10);
  EXPECT_NEAR(ci.low, 3.0 - half, 1e-5);
  EXPECT_NEAR(ci.high, 3.0 + half, 1e-5);
  // No spread on either side: the difference itself.
  const sim::DifferenceInterval flat =
      sim::welch_95(sim::sample_moments(std::vector<double>{1, 1}), sim::sample_moments(std::vector<double>{4, 4}));
  EXPECT_EQ(flat.low, 3.0);
  EXPECT_EQ(flat.high, 3.0);
}

}  // namespace
