// metrics.csv written while the run goes on: the rows closed so far are formatted on a second thread, a batch at a
// time, so a long run's file costs the end of the run only its last rows. The bytes are write_metrics_csv's: both
// format with sim::TimeSeries::append_csv_rows, and a row's text does not depend on the thread or the batch it was
// formatted in.
#pragma once

#include <cstddef>
#include <deque>
#include <future>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sim/helper_thread.hpp"
#include "sim/time_series.hpp"

namespace reports {

class MetricsCsvStream {
 public:
  // `series` (a Simulation's metrics()) must outlive this; columns are all added by then (a Simulation adds them when
  // it is built).
  explicit MetricsCsvStream(const sim::TimeSeries& series, std::size_t batch_rows = 2048);
  MetricsCsvStream(const MetricsCsvStream&) = delete;
  MetricsCsvStream& operator=(const MetricsCsvStream&) = delete;
  ~MetricsCsvStream();  // waits for any batch still being formatted

  // On the simulating thread, between events (Simulation::on_metrics_period): hands the rows closed since the last
  // batch to a second thread once there are at least batch_rows of them and the previous batch is done. Never waits.
  void poll();
  // After the series is finished (Simulation::run returned): hands the remaining rows over. Never waits.
  void finish();
  // The whole file: waits for the batches still being formatted. Call once, after finish().
  [[nodiscard]] std::string take_text();
  // Batches handed to a second thread so far (tests: the stream did stream).
  [[nodiscard]] std::size_t batches() const { return batches_; }

 private:
  void hand_over(std::size_t last);

  const sim::TimeSeries& series_;
  std::size_t batch_rows_;
  std::size_t handed_ = 0;  // rows [0, handed_) are formatted or being formatted
  std::size_t batches_ = 0;
  // The header and the batches collected so far, in row order: joined once by take_text (appending each batch to one
  // string copied the whole file over again each time it grew, on the simulating thread).
  std::vector<std::string> parts_;
  // Batches being formatted, oldest first, each into its own string.
  std::deque<std::pair<std::future<void>, std::unique_ptr<std::string>>> pending_;
  // One thread for every batch, started with the first: a thread per batch cost a run of 10^6 simulated seconds eight
  // thread starts, each a new stack and a TLB flush on every core. Declared last: it finishes its jobs, which write
  // into pending_'s strings, before they go.
  sim::HelperThread formatter_;
};

}  // namespace reports
