// A streaming histogram with bounded relative error (HdrHistogram-style, integer bucketing), for latencies.
// Memory is fixed (a few KiB) whatever the sample count; bucket choice uses only integer arithmetic, so the same
// samples give the same quantiles on every platform.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace sim {

// GCC/Clang's 128-bit integer, marked as an extension so -Wpedantic accepts it.
__extension__ using Uint128 = unsigned __int128;

class LogHistogram {
 public:
  // Negative values are clamped to 0 (latencies cannot be negative; a clamp beats a crash in a report).
  // Inline: every invocation and every deleted message adds to one or two of these.
  void add(std::int64_t value, std::uint64_t count = 1) {
    if (count == 0) return;
    add_returning_bucket(value, count);
  }
  void merge(const LogHistogram& other);
  void clear();

  [[nodiscard]] std::uint64_t count() const { return count_; }
  [[nodiscard]] std::int64_t min() const { return count_ ? min_ : 0; }
  [[nodiscard]] std::int64_t max() const { return count_ ? max_ : 0; }
  [[nodiscard]] double mean() const;
  // Nearest-rank quantile: a value of the bucket holding rank ceil(q * count), clamped to [min, max].
  // Relative error at most 1/2^(kSubBits) of the value (0.4 % with 8 sub-bucket bits).
  [[nodiscard]] std::int64_t quantile(double q) const;
  [[nodiscard]] std::size_t memory_bytes() const { return sizeof(*this); }

  static constexpr int kSubBits = 8;

 private:
  friend class RunAndPeriodHistogram;
  static constexpr int kSubBuckets = 1 << kSubBits;
  // Values below kSubBuckets are exact (one bucket each); above, each power of two is split into kSubBuckets / 2.
  static constexpr int kGroups = 64 - kSubBits + 1;
  static constexpr int kBuckets = kSubBuckets + (kGroups - 1) * (kSubBuckets / 2);

  static int bucket_of(std::uint64_t v) {
    if (v < static_cast<std::uint64_t>(kSubBuckets)) return static_cast<int>(v);
    // The top kSubBits bits of v select the bucket within its power of two.
    const int msb = 63 - std::countl_zero(v);
    const int shift = msb - (kSubBits - 1);
    const auto sub = static_cast<int>(v >> shift);  // in [kSubBuckets/2, kSubBuckets)
    return kSubBuckets + (shift - 1) * (kSubBuckets / 2) + (sub - kSubBuckets / 2);
  }
  // add() for count > 0; returns the value's bucket. Always inline: every invocation and deleted message adds a value.
  [[gnu::always_inline]] std::size_t add_returning_bucket(std::int64_t value, std::uint64_t count) {
    if (value < 0) value = 0;
    const auto b = static_cast<std::size_t>(bucket_of(static_cast<std::uint64_t>(value)));
    counts_[b] += count;
    // No test for the first value: an empty histogram's min_ and max_ are the extremes any value replaces.
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
    count_ += count;
    sum_ += static_cast<Uint128>(value) * count;
    return b;
  }
  // merge() and clear() for a histogram whose non-zero buckets are all in `buckets`.
  void merge_buckets(const LogHistogram& other, const std::vector<std::uint16_t>& buckets);
  void clear_buckets(const std::vector<std::uint16_t>& buckets);
  void merge_totals(const LogHistogram& other);
  void clear_totals();
  static std::uint64_t bucket_low(int b);
  static std::uint64_t bucket_high(int b);  // inclusive

  std::array<std::uint64_t, kBuckets> counts_{};
  std::uint64_t count_ = 0;
  // Empty: the largest and smallest int64 (every reader tests count_ first).
  std::int64_t min_ = std::numeric_limits<std::int64_t>::max();
  std::int64_t max_ = std::numeric_limits<std::int64_t>::min();
  Uint128 sum_ = 0;  // exact: a mean that does not drift with sample count
};

// A whole run's histogram and its current period's, for a figure reported both ways (a queue's end-to-end latency, a
// function's duration). A value is added once, to the period; roll_period() folds the period into the run's earlier
// periods. Adding to two histograms per value cost a bucket update per deleted message. The period also lists the
// buckets it has used, so a fold and the period's reset visit only those: a long run with few values per period (a
// direct-invocation function at one request a second, a minute per period) paid more for passing over the thousand
// buckets between a period's smallest and largest value than for the values themselves. A period that uses more than
// kListedBuckets buckets falls back to that pass. The counts are integers, so the fold gives exactly the histogram of
// adding twice.
class RunAndPeriodHistogram {
 public:
  RunAndPeriodHistogram() { used_.reserve(kListedBuckets); }
  void add(std::int64_t value) {
    const std::size_t b = period_.add_returning_bucket(value, 1);
    if (period_.counts_[b] != 1) return;  // a bucket already in use
    if (used_.size() < kListedBuckets) {
      used_.push_back(static_cast<std::uint16_t>(b));
    } else {
      too_many_used_ = true;
    }
  }
  // Values added since the last roll_period().
  [[nodiscard]] const LogHistogram& period() const { return period_; }
  // Every value added (a copy: the earlier periods and the current one, merged).
  [[nodiscard]] LogHistogram run() const {
    LogHistogram all = before_;
    all.merge(period_);
    return all;
  }
  void roll_period() {
    if (too_many_used_) {
      before_.merge(period_);
      period_.clear();
    } else {
      before_.merge_buckets(period_, used_);
      period_.clear_buckets(used_);
    }
    used_.clear();
    too_many_used_ = false;
  }

 private:
  static constexpr std::size_t kListedBuckets = 256;
  static_assert(LogHistogram::kBuckets <= 65536, "bucket indexes are listed as 16-bit numbers");
  LogHistogram before_;  // every period before the current one
  LogHistogram period_;
  std::vector<std::uint16_t> used_;  // the period's non-zero buckets, unless too_many_used_
  bool too_many_used_ = false;
};

}  // namespace sim
