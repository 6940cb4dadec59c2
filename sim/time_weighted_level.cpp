#include "sim/time_weighted_level.hpp"

#include <algorithm>

#include <stdexcept>

namespace sim {

void TimeWeightedLevel::add_time_at_level(std::int64_t dt) {
  if (at_level_.size() <= static_cast<std::size_t>(level_)) at_level_.resize(static_cast<std::size_t>(level_) + 1);
  at_level_[static_cast<std::size_t>(level_)] += dt;
}

void TimeWeightedLevel::below_zero() {
  throw std::logic_error("TimeWeightedLevel: level below zero");
}

void TimeWeightedLevel::backwards() {
  throw std::invalid_argument("TimeWeightedLevel: time went backwards");
}

double TimeWeightedLevel::mean(Time now) const {
  if (now.us <= 0) return static_cast<double>(level_);
  return static_cast<double>(integral(now)) / static_cast<double>(now.us);
}

double TimeWeightedLevel::period_mean(Time now) const {
  const std::int64_t span = (now - period_start_).us;
  if (span <= 0) return static_cast<double>(level_);
  return static_cast<double>(period_integral(now)) / static_cast<double>(span);
}

void TimeWeightedLevel::roll_period(Time now) {
  advance(now);
  integral_at_period_start_ = integral_;
  period_start_ = now;
}

std::vector<std::int64_t> TimeWeightedLevel::time_at_levels(Time now) const {
  if (!keep_levels_) return {};
  std::vector<std::int64_t> out = at_level_;
  if (now > last_) {
    if (out.size() <= static_cast<std::size_t>(level_)) out.resize(static_cast<std::size_t>(level_) + 1);
    out[static_cast<std::size_t>(level_)] += (now - last_).us;
  }
  return out;
}

}  // namespace sim
