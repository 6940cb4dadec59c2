// The inputs a calibration needs: cold-duration mode, keep-alive models (by age, by use, a maximum lifetime) and
// per-request replay of measured durations with cold flags compared request by request. Timelines worked by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "model/simulation.hpp"
#include "test_support.hpp"

namespace {

// Synchronous requests at the given seconds to a function with no init time, a 1 s duration and a 10 s keep-alive.
model::ScenarioSpec requests_at(const std::vector<double>& at_s) {
  auto s = testing_support::basic_pipeline("always-succeed", 5, sim::seconds(30), 0);
  s.producers.clear();
  s.event_source_mappings.clear();
  s.functions[0].duration.per_invocation_ms = sim::DistributionSpec::fixed(1000);
  s.functions[0].cold_start.init_duration_ms = sim::DistributionSpec::fixed(0);
  s.functions[0].keep_alive_s = sim::DistributionSpec::fixed(10);
  model::InvokerSpec v;
  v.name = "client";
  v.function = "f";
  v.arrival.kind = model::ArrivalSpec::Kind::Trace;
  for (const double t : at_s) v.arrival.trace.push_back(sim::Time{std::llround(t * 1e6)});
  s.invokers = {v};
  s.duration = sim::hours(1);
  return s;
}

std::uint64_t cold_starts(const model::ScenarioSpec& s) {
  model::Simulation sim(s, 1);
  sim.run();
  return sim.functions()[0]->counters().cold_starts;
}

TEST(ColdDurationMode, AColdRequestsWholeDurationIsOneDraw) {
  auto s = requests_at({0, 5, 100});  // cold, warm (idle since 1 s), cold (reclaimed at 16 s)
  s.functions[0].cold_start.init_duration_ms = sim::DistributionSpec::fixed(200);
  s.functions[0].cold_start.cold_duration_ms = sim::DistributionSpec::fixed(3000);
  model::Simulation sim(s, 1);
  sim.run();
  const auto& lat = sim.invokers()[0]->latency();
  ASSERT_EQ(lat.count(), 3u);
  EXPECT_EQ(lat.min(), 1'000'000);  // the warm request: its drawn duration
  EXPECT_EQ(lat.max(), 3'000'000);  // the cold ones: 3 s in all, not 200 ms init + 1 s
  EXPECT_NEAR(lat.mean(), 7'000'000.0 / 3, 1e-3);
  // Without the mode: init + warm duration.
  s.functions[0].cold_start.cold_duration_ms.reset();
  model::Simulation plain(s, 1);
  plain.run();
  EXPECT_EQ(plain.invokers()[0]->latency().max(), 1'200'000);
}

TEST(KeepAliveModel, IdleLifetimeByAgeSteps) {
  // Keep 10 s until an environment is 30 s old, then 1 s. One environment serves 0, 5, 15, 25, 35; it goes idle at
  // 36 s aged 36 s, so it is kept only to 37 s and the request at 38 s is a cold start.
  auto s = requests_at({0, 5, 15, 25, 35, 38});
  EXPECT_EQ(cold_starts(s), 1u);  // a flat 10 s keeps it to 46 s
  s.functions[0].keep_alive_model.steps = {{0, sim::DistributionSpec::fixed(10)},
                                           {30, sim::DistributionSpec::fixed(1)}};
  EXPECT_EQ(cold_starts(s), 2u);
}

TEST(KeepAliveModel, IdleLifetimeByInvocationsServed) {
  // Keep 1 s until an environment has served 3 invocations, then 100 s: after 0, 1.5 and 3 s it is kept to 104 s.
  auto s = requests_at({0, 1.5, 3, 50});
  s.functions[0].keep_alive_model.by = model::KeepAliveModel::By::Invocations;
  s.functions[0].keep_alive_model.steps = {{0, sim::DistributionSpec::fixed(1)},
                                           {3, sim::DistributionSpec::fixed(100)}};
  EXPECT_EQ(cold_starts(s), 1u);
  s.functions[0].keep_alive_model.steps.pop_back();  // 1 s throughout: gone at 5 s
  EXPECT_EQ(cold_starts(s), 2u);
}

TEST(KeepAliveModel, MaximumLifetimeCutsTheIdlePeriod) {
  // Idle at 21 s, aged 21 s, with a 30 s maximum lifetime: reclaimed at 30 s, not 621 s.
  auto s = requests_at({0, 20, 40});
  s.functions[0].keep_alive_s = sim::DistributionSpec::fixed(600);
  EXPECT_EQ(cold_starts(s), 1u);
  s.functions[0].keep_alive_model.max_lifetime = sim::seconds(30);
  EXPECT_EQ(cold_starts(s), 2u);
}

TEST(PerRequestReplay, EachRequestRunsForItsOwnDurationAndColdFlagsAreCompared) {
  auto s = requests_at({0, 100, 105, 300});
  s.invokers[0].arrival.trace_duration_ms = {500, 1500, 2500, 700};
  s.invokers[0].arrival.trace_cold = {1, 1, 0, 0};
  model::Simulation sim(s, 1);
  sim.run();
  const auto& d = sim.functions()[0]->duration_histogram();
  ASSERT_EQ(d.count(), 4u);
  EXPECT_EQ(d.min(), 500'000);
  EXPECT_EQ(d.max(), 2'500'000);
  EXPECT_NEAR(d.mean(), 1'300'000.0, 1e-6);
  // Predicted: cold, cold (reclaimed at 10.5 s), warm (idle since 101.5 s), cold (reclaimed at 117.5 s).
  const model::ColdFlagComparison& c = sim.invokers()[0]->cold_flags();
  EXPECT_EQ(c.both_cold, 2u);
  EXPECT_EQ(c.both_warm, 1u);
  EXPECT_EQ(c.predicted_cold_measured_warm, 1u);
  EXPECT_EQ(c.predicted_warm_measured_cold, 0u);
  EXPECT_EQ(c.measured_cold(), 2u);
  EXPECT_EQ(c.predicted_cold(), 3u);
}

}  // namespace

namespace {

TEST(InitialState, TransientColdStartProbabilityMatchesThePoissonTail) {
  // 3 environments busy and 5 idle at time 0; Poisson requests at 0.02/s, each holding its environment past the
  // 300 s window. The first 5 requests find a warm one, the 6th is the first cold start: P(a cold start within
  // 300 s) = P(N >= 6) for N ~ Poisson(6) = 1 - e^-6 (1 + 6 + 6^2/2! + ... + 6^5/5!) = 0.554320.
  auto s = requests_at({});
  s.invokers[0].arrival.kind = model::ArrivalSpec::Kind::Poisson;
  s.invokers[0].arrival.rate_per_second = 0.02;
  s.functions[0].duration.per_invocation_ms = sim::DistributionSpec::fixed(1'000'000);
  s.functions[0].timeout = sim::seconds(900);
  s.functions[0].keep_alive_s = sim::DistributionSpec::fixed(600);
  s.functions[0].initial.idle = 5;
  s.functions[0].initial.idle_for_s = sim::DistributionSpec::fixed(60);  // 540 s of keep-alive left: all window
  s.functions[0].initial.busy = 3;
  s.functions[0].initial.busy_remaining_ms = sim::DistributionSpec::fixed(400'000);
  s.duration = sim::seconds(300);
  s.stop_when_drained = false;
  const int n = 4000;
  int with_cold = 0;
  for (int r = 0; r < n; ++r) {
    model::Simulation sim(s, 5, static_cast<std::uint64_t>(r));
    sim.run();
    const auto& f = *sim.functions()[0];
    with_cold += f.counters().cold_starts > 0;
    if (r == 0) {
      EXPECT_GE(f.environment_stats().mean_busy(sim.now()), 3.0);  // busy from the first instant
    }
  }
  const double p = 0.554320, sd = std::sqrt(p * (1 - p) / n);
  EXPECT_NEAR(static_cast<double>(with_cold) / n, p, 4 * sd);
}

TEST(InitialState, IdleEnvironmentsKeepTheRestOfTheirKeepAlive) {
  // Idle for 540 s already with a 600 s keep-alive: reclaimed at 60 s, so a request at 50 s is warm, one at 70 s not.
  auto s = requests_at({50});
  s.functions[0].keep_alive_s = sim::DistributionSpec::fixed(600);
  s.functions[0].initial.idle = 1;
  s.functions[0].initial.idle_for_s = sim::DistributionSpec::fixed(540);
  s.functions[0].initial.age_s = sim::DistributionSpec::fixed(1000);
  EXPECT_EQ(cold_starts(s), 0u);
  s.invokers[0].arrival.trace = {sim::seconds(70)};
  model::Simulation sim(s, 1);
  sim.run();
  EXPECT_EQ(sim.functions()[0]->counters().cold_starts, 1u);
  // Its lifespan counts from its creation 1,000 s before the start: reclaimed at 60 s, it lived 1,060 s.
  ASSERT_GE(sim.functions()[0]->environment_stats().lifespans_us().count(), 1u);
  EXPECT_NEAR(static_cast<double>(sim.functions()[0]->environment_stats().lifespans_us().max()), 1060e6, 1060e6 / 256);
}

}  // namespace

namespace {

TEST(InitialState, BacklogKeepsItsAgeAndReceiveCounts) {
  // 100 messages waiting at time 0, each received 4 times already, maxReceiveCount 5, a handler that always fails:
  // one more receive each and all 100 are in the DLQ; none was sent during the run, and the accounting balances.
  auto s = testing_support::basic_pipeline("always-fail", 5, sim::seconds(5), 0);
  s.producers.clear();
  s.queues[1].initial_backlog.count = 100;
  s.queues[1].initial_backlog.receive_count = 4;
  s.queues[1].initial_backlog.age_s = sim::DistributionSpec::fixed(3600);
  s.stop_when_drained = true;
  model::Simulation sim(s, 1);
  sim.run();
  const model::Accounting a = sim.accounting();
  EXPECT_EQ(a.produced, 100u);
  EXPECT_EQ(a.in_dlq, 100u);
  EXPECT_TRUE(a.balanced());
  const auto& q = *sim.queues()[1];
  EXPECT_EQ(q.counters().sent, 0u);
  EXPECT_EQ(q.counters().initial_backlog, 100u);
  EXPECT_EQ(q.counters().received, 100u);  // exactly one receive each: the 5th
  ASSERT_EQ(q.receives_at_dlq_move().size(), 1u);
  EXPECT_EQ(q.receives_at_dlq_move().begin()->first, 5u);
}

}  // namespace
