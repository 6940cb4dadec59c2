// Side by side: the pitfall and its fix advance together on one clock; the counters that differ are the story.
#include <gtest/gtest.h>

#include <algorithm>

#include "gui/controls.hpp"
#include "gui/side_by_side.hpp"
#include "gui_test_support.hpp"

namespace {

using gui_test::kRoot;

const gui::CounterDifference& find(const std::vector<gui::CounterDifference>& d, const std::string& resource,
                                   const std::string& metric) {
  const auto it = std::find_if(d.begin(), d.end(), [&](const gui::CounterDifference& x) {
    return x.resource == resource && x.metric == metric;
  });
  if (it == d.end()) throw std::runtime_error("no counter " + resource + " " + metric);
  return *it;
}

TEST(GuiSideBySide, ThePitfallAndItsFixAdvanceTogetherAndTheirDifferencesStandOut) {
  gui::SideBySide pair(std::make_unique<gui::Session>(kRoot + "/scenarios/throttling-pitfall.json"), "the pitfall",
                       std::make_unique<gui::Session>(kRoot + "/scenarios/throttling-pitfall-fixed.json"), "the fix");
  pair.set_speed(100);
  pair.play();
  for (int frame = 0; frame < 120; ++frame) pair.advance(1.0 / 60, 10.0);  // 2 wall seconds at 100x
  EXPECT_NEAR(pair.left().now_s(), 200.0, 1e-3);  // 120 frames of 1/60 s, summed in floating point
  EXPECT_EQ(pair.right().now_s(), pair.left().now_s());
  // The same sample times: the charts overlay on one time axis.
  ASSERT_EQ(pair.left().samples().size(), pair.right().samples().size());
  for (std::size_t i = 0; i < pair.left().samples().size(); ++i)
    EXPECT_EQ(pair.left().samples()[i].t, pair.right().samples()[i].t);

  pair.run_to(1800);
  const auto d = pair.counter_differences();
  // The same producer with the same seed sends the same jobs: not highlighted.
  const auto& sent = find(d, "jobs", "NumberOfMessagesSent");
  EXPECT_FALSE(sent.differs());
  EXPECT_GT(sent.left, 1000.0);
  // The pitfall throttles and the fix does not: highlighted.
  const auto& throttles = find(d, "job-worker", "Throttles");
  EXPECT_TRUE(throttles.differs());
  EXPECT_GT(throttles.left, 100.0);
  EXPECT_EQ(throttles.right, 0.0);
  const auto& dlq = find(d, "jobs-dlq", "ApproximateNumberOfMessagesVisible");
  EXPECT_TRUE(dlq.differs());
  EXPECT_GT(dlq.left, 0.0);
  EXPECT_EQ(dlq.right, 0.0);
}

TEST(GuiSideBySide, WhenTheLeftRunIsOverTheRightRunGoesOn) {
  // The pitfall stops once drained (its DLQ takes the backlog); the fix still has a backlog to work through.
  gui::SideBySide pair(std::make_unique<gui::Session>(kRoot + "/scenarios/throttling-pitfall.json"), "the pitfall",
                       std::make_unique<gui::Session>(kRoot + "/scenarios/throttling-pitfall-fixed.json"), "the fix");
  pair.set_speed(0);  // as fast as the budget allows
  pair.play();
  for (int frame = 0; frame < 200 && !pair.right().finished(); ++frame) pair.advance(1.0 / 60, 10.0);
  ASSERT_TRUE(pair.left().finished());
  ASSERT_TRUE(pair.right().finished());
  EXPECT_GT(pair.right().now_s(), pair.left().now_s());
  EXPECT_EQ(pair.right().simulation().accounting().deleted, 5000U);  // every job done on the right
  pair.pause();
  EXPECT_FALSE(pair.playing());
}

TEST(GuiSideBySide, BatchSizeOneAndTenOfTheSameScenario) {
  auto one = std::make_unique<gui::Session>(kRoot + "/scenarios/order-processor.json");
  gui::apply_control(*one, "batch_size", 1);
  gui::SideBySide pair(std::move(one), "BatchSize 1",
                       std::make_unique<gui::Session>(kRoot + "/scenarios/order-processor.json"), "BatchSize 10");
  pair.run_to(600);
  const auto d = pair.counter_differences();
  const auto& invocations = find(d, "order-processor", "Invocations");
  EXPECT_TRUE(invocations.differs());
  EXPECT_GT(invocations.left, 3 * invocations.right);  // one record per invocation against batches of up to 10
  EXPECT_FALSE(find(d, "order-processor-queue", "NumberOfMessagesSent").differs());
}

TEST(GuiSideBySide, ACounterOnlyOneRunHasIsListedAndHighlighted) {
  gui::SideBySide pair(std::make_unique<gui::Session>(kRoot + "/scenarios/throttling-pitfall.json"), "a",
                       std::make_unique<gui::Session>(kRoot + "/scenarios/order-processor.json"), "b");
  const auto d = pair.counter_differences();
  const auto& only_right = find(d, "order-processor", "Invocations");
  EXPECT_FALSE(only_right.in_left);
  EXPECT_TRUE(only_right.differs());
  const auto& only_left = find(d, "job-worker", "Invocations");
  EXPECT_FALSE(only_left.in_right);
}

}  // namespace
