// GameDay actions on the running model, each checked against the rule it models: FIS's Lambda actions
// (invocationPercentage, startupDelayMilliseconds, preventExecution), the FIS SQS impairment (a deny-all queue policy),
// FIS startAfter sequencing, and the sim: actions.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "model/simulation.hpp"
#include "reports/gameday_report.hpp"
#include "tests/model/test_support.hpp"

namespace {

using Kind = model::GameDayAction::Kind;

model::GameDayAction action(const std::string& name, Kind kind, std::vector<std::string> targets,
                            std::optional<sim::Time> duration = std::nullopt) {
  model::GameDayAction a;
  a.name = name;
  a.kind = kind;
  a.targets = std::move(targets);
  a.duration = duration;
  return a;
}

// Counts the invocations whose handler actually ran.
struct CountingHandler : lambda::SqsHandler {
  std::shared_ptr<int> calls;
  explicit CountingHandler(std::shared_ptr<int> c) : calls(std::move(c)) {}
  lambda::SqsBatchResponse handle(const lambda::SqsEvent&, const lambda::Context&) override {
    ++*calls;
    return {};
  }
};

TEST(GameDay, InvocationErrorFailsTheShareFisAsksFor) {
  auto s = testing_support::basic_pipeline("always-succeed", 1000, sim::seconds(30), 4000);
  s.event_source_mappings[0].batch_size = 1;
  auto a = action("errors", Kind::LambdaError, {"f"}, sim::hours(5));
  a.invocation_percentage = 30;
  s.gameday.actions = {a};
  model::Simulation sim(s, 1);
  sim.run();
  const auto& c = sim.functions()[0]->counters();
  const double n = static_cast<double>(c.invocations);
  const double p = static_cast<double>(c.errors) / n;
  // Binomial: 4 standard deviations around FIS's 30 %.
  EXPECT_NEAR(p, 0.30, 4 * std::sqrt(0.3 * 0.7 / n)) << c.errors << " of " << c.invocations;
  EXPECT_TRUE(sim.accounting().balanced());
}

TEST(GameDay, InvocationErrorFailsTheWholeBatchAndPreventExecutionSkipsTheHandler) {
  auto s = testing_support::basic_pipeline("counting", 3, sim::seconds(30), 50);
  auto a = action("errors", Kind::LambdaError, {"f"}, sim::hours(5));
  a.prevent_execution = true;
  s.gameday.actions = {a};
  auto calls = std::make_shared<int>(0);
  auto registry = testing_support::test_registry();
  registry.add("counting", [calls](const nlohmann::json&) { return std::make_unique<CountingHandler>(calls); });
  model::Simulation sim(s, 1, 0, registry);
  sim.run();
  // Lambda: a function error fails the whole batch; after maxReceiveCount (3) receives every message is in the DLQ.
  EXPECT_EQ(sim.accounting().in_dlq, 50u);
  EXPECT_EQ(sim.accounting().deleted, 0u);
  EXPECT_EQ(*calls, 0);  // FIS preventExecution: the function's code never ran
}

TEST(GameDay, AddDelayLengthensEveryInvocationAndCanTimeItOut) {
  auto s = testing_support::basic_pipeline("always-succeed", 1000, sim::seconds(60), 20);
  auto a = action("delay", Kind::LambdaAddDelay, {"f"}, sim::hours(5));
  a.startup_delay = sim::millis(2000);
  s.gameday.actions = {a};
  model::Simulation sim(s, 1);
  sim.run();
  const auto& h = sim.functions()[0]->duration_histogram();
  // Fixed 100 ms of work + FIS startupDelayMilliseconds 2,000 (within the histogram's 0.4 % resolution).
  EXPECT_NEAR(static_cast<double>(h.min()) / 1000.0, 2100.0, 10.0);
  EXPECT_NEAR(static_cast<double>(h.max()) / 1000.0, 2100.0, 10.0);

  auto t = s;
  t.gameday.actions[0].startup_delay = sim::seconds(15);  // beyond the 10 s timeout
  model::Simulation slow(t, 1);
  slow.run_until(sim::seconds(120));
  const auto& c = slow.functions()[0]->counters();
  EXPECT_GT(c.timeouts, 0u);
  EXPECT_EQ(c.timeouts, c.errors);  // Lambda: an invocation cut at its timeout is an error
}

TEST(GameDay, InjectedHttpResponseWithPreventExecutionDeletesMessagesUnprocessed) {
  // The handler would fail every record; the injected response replaces its answer. An event source mapping reads
  // the HTTP response object as a batch response without batchItemFailures: success, so the batch is deleted.
  auto s = testing_support::basic_pipeline("report-all-failed", 3, sim::seconds(30), 40);
  s.event_source_mappings[0].report_batch_item_failures = true;
  auto a = action("http", Kind::LambdaHttpResponse, {"f"}, sim::hours(5));
  a.prevent_execution = true;
  a.status_code = 500;
  s.gameday.actions = {a};
  model::GameDayExpectation lost;
  lost.name = "no message lost";
  lost.kind = model::GameDayExpectation::Kind::NoMessageLost;
  s.gameday.expectations = {lost};
  model::Simulation sim(s, 1, 0, testing_support::test_registry());
  sim.run();
  EXPECT_EQ(sim.accounting().deleted, 40u);
  EXPECT_EQ(sim.accounting().in_dlq, 0u);
  EXPECT_EQ(sim.functions()[0]->counters().records_acknowledged_unprocessed, 40u);
  const auto results = reports::evaluate_expectations(sim);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_FALSE(results[0].passed) << results[0].detail;  // deleted without processing counts as lost
  EXPECT_NE(results[0].detail.find("40 deleted unprocessed"), std::string::npos) << results[0].detail;
}

TEST(GameDay, DenyAllPolicyRefusesSendsReceivesAndDeletes) {
  auto s = testing_support::basic_pipeline("always-succeed", 1000, sim::seconds(30), 1000);
  s.producers[0].arrival.rate_per_second = 10;  // constant: one every 100 ms, t = 0 .. 99.9 s
  s.gameday.start = sim::seconds(20);
  s.gameday.actions = {action("deny", Kind::SqsDenyAll, {"q"}, sim::seconds(30))};
  model::Simulation sim(s, 1);
  sim.run_until(sim::seconds(35));
  // During the impairment nothing is received or deleted.
  const auto deleted_mid = sim.queues()[1]->counters().deleted;
  sim.run_until(sim::seconds(49));
  EXPECT_EQ(sim.queues()[1]->counters().deleted, deleted_mid);
  sim.run();
  const auto a = sim.accounting();
  // Sends at t = 20.0, 20.1, ..., 49.9 s are refused: 300 messages, dropped with the reason.
  EXPECT_EQ(a.dropped_access_denied, 300u);
  EXPECT_EQ(a.deleted, 700u);
  EXPECT_TRUE(a.balanced());
  // Messages received just before the policy whose delete was refused come back after the visibility timeout:
  // delivered at least twice.
  const auto& at_delete = sim.queues()[1]->receives_at_delete();
  EXPECT_TRUE(at_delete.contains(2)) << "no message was received twice";
}

TEST(GameDay, StartAfterAndWaitSequenceActionsAsFisDoes) {
  auto s = testing_support::basic_pipeline("always-succeed", 1000, sim::seconds(30), 10);
  s.gameday.start = sim::seconds(5);
  auto first = action("first", Kind::ErrorRate, {"f"}, sim::seconds(60));
  first.value = 0.0;
  auto wait = action("wait", Kind::FisWait, {}, sim::seconds(30));
  wait.start_after = {"first"};
  auto poison = action("poison", Kind::PoisonBurst, {"p"});
  poison.value = 5;
  poison.start_after = {"wait"};
  s.gameday.actions = {first, wait, poison};
  model::Simulation sim(s, 1);
  sim.run();
  const auto& tl = sim.gameday()->timeline();
  ASSERT_EQ(tl.size(), 3u);
  EXPECT_EQ(tl[0].started, sim::seconds(5));
  EXPECT_EQ(tl[1].started, sim::seconds(65));
  EXPECT_EQ(tl[2].started, sim::seconds(95));
  EXPECT_EQ(*tl[2].completed, sim::seconds(95));  // instantaneous
  // The run waited for the GameDay (its producer finished at 1 s) and the poison burst went through the pipeline.
  EXPECT_EQ(sim.accounting().produced, 15u);
  EXPECT_GE(sim.now(), sim::seconds(95));
}

TEST(GameDay, PoisonBurstEndsInTheDlqAfterMaxReceiveCount) {
  auto s = testing_support::basic_pipeline("order-processor", 3, sim::seconds(30), 100);
  s.event_source_mappings[0].report_batch_item_failures = true;
  auto poison = action("poison", Kind::PoisonBurst, {"p"});
  poison.value = 25;
  s.gameday.start = sim::seconds(3);
  s.gameday.actions = {poison};
  model::Simulation sim(s, 1);
  sim.run();
  EXPECT_EQ(sim.accounting().in_dlq, 25u);
  EXPECT_EQ(sim.accounting().deleted, 100u);
  EXPECT_EQ(sim.queues()[1]->receives_at_dlq_move().at(3), 25u);
}

TEST(GameDay, TrafficMultiplierScalesTheRateWhileInForce) {
  auto s = testing_support::basic_pipeline("always-succeed", 1000, sim::seconds(30), 0);
  s.producers[0].count.reset();
  s.producers[0].stop = sim::seconds(100);
  s.producers[0].arrival.rate_per_second = 10;
  s.gameday.start = sim::seconds(40);
  auto spike = action("spike", Kind::TrafficMultiplier, {"p"}, sim::seconds(20));
  spike.value = 10;
  s.gameday.actions = {spike};
  model::Simulation sim(s, 1);
  sim.run();
  // 80 s at 10/s and 20 s at 100/s (the arrival already scheduled at each change is not moved: +-1 each).
  EXPECT_NEAR(static_cast<double>(sim.accounting().produced), 800.0 + 2000.0, 2.0);
}

TEST(GameDay, DuplicateSubmitRepeatsTheShareOfSendsWhileInForce) {
  auto s = testing_support::basic_pipeline("order-processor", 5, sim::seconds(30), 4000);
  s.producers[0].arrival.rate_per_second = 100;  // 40 s of sends
  s.gameday.start = sim::seconds(10);
  auto dup = action("dup", Kind::DuplicateSubmit, {"p"}, sim::seconds(20));
  dup.value = 0.5;
  s.gameday.actions = {dup};
  model::Simulation sim(s, 3);
  sim.run();
  // About 2,000 sends fall in the 20 s window; half of them repeat the previous message (binomial, 4 sd).
  const double repeats = static_cast<double>(sim.producers()[0]->counters().duplicate_sends);
  EXPECT_NEAR(repeats, 1000.0, 4 * std::sqrt(2000 * 0.25));
  EXPECT_EQ(sim.producers()[0]->spec().duplicate_fraction, 0.0);  // reverted
  EXPECT_TRUE(sim.accounting().balanced());
}

TEST(GameDay, SettingsChangeMidRunAndRevertAfterTheirDuration) {
  auto s = testing_support::basic_pipeline("always-succeed", 1000, sim::seconds(30), 200);
  s.gameday.start = sim::seconds(2);
  auto mem = action("mem", Kind::SetMemory, {"f"}, sim::seconds(10));
  mem.value = 1024;
  auto batch = action("batch", Kind::SetBatchSize, {"q->f"});
  batch.value = 2;
  s.gameday.actions = {mem, batch};
  model::Simulation sim(s, 1);
  sim.run_until(sim::seconds(5));
  EXPECT_EQ(sim.functions()[0]->spec().memory_size_mb, 1024u);
  EXPECT_EQ(sim.event_source_mappings()[0]->spec().batch_size, 2u);
  sim.run();
  EXPECT_EQ(sim.functions()[0]->spec().memory_size_mb, 128u);        // reverted after its 10 s
  EXPECT_EQ(sim.event_source_mappings()[0]->spec().batch_size, 2u);  // no duration: stays
}

TEST(GameDay, ATimedSettingOnSeveralTargetsRestoresEachToItsOwnValue) {
  // A FIS tag selection can give one sim:set-* several targets; when its duration ends each target gets back what it
  // had, not the last target's old value.
  auto s = testing_support::basic_pipeline("always-succeed", 1000, sim::seconds(30), 200);
  s.queues[0].visibility_timeout = sim::seconds(60);  // the DLQ
  model::FunctionSpec g = s.functions[0];
  g.name = "g";
  g.reserved_concurrency = 7;
  s.functions.push_back(g);  // "f" has no reserved concurrency
  s.gameday.start = sim::seconds(2);
  auto vis = action("vis", Kind::SetVisibilityTimeout, {"q", "dlq"}, sim::seconds(10));
  vis.value = 5;
  auto reserved = action("reserved", Kind::SetReservedConcurrency, {"f", "g"}, sim::seconds(10));
  reserved.value = 3;
  s.gameday.actions = {vis, reserved};
  model::Simulation sim(s, 1);
  sim.run_until(sim::seconds(5));
  for (const auto& q : sim.queues()) EXPECT_EQ(q->spec().visibility_timeout, sim::seconds(5)) << q->name();
  for (const auto& f : sim.functions()) EXPECT_EQ(f->spec().reserved_concurrency, 3u) << f->name();
  sim.run_until(sim::seconds(13));
  EXPECT_EQ(sim.queues()[0]->spec().visibility_timeout, sim::seconds(60));   // dlq
  EXPECT_EQ(sim.queues()[1]->spec().visibility_timeout, sim::seconds(30));   // q
  EXPECT_EQ(sim.functions()[0]->spec().reserved_concurrency, std::nullopt);  // f: unreserved again
  EXPECT_EQ(sim.functions()[1]->spec().reserved_concurrency, 7u);            // g
}

TEST(GameDay, SameSeedSameTimelineAndOutcome) {
  auto s = testing_support::basic_pipeline("order-processor", 3, sim::seconds(30), 500);
  auto a = action("errors", Kind::LambdaError, {"f"}, sim::seconds(20));
  a.invocation_percentage = 40;
  s.gameday.start = sim::seconds(10);
  s.gameday.actions = {a};
  model::Simulation x(s, 9), y(s, 9);
  x.run();
  y.run();
  EXPECT_EQ(reports::gameday_json(x).dump(), reports::gameday_json(y).dump());
  EXPECT_EQ(x.functions()[0]->counters().errors, y.functions()[0]->counters().errors);
  EXPECT_GT(x.functions()[0]->counters().errors, 0u);
}

}  // namespace
