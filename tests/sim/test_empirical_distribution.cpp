// Empirical distributions: inverse CDF with linear interpolation between order statistics. The mean and quantiles
// of many draws must fall within their statistical intervals around the values worked out from the samples.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/distribution.hpp"
#include "sim/rng.hpp"

namespace {

std::vector<double> draws(const sim::DistributionSpec& d, std::size_t n) {
  sim::RngEngine rng = sim::make_stream(7, "function:f/duration", 0);
  std::vector<double> x(n);
  for (double& v : x) v = sim::sample(d, rng);
  return x;
}

TEST(EmpiricalDistribution, QuantileFunctionInterpolatesBetweenOrderStatistics) {
  const auto d = sim::DistributionSpec::empirical({800, 100, 400, 200});  // unsorted on purpose
  EXPECT_DOUBLE_EQ(d.quantile(0.0), 100);
  EXPECT_DOUBLE_EQ(d.quantile(0.5), 300);             // position 1.5: halfway from 200 to 400
  EXPECT_DOUBLE_EQ(d.quantile(1.0 / 3.0), 200);       // position 1
  EXPECT_NEAR(d.quantile(0.999999), 799.9988, 1e-9);  // position 2.999997
  // Mean of the piecewise-linear quantile function: (100/2 + 200 + 400 + 800/2) / 3.
  EXPECT_DOUBLE_EQ(d.mean(), 350);
  EXPECT_DOUBLE_EQ(sim::DistributionSpec::empirical({42}).quantile(0.7), 42);
  EXPECT_THROW(sim::DistributionSpec::empirical({}), std::invalid_argument);
  EXPECT_THROW(sim::DistributionSpec::empirical({1, -2}), std::invalid_argument);
}

TEST(EmpiricalDistribution, DrawsHaveTheMeanAndQuantilesOfTheSamples) {
  const auto d = sim::DistributionSpec::empirical({100, 200, 400, 800});
  const std::size_t n = 200'000;
  std::vector<double> x = draws(d, n);
  // Mean within 4 standard errors. Variance of Q(U): E[Q^2] - mean^2, E[Q^2] over each segment (a^2 + ab + b^2)/3.
  const double e2 = ((100.0 * 100 + 100 * 200 + 200 * 200) + (200.0 * 200 + 200 * 400 + 400 * 400) +
                     (400.0 * 400 + 400 * 800 + 800 * 800)) /
                    9.0;
  const double sd = std::sqrt(e2 - 350.0 * 350.0);
  double mean = 0;
  for (const double v : x) mean += v / static_cast<double>(n);
  EXPECT_NEAR(mean, 350, 4 * sd / std::sqrt(static_cast<double>(n)));
  // Every quantile: the share of draws at or below Q(q) is q within the DKW band (alpha = 1e-6).
  const double eps = std::sqrt(std::log(2 / 1e-6) / (2.0 * static_cast<double>(n)));
  std::sort(x.begin(), x.end());
  for (const double q : {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99}) {
    const auto below = std::upper_bound(x.begin(), x.end(), d.quantile(q)) - x.begin();
    EXPECT_NEAR(static_cast<double>(below) / static_cast<double>(n), q, eps) << q;
  }
  EXPECT_GE(x.front(), 100);
  EXPECT_LE(x.back(), 800);
}

TEST(EmpiricalDistribution, OneUniformDrawPerSampleOnTheComponentsStream) {
  // An empirical field takes exactly one draw from its stream, like a uniform one: the next draw on the stream is
  // the same whichever of the two the field used.
  sim::RngEngine a = sim::make_stream(1, "function:f/duration", 0), b = a;
  (void)sim::sample(sim::DistributionSpec::empirical({1, 2, 3}), a);
  (void)sim::sample(sim::DistributionSpec::uniform(1, 3), b);
  EXPECT_EQ(a(), b());
}

TEST(DistributionQuantiles, ParametricKindsHaveClosedForms) {
  EXPECT_DOUBLE_EQ(sim::DistributionSpec::uniform(10, 20).quantile(0.99), 19.9);
  EXPECT_NEAR(sim::DistributionSpec::exponential(100).quantile(0.99), 100 * std::log(100.0), 1e-9);
  EXPECT_NEAR(sim::DistributionSpec::lognormal(50, 0.5).quantile(0.5), 50, 1e-9);
  EXPECT_NEAR(sim::DistributionSpec::lognormal(50, 0.5).quantile(0.99), 50 * std::exp(0.5 * 2.3263478740), 1e-6);
  EXPECT_NEAR(sim::DistributionSpec::normal(100, 10).quantile(0.99), 123.263478740, 1e-6);
}

}  // namespace
