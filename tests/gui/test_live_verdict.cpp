// The dashboard's Verdict panel: the live run's judge::judge (the judgement `sqsim run` exits on) in lines — PASS/FAIL
// with figure and bound, loss by reason, keeps up — judged again only when the run took a new sample.
#include <gtest/gtest.h>

#include <algorithm>

#include "gui/exercise.hpp"
#include "gui/lessons.hpp"
#include "gui/live_verdict.hpp"
#include "gui_test_support.hpp"

namespace {

using gui_test::kRoot;
using State = gui::VerdictLine::State;

bool has(const std::vector<gui::VerdictLine>& lines, State state, const std::string& text) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const gui::VerdictLine& l) { return l.state == state && l.text == text; });
}

TEST(GuiLiveVerdict, ShowsTheRunsJudgementWithFiguresBoundsAndLossByReason) {
  gui::Session s(kRoot + "/scenarios/throttling-pitfall.json");
  s.run_to(s.simulation().spec().duration.seconds());
  gui::LiveVerdict live;
  const auto lines = gui::verdict_lines(live.of(s));
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0].state, State::Pass) << lines[0].text;
  EXPECT_TRUE(has(lines, State::Pass,
                  "PASS expectation the DLQ alarm fires (the pitfall happens) within 10 minutes: in ALARM 240 s after "
                  "the GameDay's start (bound 600 s)"));
  EXPECT_TRUE(has(lines, State::Pass, "keeps up: backlog +0.0/min over the last 3 min (0 messages at the end)"));
  // In a DLQ: shown, not counted as lost.
  EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [](const gui::VerdictLine& l) {
    return l.state == State::Info && l.text.rfind("2445 in a dead-letter queue", 0) == 0;
  }));
}

TEST(GuiLiveVerdict, AFailedSloIsAFailLineAndTheOverallLineSaysSqsimRunWouldExit1) {
  const auto lessons = gui::load_lessons(kRoot + "/gui/lessons.json", kRoot);
  const auto l = std::find_if(lessons.begin(), lessons.end(), [](const gui::Lesson& x) {
    return x.file.string().ends_with("scenarios/throttling-pitfall.json");
  });
  ASSERT_NE(l, lessons.end());
  gui::Coach c(*l->exercise);
  auto s = c.open(l->file.string());
  s->run_to(s->simulation().spec().duration.seconds());
  gui::LiveVerdict live;
  const auto lines = gui::verdict_lines(live.of(*s));
  EXPECT_EQ(lines[0].state, State::Fail);
  EXPECT_EQ(lines[0].text, "failing: 2 verdicts (sqsim run would exit 1)");
  EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [](const gui::VerdictLine& l) {
    return l.state == State::Fail && l.text.rfind("FAIL SLO no throttled batch: ", 0) == 0;
  }));
}

TEST(GuiLiveVerdict, JudgesAgainOnlyWhenTheRunTookANewSample) {
  gui::Session s(kRoot + "/scenarios/order-processor.json");
  gui::LiveVerdict live;
  (void)live.of(s);
  (void)live.of(s);
  EXPECT_EQ(live.judged(), 1U);
  s.run_to(s.now_s() + s.sample_period_s());
  (void)live.of(s);
  (void)live.of(s);
  EXPECT_EQ(live.judged(), 2U);
  s.restart(s.seed());
  (void)live.of(s);
  EXPECT_EQ(live.judged(), 3U);
}

}  // namespace
