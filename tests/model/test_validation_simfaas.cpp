// A SimFaaS-style steady state (pacslab/simfaas README): Poisson arrivals at 0.9/s, exponential warm service with
// mean 1.991 s, a cold request's whole service exponential with mean 2.244 s (cold-duration mode), idle instances
// expire after 600 s, and a request goes to the newest idle instance (SimFaaS's schedule_warm_instance). SimFaaS
// reports over 10^6 s: 1,213 cold starts in 898,469 requests (0.0014), 7.6612 instances on average, 1.7879 running,
// 5.8733 idle, a mean lifespan of 6,335 s. sqsim's environment figures must tell the same story.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "model/simulation.hpp"
#include "sim/binomial_interval.hpp"
#include "test_support.hpp"

namespace {

TEST(Validation, SimFaasSteadyStateColdProbabilityAndInstanceCounts) {
  auto s = testing_support::basic_pipeline("always-succeed", 5, sim::seconds(30), 0);
  s.producers.clear();
  s.event_source_mappings.clear();
  model::FunctionSpec& f = s.functions[0];
  f.timeout = sim::seconds(900);
  f.idle_choice = model::FunctionSpec::IdleEnvironmentChoice::NewestCreated;
  f.duration.per_invocation_ms = sim::DistributionSpec::exponential(1991);
  f.cold_start.cold_duration_ms = sim::DistributionSpec::exponential(2244);
  f.keep_alive_s = sim::DistributionSpec::fixed(600);
  model::InvokerSpec v;
  v.name = "client";
  v.function = "f";
  v.arrival.kind = model::ArrivalSpec::Kind::Poisson;
  v.arrival.rate_per_second = 0.9;
  v.stop = sim::seconds(300'000);
  s.invokers = {v};
  s.duration = sim::seconds(300'000);
  s.stop_when_drained = false;
  model::Simulation sim(s, 3);
  sim.run();
  const auto& fn = *sim.functions()[0];
  const auto& e = fn.environment_stats();
  const sim::Proportion p = sim::binomial_interval(fn.counters().cold_starts, fn.counters().invocations);
  const sim::Proportion simfaas = sim::binomial_interval(1213, 898469);
  std::printf(
      "sqsim: P(cold) %.5f [%.5f, %.5f] (SimFaaS %.5f [%.5f, %.5f]); instances %.3f, running %.3f, idle %.3f; "
      "lifespan %.0f s\n",
      p.value, p.low, p.high, simfaas.value, simfaas.low, simfaas.high, e.mean_all(sim.now()),
      e.mean_busy(sim.now()) + e.mean_initializing(sim.now()), e.mean_idle(sim.now()), e.lifespans_us().mean() / 1e6);
  // The two cold-start intervals overlap (two independent estimates of one probability).
  EXPECT_LE(p.low, simfaas.high);
  EXPECT_GE(p.high, simfaas.low);
  // Running = lambda E[S] by Little's law (1.79); instance counts within 5 % of SimFaaS's one long run.
  EXPECT_NEAR(e.mean_busy(sim.now()) + e.mean_initializing(sim.now()), 1.7879, 0.05 * 1.7879);
  EXPECT_NEAR(e.mean_all(sim.now()), 7.6612, 0.05 * 7.6612);
  EXPECT_NEAR(e.mean_idle(sim.now()), 5.8733, 0.05 * 5.8733);
}

}  // namespace
