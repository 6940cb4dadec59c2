// reports::append_fixed_decimal against std::to_chars(chars_format::fixed) byte for byte: random values at every
// scale, exact halves and their neighbours (where the integer path must hand over to to_chars), signs, zeros, and
// values that are not finite (written as 0).
#include <gtest/gtest.h>

#include <boost/random/uniform_real_distribution.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "reports/fixed_decimal.hpp"

namespace {

std::string reference(double v, int decimals) {
  if (!std::isfinite(v)) v = 0;
  char buf[400];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  return {buf, r.ptr};
}

std::string fast(double v, int decimals) {
  std::string s = "x";  // appends, keeping what was there
  reports::append_fixed_decimal(s, v, decimals);
  return s.substr(1);
}

TEST(FixedDecimal, WritesWhatToCharsWrites) {
  std::mt19937_64 rng(17);
  boost::random::uniform_real_distribution<double> unit(0.0, 1.0);  // Boost: the same values on every library
  std::vector<double> values = {0.0,
                                -0.0,
                                0.05,
                                0.15,
                                0.25,
                                0.35,
                                1.5,
                                2.5,
                                -0.04,
                                -0.05,
                                -2.5,
                                640.0,
                                99.95,
                                1e-9,
                                1e9,
                                2.5e8,
                                214748.36,
                                2147483647.5,
                                4e9,
                                1e300,
                                5e-324,
                                std::numeric_limits<double>::quiet_NaN(),
                                std::numeric_limits<double>::infinity(),
                                -std::numeric_limits<double>::infinity()};
  for (int i = 0; i < 200'000; ++i) {
    values.push_back((unit(rng) - 0.5) * 2000.0);               // chart coordinates and their kind
    values.push_back(std::pow(10.0, unit(rng) * 20.0 - 10.0));  // every scale
    values.push_back(std::round(unit(rng) * 1e6) / 1000.0);     // short decimals
  }
  // Exact and near halves at every number of decimals: the scaled value sits on or next to a half.
  for (int d = 0; d <= 4; ++d) {
    for (int k = 0; k < 20'000; ++k) {
      const double half = (static_cast<double>(k) + 0.5) / std::pow(10.0, d);
      values.push_back(half);
      values.push_back(std::nextafter(half, 0.0));
      values.push_back(std::nextafter(half, 1e300));
      values.push_back(-half);
    }
  }
  std::uint64_t mismatches = 0;
  for (const double v : values) {
    for (int d = 0; d <= 6; ++d) {
      if (fast(v, d) != reference(v, d)) {
        if (++mismatches < 10)
          ADD_FAILURE() << v << " with " << d << " decimals: " << fast(v, d) << " against " << reference(v, d);
      }
    }
  }
  EXPECT_EQ(mismatches, 0u);
}

}  // namespace
