// Golden values: a fixed seed gives fixed first draws. If Boost, the compiler or the platform changes what a stream
// draws, these fail, and with them every fingerprint of every scenario: that is the point.
#include <gtest/gtest.h>

#include <bit>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <cstdint>

#include "sim/distribution.hpp"
#include "sim/rng.hpp"

namespace {

TEST(Rng, SeedRuleIsStable) {
  // stream_seed = splitmix64(splitmix64(splitmix64(seed) ^ fnv1a64(name)) ^ replication), see sim/rng.hpp.
  EXPECT_EQ(sim::fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(sim::fnv1a64("a"), 0xaf63dc4c8601ec8cULL);   // published FNV-1a 64 test vector
  EXPECT_EQ(sim::splitmix64(0), 0xe220a8397b1dcdafULL);  // SplitMix64's first output from state 0
  EXPECT_NE(sim::stream_seed(1, "producer:a/arrivals", 0), sim::stream_seed(1, "producer:b/arrivals", 0));
  EXPECT_NE(sim::stream_seed(1, "producer:a/arrivals", 0), sim::stream_seed(1, "producer:a/arrivals", 1));
  EXPECT_NE(sim::stream_seed(1, "producer:a/arrivals", 0), sim::stream_seed(2, "producer:a/arrivals", 0));
}

TEST(Rng, GoldenFirstDraws) {
  sim::RngEngine rng = sim::make_stream(42, "golden/test", 0);
  EXPECT_EQ(sim::stream_seed(42, "golden/test", 0), 0x78900e552a8b4451ULL);
  const std::uint64_t raw = rng();
  EXPECT_EQ(raw, 0x5296f0df900e96e5ULL);
  boost::random::uniform_int_distribution<int> dice(1, 6);
  int d = 0;
  for (int i = 0; i < 5; ++i) d = d * 10 + dice(rng);
  EXPECT_EQ(d, 16122);
  const double e = boost::random::exponential_distribution<double>(1.0)(rng);
  EXPECT_NEAR(e, 0.50311835496686352, 1e-12);
  const double ln = sim::sample(sim::DistributionSpec::lognormal(50.0, 0.05), rng);
  EXPECT_NEAR(ln, 48.191916538681646, 1e-9);
}

TEST(Rng, StreamsAreIndependentOfEachOther) {
  // Adding a component (a new stream) must not change what an existing stream draws.
  sim::RngEngine a1 = sim::make_stream(7, "function:f/duration", 0);
  const auto first = a1();
  sim::RngEngine other = sim::make_stream(7, "producer:new/arrivals", 0);
  (void)other();
  sim::RngEngine a2 = sim::make_stream(7, "function:f/duration", 0);
  EXPECT_EQ(a2(), first);
}

TEST(Distribution, MeansAreRight) {
  sim::RngEngine rng = sim::make_stream(1, "dist/means", 0);
  const sim::DistributionSpec specs[] = {sim::DistributionSpec::exponential(10.0), sim::DistributionSpec::uniform(2, 4),
                                         sim::DistributionSpec::lognormal(5.0, 0.5), sim::DistributionSpec::fixed(3.0)};
  for (const auto& s : specs) {
    const int n = 200000;
    double sum = 0, sum2 = 0;
    for (int i = 0; i < n; ++i) {
      const double v = sim::sample(s, rng);
      sum += v;
      sum2 += v * v;
    }
    const double mean = sum / n;
    const double sd = std::sqrt(std::max(0.0, sum2 / n - mean * mean));
    // 5 standard errors: a false alarm about once in 3.5 million runs.
    EXPECT_NEAR(mean, s.mean(), 5 * sd / std::sqrt(double(n)) + 1e-12) << s.describe();
  }
}

// add_samples stands for n calls of sample() added one by one: the same doubles bit for bit, and the stream left in the
// same state, for every kind (the lognormal has its own loop), including the edge specs sample() treats apart.
TEST(Distribution, AddSamplesIsSampleAddedInDrawOrder) {
  const sim::DistributionSpec specs[] = {
      sim::DistributionSpec::lognormal(2.0, 0.3), sim::DistributionSpec::lognormal(2.0, 0.0),
      sim::DistributionSpec::lognormal(0.0, 0.3), sim::DistributionSpec::exponential(1.5),
      sim::DistributionSpec::normal(1.0, 2.0),    sim::DistributionSpec::uniform(1.0, 3.0),
      sim::DistributionSpec::fixed(4.0),          sim::DistributionSpec::empirical({1.0, 2.0, 7.0})};
  for (const auto& s : specs) {
    for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{10}, std::size_t{1000}}) {
      sim::RngEngine one_by_one = sim::make_stream(7, "dist/add", n);
      sim::RngEngine together = one_by_one;
      double expected = 0.25;
      for (std::size_t i = 0; i < n; ++i) expected += sim::sample(s, one_by_one);
      const double got = sim::add_samples(0.25, s, n, together);
      EXPECT_EQ(std::bit_cast<std::uint64_t>(got), std::bit_cast<std::uint64_t>(expected))
          << s.describe() << " n=" << n;
      EXPECT_TRUE(together == one_by_one) << s.describe() << " n=" << n;
    }
  }
}

}  // namespace
