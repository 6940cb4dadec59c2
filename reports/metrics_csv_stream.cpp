#include "reports/metrics_csv_stream.hpp"

#include <chrono>
#include <utility>
#include <vector>

namespace reports {

MetricsCsvStream::MetricsCsvStream(const sim::TimeSeries& series, std::size_t batch_rows)
    : series_(series), batch_rows_(batch_rows == 0 ? 1 : batch_rows) {
  series_.append_csv_header(parts_.emplace_back());
}

MetricsCsvStream::~MetricsCsvStream() {
  for (auto& [done, text] : pending_) {
    if (done.valid()) done.wait();
  }
}

void MetricsCsvStream::hand_over(std::size_t last) {
  if (last <= handed_) return;
  // A copy: the simulating thread goes on appending rows, which may move the series' storage.
  const std::span<const double> values = series_.row_values(handed_, last);
  auto text = std::make_unique<std::string>();
  std::future<void> done = formatter_.run([out = text.get(), period = series_.period(), first = handed_,
                                           columns = series_.column_names().size(),
                                           copy = std::vector<double>(values.begin(), values.end())] {
    sim::TimeSeries::append_csv_rows(*out, period, first, columns, copy);
  });
  pending_.emplace_back(std::move(done), std::move(text));
  handed_ = last;
  ++batches_;
}

void MetricsCsvStream::poll() {
  // One batch at a time: a finished one is collected first, one still running makes this call a no-op.
  if (!pending_.empty()) {
    if (pending_.front().first.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    pending_.front().first.get();
    parts_.push_back(std::move(*pending_.front().second));
    pending_.pop_front();
  }
  const std::size_t closed = series_.closed_rows();
  if (closed - handed_ >= batch_rows_) hand_over(closed);
}

void MetricsCsvStream::finish() {
  hand_over(series_.closed_rows());
}

std::string MetricsCsvStream::take_text() {
  while (!pending_.empty()) {
    pending_.front().first.get();
    parts_.push_back(std::move(*pending_.front().second));
    pending_.pop_front();
  }
  std::size_t size = 0;
  for (const std::string& p : parts_) size += p.size();
  std::string text;
  text.reserve(size);
  for (const std::string& p : parts_) text += p;
  parts_.clear();
  return text;
}

}  // namespace reports
