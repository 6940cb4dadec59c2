#include "model/arrival_process.hpp"

#include <algorithm>
#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <utility>

namespace model {

ArrivalProcess::ArrivalProcess(ArrivalSpec spec, sim::Time start, std::optional<std::uint64_t> count,
                               std::optional<sim::Time> stop, sim::RngEngine gaps, sim::RngEngine trace)
    : spec_(std::move(spec)),
      start_(start),
      count_(count),
      stop_(stop),
      gaps_(std::move(gaps)),
      trace_rng_(std::move(trace)) {}

std::uint64_t ArrivalProcess::copies(double multiplier) {
  // Stochastic rounding keeps the mean exact: 1.5 gives one copy or two, equally often.
  const auto whole = static_cast<std::uint64_t>(multiplier);
  const double frac = multiplier - static_cast<double>(whole);
  return whole + (frac > 0.0 && boost::random::bernoulli_distribution<double>(frac)(trace_rng_) ? 1 : 0);
}

bool ArrivalProcess::refill_pending() {
  pending_.clear();
  pending_next_ = 0;
  while (pending_.empty()) {
    if (spec_.kind == ArrivalSpec::Kind::Trace) {
      if (trace_index_ >= spec_.trace.size()) return false;
      const sim::Time at =
          start_ + sim::Time{std::llround(static_cast<double>(spec_.trace[trace_index_++].us) * spec_.time_scale)};
      pending_.assign(copies(spec_.rate_multiplier * factor_), at);
    } else {
      if (trace_index_ >= spec_.counts.size()) return false;
      const double period_us = static_cast<double>(spec_.count_period.us) * spec_.time_scale;
      const sim::Time begin = start_ + sim::Time{std::llround(period_us * static_cast<double>(trace_index_))};
      const std::uint64_t n =
          copies(static_cast<double>(spec_.counts[trace_index_++]) * spec_.rate_multiplier * factor_);
      boost::random::uniform_int_distribution<std::int64_t> within(
          0, std::max<std::int64_t>(0, std::llround(period_us) - 1));
      for (std::uint64_t i = 0; i < n; ++i) pending_.push_back(begin + sim::Time{within(trace_rng_)});
      std::sort(pending_.begin(), pending_.end());
    }
  }
  return true;
}

void ArrivalProcess::set_rate_factor(double factor, sim::Time now) {
  if (spec_.kind == ArrivalSpec::Kind::Constant) {
    // Re-anchor so the arrivals after `now` follow the new spacing without a jump.
    anchor_at_ = std::max(now, last_.us < 0 ? start_ : last_);
    anchor_count_ = emitted_;
  }
  factor_ = factor;
}

std::optional<sim::Time> ArrivalProcess::next(sim::Time now) {
  if (count_ && emitted_ >= *count_) return std::nullopt;
  sim::Time at;
  switch (spec_.kind) {
    case ArrivalSpec::Kind::Constant:
      // Placed at start + floor(i / rate): no drift from rounding accumulated gap by gap.
      at = (anchor_at_.us < 0 ? start_ : anchor_at_) +
           sim::Time{static_cast<std::int64_t>(
               std::floor(static_cast<double>(emitted_ - anchor_count_) * 1e6 / (spec_.rate_per_second * factor_)))};
      break;
    case ArrivalSpec::Kind::Poisson: {
      // Exponential gaps, drawn from this component's own stream.
      const double s = boost::random::exponential_distribution<double>(spec_.rate_per_second * factor_)(gaps_);
      at = (last_.us < 0 ? start_ : last_) + sim::Time{std::llround(s * 1e6)};
      break;
    }
    case ArrivalSpec::Kind::Trace:
    case ArrivalSpec::Kind::Counts:
      if (pending_next_ >= pending_.size() && !refill_pending()) return std::nullopt;
      at = pending_[pending_next_++];
      break;
  }
  at = std::max(at, now);
  if (stop_ && at >= *stop_) return std::nullopt;
  last_ = at;
  ++emitted_;
  return at;
}

}  // namespace model
