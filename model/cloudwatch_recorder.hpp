// Records the pipeline's CloudWatch-named metrics once per period into a sim::TimeSeries.
// Models only count and keep their current period's statistics; at each period boundary this recorder reads every
// column (reads change nothing, so their order does not matter), then rolls every registered component's period once
// (no I/O, nothing per message).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "sim/engine.hpp"
#include "sim/time_series.hpp"

namespace model {

class CloudWatchRecorder final : public sim::EventSink {
 public:
  CloudWatchRecorder(sim::Engine& engine, sim::Time period);

  // A cumulative counter; each period records how much it grew (statistic Sum).
  void add_sum(std::string name, std::function<double()> cumulative);
  // A level sampled at the end of each period (e.g. ApproximateNumberOfMessagesVisible).
  void add_gauge(std::string name, std::function<double()> level);
  // Gauges worked out together: one call fills one value per name, in order (levels that share their work, such as a
  // function's four environment averages, which come from one pass over its levels).
  void add_gauges(const std::vector<std::string>& names, std::function<void(std::span<double>)> levels);
  // A period maximum the model tracks itself (statistic Maximum); the model restarts it when its period rolls.
  void add_max(std::string name, std::function<double()> period_max);
  // The period's average of a quantity from two cumulative counters: how much `total` grew over how much `count` grew
  // (0 when count did not grow), e.g. SentMessageSize from bytes sent and messages sent.
  void add_average(std::string name, std::function<double()> cumulative_total,
                   std::function<double()> cumulative_count);
  // Called once at each period boundary, after every column was read: a component starts its next period.
  void on_period_end(std::function<void()> roll);

  void start();
  // After the columns are added: sizes the series' storage once for a run planned to end at `horizon`
  // (sim::TimeSeries::reserve_until).
  void reserve_until(sim::Time horizon) { series_.reserve_until(horizon); }
  // Records the partial last period and closes the series at `end`.
  void finish(sim::Time end);
  void on_event(const sim::Event& e) override;

  [[nodiscard]] const sim::TimeSeries& series() const { return series_; }

 private:
  // Column i of the series: columns are added to both together, and only here.
  struct Column {
    sim::Aggregation agg;
    std::function<double()> read;
    double last = 0.0;
    std::function<double()> count;  // add_average: the denominator's cumulative counter
    double last_count = 0.0;
    // add_gauges: set on the group's first column, which stands for `width` columns; `read` is then unset.
    std::function<void(std::span<double>)> fill;
    std::size_t width = 1;
  };
  void snapshot(sim::Time at);

  sim::Engine& engine_;
  sim::TargetId self_;
  sim::TimeSeries series_;
  std::vector<Column> columns_;
  std::vector<std::function<void()>> rolls_;
  std::vector<double> row_;  // the snapshot's values, one per column (storage kept between snapshots)
  bool finished_ = false;
  sim::Time last_snapshot_{-1};
};

}  // namespace model
