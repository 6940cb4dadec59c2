#include "sim/draw_ahead.hpp"

#include <gtest/gtest.h>

#include <boost/random/exponential_distribution.hpp>
#include <memory>
#include <vector>

#include "sim/distribution.hpp"
#include "sim/helper_thread.hpp"

namespace {

// What the stream draws when each value is drawn at the moment it is needed.
std::vector<double> direct(const sim::DistributionSpec& spec, std::size_t n) {
  sim::RngEngine rng = sim::make_stream(7, "draw-ahead/test", 0);
  std::vector<double> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back(sim::sample(spec, rng));
  return v;
}

// Past several blocks, the largest included: every block boundary is crossed.
constexpr std::size_t kMany = 3 * sim::kDrawAheadLargestBlock + 12345;

// A derive as the model's are: a draw and one parameter that changes rarely.
struct Scaled {
  using Param = double;
  using Value = double;
  double operator()(double draw, double k) const { return draw * k; }
};
// What a Poisson process derives from a unit draw: the gap at the rate in force.
struct OverRate {
  using Param = double;
  using Value = double;
  double operator()(double unit, double rate) const { return unit / rate; }
};

TEST(DrawAhead, DrawsTheSameValuesInTheSameOrderWithOrWithoutTheHelper) {
  const std::vector<sim::DistributionSpec> specs = {
      sim::DistributionSpec::exponential(1991), sim::DistributionSpec::lognormal(120, 0.6),
      sim::DistributionSpec::normal(50, 20), sim::DistributionSpec::uniform(5, 9),
      sim::DistributionSpec::empirical({1, 2, 3, 5, 8, 13})};
  for (const auto& spec : specs) {
    const std::vector<double> want = direct(spec, kMany);
    for (const bool helped : {false, true}) {
      sim::HelperThread helper;
      sim::DrawAhead<sim::SampleOf, Scaled> ahead(sim::make_stream(7, "draw-ahead/test", 0), sim::SampleOf{spec},
                                                  Scaled{}, 3.0);
      if (helped) ahead.set_helper(&helper);
      for (std::size_t i = 0; i < kMany; ++i) {
        const auto drawn = ahead.next();
        ASSERT_EQ(drawn.draw, want[i]) << spec.describe() << (helped ? " with" : " without") << " helper, draw " << i;
        ASSERT_EQ(drawn.value, want[i] * 3.0) << spec.describe() << ", draw " << i;
      }
    }
  }
}

TEST(DrawAhead, TheHelperMayComeAndGoMidStream) {
  const auto spec = sim::DistributionSpec::exponential(250);
  const std::vector<double> want = direct(spec, kMany);
  sim::HelperThread helper;
  sim::DrawAhead<sim::SampleOf, Scaled> ahead(sim::make_stream(7, "draw-ahead/test", 0), sim::SampleOf{spec}, Scaled{},
                                              1.0);
  for (std::size_t i = 0; i < kMany; ++i) {
    if (i % 10007 == 0) ahead.set_helper(i % 20014 == 0 ? &helper : nullptr);  // off with a block still being drawn
    ASSERT_EQ(ahead.next().draw, want[i]) << "draw " << i;
  }
}

TEST(DrawAhead, UnitExponentialsOverARateAreBoostsExponentialDraws) {
  // A Poisson process divides its unit gaps by the rate in force, which may change between draws.
  sim::RngEngine rng = sim::make_stream(3, "draw-ahead/poisson", 0);
  sim::HelperThread helper;
  sim::DrawAhead<sim::UnitExponential, OverRate> gaps(sim::make_stream(3, "draw-ahead/poisson", 0),
                                                      sim::UnitExponential{}, OverRate{}, 0.9);
  gaps.set_helper(&helper);
  for (std::size_t i = 0; i < kMany; ++i) {
    const double rate = i < kMany / 2 ? 0.9 : 37.5;
    if (i == kMany / 2) gaps.set_param(rate);
    const auto drawn = gaps.next();
    const double want = boost::random::exponential_distribution<double>(rate)(rng);
    ASSERT_EQ(drawn.value, want) << "draw " << i;
    ASSERT_EQ(drawn.draw / rate, want) << "draw " << i;
  }
}

// The parameter changes at any point: mid-block, at a block's boundary, while the next block is being drawn with the
// old one, twice within one block and back again. Every value is the one derived from its draw with the parameter in
// force when it is taken, with the helper or without it.
TEST(DrawAhead, ValuesFollowTheParameterInForceWhenTheyAreTaken) {
  const auto spec = sim::DistributionSpec::lognormal(120, 0.6);
  const std::vector<double> want = direct(spec, kMany);
  const std::vector<std::size_t> changes = {1,     63,    64,    65,    300,   301,   319,   320,      1343,
                                            1344,  5000,  5001,  5002,  21823, 21824, 21825, 38207,    38208,
                                            40000, 54591, 54592, 54593, 54594, 60001, 60002, kMany - 1};
  for (const bool helped : {false, true}) {
    sim::HelperThread helper;
    sim::DrawAhead<sim::SampleOf, Scaled> ahead(sim::make_stream(7, "draw-ahead/test", 0), sim::SampleOf{spec},
                                                Scaled{}, 1.0);
    if (helped) ahead.set_helper(&helper);
    double k = 1.0;
    std::size_t c = 0;
    for (std::size_t i = 0; i < kMany; ++i) {
      if (c < changes.size() && changes[c] == i) {
        k = c % 3 == 2 ? 1.0 : 1.0 + static_cast<double>(c) * 0.37;  // sometimes back to an earlier value
        ahead.set_param(k);
        ++c;
      }
      const auto drawn = ahead.next();
      ASSERT_EQ(drawn.draw, want[i]) << (helped ? "with" : "without") << " helper, draw " << i;
      ASSERT_EQ(drawn.value, want[i] * k) << (helped ? "with" : "without") << " helper, draw " << i << ", k " << k;
    }
    EXPECT_EQ(c, changes.size());
  }
}

TEST(DrawAhead, AStreamDestroyedWhileItsNextBlockIsDrawnWaitsForIt) {
  // Run under the sanitizers: the helper must never write into a freed stream.
  sim::HelperThread helper;
  for (int i = 0; i < 50; ++i) {
    auto ahead = std::make_unique<sim::DrawAhead<sim::SampleOf, Scaled>>(
        sim::make_stream(1, "draw-ahead/short", i), sim::SampleOf{sim::DistributionSpec::exponential(1)}, Scaled{},
        1.0);
    ahead->set_helper(&helper);
    for (int k = 0; k < 65 + i * 300; ++k) ahead->next();  // past the first block: the second is being drawn
  }
}

TEST(HelperThread, RunsJobsInTheOrderHandedOverAndEachBeforeItsFutureIsReady) {
  sim::HelperThread helper;
  std::vector<int> order;
  std::vector<std::future<void>> done;
  for (int i = 0; i < 100; ++i) done.push_back(helper.run([&order, i] { order.push_back(i); }));
  done.back().wait();
  ASSERT_EQ(order.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(order[static_cast<std::size_t>(i)], i);
}

TEST(HelperThread, RunsEveryJobHandedOverBeforeItStops) {
  int ran = 0;
  {
    sim::HelperThread helper;
    for (int i = 0; i < 1000; ++i) helper.run([&ran] { ++ran; });
  }
  EXPECT_EQ(ran, 1000);
}

}  // namespace
