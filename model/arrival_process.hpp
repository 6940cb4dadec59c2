// When things arrive: constant rate, Poisson, a replayed per-request trace or per-period counts, from a start time
// until a count or a stop time. Shared by producers (SQS SendMessage) and direct invokers (API Gateway, SNS...).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include "model/spec.hpp"
#include "sim/distribution.hpp"
#include "sim/draw_ahead.hpp"
#include "sim/rng.hpp"
#include "sim/time.hpp"

namespace model {

// A Poisson gap in whole microseconds: the unit exponential divided by the rate in force (Boost's
// exponential_distribution(rate), bit for bit), rounded to the nearest. A sim::DrawAhead derive: worked out beside
// each unit draw, for the rate in force.
struct PoissonGapMicros {
  using Param = double;  // the rate in force, per second
  using Value = std::int64_t;
  std::int64_t operator()(double unit, double rate) const { return sim::round_to_int64(unit / rate * 1e6); }
};

class ArrivalProcess {
 public:
  ArrivalProcess(ArrivalSpec spec, sim::Time start, std::optional<std::uint64_t> count, std::optional<sim::Time> stop,
                 sim::RngEngine gaps, sim::RngEngine trace);
  // The next arrival time (never before `now`), or nullopt when the process is over.
  std::optional<sim::Time> next(sim::Time now) {
    const sim::Time at = next_time(now);
    return at == kOver ? std::nullopt : std::optional<sim::Time>(at);
  }
  // The same as a plain time, kOver when the process is over: what the components' per-arrival paths use. GCC builds
  // an optional time on the stack with a one-byte store and reads it back in a sixteen-byte load, a failed
  // store-to-load forward on every arrival (perf put a quarter of DirectInvoker::on_event's samples there).
  static constexpr sim::Time kOver = sim::Time::max();
  // Once over, it stays over: a process that ended at its stop time would otherwise draw a new gap from its last
  // arrival on the next call, and could return a time before the stop again.
  sim::Time next_time(sim::Time now) {
    if (ended_) [[unlikely]]
      return kOver;
    const sim::Time at = draw(now);
    if (at == kOver) [[unlikely]] {
      ended_ = true;
      if (on_end_) on_end_();
    }
    return at;
  }
  // Called once, the first time next() finds the process over.
  void on_end(std::function<void()> hook) { on_end_ = std::move(hook); }
  [[nodiscard]] std::uint64_t emitted() const { return emitted_; }
  // Multiplies the rate from `now` on (a GameDay traffic spike): constant and Poisson rates scale, a trace's arrivals
  // each become `factor` times as many (stochastic rounding). The arrival already scheduled is not moved.
  void set_rate_factor(double factor, sim::Time now);
  [[nodiscard]] double rate_factor() const { return factor_; }
  // Where a Poisson process draws its gaps ahead (sim::DrawAhead; nullptr: on the simulating thread). Only speed
  // depends on it.
  void set_draw_helper(sim::HelperThread* helper) {
    if (gaps_) gaps_->set_helper(helper);
  }

 private:
  // kOver when the process is over (a plain time for the reason next_time() gives; perf put a third of draw()'s own
  // samples on reading back the optional it returned).
  sim::Time draw(sim::Time now);
  [[nodiscard]] double rate_in_force() const { return spec_.rate_per_second * factor_; }
  bool ended_ = false;
  std::function<void()> on_end_;
  std::uint64_t copies(double multiplier);
  // Starts the next trace entry or counts period that holds at least one arrival; false when none is left.
  bool start_group();
  sim::Time next_in_group();

  ArrivalSpec spec_;
  sim::Time start_;
  std::optional<std::uint64_t> count_;
  std::optional<sim::Time> stop_;
  // A Poisson process's unit exponential gaps (its stream feeds nothing else); null for the other kinds.
  std::unique_ptr<sim::DrawAhead<sim::UnitExponential, PoissonGapMicros>> gaps_;
  sim::RngEngine trace_rng_;
  std::uint64_t emitted_ = 0;
  sim::Time last_{-1};
  std::size_t trace_index_ = 0;  // next trace entry (Trace) or period (Counts)
  // The current group: a trace entry's copies (all at group_begin_) or a counts period's arrivals, drawn one at a
  // time as sorted uniforms over [group_begin_, group_begin_ + group_length_us_) so that a period of 2^64 messages
  // costs no memory. group_position_ is the last arrival's place in the period, as a fraction of it.
  std::uint64_t group_left_ = 0;
  sim::Time group_begin_{0};
  double group_length_us_ = 0;
  double group_position_ = 0;
  double factor_ = 1.0;
  // Constant rate: arrivals are placed at anchor_at_ + floor((i - anchor_count_) / rate), re-anchored on a rate change.
  sim::Time anchor_at_{-1};
  std::uint64_t anchor_count_ = 0;
};

}  // namespace model
