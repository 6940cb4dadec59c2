// The time average of an integer level that changes at events (queue lengths, busy servers, live environments):
// the integral of the level over time, over the whole run and per period, and optionally the time spent at each level.
// Integer microseconds throughout, so the same run gives the same averages on every machine.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/time.hpp"

namespace sim {

class TimeWeightedLevel {
 public:
  // `time_at_each_level`: also keep how long the level stood at each value (the share-of-time histogram).
  explicit TimeWeightedLevel(bool time_at_each_level = false) : keep_levels_(time_at_each_level) {}

  // The level moves by `delta` at `now` (now must not go backwards; the level must not go below 0).
  // Inline: Lambda's environment and concurrency levels move several times per invocation.
  [[gnu::always_inline]] void add(Time now, std::int64_t delta) {
    advance(now);
    level_ += delta;
    if (level_ < 0) [[unlikely]]
      below_zero();
  }
  [[nodiscard]] std::int64_t level() const { return level_; }
  // The time average over [0, now].
  [[nodiscard]] double mean(Time now) const;
  // The time average over the current period [period start, now] (the level itself for an empty period).
  [[nodiscard]] double period_mean(Time now) const;
  // The level's integral (level x us) over [0, now] and over the current period up to now: exact integers, so the
  // integral of a level that is the difference of others is the same difference of theirs.
  [[nodiscard]] std::int64_t integral(Time now) const {
    return integral_ + (now > last_ ? level_ * (now - last_).us : 0);
  }
  [[nodiscard]] std::int64_t period_integral(Time now) const {
    return integral_ - integral_at_period_start_ + level_ * (now - std::max(last_, period_start_)).us;
  }
  [[nodiscard]] Time period_start() const { return period_start_; }
  // Starts a new period at `now` (once per metrics period, after the period's reads).
  void roll_period(Time now);
  // Time (us) spent at level k over [0, now], for k = 0 .. highest level reached. Empty unless asked for.
  [[nodiscard]] std::vector<std::int64_t> time_at_levels(Time now) const;

 private:
  [[gnu::always_inline]] void advance(Time now) {
    if (now < last_) [[unlikely]]
      backwards();
    const std::int64_t dt = (now - last_).us;
    integral_ += level_ * dt;
    if (keep_levels_) add_time_at_level(dt);
    last_ = now;
  }
  void add_time_at_level(std::int64_t dt);
  [[noreturn]] static void below_zero();
  [[noreturn]] static void backwards();

  bool keep_levels_;
  std::int64_t level_ = 0;
  Time last_{0};
  Time period_start_{0};
  std::int64_t integral_ = 0;  // level x us over [0, last_]
  // integral_ when the period began: the period's integral is the difference (one product per change, not two).
  std::int64_t integral_at_period_start_ = 0;
  std::vector<std::int64_t> at_level_;
};

}  // namespace sim
