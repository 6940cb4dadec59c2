// A message's story, headless: from the event log's line to the whole lifecycle, in words and in time order.
#include <gtest/gtest.h>

#include <algorithm>

#include "gui/message_story.hpp"
#include "gui/session.hpp"
#include "gui_test_support.hpp"

namespace {

using gui_test::kRoot;

std::vector<gui::StoryKind> kinds(const gui::MessageStory& s) {
  std::vector<gui::StoryKind> out;
  for (const auto& e : s.events) out.push_back(e.kind);
  return out;
}

TEST(GuiMessageStory, AThrottledJobsWayToTheDlqToldFromItsLogLine) {
  gui::Session s(kRoot + "/scenarios/throttling-pitfall.json");
  s.run_to(1800);
  // The event log names the message its line is about.
  const auto& lines = s.log().lines();
  const auto dlq = std::find_if(lines.begin(), lines.end(), [](const gui::LogLine& l) { return l.kind == "dlq"; });
  ASSERT_NE(dlq, lines.end());
  ASSERT_TRUE(dlq->message_id.has_value());
  const gui::MessageStory story = gui::tell_story(s, *dlq->message_id);
  ASSERT_TRUE(story.found());
  EXPECT_EQ(story.message_id, *dlq->message_id);
  for (std::size_t i = 1; i < story.events.size(); ++i) EXPECT_GE(story.events[i].t, story.events[i - 1].t);
  const auto k = kinds(story);
  EXPECT_EQ(k.front(), gui::StoryKind::Sent);
  EXPECT_EQ(k.back(), gui::StoryKind::MovedToDlq);
  EXPECT_EQ(story.events.back().t, dlq->t);  // the replay tells the same run the dashboard showed
  // maxReceiveCount 3: three receives, each batch throttled, each visibility timeout expired; never processed.
  EXPECT_EQ(std::count(k.begin(), k.end(), gui::StoryKind::Received), 3);
  EXPECT_GE(std::count(k.begin(), k.end(), gui::StoryKind::Throttled), 3);
  EXPECT_EQ(std::count(k.begin(), k.end(), gui::StoryKind::VisibleAgain), 3);
  EXPECT_EQ(std::count(k.begin(), k.end(), gui::StoryKind::Processed), 0);
  const auto throttled = std::find_if(story.events.begin(), story.events.end(),
                                      [](const gui::StoryEvent& e) { return e.kind == gui::StoryKind::Throttled; });
  EXPECT_NE(throttled->text.find("throttled its batch of"), std::string::npos) << throttled->text;
  EXPECT_NE(story.events.back().text.find("received 3 times, maxReceiveCount 3"), std::string::npos);
  EXPECT_NE(story.outcome.find("in the DLQ"), std::string::npos) << story.outcome;
}

TEST(GuiMessageStory, AnInvalidOrderIsReportedInBatchItemFailuresThenMovedAndAValidOneDeleted) {
  gui::Session s(kRoot + "/scenarios/order-processor.json");
  s.run_to(1500);
  const auto& lines = s.log().lines();
  const auto dlq = std::find_if(lines.begin(), lines.end(), [](const gui::LogLine& l) { return l.kind == "dlq"; });
  ASSERT_NE(dlq, lines.end());
  const gui::MessageStory bad = gui::tell_story(s, *dlq->message_id);
  const auto failed = std::find_if(bad.events.begin(), bad.events.end(),
                                   [](const gui::StoryEvent& e) { return e.kind == gui::StoryKind::Failed; });
  ASSERT_NE(failed, bad.events.end());
  EXPECT_NE(failed->text.find("reported it in batchItemFailures (invocation "), std::string::npos) << failed->text;
  // A message the queue holds now, from the queue's recent messages: sent, received, processed, deleted.
  const auto& recent = s.log().recent_messages("order-processor-queue");
  ASSERT_FALSE(recent.empty());
  const gui::MessageStory first = gui::tell_story(s, 1);
  ASSERT_TRUE(first.found());
  const auto k = kinds(first);
  EXPECT_EQ(k, (std::vector<gui::StoryKind>{gui::StoryKind::Sent, gui::StoryKind::Received, gui::StoryKind::Processed,
                                            gui::StoryKind::Deleted}));
  EXPECT_NE(first.outcome.find("deleted after 1 receive"), std::string::npos) << first.outcome;
  EXPECT_FALSE(gui::tell_story(s, 999'999'999).found());
}

// A message redriven out of its DLQ: its story ends there (SQS gives the redriven copy a new MessageId), and the
// header says so rather than "in flight".
TEST(GuiMessageStory, ARedrivenMessagesOutcomeSaysItWasRedriven) {
  gui::Session s(kRoot + "/scenarios/fifo-orders-redrive.json");
  s.run_to(s.simulation().spec().duration.seconds());
  const gui::MessageStory story = gui::tell_story(s, 115);
  ASSERT_TRUE(story.found());
  EXPECT_EQ(story.events.back().kind, gui::StoryKind::Redriven);
  EXPECT_TRUE(gui::story_kind_ends(gui::StoryKind::Redriven));
  EXPECT_FALSE(gui::story_kind_ends(gui::StoryKind::Processed));
  EXPECT_EQ(story.outcome.rfind("redriven out of orders-dlq.fifo ", 0), 0U) << story.outcome;
  EXPECT_NE(story.outcome.find("new message (new MessageId)"), std::string::npos) << story.outcome;
}

}  // namespace
