#include "sim/time_series.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

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
  while (row_count() <= row || rows_.empty()) {
    const std::size_t prev = rows_.empty() ? SIZE_MAX : row_count() - 1;
    for (std::size_t c = 0; c < cols; ++c) {
      const bool carry = aggs_[c] == Aggregation::Gauge && prev != SIZE_MAX;
      rows_.push_back(carry ? rows_[prev * cols + c] : 0.0);
    }
    if (cols == 0) break;
  }
}

void TimeSeries::record(Time at, std::size_t column, double value) {
  if (at < last_at_) throw std::invalid_argument("TimeSeries: record() went back in time");
  if (column >= names_.size()) throw std::invalid_argument("TimeSeries: no such column");
  last_at_ = at;
  const auto row = static_cast<std::size_t>(at.us / period_.us);
  ensure_row(row);
  double& cell = rows_[row * names_.size() + column];
  switch (aggs_[column]) {
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

void TimeSeries::finish(Time end) {
  if (end.us <= 0 || names_.empty()) return;
  ensure_row(static_cast<std::size_t>((end.us - 1) / period_.us));
}

namespace {
void print_number(std::ostream& out, double v) {
  char buf[40];
  if (std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
  } else {
    std::snprintf(buf, sizeof buf, "%.9g", v);
  }
  out << buf;
}
}  // namespace

void TimeSeries::write_csv(std::ostream& out) const {
  out << "period_start_s";
  for (const std::string& n : names_) out << ',' << n;
  out << '\n';
  for (std::size_t r = 0; r < row_count() && !names_.empty(); ++r) {
    print_number(out, static_cast<double>(row_start(r).us) / 1e6);
    for (std::size_t c = 0; c < names_.size(); ++c) {
      out << ',';
      print_number(out, value(r, c));
    }
    out << '\n';
  }
}

}  // namespace sim
