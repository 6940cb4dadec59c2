// A fixed-period time series: named columns, one row per period (CloudWatch-style 60 s by default).
// Memory grows with periods x columns only.
#pragma once

#include <cstddef>
#include <ostream>
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
  // Closes rows up to the period holding end - 1 us. Idempotent.
  void finish(Time end);

  [[nodiscard]] Time period() const { return period_; }
  [[nodiscard]] const std::vector<std::string>& column_names() const { return names_; }
  [[nodiscard]] std::size_t row_count() const { return rows_.size() / (names_.empty() ? 1 : names_.size()); }
  [[nodiscard]] Time row_start(std::size_t row) const { return period_ * static_cast<std::int64_t>(row); }
  [[nodiscard]] double value(std::size_t row, std::size_t column) const { return rows_[row * names_.size() + column]; }
  // Header "period_start_s,<names>"; integers without decimals, other values with up to 9 significant digits.
  void write_csv(std::ostream& out) const;

 private:
  void ensure_row(std::size_t row);

  Time period_;
  Time last_at_{0};
  // The row of last_at_, once a record has opened it: a metrics snapshot records every column at one time, so the
  // row is worked out (a division, and rows opened up to it) once per snapshot, not once per column.
  std::size_t last_row_ = 0;
  bool has_last_row_ = false;
  std::vector<std::string> names_;
  std::vector<Aggregation> aggs_;
  std::vector<double> rows_;  // row-major
};

}  // namespace sim
