// Event source mapping scaling and back-off (aws-semantics.md section 1), each tested from the AWS rule.
#include <gtest/gtest.h>

#include <algorithm>

#include "model/simulation.hpp"
#include "test_support.hpp"

namespace {

using Mode = model::EsmScalingSpec::Mode;

// A 200,000-message backlog, 10 s invocations, batch 10, no limits but the ESM's own.
model::ScenarioSpec backlog_scenario(Mode mode) {
  auto s = testing_support::basic_pipeline("always-succeed", 5, sim::seconds(300), 200000);
  s.account.concurrency_limit = 5000;
  s.functions[0].timeout = sim::seconds(60);
  s.functions[0].duration.per_invocation_ms = sim::DistributionSpec::fixed(10000);
  s.producers[0].arrival.rate_per_second = 1e7;  // the whole backlog at t = 0
  s.event_source_mappings[0].scaling.mode = mode;
  s.duration = sim::seconds(400);
  return s;
}

TEST(EsmScaling, FiveAtStartPlusThreeHundredPerMinuteUpTo1250) {
  // Lambda: starts with 5 concurrent batches, adds up to 300 per minute while messages remain, ceiling 1,250.
  model::Simulation sim(backlog_scenario(Mode::Auto), 1);
  const auto& esm = *sim.event_source_mappings()[0];
  const auto& fn = *sim.functions()[0];
  sim.run_until(sim::millis(900));
  EXPECT_EQ(esm.active_pollers(), 5u);
  EXPECT_EQ(fn.concurrency(), 5u);
  sim.run_until(sim::seconds(60));
  EXPECT_EQ(esm.target_concurrency(), 305u);
  sim.run_until(sim::seconds(61));
  EXPECT_GE(fn.concurrency(), 300u);  // the function really runs that many batches at once
  sim.run_until(sim::seconds(240));
  EXPECT_EQ(esm.target_concurrency(), 1205u);
  sim.run_until(sim::seconds(250));
  EXPECT_EQ(esm.target_concurrency(), 1250u);
  sim.run_until(sim::seconds(400));
  EXPECT_EQ(esm.peak_concurrency(), 1250u);  // never more
  EXPECT_EQ(fn.peak_concurrency(), 1250u);
}

TEST(EsmScaling, LegacyProfileAddsSixtyPerMinute) {
  // Before ~2023 the scale-up rate was 60 per minute.
  model::Simulation sim(backlog_scenario(Mode::Legacy), 1);
  sim.run_until(sim::seconds(60));
  EXPECT_EQ(sim.event_source_mappings()[0]->target_concurrency(), 65u);
}

TEST(EsmScaling, MaximumConcurrencyCapsTheMapping) {
  auto s = backlog_scenario(Mode::Auto);
  s.event_source_mappings[0].scaling.maximum_concurrency = 50;  // ScalingConfig.MaximumConcurrency
  model::Simulation sim(s, 1);
  sim.run_until(sim::seconds(300));
  EXPECT_EQ(sim.event_source_mappings()[0]->peak_concurrency(), 50u);
  EXPECT_EQ(sim.functions()[0]->peak_concurrency(), 50u);
}

TEST(EsmScaling, ProvisionedModeStartsAtMinimumPollersAndAddsAThousandPerMinute) {
  // Provisioned mode: each poller runs up to 10 concurrent invokes; scaling up to 1,000 concurrency per minute.
  auto s = backlog_scenario(Mode::Provisioned);
  s.event_source_mappings[0].scaling.minimum_pollers = 3;
  s.event_source_mappings[0].scaling.maximum_pollers = 100;
  model::Simulation sim(s, 1);
  const auto& esm = *sim.event_source_mappings()[0];
  sim.run_until(sim::millis(900));
  EXPECT_EQ(esm.active_pollers(), 30u);
  sim.run_until(sim::seconds(30));
  EXPECT_EQ(esm.target_concurrency(), 30u + 500u);
  sim.run_until(sim::seconds(300));
  EXPECT_EQ(esm.peak_concurrency(), 1000u);  // 100 pollers x 10
  EXPECT_GT(esm.counters().poller_seconds, 0u);
}

TEST(EsmScaling, ScalesBackDownWhenIdle) {
  // Lambda scales back to 5 when traffic is low, and may drop to 2.
  auto s = backlog_scenario(Mode::Auto);
  s.producers[0].count = 20000;
  s.duration = sim::seconds(2400);
  s.stop_when_drained = false;
  model::Simulation sim(s, 1);
  const auto& esm = *sim.event_source_mappings()[0];
  sim.run_until(sim::seconds(150));
  EXPECT_GT(esm.target_concurrency(), 100u);
  // Once idle, the target only falls: through 5, where it stays a while, then to 2.
  std::uint32_t previous = esm.target_concurrency(), minutes_at_5 = 0;
  for (int t = 210; t <= 2400; t += 60) {
    sim.run_until(sim::seconds(t));
    EXPECT_LE(esm.target_concurrency(), previous);
    previous = esm.target_concurrency();
    minutes_at_5 += previous == 5;
  }
  EXPECT_GE(minutes_at_5, 3u);
  EXPECT_EQ(esm.target_concurrency(), 2u);
  EXPECT_EQ(esm.active_pollers(), 2u);
}

model::ScenarioSpec failing_backlog(bool report_batch_item_failures) {
  auto s = backlog_scenario(Mode::Auto);
  s.functions[0].handler = report_batch_item_failures ? "report-all-failed" : "always-fail";
  s.event_source_mappings[0].report_batch_item_failures = report_batch_item_failures;
  s.queues[1].redrive_policy->max_receive_count = 1000;
  s.queues[1].visibility_timeout = sim::seconds(30);
  s.producers[0].count = 20000;
  s.duration = sim::seconds(180);
  return s;
}

TEST(EsmScaling, BacksOffOnFunctionErrorsButNotWithReportBatchItemFailures) {
  // Lambda reduces an ESM's concurrency when its function errors; with ReportBatchItemFailures it does not.
  model::Simulation errors(failing_backlog(false), 1, 0, testing_support::test_registry());
  errors.run();
  model::Simulation partial(failing_backlog(true), 1, 0, testing_support::test_registry());
  partial.run();
  EXPECT_GT(errors.event_source_mappings()[0]->counters().error_backoffs, 0u);
  EXPECT_EQ(partial.event_source_mappings()[0]->counters().error_backoffs, 0u);
  // Both grow until the first 10 s invocations end; then only the erroring one shrinks.
  EXPECT_LE(errors.event_source_mappings()[0]->target_concurrency(), 5u);
  EXPECT_GT(partial.event_source_mappings()[0]->target_concurrency(), 500u);
  EXPECT_GT(partial.queues()[1]->counters().received, errors.queues()[1]->counters().received);
}

// The throttling pitfall (aws-semantics.md section 4): pollers receive batches the function cannot run; each receive
// burns a receive count, so valid messages reach the DLQ without a failed invocation. MaximumConcurrency <= reserved
// concurrency prevents it.
model::ScenarioSpec pitfall(std::optional<std::uint32_t> maximum_concurrency) {
  auto s = testing_support::basic_pipeline("always-succeed", 3, sim::seconds(30), 20000);
  s.functions[0].reserved_concurrency = 5;
  s.functions[0].duration.per_invocation_ms = sim::DistributionSpec::fixed(2000);
  s.producers[0].arrival.rate_per_second = 200;
  s.event_source_mappings[0].scaling.mode = Mode::Auto;
  s.event_source_mappings[0].scaling.maximum_concurrency = maximum_concurrency;
  s.duration = sim::hours(3);
  return s;
}

TEST(ThrottlingPitfall, ValidMessagesReachTheDlqWithoutAFailedInvocation) {
  model::Simulation sim(pitfall(std::nullopt), 1);
  sim.run();
  const auto& fn = *sim.functions()[0];
  EXPECT_EQ(fn.counters().errors, 0u);
  EXPECT_GT(fn.counters().throttles, 0u);
  EXPECT_GT(sim.queues()[0]->stored(), 0u) << "valid messages in the DLQ";
  EXPECT_TRUE(sim.accounting().balanced());
  // The records the mapping gave up on (visibility ran out while throttled) are its DroppedEventCount, per period.
  const auto& m = sim.metrics();
  const auto& names = m.column_names();
  const auto col =
      std::find_if(names.begin(), names.end(), [](const std::string& n) { return n.ends_with("/DroppedEventCount"); });
  ASSERT_NE(col, names.end());
  double dropped = 0;
  for (std::size_t r = 0; r < m.row_count(); ++r) dropped += m.value(r, static_cast<std::size_t>(col - names.begin()));
  EXPECT_GT(dropped, 0.0);
  EXPECT_EQ(dropped, static_cast<double>(sim.event_source_mappings()[0]->counters().released));
}

TEST(ThrottlingPitfall, MaximumConcurrencyAtOrBelowReservedConcurrencyPreventsIt) {
  model::Simulation sim(pitfall(5), 1);
  sim.run();
  EXPECT_EQ(sim.functions()[0]->counters().throttles, 0u);
  EXPECT_EQ(sim.queues()[0]->stored(), 0u);
  EXPECT_EQ(sim.accounting().deleted, 20000u);
}

}  // namespace
