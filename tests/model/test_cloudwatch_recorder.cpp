// CloudWatchRecorder: each kind of column records its period statistic in its own column, in the order the columns
// were added, and a group of gauges (add_gauges) fills its columns in order from one call per snapshot.
#include <gtest/gtest.h>

#include <span>
#include <string>
#include <vector>

#include "model/cloudwatch_recorder.hpp"
#include "sim/engine.hpp"

namespace {

// Changes the recorded quantities at chosen times (an event per change).
class Stepper final : public sim::EventSink {
 public:
  explicit Stepper(sim::Engine& engine) : self_(engine.add_sink(*this)) {
    for (std::int64_t s : {30, 90, 100, 150}) engine.schedule_at(sim::seconds(s), self_, 0);
  }
  void on_event(const sim::Event&) override {
    counter += 10;
    level += 1;
    peak = level * 2;
  }
  double counter = 0;
  double level = 0;
  double peak = 0;

 private:
  sim::TargetId self_;
};

TEST(CloudWatchRecorder, EachColumnKeepsItsStatisticAndAGaugeGroupFillsItsColumnsFromOneCall) {
  sim::Engine engine;
  Stepper s(engine);
  model::CloudWatchRecorder rec(engine, sim::seconds(60));
  int group_calls = 0;
  rec.add_sum("sum", [&s] { return s.counter; });
  rec.add_gauges({"g0", "g1", "g2"}, [&](std::span<double> out) {
    ++group_calls;
    ASSERT_EQ(out.size(), 3u);
    out[0] = s.level;
    out[1] = s.level * 10;
    out[2] = -s.level;
  });
  rec.add_gauge("gauge", [&s] { return s.level + 0.5; });
  rec.add_max("max", [&s] { return s.peak; });
  rec.on_period_end([&s] { s.peak = s.level * 2; });
  rec.start();
  engine.run_until(sim::seconds(180));
  rec.finish(sim::seconds(180));

  const sim::TimeSeries& m = rec.series();
  ASSERT_EQ(m.column_names(), (std::vector<std::string>{"sum", "g0", "g1", "g2", "gauge", "max"}));
  ASSERT_EQ(m.row_count(), 3u);
  EXPECT_EQ(group_calls, 3);  // once per snapshot, not once per column
  // Changes at 30 s (period 0), 90 and 100 s (period 1), 150 s (period 2).
  const std::vector<std::vector<double>> expected = {
      {10, 1, 10, -1, 1.5, 2},
      {20, 3, 30, -3, 3.5, 6},
      {10, 4, 40, -4, 4.5, 8},
  };
  for (std::size_t r = 0; r < 3; ++r)
    for (std::size_t c = 0; c < 6; ++c) EXPECT_EQ(m.value(r, c), expected[r][c]) << "row " << r << " column " << c;
}

TEST(CloudWatchRecorder, AnEmptyGaugeGroupAddsNoColumn) {
  sim::Engine engine;
  model::CloudWatchRecorder rec(engine, sim::seconds(60));
  rec.add_gauges({}, [](std::span<double>) { FAIL() << "an empty group is never called"; });
  rec.add_gauge("g", [] { return 1.0; });
  rec.start();
  engine.run_until(sim::seconds(120));
  rec.finish(sim::seconds(120));
  ASSERT_EQ(rec.series().column_names(), (std::vector<std::string>{"g"}));
  EXPECT_EQ(rec.series().value(1, 0), 1.0);
}

}  // namespace
