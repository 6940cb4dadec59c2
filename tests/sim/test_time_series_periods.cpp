// TimeSeries: Sum, Gauge (carried forward) and Max per fixed period, boundaries, and byte-exact CSV.
#include <gtest/gtest.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "sim/time_series.hpp"

namespace {

TEST(TimeSeries, AggregatesPerPeriod) {
  sim::TimeSeries ts(sim::seconds(60));
  const auto sent = ts.add_column("q/NumberOfMessagesSent", sim::Aggregation::Sum);
  const auto depth = ts.add_column("q/ApproximateNumberOfMessagesVisible", sim::Aggregation::Gauge);
  const auto conc = ts.add_column("f/ConcurrentExecutions", sim::Aggregation::Max);
  ts.record(sim::seconds(1), sent, 3);
  ts.record(sim::seconds(2), conc, 7);
  ts.record(sim::seconds(59), sent, 2);
  ts.record(sim::seconds(59), depth, 40);
  ts.record(sim::seconds(59), conc, 4);
  ts.record(sim::seconds(60), sent, 1);   // exactly on the boundary: the next period
  ts.record(sim::seconds(200), sent, 5);  // skips period [120, 180)
  ts.finish(sim::seconds(240));           // ends on a boundary: no empty trailing row
  ASSERT_EQ(ts.row_count(), 4u);
  EXPECT_EQ(ts.value(0, sent), 5);
  EXPECT_EQ(ts.value(1, sent), 1);
  EXPECT_EQ(ts.value(2, sent), 0);
  EXPECT_EQ(ts.value(3, sent), 5);
  EXPECT_EQ(ts.value(0, depth), 40);
  EXPECT_EQ(ts.value(2, depth), 40);  // a level persists until it changes
  EXPECT_EQ(ts.value(0, conc), 7);
  EXPECT_EQ(ts.value(2, conc), 0);
  ts.finish(sim::seconds(240));
  EXPECT_EQ(ts.row_count(), 4u);  // idempotent
}

TEST(TimeSeries, RejectsTimeGoingBackwardsAndDuplicateNames) {
  sim::TimeSeries ts(sim::seconds(10));
  const auto c = ts.add_column("a", sim::Aggregation::Sum);
  EXPECT_THROW(ts.add_column("a", sim::Aggregation::Sum), std::invalid_argument);
  ts.record(sim::seconds(5), c, 1);
  EXPECT_THROW(ts.record(sim::seconds(4), c, 1), std::invalid_argument);
  EXPECT_THROW(sim::TimeSeries(sim::Time{0}), std::invalid_argument);
}

TEST(TimeSeries, CsvIsByteExact) {
  sim::TimeSeries ts(sim::seconds(60));
  const auto a = ts.add_column("a", sim::Aggregation::Sum);
  const auto b = ts.add_column("b", sim::Aggregation::Gauge);
  ts.record(sim::seconds(10), a, 2);
  ts.record(sim::seconds(10), b, 0.125);
  ts.record(sim::seconds(70), a, 1.0 / 3.0);
  ts.finish(sim::seconds(90));
  std::ostringstream out;
  ts.write_csv(out);
  EXPECT_EQ(out.str(), "period_start_s,a,b\n0,2,0.125\n60,0.333333333,0.125\n");
}

// Storage taken ahead for the planned run (shorter or longer than the run, too large to take, or before any column)
// leaves every row and the CSV as they were.
TEST(TimeSeries, ReservingAheadChangesNothing) {
  const auto fill = [](sim::TimeSeries& ts) {
    for (int t = 0; t < 5000; t += 7) {
      ts.record(sim::seconds(t), 0, t % 5);
      ts.record(sim::seconds(t), 1, t % 11);
    }
    ts.finish(sim::seconds(5003));
    std::ostringstream out;
    ts.write_csv(out);
    return out.str();
  };
  sim::TimeSeries plain(sim::seconds(60));
  plain.add_column("a", sim::Aggregation::Sum);
  plain.add_column("b", sim::Aggregation::Gauge);
  const std::string expected = fill(plain);
  for (const std::int64_t horizon_s : {0LL, 1LL, 600LL, 5003LL, 100'000LL, 1'000'000'000'000LL}) {
    sim::TimeSeries ts(sim::seconds(60));
    ts.reserve_until(sim::seconds(horizon_s));  // before the columns: nothing to size yet
    ts.add_column("a", sim::Aggregation::Sum);
    ts.add_column("b", sim::Aggregation::Gauge);
    ts.reserve_until(sim::seconds(horizon_s));
    EXPECT_EQ(fill(ts), expected) << horizon_s;
  }
}

// A whole row at one time aggregates each value as record() does, column by column.
TEST(TimeSeries, RecordRowAggregatesEachColumnAsRecordDoes) {
  sim::TimeSeries by_row(sim::seconds(60));
  sim::TimeSeries by_cell(sim::seconds(60));
  for (sim::TimeSeries* ts : {&by_row, &by_cell}) {
    ts->add_column("sum", sim::Aggregation::Sum);
    ts->add_column("gauge", sim::Aggregation::Gauge);
    ts->add_column("max", sim::Aggregation::Max);
  }
  const std::vector<std::pair<std::int64_t, std::vector<double>>> rows = {
      {10, {1, 5, 3}}, {20, {2, 4, 1}}, {130, {4, 7, 9}}, {130, {1, 2, 8}}};
  for (const auto& [s, v] : rows) {
    by_row.record_row(sim::seconds(s), v);
    for (std::size_t c = 0; c < v.size(); ++c) by_cell.record(sim::seconds(s), c, v[c]);
  }
  by_row.finish(sim::seconds(180));
  by_cell.finish(sim::seconds(180));
  std::ostringstream a, b;
  by_row.write_csv(a);
  by_cell.write_csv(b);
  EXPECT_EQ(a.str(), b.str());
  EXPECT_EQ(a.str(), "period_start_s,sum,gauge,max\n0,3,4,3\n60,0,4,0\n120,5,2,9\n");
  const std::vector<double> short_row = {1, 2};
  EXPECT_THROW(by_row.record_row(sim::seconds(200), short_row), std::invalid_argument);
  EXPECT_THROW(by_row.record_row(sim::seconds(100), std::vector<double>{1, 2, 3}), std::invalid_argument);
}

// Rows before the one the last record() wrote are closed (no later record changes them); finish() closes the rest.
// The CSV lines of any split of the rows, formatted from their values alone, join into write_csv's file.
TEST(TimeSeries, ClosedRowsFormatAloneIntoTheSameCsv) {
  sim::TimeSeries ts(sim::seconds(60));
  const auto a = ts.add_column("a", sim::Aggregation::Sum);
  const auto b = ts.add_column("b", sim::Aggregation::Gauge);
  EXPECT_EQ(ts.closed_rows(), 0u);
  ts.record(sim::seconds(10), a, 2);
  ts.record(sim::seconds(10), b, 0.125);
  EXPECT_EQ(ts.closed_rows(), 0u);  // row 0 may still grow
  ts.record(sim::seconds(200), a, 1.0 / 3.0);
  EXPECT_EQ(ts.closed_rows(), 3u);  // rows 0-2 are final, row 3 is open
  const std::vector<double> first(ts.row_values(0, 2).begin(), ts.row_values(0, 2).end());
  ts.record(sim::seconds(230), a, 1);
  ts.finish(sim::seconds(250));
  EXPECT_EQ(ts.closed_rows(), ts.row_count());
  ASSERT_EQ(ts.row_count(), 5u);
  std::string text;
  ts.append_csv_header(text);
  sim::TimeSeries::append_csv_rows(text, ts.period(), 0, 2, first);
  sim::TimeSeries::append_csv_rows(text, ts.period(), 2, 2, ts.row_values(2, 5));
  std::ostringstream out;
  ts.write_csv(out);
  EXPECT_EQ(text, out.str());
  EXPECT_EQ(text, "period_start_s,a,b\n0,2,0.125\n60,0,0.125\n120,0,0.125\n180,1.33333333,0.125\n240,0,0.125\n");
}

}  // namespace
