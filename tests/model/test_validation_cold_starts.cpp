// Validation against theory: with Poisson arrivals at rate lambda, one environment, a fixed keep-alive T and
// invocations much shorter than the gaps, an arrival finds the environment reclaimed exactly when the gap since the
// previous invocation exceeds T: P(cold) = exp(-lambda T). Gaps are independent, so the cold-start count is binomial
// and the tolerance comes from its standard deviation, not from tuning.
#include <gtest/gtest.h>

#include <cmath>

#include "model/simulation.hpp"
#include "test_support.hpp"

namespace {

double cold_fraction(double rate, double keep_alive_s, std::uint64_t n, std::uint64_t seed) {
  auto s = testing_support::basic_pipeline("always-succeed", 5, sim::seconds(30), n);
  s.producers[0].arrival.kind = model::ArrivalSpec::Kind::Poisson;
  s.producers[0].arrival.rate_per_second = rate;
  s.functions[0].duration.per_invocation_ms = sim::DistributionSpec::fixed(10);
  s.functions[0].keep_alive_s = sim::DistributionSpec::fixed(keep_alive_s);
  s.event_source_mappings[0].batch_size = 1;
  s.event_source_mappings[0].scaling.fixed = 1;
  s.duration = sim::hours(24 * 400);
  model::Simulation sim(s, seed);
  sim.run();
  const auto& c = sim.functions()[0]->counters();
  EXPECT_EQ(c.invocations, n);
  return static_cast<double>(c.cold_starts) / static_cast<double>(c.invocations);
}

TEST(Validation, ColdStartProbabilityIsExpMinusLambdaT) {
  struct Case {
    double rate;
    double keep_alive;
  };
  for (const Case c : {Case{1.0 / 300, 600}, Case{1.0 / 600, 300}, Case{1.0 / 60, 120}}) {
    const std::uint64_t n = 6000;
    const double p = std::exp(-c.rate * c.keep_alive);
    const double measured = cold_fraction(c.rate, c.keep_alive, n, 11);
    // 3.29 standard deviations: a false alarm once in a thousand runs (the first arrival is always cold: +1/n).
    const double tolerance = 3.29 * std::sqrt(p * (1 - p) / static_cast<double>(n)) + 1.0 / static_cast<double>(n);
    EXPECT_NEAR(measured, p, tolerance) << "lambda " << c.rate << " T " << c.keep_alive;
  }
}

TEST(TraceArrivals, ReplayExactTimesWithScaleAndMultiplier) {
  auto s = testing_support::basic_pipeline("always-succeed", 5, sim::seconds(30), 0);
  s.producers[0].count.reset();
  s.producers[0].arrival.kind = model::ArrivalSpec::Kind::Trace;
  s.producers[0].arrival.trace = {sim::seconds(0), sim::seconds(10), sim::seconds(30)};
  s.producers[0].arrival.time_scale = 0.5;
  s.producers[0].arrival.rate_multiplier = 2.0;
  s.stop_when_drained = false;
  s.duration = sim::seconds(60);
  model::Simulation sim(s, 1);
  sim.run_until(sim::seconds(4));
  EXPECT_EQ(sim.producers()[0]->counters().produced, 2u);  // the arrival at 0, twice
  sim.run_until(sim::seconds(5));
  EXPECT_EQ(sim.producers()[0]->counters().produced, 4u);  // 10 s scaled to 5 s
  sim.run();
  EXPECT_EQ(sim.producers()[0]->counters().produced, 6u);
  EXPECT_TRUE(sim.producers()[0]->finished());
}

TEST(TraceArrivals, PerPeriodCountsAreReplayedWithinTheirPeriod) {
  auto s = testing_support::basic_pipeline("always-succeed", 5, sim::seconds(30), 0);
  s.producers[0].count.reset();
  s.producers[0].arrival.kind = model::ArrivalSpec::Kind::Counts;
  s.producers[0].arrival.counts = {3, 0, 7};
  s.stop_when_drained = false;
  s.duration = sim::seconds(300);
  model::Simulation sim(s, 1);
  sim.run_until(sim::millis(59999));
  EXPECT_EQ(sim.producers()[0]->counters().produced, 3u);
  sim.run_until(sim::millis(119999));
  EXPECT_EQ(sim.producers()[0]->counters().produced, 3u);
  sim.run_until(sim::millis(179999));
  EXPECT_EQ(sim.producers()[0]->counters().produced, 10u);
}

}  // namespace
