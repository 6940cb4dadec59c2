// LogHistogram against exact order statistics: p50/p90/p99/p99.9 within 1 % relative error, memory independent of
// the number of samples, exact mean, merge equal to adding everything.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <vector>

#include "sim/log_histogram.hpp"
#include "sim/rng.hpp"

namespace {

std::int64_t exact_quantile(std::vector<std::int64_t> v, double q) {
  std::sort(v.begin(), v.end());
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
  rank = std::clamp<std::size_t>(rank, 1, v.size());
  return v[rank - 1];  // nearest-rank definition
}

void expect_within_one_percent(const std::vector<std::int64_t>& values, const char* what) {
  sim::LogHistogram h;
  for (const auto v : values) h.add(v);
  for (const double q : {0.5, 0.9, 0.99, 0.999}) {
    const auto exact = static_cast<double>(exact_quantile(values, q));
    const auto got = static_cast<double>(h.quantile(q));
    EXPECT_LE(std::fabs(got - exact), 0.01 * exact + 1e-9)
        << what << " q=" << q << " exact " << exact << " got " << got;
  }
}

TEST(LogHistogram, QuantilesWithinOnePercentForSeveralDistributions) {
  sim::RngEngine rng = sim::make_stream(3, "hist/test", 0);
  std::vector<std::int64_t> expo, logn, unif;
  for (int i = 0; i < 200000; ++i) {
    expo.push_back(static_cast<std::int64_t>(boost::random::exponential_distribution<double>(1e-5)(rng)));
    logn.push_back(static_cast<std::int64_t>(boost::random::lognormal_distribution<double>(10.0, 2.0)(rng)));
    unif.push_back(boost::random::uniform_int_distribution<std::int64_t>(0, 5'000'000'000LL)(rng));
  }
  expect_within_one_percent(expo, "exponential");
  expect_within_one_percent(logn, "lognormal");
  expect_within_one_percent(unif, "uniform");
}

TEST(LogHistogram, EdgeCases) {
  sim::LogHistogram empty;
  EXPECT_EQ(empty.quantile(0.5), 0);
  EXPECT_EQ(empty.count(), 0u);
  EXPECT_EQ(empty.mean(), 0.0);

  sim::LogHistogram one;
  one.add(123456789);
  EXPECT_EQ(one.quantile(0.0), 123456789);  // clamped to [min, max]: a single sample is exact
  EXPECT_EQ(one.quantile(0.999), 123456789);

  sim::LogHistogram zeros;
  zeros.add(0, 1000);
  EXPECT_EQ(zeros.quantile(0.99), 0);

  sim::LogHistogram negative;
  negative.add(-5);  // clamped to 0
  EXPECT_EQ(negative.min(), 0);

  sim::LogHistogram huge;
  const std::int64_t big = std::int64_t{1} << 62;
  huge.add(big);
  huge.add(big / 3);
  EXPECT_EQ(huge.max(), big);
  EXPECT_LE(std::fabs(static_cast<double>(huge.quantile(0.5)) - static_cast<double>(big / 3)),
            0.01 * static_cast<double>(big / 3));

  std::vector<std::int64_t> small = {5, 1, 9, 3, 7};
  expect_within_one_percent(small, "small n");  // values below 256 are exact
}

TEST(LogHistogram, MemoryIsIndependentOfSampleCount) {
  sim::LogHistogram a, b;
  for (int i = 0; i < 1000; ++i) a.add(i * 977);
  for (int i = 0; i < 1000000; ++i) b.add(i * 977);
  EXPECT_EQ(a.memory_bytes(), b.memory_bytes());
}

TEST(LogHistogram, MeanIsExactAndMergeEqualsAddingAll) {
  sim::LogHistogram all, left, right;
  std::int64_t sum = 0;
  for (std::int64_t i = 1; i <= 10001; ++i) {
    const std::int64_t v = i * i;
    sum += v;
    all.add(v);
    (i % 2 ? left : right).add(v);
  }
  EXPECT_DOUBLE_EQ(all.mean(), static_cast<double>(sum) / 10001.0);
  left.merge(right);
  EXPECT_EQ(left.count(), all.count());
  EXPECT_EQ(left.min(), all.min());
  EXPECT_EQ(left.max(), all.max());
  for (const double q : {0.1, 0.5, 0.9, 0.99}) EXPECT_EQ(left.quantile(q), all.quantile(q));
}

TEST(LogHistogram, AClearedHistogramIsAFreshOne) {
  // clear() zeroes only the buckets between the smallest and largest value: a bucket it missed would show in the
  // quantiles of what is added next, or in a merge into a histogram with smaller values.
  sim::LogHistogram reused;
  for (std::int64_t v : {std::int64_t{0}, std::int64_t{3}, std::int64_t{255}, std::int64_t{256}, std::int64_t{70'000},
                         std::int64_t{1} << 40})
    reused.add(v, 7);
  reused.clear();
  EXPECT_EQ(reused.count(), 0u);
  EXPECT_EQ(reused.quantile(0.5), 0);
  sim::LogHistogram fresh;
  for (std::int64_t i = 1; i <= 5000; ++i) {
    reused.add(1000 + i * 13);
    fresh.add(1000 + i * 13);
  }
  sim::LogHistogram into_reused, into_fresh;
  into_reused.add(1);
  into_fresh.add(1);
  into_reused.merge(reused);
  into_fresh.merge(fresh);
  for (int i = 0; i <= 1000; ++i) {
    const double q = i / 1000.0;
    ASSERT_EQ(reused.quantile(q), fresh.quantile(q)) << q;
    ASSERT_EQ(into_reused.quantile(q), into_fresh.quantile(q)) << q;
  }
  // Against the exact nearest-rank value (the values are 1,013 .. 66,000 in steps of 13): quantile scans from whichever
  // end is nearer, and both ends must land in the bucket of the same rank.
  for (int i = 0; i <= 1000; ++i) {
    const double q = i / 1000.0;
    const auto rank = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::ceil(q * 5000.0)), 1, 5000);
    const std::int64_t exact = 1000 + rank * 13;
    ASSERT_LE(std::abs(fresh.quantile(q) - exact), exact / 256 + 1) << q;
  }
  EXPECT_EQ(reused.min(), fresh.min());
  EXPECT_EQ(reused.max(), fresh.max());
  EXPECT_DOUBLE_EQ(reused.mean(), fresh.mean());
}

TEST(LogHistogram, AnEmptySideOfAMergeGivesNoExtremes) {
  // An empty histogram keeps the largest and smallest int64 as its extremes, so that the first value replaces them
  // without a test: they must never show, whichever side of a merge or a clear it is on.
  sim::LogHistogram empty;
  EXPECT_EQ(empty.min(), 0);
  EXPECT_EQ(empty.max(), 0);
  sim::LogHistogram some;
  some.add(500);
  some.add(70'000);
  sim::LogHistogram into_empty;
  into_empty.merge(some);
  EXPECT_EQ(into_empty.min(), 500);
  EXPECT_EQ(into_empty.max(), 70'000);
  some.merge(empty);
  EXPECT_EQ(some.min(), 500);
  EXPECT_EQ(some.max(), 70'000);
  sim::LogHistogram both_empty;
  both_empty.merge(empty);
  EXPECT_EQ(both_empty.count(), 0u);
  EXPECT_EQ(both_empty.min(), 0);
  EXPECT_EQ(both_empty.max(), 0);
  some.clear();
  some.add(1'000'000);
  EXPECT_EQ(some.min(), 1'000'000);
  EXPECT_EQ(some.max(), 1'000'000);
  EXPECT_EQ(some.quantile(0.0), 1'000'000);
  sim::LogHistogram zero;
  zero.add(0);
  EXPECT_EQ(zero.min(), 0);
  EXPECT_EQ(zero.max(), 0);
}

}  // namespace

// A run-and-period histogram adds each value once, to the period, and folds the period into the run when it rolls: the
// run's histogram must equal one that saw every value, and the period's one that saw the period's values only, also
// across empty periods and before the first roll.
TEST(RunAndPeriodHistogram, RunEqualsAddingEverythingAndPeriodOnlyItsOwn) {
  sim::RunAndPeriodHistogram both;
  sim::LogHistogram everything;
  sim::RngEngine rng = sim::make_stream(3, "histogram/periods", 0);
  const auto expect_same = [](const sim::LogHistogram& got, const sim::LogHistogram& want) {
    EXPECT_EQ(got.count(), want.count());
    EXPECT_EQ(got.min(), want.min());
    EXPECT_EQ(got.max(), want.max());
    EXPECT_DOUBLE_EQ(got.mean(), want.mean());
    for (int i = 0; i <= 100; ++i) EXPECT_EQ(got.quantile(i / 100.0), want.quantile(i / 100.0)) << i;
  };
  // Periods of every size: empty, a few values (the period lists its buckets), and thousands (more buckets than it
  // lists: the fold passes over its range instead).
  constexpr std::array<int, 8> kSizes = {0, 1, 2, 7, 60, 3301, 1, 900};
  for (int period = 0; period < 24; ++period) {
    sim::LogHistogram this_period;
    const int n = kSizes[static_cast<std::size_t>(period) % kSizes.size()];
    for (int i = 0; i < n; ++i) {
      const auto v = static_cast<std::int64_t>(boost::random::exponential_distribution<double>(1e-5)(rng));
      both.add(v);
      everything.add(v);
      this_period.add(v);
    }
    expect_same(both.period(), this_period);
    expect_same(both.run(), everything);
    both.roll_period();
    EXPECT_EQ(both.period().count(), 0u);
    expect_same(both.run(), everything);
  }
}
