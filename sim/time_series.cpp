#include "sim/time_series.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>

namespace sim {

TimeSeries::TimeSeries(Time period) : period_(period) {
  if (period.us <= 0) throw std::invalid_argument("TimeSeries: the period must be positive");
}

std::size_t TimeSeries::add_column(std::string name, Aggregation agg) {
  if (std::find(names_.begin(), names_.end(), name) != names_.end())
    throw std::invalid_argument("TimeSeries: duplicate column '" + name + "'");
  if (!rows_.empty()) throw std::invalid_argument("TimeSeries: columns must be added before the first record");
  names_.push_back(std::move(name));
  aggs_.push_back(agg);
  return names_.size() - 1;
}

void TimeSeries::ensure_row(std::size_t row) {
  const std::size_t cols = names_.size();
  if (cols == 0) return;
  // One resize per new row, then its cells (a push_back per cell checked the capacity each time): sums and maxima
  // start at 0, gauges hold their last row's value.
  for (std::size_t n = row_count(); n <= row || rows_.empty(); ++n) {
    rows_.resize((n + 1) * cols);
    double* cell = &rows_[n * cols];
    if (n == 0) continue;  // the first row: all 0
    const double* prev = cell - cols;
    for (std::size_t c = 0; c < cols; ++c) cell[c] = aggs_[c] == Aggregation::Gauge ? prev[c] : 0.0;
  }
}

void TimeSeries::reserve_until(Time end) {
  constexpr std::size_t kMaxCells = std::size_t{32} << 20 >> 3;  // 32 MiB of doubles
  if (end.us <= 0 || names_.empty()) return;
  const auto rows = static_cast<std::uint64_t>((end.us - 1) / period_.us) + 1;
  if (rows > kMaxCells / names_.size()) return;
  rows_.reserve(static_cast<std::size_t>(rows) * names_.size());
}

std::size_t TimeSeries::row_at(Time at) {
  if (at < last_at_) throw std::invalid_argument("TimeSeries: record() went back in time");
  if (!has_last_row_ || at != last_at_) {
    last_at_ = at;
    last_row_ = static_cast<std::size_t>(at.us / period_.us);
    ensure_row(last_row_);  // rows are only ever appended: once open, last_row_ stays open
    has_last_row_ = true;
  }
  return last_row_;
}

void TimeSeries::aggregate(double& cell, Aggregation agg, double value) {
  switch (agg) {
    case Aggregation::Sum:
      cell += value;
      break;
    case Aggregation::Gauge:
      cell = value;
      break;
    case Aggregation::Max:
      cell = std::max(cell, value);
      break;
  }
  // A gauge set in this row also holds for rows opened later; rows are only ever appended, so nothing to update.
}

void TimeSeries::record(Time at, std::size_t column, double value) {
  if (column >= names_.size()) throw std::invalid_argument("TimeSeries: no such column");
  const std::size_t row = row_at(at);
  aggregate(rows_[row * names_.size() + column], aggs_[column], value);
}

void TimeSeries::record_row(Time at, std::span<const double> values) {
  if (values.size() != names_.size())
    throw std::invalid_argument("TimeSeries: record_row() needs one value per column");
  if (values.empty()) return;
  double* row = &rows_[row_at(at) * names_.size()];
  for (std::size_t c = 0; c < values.size(); ++c) aggregate(row[c], aggs_[c], values[c]);
}

void TimeSeries::finish(Time end) {
  finished_ = true;
  if (end.us <= 0 || names_.empty()) return;
  ensure_row(static_cast<std::size_t>((end.us - 1) / period_.us));
}

namespace {
// Integers without decimals, other values as printf's %.9g: std::to_chars writes the very bytes printf would (C
// locale) without parsing a format per number, so a long run's metrics.csv (hundreds of thousands of numbers) costs
// little beside the simulation.
void append_number(std::string& out, double v) {
  char buf[40];
  const std::to_chars_result r = std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 1e15
                                     ? std::to_chars(buf, buf + sizeof buf, static_cast<long long>(v))
                                     : std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 9);
  out.append(buf, r.ptr);
}
}  // namespace

void TimeSeries::append_csv_header(std::string& out) const {
  out += "period_start_s";
  for (const std::string& n : names_) (out += ',') += n;
  out += '\n';
}

void TimeSeries::append_csv_rows(std::string& out, Time period, std::size_t first_row, std::size_t columns,
                                 std::span<const double> values) {
  if (columns == 0) return;
  for (std::size_t r = 0; r < values.size() / columns; ++r) {
    append_number(out, static_cast<double>((period * static_cast<std::int64_t>(first_row + r)).us) / 1e6);
    for (std::size_t c = 0; c < columns; ++c) {
      out += ',';
      append_number(out, values[r * columns + c]);
    }
    out += '\n';
  }
}

void TimeSeries::write_csv(std::ostream& out) const {
  std::string text;
  append_csv_header(text);
  // In chunks of rows: memory stays flat however long the run.
  constexpr std::size_t kChunk = 1024;
  for (std::size_t r = 0; r < row_count() && !names_.empty(); r += kChunk) {
    const std::size_t last = std::min(row_count(), r + kChunk);
    append_csv_rows(text, period_, r, names_.size(), row_values(r, last));
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    text.clear();
  }
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

}  // namespace sim
