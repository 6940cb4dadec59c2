// The environment figures (time-averaged counts, share of time at each count, lifespans, cold-start probability)
// against a timeline worked out by hand.
#include <gtest/gtest.h>

#include "model/simulation.hpp"
#include "sim/binomial_interval.hpp"
#include "sim/time_weighted_level.hpp"
#include "test_support.hpp"

namespace {

// Synchronous requests at 0, 0.5, 5 and 20 s to a function with a 200 ms init, 1 s duration and 10 s keep-alive:
//   A: created 0,   init 0-0.2,   busy 0.2-1.2,                 idle 1.2-11.2,            reclaimed 11.2 (11.2 s)
//   B: created 0.5, init 0.5-0.7, busy 0.7-1.7 and 5-6 (warm),  idle 1.7-5 and 6-16,      reclaimed 16   (15.5 s)
//   C: created 20,  init 20-20.2, busy 20.2-21.2,               idle 21.2-31.2,           reclaimed 31.2 (11.2 s)
// (the request at 5 s goes to B, the most recently used idle environment). Over 40 s: environment-seconds 37.9,
// initialising 0.6, busy 4, idle 33.3; two environments for 10.7 s, one for 16.5 s, none for 12.8 s.
model::ScenarioSpec hand_timeline() {
  auto s = testing_support::basic_pipeline("always-succeed", 5, sim::seconds(30), 0);
  s.producers.clear();
  s.event_source_mappings.clear();
  s.functions[0].duration.per_invocation_ms = sim::DistributionSpec::fixed(1000);
  s.functions[0].cold_start.init_duration_ms = sim::DistributionSpec::fixed(200);
  s.functions[0].keep_alive_s = sim::DistributionSpec::fixed(10);
  model::InvokerSpec v;
  v.name = "client";
  v.function = "f";
  v.arrival.kind = model::ArrivalSpec::Kind::Trace;
  v.arrival.trace = {sim::Time{0}, sim::millis(500), sim::seconds(5), sim::seconds(20)};
  s.invokers = {v};
  s.duration = sim::seconds(40);
  s.stop_when_drained = false;
  s.metrics_period = sim::seconds(10);
  return s;
}

TEST(EnvironmentFigures, TimeAveragesMatchAHandComputedTimeline) {
  model::Simulation sim(hand_timeline(), 1);
  sim.run();
  ASSERT_EQ(sim.now(), sim::seconds(40));
  const auto& f = *sim.functions()[0];
  EXPECT_EQ(f.counters().invocations, 4u);
  EXPECT_EQ(f.counters().cold_starts, 3u);
  const auto& e = f.environment_stats();
  EXPECT_DOUBLE_EQ(e.mean_all(sim.now()), 37.9 / 40);
  EXPECT_DOUBLE_EQ(e.mean_initializing(sim.now()), 0.6 / 40);
  EXPECT_DOUBLE_EQ(e.mean_busy(sim.now()), 4.0 / 40);
  EXPECT_DOUBLE_EQ(e.mean_idle(sim.now()), 33.3 / 40);
  EXPECT_EQ(e.alive(), 0);
  const std::vector<std::int64_t> at = e.time_at_counts(sim.now());
  ASSERT_EQ(at.size(), 3u);
  EXPECT_EQ(at[0], 12'800'000);
  EXPECT_EQ(at[1], 16'500'000);
  EXPECT_EQ(at[2], 10'700'000);
  const auto& life = e.lifespans_us();
  ASSERT_EQ(life.count(), 3u);
  EXPECT_NEAR(life.mean(), (11.2 + 15.5 + 11.2) / 3 * 1e6, 1);
  EXPECT_NEAR(static_cast<double>(life.quantile(0.5)), 11.2e6, 11.2e6 / 256);  // the histogram's 0.4 %
  EXPECT_NEAR(static_cast<double>(life.quantile(0.99)), 15.5e6, 15.5e6 / 256);
}

TEST(EnvironmentFigures, PeriodAveragesAreMeansNotMaxima) {
  model::Simulation sim(hand_timeline(), 1);
  sim.run();
  const sim::TimeSeries& m = sim.metrics();
  std::size_t all = 0, busy = 0, idle = 0, init = 0;
  for (std::size_t c = 0; c < m.column_names().size(); ++c) {
    if (m.column_names()[c] == "f/Environments.Average") all = c;
    if (m.column_names()[c] == "f/BusyEnvironments.Average") busy = c;
    if (m.column_names()[c] == "f/IdleEnvironments.Average") idle = c;
    if (m.column_names()[c] == "f/InitializingEnvironments.Average") init = c;
  }
  ASSERT_GT(all, 0u);
  ASSERT_EQ(m.row_count(), 4u);
  // [0,10): A 10 s + B 9.5 s; [10,20): A 1.2 + B 6; [20,30): C 10; [30,40): C 1.2.
  EXPECT_DOUBLE_EQ(m.value(0, all), 1.95);
  EXPECT_DOUBLE_EQ(m.value(1, all), 0.72);
  EXPECT_DOUBLE_EQ(m.value(2, all), 1.0);
  EXPECT_DOUBLE_EQ(m.value(3, all), 0.12);
  EXPECT_DOUBLE_EQ(m.value(0, busy), 0.3);   // A 1 s, B 1 s + 1 s
  EXPECT_DOUBLE_EQ(m.value(0, init), 0.04);  // 0.2 + 0.2
  EXPECT_DOUBLE_EQ(m.value(0, idle), 1.95 - 0.3 - 0.04);
}

TEST(EnvironmentFigures, ColdStartProbabilityHasAnExactBinomialInterval) {
  // 3 cold starts in 4 invocations: Clopper-Pearson 95 % is [Beta(0.025; 3, 2), 0.975^(1/4)] = [0.19412, 0.99369].
  const sim::Proportion p = sim::binomial_interval(3, 4);
  EXPECT_DOUBLE_EQ(p.value, 0.75);
  EXPECT_NEAR(p.low, 0.19412, 1e-5);
  EXPECT_NEAR(p.high, 0.99369, 1e-5);
  const sim::Proportion none = sim::binomial_interval(0, 100);  // upper = 1 - 0.025^(1/100)
  EXPECT_EQ(none.low, 0.0);
  EXPECT_NEAR(none.high, 0.036217, 1e-6);
  EXPECT_EQ(sim::binomial_interval(0, 0).high, 1.0);
}

TEST(TimeWeightedLevel, MeanAndShareOfTimeAtEachLevel) {
  sim::TimeWeightedLevel l(true);
  l.add(sim::seconds(1), 2);  // 0 for 1 s, then 2 for 3 s, then 1 for 6 s
  l.add(sim::seconds(4), -1);
  EXPECT_DOUBLE_EQ(l.mean(sim::seconds(10)), (2.0 * 3 + 1.0 * 6) / 10);
  const auto at = l.time_at_levels(sim::seconds(10));
  ASSERT_EQ(at.size(), 3u);
  EXPECT_EQ(at[0], 1'000'000);
  EXPECT_EQ(at[1], 6'000'000);
  EXPECT_EQ(at[2], 3'000'000);
  EXPECT_DOUBLE_EQ(l.period_mean(sim::seconds(5)), 7.0 / 5);
  l.roll_period(sim::seconds(5));
  EXPECT_DOUBLE_EQ(l.period_mean(sim::seconds(10)), 1.0);
  l.roll_period(sim::seconds(10));
  EXPECT_THROW(l.add(sim::seconds(9), 1), std::invalid_argument);
}

}  // namespace
