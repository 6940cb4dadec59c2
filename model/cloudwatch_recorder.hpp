// Records the pipeline's CloudWatch-named metrics once per period into a sim::TimeSeries.
// Models only count; this recorder reads their counters at period boundaries (no I/O, nothing per message).
#pragma once

#include <cstdint>
#include <functional>
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
  // A period maximum the model tracks itself; the reader returns it and starts a new period (statistic Maximum).
  void add_max(std::string name, std::function<double()> take_period_max);

  void start();
  // Records the partial last period and closes the series at `end`.
  void finish(sim::Time end);
  void on_event(const sim::Event& e) override;

  [[nodiscard]] const sim::TimeSeries& series() const { return series_; }

 private:
  struct Column {
    std::size_t index;
    sim::Aggregation agg;
    std::function<double()> read;
    double last = 0.0;
  };
  void snapshot(sim::Time at);

  sim::Engine& engine_;
  sim::TargetId self_;
  sim::TimeSeries series_;
  std::vector<Column> columns_;
  bool finished_ = false;
  sim::Time last_snapshot_{-1};
};

}  // namespace model
