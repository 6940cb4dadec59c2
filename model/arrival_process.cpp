#include "model/arrival_process.hpp"

#include <algorithm>
#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <limits>
#include <utility>

namespace model {

ArrivalProcess::ArrivalProcess(ArrivalSpec spec, sim::Time start, std::optional<std::uint64_t> count,
                               std::optional<sim::Time> stop, sim::RngEngine gaps, sim::RngEngine trace)
    : spec_(std::move(spec)), start_(start), count_(count), stop_(stop), trace_rng_(std::move(trace)) {
  if (spec_.gaps_drawn_ahead())
    gaps_ = std::make_unique<sim::DrawAhead<sim::UnitExponential, PoissonGapMicros>>(
        std::move(gaps), sim::UnitExponential{}, PoissonGapMicros{}, rate_in_force());
}

std::uint64_t ArrivalProcess::copies(double multiplier) {
  // A multiplier past 2^64 (hostile input, refused by the memory estimate before a run) saturates: converting it
  // would be undefined behaviour.
  if (!(multiplier < 18446744073709551616.0)) return std::numeric_limits<std::uint64_t>::max();
  // Stochastic rounding keeps the mean exact: 1.5 gives one copy or two, equally often.
  const auto whole = static_cast<std::uint64_t>(multiplier);
  const double frac = multiplier - static_cast<double>(whole);
  return whole + (frac > 0.0 && boost::random::bernoulli_distribution<double>(frac)(trace_rng_) ? 1 : 0);
}

bool ArrivalProcess::start_group() {
  while (group_left_ == 0) {
    if (spec_.kind == ArrivalSpec::Kind::Trace) {
      if (trace_index_ >= spec_.trace.size()) return false;
      group_begin_ =
          start_ +
          sim::Time{sim::round_to_int64(static_cast<double>(spec_.trace[trace_index_++].us) * spec_.time_scale)};
      group_length_us_ = 0;
      group_left_ = copies(spec_.rate_multiplier * factor_);
    } else {
      if (trace_index_ >= spec_.counts.size()) return false;
      const double period_us = static_cast<double>(spec_.count_period.us) * spec_.time_scale;
      group_begin_ = start_ + sim::Time{sim::round_to_int64(period_us * static_cast<double>(trace_index_))};
      group_length_us_ = std::max(1.0, std::round(period_us));
      group_left_ = copies(static_cast<double>(spec_.counts[trace_index_++]) * spec_.rate_multiplier * factor_);
    }
    group_position_ = 0;
  }
  return true;
}

sim::Time ArrivalProcess::next_in_group() {
  // The smallest of m uniforms on [u, 1) is u + (1 - u)(1 - V^(1/m)), V uniform on (0, 1]: the period's arrivals come
  // out sorted, each a uniform random time in the period, as if all m had been drawn and sorted.
  const double m = static_cast<double>(group_left_--);
  if (group_length_us_ > 0) {
    const double v = 1.0 - boost::random::uniform_01<double>()(trace_rng_);  // (0, 1]
    group_position_ += (1.0 - group_position_) * -std::expm1(std::log(v) / m);
  }
  const auto offset = std::min(static_cast<std::int64_t>(group_position_ * group_length_us_),
                               static_cast<std::int64_t>(group_length_us_) - 1);
  return group_begin_ + sim::Time{std::max<std::int64_t>(0, offset)};
}

void ArrivalProcess::set_rate_factor(double factor, sim::Time now) {
  if (spec_.kind == ArrivalSpec::Kind::Constant) {
    // Re-anchor so the arrivals after `now` follow the new spacing without a jump.
    anchor_at_ = std::max(now, last_.us < 0 ? start_ : last_);
    anchor_count_ = emitted_;
  }
  factor_ = factor;
  if (gaps_) gaps_->set_param(rate_in_force());
}

sim::Time ArrivalProcess::draw(sim::Time now) {
  if (count_ && emitted_ >= *count_) return kOver;
  sim::Time at;
  switch (spec_.kind) {
    case ArrivalSpec::Kind::Constant:
      // Placed at start + floor(i / rate): no drift from rounding accumulated gap by gap.
      at = (anchor_at_.us < 0 ? start_ : anchor_at_) +
           sim::Time{static_cast<std::int64_t>(
               std::floor(static_cast<double>(emitted_ - anchor_count_) * 1e6 / rate_in_force()))};
      break;
    case ArrivalSpec::Kind::Poisson: {
      // Exponential gaps, drawn from this component's own stream (PoissonGapMicros).
      at = (last_.us < 0 ? start_ : last_) + sim::Time{gaps_->next().value};
      break;
    }
    case ArrivalSpec::Kind::Trace:
    case ArrivalSpec::Kind::Counts:
      if (!start_group()) return kOver;
      at = next_in_group();
      break;
  }
  at = std::max(at, now);
  if (stop_ && at >= *stop_) return kOver;
  last_ = at;
  ++emitted_;
  return at;
}

}  // namespace model
