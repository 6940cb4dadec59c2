// Changes made while a simulation runs (the GUI's what-if controls and fault buttons) are GameDay actions injected at
// a time; the same scenario with those actions written in its GameDay ("at_s") must replay to the same numbers.
#include <gtest/gtest.h>

#include "loader/scenario_loader.hpp"
#include "model/simulation.hpp"
#include "reports/summary.hpp"

namespace {

using Kind = model::GameDayAction::Kind;

model::GameDayAction action(const std::string& name, const std::string& id, Kind kind, std::string target,
                            double value) {
  model::GameDayAction a;
  a.name = name;
  a.action_id = id;
  a.kind = kind;
  a.targets = {std::move(target)};
  a.value = value;
  return a;
}

TEST(LiveChanges, InjectedActionsReplayToTheSameSummaryFromTheScenarioFile) {
  const auto loaded = scenarios::load_scenario_file(std::string(SQSIM_SOURCE_DIR) + "/scenarios/order-processor.json");
  // Live: run, pause, change, run on, change again.
  model::Simulation live(loaded.spec, 42);
  live.run_until(sim::seconds(10));
  live.inject_action(
      action("gui-1", "sim:set-batch-size", Kind::SetBatchSize, "order-processor-queue->order-processor", 2));
  live.inject_action(
      action("gui-2", "sim:set-visibility-timeout", Kind::SetVisibilityTimeout, "order-processor-queue", 20));
  live.run_until(sim::seconds(130));
  live.inject_action(
      action("gui-3", "sim:set-max-receive-count", Kind::SetMaxReceiveCount, "order-processor-queue", 2));
  auto outage = action("gui-4", "sim:error-rate", Kind::ErrorRate, "order-processor", 0.5);
  outage.duration = sim::seconds(30);
  live.inject_action(outage);
  live.run_until(sim::seconds(131));
  live.inject_action(action("gui-5", "sim:set-batching-window", Kind::SetBatchingWindow,
                            "order-processor-queue->order-processor", 0.5));
  live.run();
  ASSERT_EQ(live.spec().gameday.actions.size(), 5U);
  EXPECT_EQ(*live.spec().gameday.actions[0].at, sim::Time{10'000'001});

  // Replay: the scenario with the actions, as an exported session writes them.
  model::ScenarioSpec spec = loaded.spec;
  spec.gameday.actions = live.spec().gameday.actions;
  model::Simulation replay(spec, 42);
  replay.run();
  const std::string a = reports::summary_text_json(live), b = reports::summary_text_json(replay);
  EXPECT_EQ(a, b);
  // The changes did something: shorter visibility and maxReceiveCount 2 while failing half the invocations.
  const auto j = nlohmann::json::parse(a);
  EXPECT_GT(j["totals"]["errors"].get<int>(), 0);
  ASSERT_TRUE(replay.gameday() != nullptr);
  EXPECT_EQ(replay.gameday()->timeline().size(), 5U);
  EXPECT_NE(replay.gameday()->timeline()[1].effect.find("VisibilityTimeout 20"), std::string::npos);
}

TEST(LiveChanges, ShorterVisibilityTimeoutEndsBeforeLongerOnesAlreadyRunning) {
  // Receives under a 300 s timeout, then the timeout drops to 5 s: the later receives must come back after 5 s, not
  // wait behind the 300 s ones (the queue's receive-ordered timer list cannot hold them).
  const auto loaded = scenarios::load_scenario_file(std::string(SQSIM_SOURCE_DIR) + "/scenarios/order-processor.json");
  model::ScenarioSpec spec = loaded.spec;
  spec.producers.resize(1);
  spec.producers[0].body.invalid_fraction = 1.0;  // every order fails and waits out its visibility timeout
  spec.producers[0].count = 200;
  model::Simulation sim(spec, 1);
  sim.run_until(sim::seconds(1));
  sim.inject_action(
      action("short", "sim:set-visibility-timeout", Kind::SetVisibilityTimeout, "order-processor-queue", 5));
  sim.run_until(sim::seconds(60));
  // Messages received after the change failed and came back within 5 s, so they were received again well before
  // the first ones' 300 s ran out.
  const auto& c = sim.queues()[1]->counters();
  EXPECT_GT(c.received, c.sent + 50) << "messages received after the change should have been redelivered";
}

}  // namespace
