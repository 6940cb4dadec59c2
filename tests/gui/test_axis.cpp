// Chart axes: time in the unit that fits the span, counts on whole ticks.
#include <gtest/gtest.h>

#include "gui/axis.hpp"

namespace {

std::vector<std::string> labels(const std::vector<gui::Tick>& ticks) {
  std::vector<std::string> out;
  for (const auto& t : ticks) out.push_back(t.label);
  return out;
}

TEST(GuiAxis, TimeTicksUseTheUnitThatFitsTheSpan) {
  const gui::TimeAxis short_run = gui::time_axis(0, 150);
  EXPECT_EQ(short_run.unit, "s");
  EXPECT_EQ(labels(short_run.ticks), (std::vector<std::string>{"0 s", "30 s", "60 s", "90 s", "120 s", "150 s"}));
  const gui::TimeAxis two_hours = gui::time_axis(0, 7200);
  EXPECT_EQ(two_hours.unit, "min");
  EXPECT_EQ(labels(two_hours.ticks), (std::vector<std::string>{"0 min", "30 min", "60 min", "90 min", "120 min"}));
  EXPECT_DOUBLE_EQ(two_hours.ticks[1].value, 1800);  // tick values stay in seconds, for placing them
  const gui::TimeAxis two_days = gui::time_axis(0, 172800);
  EXPECT_EQ(two_days.unit, "h");
  EXPECT_EQ(labels(two_days.ticks), (std::vector<std::string>{"0 h", "12 h", "24 h", "36 h", "48 h"}));
  EXPECT_EQ(gui::time_axis(0, 30 * 86400.0).unit, "d");
  // A window that does not start at zero starts at the first round tick inside it.
  const gui::TimeAxis window = gui::time_axis(95, 400);
  EXPECT_EQ(window.unit, "min");
  EXPECT_EQ(labels(window.ticks), (std::vector<std::string>{"2 min", "3 min", "4 min", "5 min", "6 min"}));
}

TEST(GuiAxis, CountsGetWholeTicksAndRatesRoundOnes) {
  EXPECT_EQ(labels(gui::value_ticks(7, true)), (std::vector<std::string>{"0", "2", "4", "6", "8"}));
  // A queue of at most 0.4 messages on average still reads 0 and 1, never 0.25.
  EXPECT_EQ(labels(gui::value_ticks(0.4, true)), (std::vector<std::string>{"0", "1"}));
  EXPECT_EQ(labels(gui::value_ticks(0.4, false)), (std::vector<std::string>{"0", "0.1", "0.2", "0.3", "0.4"}));
  EXPECT_EQ(labels(gui::value_ticks(0, false)), (std::vector<std::string>{"0", "0.5", "1"}));  // nothing yet
  EXPECT_EQ(labels(gui::value_ticks(147000, true)), (std::vector<std::string>{"0", "50,000", "100,000", "150,000"}));
}

// Latencies read in the unit that fits: the pitfall's p99 of minutes is not "400,000" ms.
TEST(GuiAxis, DurationTicksAndLabelsUseTheUnitThatFits) {
  const auto labels = [](const std::vector<gui::Tick>& ticks) {
    std::vector<std::string> out;
    for (const auto& t : ticks) out.push_back(t.label);
    return out;
  };
  EXPECT_EQ(labels(gui::duration_ticks(420'000)),
            (std::vector<std::string>{"0 min", "2 min", "4 min", "6 min", "8 min"}));
  EXPECT_EQ(gui::duration_ticks(420'000).back().value, 480'000);  // values stay in ms
  EXPECT_EQ(labels(gui::duration_ticks(5'400)), (std::vector<std::string>{"0 s", "2 s", "4 s", "6 s"}));
  EXPECT_EQ(labels(gui::duration_ticks(230)), (std::vector<std::string>{"0 ms", "100 ms", "200 ms", "300 ms"}));
  EXPECT_EQ(gui::duration_label(176'700), "2.94 min");
  EXPECT_EQ(gui::duration_label(2'800), "2.8 s");
  EXPECT_EQ(gui::duration_label(850), "850 ms");
  EXPECT_EQ(gui::duration_label(9'000'000), "2.5 h");
}

}  // namespace
