// A fixed-period time series: named columns, one row per period (CloudWatch-style 60 s by default).
// Memory grows with periods x columns only.
#pragma once

#include <cstddef>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "sim/time.hpp"

namespace sim {

enum class Aggregation { Sum, Gauge, Max };

class TimeSeries {
 public:
  explicit TimeSeries(Time period = seconds(60));

  // Column names must be unique (std::invalid_argument otherwise).
  std::size_t add_column(std::string name, Aggregation agg);
  // `at` must not go backwards across calls (std::invalid_argument). Skipped periods are filled:
  // Sum and Max with 0, Gauge with the last value (a level persists until it changes).
  void record(Time at, std::size_t column, double value);
  // record(at, c, values[c]) for every column c, checked once: a metrics snapshot records a whole row at one time.
  // std::invalid_argument unless there is one value per column.
  void record_row(Time at, std::span<const double> values);
  // Storage for the rows up to `end`, taken once (after the columns are added): a long run's series otherwise grows
  // by doubling, copying every row and faulting in fresh pages each time. Reserves at most 32 MiB; beyond that it
  // grows as it goes. No effect on any value.
  void reserve_until(Time end);
  // Closes rows up to the period holding end - 1 us. Idempotent.
  void finish(Time end);

  [[nodiscard]] Time period() const { return period_; }
  [[nodiscard]] const std::vector<std::string>& column_names() const { return names_; }
  [[nodiscard]] std::size_t row_count() const { return rows_.size() / (names_.empty() ? 1 : names_.size()); }
  [[nodiscard]] Time row_start(std::size_t row) const { return period_ * static_cast<std::int64_t>(row); }
  [[nodiscard]] double value(std::size_t row, std::size_t column) const { return rows_[row * names_.size() + column]; }
  // Header "period_start_s,<names>"; integers without decimals, other values with up to 9 significant digits.
  void write_csv(std::ostream& out) const;

  // Rows no later record() can change: every row before the one the last record() wrote (all rows after finish()).
  // A writer may copy them out and format them while the run goes on (reports::MetricsCsvStream).
  [[nodiscard]] std::size_t closed_rows() const { return finished_ ? row_count() : (has_last_row_ ? last_row_ : 0); }
  // Rows [first, last), row-major. The span is valid until the next record() or finish().
  [[nodiscard]] std::span<const double> row_values(std::size_t first, std::size_t last) const {
    return std::span<const double>(rows_).subspan(first * names_.size(), (last - first) * names_.size());
  }
  // The CSV header line, as write_csv() writes it.
  void append_csv_header(std::string& out) const;
  // CSV lines for rows first_row, first_row + 1, ... of a series with this period and column count, from their
  // values (row_values()): the one home of metrics.csv's row format, for write_csv() and for a writer on another
  // thread working from a copy.
  static void append_csv_rows(std::string& out, Time period, std::size_t first_row, std::size_t columns,
                              std::span<const double> values);

 private:
  void ensure_row(std::size_t row);
  // The row `at` falls in, opened if need be; `at` must not go back in time.
  std::size_t row_at(Time at);
  static void aggregate(double& cell, Aggregation agg, double value);

  Time period_;
  Time last_at_{0};
  // The row of last_at_, once a record has opened it: a metrics snapshot records every column at one time, so the
  // row is worked out (a division, and rows opened up to it) once per snapshot, not once per column.
  std::size_t last_row_ = 0;
  bool has_last_row_ = false;
  bool finished_ = false;
  std::vector<std::string> names_;
  std::vector<Aggregation> aggs_;
  std::vector<double> rows_;  // row-major
};

}  // namespace sim
