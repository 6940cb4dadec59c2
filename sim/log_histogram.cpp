#include "sim/log_histogram.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sim {

std::uint64_t LogHistogram::bucket_low(int b) {
  if (b < kSubBuckets) return static_cast<std::uint64_t>(b);
  const int shift = (b - kSubBuckets) / (kSubBuckets / 2) + 1;
  const int sub = (b - kSubBuckets) % (kSubBuckets / 2) + kSubBuckets / 2;
  return static_cast<std::uint64_t>(sub) << shift;
}

std::uint64_t LogHistogram::bucket_high(int b) {
  if (b < kSubBuckets) return static_cast<std::uint64_t>(b);
  const int shift = (b - kSubBuckets) / (kSubBuckets / 2) + 1;
  return bucket_low(b) + ((std::uint64_t{1} << shift) - 1);
}

void LogHistogram::merge_totals(const LogHistogram& o) {
  min_ = std::min(min_, o.min_);  // an empty side holds the extremes: the other's values win
  max_ = std::max(max_, o.max_);
  count_ += o.count_;
  sum_ += o.sum_;
}

void LogHistogram::clear_totals() {
  count_ = 0;
  min_ = std::numeric_limits<std::int64_t>::max();
  max_ = std::numeric_limits<std::int64_t>::min();
  sum_ = 0;
}

void LogHistogram::merge(const LogHistogram& o) {
  if (o.count_ == 0) return;
  // Only the buckets between the other's smallest and largest value can be non-zero (as in clear()): a run's histogram
  // takes in its period's thousands of times.
  const auto lo = static_cast<std::size_t>(bucket_of(static_cast<std::uint64_t>(o.min_)));
  const auto hi = static_cast<std::size_t>(bucket_of(static_cast<std::uint64_t>(o.max_)));
  for (std::size_t i = lo; i <= hi; ++i) counts_[i] += o.counts_[i];
  merge_totals(o);
}

void LogHistogram::merge_buckets(const LogHistogram& o, const std::vector<std::uint16_t>& buckets) {
  if (o.count_ == 0) return;
  for (const std::uint16_t b : buckets) counts_[b] += o.counts_[b];
  merge_totals(o);
}

void LogHistogram::clear() {
  // Only the buckets between the smallest and largest value can be non-zero: a per-period histogram of a long run is
  // cleared thousands of times, and zeroing all 58 KiB each time was most of its cost.
  if (count_ != 0) {
    const auto lo = static_cast<std::size_t>(bucket_of(static_cast<std::uint64_t>(min_)));
    const auto hi = static_cast<std::size_t>(bucket_of(static_cast<std::uint64_t>(max_)));
    std::fill(counts_.begin() + static_cast<std::ptrdiff_t>(lo), counts_.begin() + static_cast<std::ptrdiff_t>(hi) + 1,
              std::uint64_t{0});
  }
  clear_totals();
}

void LogHistogram::clear_buckets(const std::vector<std::uint16_t>& buckets) {
  for (const std::uint16_t b : buckets) counts_[b] = 0;
  clear_totals();
}

double LogHistogram::mean() const {
  if (count_ == 0) return 0.0;
  return static_cast<double>(sum_ / count_) + static_cast<double>(sum_ % count_) / static_cast<double>(count_);
}

std::int64_t LogHistogram::quantile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  // The bucket's midpoint: its distance to any value in the bucket is at most half the bucket width.
  const auto value_of = [this](int b) {
    const std::uint64_t lo = bucket_low(b);
    const std::uint64_t mid = lo + (bucket_high(b) - lo) / 2;
    return std::clamp(static_cast<std::int64_t>(mid), min_, max_);
  };
  // Only the buckets between the smallest and largest value hold anything; the scan starts from the nearer end (a
  // p99 per metrics period walked thousands of empty or passed buckets from the bottom).
  const int lowest = bucket_of(static_cast<std::uint64_t>(min_));
  const int highest = bucket_of(static_cast<std::uint64_t>(max_));
  std::uint64_t seen = 0;
  if (rank <= count_ / 2) {
    for (int b = lowest; b <= highest; ++b) {
      seen += counts_[static_cast<std::size_t>(b)];
      if (seen >= rank) return value_of(b);
    }
  } else {
    // From the top: bucket b holds rank r when the values above it number fewer than count - r + 1.
    for (int b = highest; b >= lowest; --b) {
      seen += counts_[static_cast<std::size_t>(b)];
      if (seen > count_ - rank) return value_of(b);
    }
  }
  return max_;
}

}  // namespace sim
