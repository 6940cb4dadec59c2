// The dashboard's view-model, headless: controls, what-if changes, views, the event log in words, lessons, and the
// promise that an exported session replays with `sqsim run` to the numbers the dashboard showed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "gui/controls.hpp"
#include "gui/lessons.hpp"
#include "gui/session.hpp"
#include "gui_test_support.hpp"
#include "loader/scenario_loader.hpp"
#include "model/simulation.hpp"

namespace {

using gui_test::kRoot;
const std::string kOrders = kRoot + "/scenarios/order-processor.json";

using gui_test::temp_dir;

bool log_has(const gui::Session& s, const std::string& text) {
  return std::any_of(s.log().lines().begin(), s.log().lines().end(),
                     [&](const gui::LogLine& l) { return l.text.find(text) != std::string::npos; });
}

TEST(GuiSession, PausedAtFirstPlayRunsAtTheChosenSpeedStepRunsOneEvent) {
  gui::Session s(kOrders);
  EXPECT_FALSE(s.playing());
  EXPECT_EQ(s.advance(1.0, 10.0), 0U);  // paused: nothing moves
  EXPECT_EQ(s.now_s(), 0.0);
  s.set_speed(20);
  s.play();
  const auto events = s.advance(0.25, 10.0);  // a quarter of a wall second at 20x: 5 simulated seconds
  EXPECT_GT(events, 0U);
  EXPECT_NEAR(s.now_s(), 5.0, 1e-6);
  const auto before = s.simulation().engine().events_processed();
  EXPECT_TRUE(s.step());
  EXPECT_FALSE(s.playing());  // a single step pauses
  EXPECT_EQ(s.simulation().engine().events_processed(), before + 1);
  // Restart: the same scenario from zero with a new seed.
  const auto seed = s.seed();
  s.restart();
  EXPECT_EQ(s.now_s(), 0.0);
  EXPECT_EQ(s.seed(), seed + 1);
  s.restart(7);
  EXPECT_EQ(s.seed(), 7U);
}

TEST(GuiSession, AsFastAsPossibleStopsAtTheFrameBudgetNotAtTheEnd) {
  gui::Session s(kRoot + "/scenarios/azure-counts-replay.json");
  s.set_speed(0);
  s.play();
  s.advance(1.0 / 60, 0.002);  // a 2 ms budget: a day of traffic cannot fit
  EXPECT_FALSE(s.finished());
  EXPECT_GT(s.now_s(), 0.0);
}

TEST(GuiSession, ViewsShowSamplesEnvironmentsAndCountersByAwsName) {
  gui::Session s(kOrders);
  s.run_to(150);
  ASSERT_GE(s.samples().size(), 150U / static_cast<std::size_t>(s.sample_period_s()));
  for (std::size_t i = 1; i < s.samples().size(); ++i) EXPECT_GT(s.samples()[i].t, s.samples()[i - 1].t);
  const auto max_p99 = std::max_element(s.samples().begin(), s.samples().end(),
                                        [](const gui::Sample& a, const gui::Sample& b) { return a.p99_ms < b.p99_ms; });
  EXPECT_GT(max_p99->p99_ms, 0.0F);
  EXPECT_EQ(s.samples().back().concurrency_limit, 100.0F);  // reserved concurrency 100
  const gui::EnvironmentCounts e = s.environment_counts(0);
  EXPECT_EQ(e.initializing + e.busy + e.idle + e.reclaimed, s.simulation().functions()[0]->environments().size());
  EXPECT_GT(e.idle + e.busy, 0U);
  const auto c = s.counters();
  const auto find = [&](const std::string& metric) {
    return std::find_if(c.begin(), c.end(), [&](const gui::Counter& x) { return x.metric == metric; });
  };
  for (const char* m : {"NumberOfMessagesSent", "ApproximateNumberOfMessagesVisible", "Invocations", "Throttles",
                        "ConcurrentExecutions", "PolledEventCount", "DeletedEventCount"})
    EXPECT_NE(find(m), c.end()) << m;
  const auto sent = std::find_if(c.begin(), c.end(), [](const gui::Counter& x) {
    return x.resource == "order-processor-queue" && x.metric == "NumberOfMessagesSent";
  });
  ASSERT_NE(sent, c.end());
  EXPECT_GT(sent->value, 1000.0);
}

TEST(GuiSession, TheEventLogExplainsReturnsAndDlqMovesInWords) {
  gui::Session s(kOrders);
  s.run_to(1500);
  // Invalid orders: reported in batchItemFailures, back after the 300 s visibility timeout, then to the DLQ.
  EXPECT_TRUE(log_has(s, "visibility timeout expired after the handler reported it in batchItemFailures"));
  EXPECT_TRUE(log_has(s, "receive count 3 of 3 — next receive moves it to the DLQ"));
  EXPECT_TRUE(log_has(s, "to its DLQ: received 3 times, maxReceiveCount 3"));
  EXPECT_TRUE(log_has(s, "cold start"));
}

TEST(GuiSession, TheThrottlingPitfallIsExplainedAsThrottledNotFailed) {
  gui::Session s(kRoot + "/scenarios/throttling-pitfall.json");
  s.run_to(3600);
  EXPECT_TRUE(log_has(s, "throttled a batch"));
  EXPECT_TRUE(log_has(s, "visibility timeout expired while throttled (the batch never reached the function)"));
}

TEST(GuiSession, WhatIfValuesOutsideAwsRangesAreRefusedNamingTheRange) {
  gui::Session s(kOrders);
  EXPECT_THROW(gui::apply_control(s, "batch_size", 0), std::invalid_argument);
  EXPECT_THROW(gui::apply_control(s, "memory", 64), std::invalid_argument);
  EXPECT_THROW(gui::apply_control(s, "maximum_concurrency", 1), std::invalid_argument);
  try {
    gui::apply_control(s, "visibility_timeout", 50000);
    FAIL();
  } catch (const std::invalid_argument& e) {
    // The loader's message: the action's path, the value and the range.
    EXPECT_NE(std::string(e.what()).find("$.gameday.actions.gui-1.parameters.value: got 50000"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("from 0 to 43200"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(s.changes().empty());
}

TEST(GuiSession, WhatIfChangesAreHeldToTheRulesAScenarioFileIs) {
  // The throttling pitfall's mapping has no batching window: BatchSize 25 is refused, as it is in a scenario file.
  gui::Session s(kRoot + "/scenarios/throttling-pitfall.json");
  try {
    gui::apply_control(s, "batch_size", 25);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("expected at most 10 unless maximum_batching_window_s is at least 1"),
              std::string::npos)
        << e.what();
  }
  EXPECT_TRUE(s.changes().empty());
  gui::apply_control(s, "batch_size", 10);
  ASSERT_EQ(s.changes().size(), 1u);
  EXPECT_EQ(s.changes()[0].name, "gui-1");  // a refused change takes no name
  EXPECT_FALSE(gui::fault_summary(gui::Fault::PoisonBurst).empty());
}

TEST(GuiSession, AnExportedSessionReplaysToTheSameNumbers) {
  gui::Session live(kOrders);
  live.run_to(100);
  gui::apply_control(live, "batch_size", 2);
  gui::apply_control(live, "visibility_timeout", 30);
  live.run_to(125);
  live.trigger(gui::Fault::ErrorRate);
  gui::apply_control(live, "max_receive_count", 2);
  live.run_to(200.5);
  live.trigger(gui::Fault::TrafficSpike);
  gui::apply_control(live, "memory", 512);
  for (int i = 0; i < 7; ++i) live.step();  // may stop between two events at the same instant
  const auto dir = temp_dir("replay");
  const auto file = live.export_to(dir);
  ASSERT_EQ(live.changes().size(), 6U);
  EXPECT_TRUE(std::filesystem::exists(dir / "session-timeline.json"));

  // `sqsim run` on the export: a plain Simulation, run to its end.
  const auto loaded = scenarios::load_scenario_file(file.string());
  model::Simulation replay(loaded.spec, loaded.spec.seed);
  replay.run();
  EXPECT_EQ(replay.now(), live.simulation().now());
  const auto a = live.simulation().accounting(), b = replay.accounting();
  EXPECT_EQ(a.produced, b.produced);
  EXPECT_EQ(a.deleted, b.deleted);
  EXPECT_EQ(a.in_dlq, b.in_dlq);
  EXPECT_EQ(a.in_flight, b.in_flight);
  EXPECT_EQ(a.visible, b.visible);
  EXPECT_EQ(live.simulation().engine().events_processed(), replay.engine().events_processed());
  // Every counter the dashboard shows, by AWS name.
  gui::Session again(file.string());
  again.run_to(live.now_s());
  const auto ca = live.counters(), cb = again.counters();
  ASSERT_EQ(ca.size(), cb.size());
  for (std::size_t i = 0; i < ca.size(); ++i)
    EXPECT_EQ(ca[i].value, cb[i].value) << ca[i].resource << " " << ca[i].metric;
  // The changes did change the run: errors from the error-rate fault.
  EXPECT_GT(live.simulation().functions()[0]->counters().errors, 0U);
  std::filesystem::remove_all(dir);
}

TEST(GuiSession, EveryLessonLoadsAndSaysWhatToWatch) {
  const auto lessons = gui::load_lessons(kRoot + "/gui/lessons.json", kRoot);
  ASSERT_GE(lessons.size(), 5U);
  for (const auto& l : lessons) {
    EXPECT_FALSE(l.watch.empty()) << l.title;
    gui::Session s(l.file.string());
    s.run_to(60);
    EXPECT_FALSE(s.samples().empty()) << l.title;
  }
  EXPECT_THROW(gui::load_lessons(kRoot + "/gui/nonexistent.json", kRoot), std::runtime_error);
}

}  // namespace
