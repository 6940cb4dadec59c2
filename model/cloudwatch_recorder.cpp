#include "model/cloudwatch_recorder.hpp"

#include <utility>

namespace model {

CloudWatchRecorder::CloudWatchRecorder(sim::Engine& engine, sim::Time period)
    : engine_(engine), self_(engine.add_sink(*this)), series_(period) {}

void CloudWatchRecorder::add_sum(std::string name, std::function<double()> cumulative) {
  series_.add_column(std::move(name), sim::Aggregation::Sum);
  columns_.push_back(Column{sim::Aggregation::Sum, std::move(cumulative), 0.0, {}, 0.0, {}, 1});
}

void CloudWatchRecorder::add_gauge(std::string name, std::function<double()> level) {
  series_.add_column(std::move(name), sim::Aggregation::Gauge);
  columns_.push_back(Column{sim::Aggregation::Gauge, std::move(level), 0.0, {}, 0.0, {}, 1});
}

void CloudWatchRecorder::add_gauges(const std::vector<std::string>& names,
                                    std::function<void(std::span<double>)> levels) {
  if (names.empty()) return;
  for (const std::string& name : names) series_.add_column(name, sim::Aggregation::Gauge);
  columns_.push_back(Column{sim::Aggregation::Gauge, {}, 0.0, {}, 0.0, std::move(levels), names.size()});
  // The group's other columns: filled by its first column's call.
  for (std::size_t i = 1; i < names.size(); ++i)
    columns_.push_back(Column{sim::Aggregation::Gauge, {}, 0.0, {}, 0.0, {}, 0});
}

void CloudWatchRecorder::add_max(std::string name, std::function<double()> period_max) {
  series_.add_column(std::move(name), sim::Aggregation::Max);
  columns_.push_back(Column{sim::Aggregation::Max, std::move(period_max), 0.0, {}, 0.0, {}, 1});
}

void CloudWatchRecorder::add_average(std::string name, std::function<double()> cumulative_total,
                                     std::function<double()> cumulative_count) {
  // Recorded as a gauge: the value is already the period's statistic.
  series_.add_column(std::move(name), sim::Aggregation::Gauge);
  columns_.push_back(
      Column{sim::Aggregation::Gauge, std::move(cumulative_total), 0.0, std::move(cumulative_count), 0.0, {}, 1});
}

void CloudWatchRecorder::on_period_end(std::function<void()> roll) {
  rolls_.push_back(std::move(roll));
}

void CloudWatchRecorder::start() {
  engine_.schedule_at(engine_.now() + series_.period(), self_, 0);
}

void CloudWatchRecorder::snapshot(sim::Time at) {
  // A boundary event at t closes the period [t - period, t): record at t - 1 us so the value lands in that row.
  last_snapshot_ = at;
  const sim::Time stamp = at.us > 0 ? at - sim::Time{1} : at;
  row_.resize(columns_.size());  // columns_[i] is the series' column i: they are added together
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    Column& c = columns_[i];
    if (!c.read) {
      if (c.fill) c.fill(std::span<double>(row_).subspan(i, c.width));
      continue;  // a group's other columns were filled with its first
    }
    const double v = c.read();
    if (c.count) {
      const double n = c.count();
      row_[i] = n == c.last_count ? 0.0 : (v - c.last) / (n - c.last_count);
      c.last = v;
      c.last_count = n;
    } else if (c.agg == sim::Aggregation::Sum) {
      row_[i] = v - c.last;
      c.last = v;
    } else {
      row_[i] = v;
    }
  }
  series_.record_row(stamp, row_);
  for (const auto& roll : rolls_) roll();
}

void CloudWatchRecorder::on_event(const sim::Event&) {
  if (finished_) return;
  snapshot(engine_.now());
  engine_.schedule_in(series_.period(), self_, 0);
}

void CloudWatchRecorder::finish(sim::Time end) {
  if (finished_) return;
  finished_ = true;
  if (end != last_snapshot_ && end.us > 0) snapshot(end);  // the partial last period, or a boundary not yet reached
  series_.finish(end);
}

}  // namespace model
