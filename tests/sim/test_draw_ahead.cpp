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
constexpr std::size_t kMany = 3 * sim::DrawAhead<sim::SampleOf>::kLargestBlock + 12345;

TEST(DrawAhead, DrawsTheSameValuesInTheSameOrderWithOrWithoutTheHelper) {
  const std::vector<sim::DistributionSpec> specs = {
      sim::DistributionSpec::exponential(1991), sim::DistributionSpec::lognormal(120, 0.6),
      sim::DistributionSpec::normal(50, 20), sim::DistributionSpec::uniform(5, 9),
      sim::DistributionSpec::empirical({1, 2, 3, 5, 8, 13})};
  for (const auto& spec : specs) {
    const std::vector<double> want = direct(spec, kMany);
    for (const bool helped : {false, true}) {
      sim::HelperThread helper;
      sim::DrawAhead<sim::SampleOf> ahead(sim::make_stream(7, "draw-ahead/test", 0), sim::SampleOf{spec});
      if (helped) ahead.set_helper(&helper);
      for (std::size_t i = 0; i < kMany; ++i) {
        ASSERT_EQ(ahead.next(), want[i]) << spec.describe() << (helped ? " with" : " without") << " helper, draw " << i;
      }
    }
  }
}

TEST(DrawAhead, TheHelperMayComeAndGoMidStream) {
  const auto spec = sim::DistributionSpec::exponential(250);
  const std::vector<double> want = direct(spec, kMany);
  sim::HelperThread helper;
  sim::DrawAhead<sim::SampleOf> ahead(sim::make_stream(7, "draw-ahead/test", 0), sim::SampleOf{spec});
  for (std::size_t i = 0; i < kMany; ++i) {
    if (i % 10007 == 0) ahead.set_helper(i % 20014 == 0 ? &helper : nullptr);  // off with a block still being drawn
    ASSERT_EQ(ahead.next(), want[i]) << "draw " << i;
  }
}

TEST(DrawAhead, UnitExponentialsOverARateAreBoostsExponentialDraws) {
  // A Poisson process divides its unit gaps by the rate in force, which may change between draws.
  sim::RngEngine rng = sim::make_stream(3, "draw-ahead/poisson", 0);
  sim::HelperThread helper;
  sim::DrawAhead<sim::UnitExponential> gaps(sim::make_stream(3, "draw-ahead/poisson", 0), sim::UnitExponential{});
  gaps.set_helper(&helper);
  for (std::size_t i = 0; i < kMany; ++i) {
    const double rate = i < kMany / 2 ? 0.9 : 37.5;
    ASSERT_EQ(gaps.next() / rate, boost::random::exponential_distribution<double>(rate)(rng)) << "draw " << i;
  }
}

TEST(DrawAhead, AStreamDestroyedWhileItsNextBlockIsDrawnWaitsForIt) {
  // Run under the sanitizers: the helper must never write into a freed stream.
  sim::HelperThread helper;
  for (int i = 0; i < 50; ++i) {
    auto ahead = std::make_unique<sim::DrawAhead<sim::SampleOf>>(sim::make_stream(1, "draw-ahead/short", i),
                                                                 sim::SampleOf{sim::DistributionSpec::exponential(1)});
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
