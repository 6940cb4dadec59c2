// Drawing ahead on the helper thread (Simulation::draw_on_helper_thread) changes no output: the same scenario and
// seed give the same metrics, counters and histograms with the helper off, on, or switched mid-run.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "model/simulation.hpp"
#include "sim/draw_ahead.hpp"
#include "test_support.hpp"

namespace {

enum class Helper { Off, On, Switched };

// Everything a run's outputs are made of that a draw could move.
std::string fingerprint(const model::Simulation& sim) {
  std::ostringstream out;
  sim.metrics().write_csv(out);
  const model::Accounting a = sim.accounting();
  out << "produced " << a.produced << " deleted " << a.deleted << " dlq " << a.in_dlq << " in_flight " << a.in_flight
      << "\n";
  for (const auto& f : sim.functions()) {
    const auto& c = f->counters();
    const sim::LogHistogram d = f->duration_histogram();
    out << f->name() << " invocations " << c.invocations << " cold " << c.cold_starts << " errors " << c.errors
        << " timeouts " << c.timeouts << " duration_us " << c.duration_us_total << " init_ms " << c.init_duration_ms
        << " p50 " << d.quantile(0.5) << " p99 " << d.quantile(0.99) << " max " << d.max() << "\n";
  }
  for (const auto& v : sim.invokers()) {
    out << v->spec().name << " requests " << v->counters().requests << " p99 " << v->latency().quantile(0.99) << "\n";
  }
  for (const auto& p : sim.producers()) out << p->spec().name << " produced " << p->counters().produced << "\n";
  return out.str();
}

std::string run(const model::ScenarioSpec& spec, Helper helper, std::uint64_t seed) {
  model::Simulation sim(spec, seed);
  if (helper == Helper::On) sim.draw_on_helper_thread(true);
  if (helper != Helper::Switched) {
    sim.run();
    return fingerprint(sim);
  }
  // On and off every simulated few minutes, blocks still being drawn when it goes off.
  bool on = false;
  for (sim::Time t = sim::seconds(137); t < spec.duration; t = t + sim::seconds(137)) {
    sim.run_until(t);
    on = !on;
    sim.draw_on_helper_thread(on);
  }
  sim.run();
  return fingerprint(sim);
}

void expect_same_with_and_without_helper(const model::ScenarioSpec& spec, std::uint64_t seed) {
  const std::string off = run(spec, Helper::Off, seed);
  EXPECT_EQ(run(spec, Helper::On, seed), off) << spec.name;
  EXPECT_EQ(run(spec, Helper::Switched, seed), off) << spec.name;
}

// A GameDay action on one target from `at`, reverted after `duration`.
model::GameDayAction timed_action(const std::string& id, model::GameDayAction::Kind kind, const std::string& target,
                                  sim::Time at, sim::Time duration, double value) {
  model::GameDayAction a;
  a.name = id;
  a.action_id = id;
  a.kind = kind;
  a.targets = {target};
  a.at = at;
  a.duration = duration;
  a.value = value;
  return a;
}

// Direct invocations arriving as a Poisson process, exponential durations (both streams drawn ahead), environments
// already idle and busy at time 0 (their draws from the duration stream come first).
model::ScenarioSpec poisson_direct_invocations() {
  model::ScenarioSpec s;
  s.name = "poisson-direct";
  s.duration = sim::hours(2);
  model::FunctionSpec f;
  f.name = "f";
  f.handler = "always-succeed";
  f.duration.per_invocation_ms = sim::DistributionSpec::exponential(900);
  f.cold_start.init_duration_ms = sim::DistributionSpec::exponential(250);
  f.keep_alive_s = sim::DistributionSpec::fixed(60);
  f.initial.idle = 2;
  f.initial.idle_for_s = sim::DistributionSpec::uniform(0, 30);
  f.initial.busy = 3;
  f.initial.busy_remaining_ms = sim::DistributionSpec::exponential(500);
  s.functions = {f};
  model::InvokerSpec v;
  v.name = "clients";
  v.function = "f";
  v.arrival.kind = model::ArrivalSpec::Kind::Poisson;
  v.arrival.rate_per_second = 20;  // about 2 * kLargestBlock gaps: the largest blocks are reached
  s.invokers = {v};
  return s;
}

TEST(DrawAheadDeterminism, PoissonDirectInvocationsWithInitialEnvironments) {
  const model::ScenarioSpec s = poisson_direct_invocations();
  ASSERT_GT(s.invokers[0].arrival.rate_per_second * s.duration.seconds(), 2.0 * sim::kDrawAheadLargestBlock);
  expect_same_with_and_without_helper(s, 11);
}

// An SQS pipeline with a Poisson producer whose rate a GameDay triples mid-run (unit gaps over a changed rate), one
// function whose durations draw ahead (lognormal, no per-record part) and one that draws per record (not ahead).
TEST(DrawAheadDeterminism, SqsPipelinesWithARateChangeAndPerRecordDurations) {
  model::ScenarioSpec s = testing_support::basic_pipeline("always-succeed", 3, sim::seconds(30), 200'000);
  s.name = "sqs-pipelines";
  s.duration = sim::hours(1);
  s.producers[0].arrival.kind = model::ArrivalSpec::Kind::Poisson;
  s.producers[0].arrival.rate_per_second = 40;
  s.functions[0].duration.per_invocation_ms = sim::DistributionSpec::lognormal(80, 0.7);
  model::QueueSpec q2;
  q2.name = "q2";
  s.queues.push_back(q2);
  model::FunctionSpec f2 = s.functions[0];
  f2.name = "f2";
  f2.duration.per_invocation_ms = sim::DistributionSpec::empirical({5, 20, 40, 300});
  f2.duration.per_record_ms = sim::DistributionSpec::exponential(3);
  s.functions.push_back(f2);
  model::EventSourceMappingSpec m2 = s.event_source_mappings[0];
  m2.queue = "q2";
  m2.function = "f2";
  s.event_source_mappings.push_back(m2);
  model::ProducerSpec p2 = s.producers[0];
  p2.name = "p2";
  p2.queue = "q2";
  s.producers.push_back(p2);
  s.gameday.actions = {timed_action("sim:traffic-multiplier", model::GameDayAction::Kind::TrafficMultiplier, "p",
                                    sim::minutes(20), sim::minutes(10), 3)};
  expect_same_with_and_without_helper(s, 5);
}

// A direct invocation draws no per-record part. So a function whose per-record part is a distribution, its durations
// then drawn one at a time when needed, must run exactly as one whose per-record part is nothing, its durations drawn
// ahead and each worked out in microseconds beside its draw (DurationMicros): also when a GameDay changes its memory
// size, and so its CPU share, mid-run and back.
TEST(DrawAheadDeterminism, DurationsWorkedOutAheadFollowAMemoryChange) {
  model::ScenarioSpec ahead = poisson_direct_invocations();
  ahead.functions[0].memory_size_mb = 512;
  ahead.functions[0].duration.cpu_bound_fraction = 1.0;
  ahead.gameday.actions = {timed_action("sim:set-memory", model::GameDayAction::Kind::SetMemory, "f", sim::minutes(30),
                                        sim::minutes(40), 1769)};
  model::ScenarioSpec when_needed = ahead;
  when_needed.functions[0].duration.per_record_ms = sim::DistributionSpec::exponential(3);
  ASSERT_TRUE(ahead.functions[0].duration.drawn_ahead());
  ASSERT_FALSE(when_needed.functions[0].duration.drawn_ahead());
  const std::string want = run(when_needed, Helper::Off, 3);
  EXPECT_EQ(run(ahead, Helper::Off, 3), want);
  EXPECT_EQ(run(ahead, Helper::On, 3), want);
  EXPECT_EQ(run(ahead, Helper::Switched, 3), want);
  // The change moved the durations: the test would see a parameter left behind.
  model::ScenarioSpec unchanged = ahead;
  unchanged.gameday.actions.clear();
  EXPECT_NE(run(unchanged, Helper::On, 3), want);
}

}  // namespace
