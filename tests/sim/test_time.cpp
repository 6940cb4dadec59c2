// sim::round_to_int64 stands in for std::llround wherever a drawn delay becomes whole microseconds: any difference
// would move an event by a microsecond and change a run's outputs, so it must agree everywhere, halves included.
#include <gtest/gtest.h>

#include <boost/random/exponential_distribution.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>

#include "sim/time.hpp"

namespace {

TEST(RoundToInt64, AgreesWithLlroundOnHalvesNeighboursAndBoundaries) {
  for (double x : {0.0,
                   -0.0,
                   0.5,
                   -0.5,
                   1.5,
                   -1.5,
                   2.5,
                   -2.5,
                   0.49999999999999994,
                   -0.49999999999999994,
                   0.5000000000000001,
                   4503599627370495.5,
                   -4503599627370495.5,
                   4503599627370497.0,
                   9007199254740993.0,
                   0x1p62 - 1024.0,
                   -0x1p62 + 1024.0,
                   0x1p62,
                   -0x1p62,
                   1e300,
                   -1e300}) {
    EXPECT_EQ(sim::round_to_int64(x), std::llround(x)) << x;
    EXPECT_EQ(sim::round_to_int64(std::nextafter(x, 0.0)), std::llround(std::nextafter(x, 0.0))) << x;
    EXPECT_EQ(sim::round_to_int64(std::nextafter(x, 1e308)), std::llround(std::nextafter(x, 1e308))) << x;
  }
  for (std::int64_t k = -2000; k <= 2000; ++k) {  // every half and quarter in a range, and microsecond-sized values
    const double half = static_cast<double>(k) + 0.5, quarter = static_cast<double>(k) / 4.0;
    EXPECT_EQ(sim::round_to_int64(half), std::llround(half)) << half;
    EXPECT_EQ(sim::round_to_int64(quarter), std::llround(quarter)) << quarter;
    EXPECT_EQ(sim::round_to_int64(static_cast<double>(k) * 0.1 * 1e6),
              std::llround(static_cast<double>(k) * 0.1 * 1e6));
  }
}

TEST(RoundToInt64, AgreesWithLlroundOnRandomBitPatterns) {
  std::mt19937_64 rng(20261201);
  std::uint64_t checked = 0;
  for (int i = 0; i < 2'000'000; ++i) {
    const std::uint64_t bits = rng();
    double x;
    std::memcpy(&x, &bits, sizeof x);
    if (!std::isfinite(x) || std::fabs(x) >= 0x1p62) continue;  // llround's result there is unspecified
    ASSERT_EQ(sim::round_to_int64(x), std::llround(x)) << x;
    ++checked;
  }
  // Delays as the model forms them: a draw in seconds times 1e6.
  boost::random::exponential_distribution<double> delay(0.5);
  for (int i = 0; i < 1'000'000; ++i) {
    const double us = delay(rng) * 1e6;
    ASSERT_EQ(sim::round_to_int64(us), std::llround(us)) << us;
  }
  EXPECT_GT(checked, 1'000'000u);
}

}  // namespace
