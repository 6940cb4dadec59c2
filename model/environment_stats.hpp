// A function's execution environments over time: how many exist (initialising, busy, idle) as time averages over the
// run and per metrics period, the share of time at each count, and how long environments live. The function reports
// every state change here; the statistics are read by the summary and the metrics recorder.
#pragma once

#include <cstdint>
#include <vector>

#include "model/execution_environment.hpp"
#include "sim/log_histogram.hpp"
#include "sim/time.hpp"
#include "sim/time_weighted_level.hpp"

namespace model {

struct EnvironmentPeriodMeans {
  double all = 0, initializing = 0, busy = 0, idle = 0;
};

class EnvironmentStats {
 public:
  // An environment moves from one state to another. Reclaimed stands for "does not exist": Reclaimed ->
  // Initializing is a creation, X -> Reclaimed an end (pass its creation time to record its lifespan).
  // Inline: a warm invocation makes two changes (idle to busy, busy to idle).
  // The idle count is not a level of its own: it is the environments in existence less those initialising or busy,
  // and its integrals are the same difference of theirs (exact integers). So a warm invocation moves one level per
  // change, the busy one, instead of two.
  [[gnu::always_inline]] void change(sim::Time now, EnvironmentState from, EnvironmentState to) {
    if (from == to) return;
    if (from == EnvironmentState::Reclaimed) {
      all_.add(now, 1);
    } else if (from != EnvironmentState::Idle) {
      level_of(from).add(now, -1);
    }
    if (to == EnvironmentState::Reclaimed) {
      all_.add(now, -1);
    } else if (to != EnvironmentState::Idle) {
      level_of(to).add(now, 1);
    }
  }
  void ended(sim::Time now, sim::Time created_at) { lifespans_us_.add((now - created_at).us); }

  [[nodiscard]] double mean_all(sim::Time now) const { return all_.mean(now); }
  [[nodiscard]] double mean_initializing(sim::Time now) const { return init_.mean(now); }
  [[nodiscard]] double mean_busy(sim::Time now) const { return busy_.mean(now); }
  [[nodiscard]] double mean_idle(sim::Time now) const;
  [[nodiscard]] std::int64_t alive() const { return all_.level(); }
  // Means over the current metrics period, up to `now`; roll_period starts the next one (once per period).
  [[nodiscard]] EnvironmentPeriodMeans period_means(sim::Time now) const;
  void roll_period(sim::Time now);
  // Time (us) with exactly k environments in existence, k = 0 .. the most there ever were.
  [[nodiscard]] std::vector<std::int64_t> time_at_counts(sim::Time now) const { return all_.time_at_levels(now); }
  // Lifespans (creation to reclaim) of the environments that ended; those alive at the end are not in it.
  [[nodiscard]] const sim::LogHistogram& lifespans_us() const { return lifespans_us_; }

 private:
  // Precondition: s is Initializing or Busy (Reclaimed is all_'s complement, Idle what all_ leaves of the two).
  sim::TimeWeightedLevel& level_of(EnvironmentState s) { return s == EnvironmentState::Initializing ? init_ : busy_; }
  [[nodiscard]] std::int64_t idle_level() const { return all_.level() - init_.level() - busy_.level(); }

  sim::TimeWeightedLevel all_{true};
  sim::TimeWeightedLevel init_;
  sim::TimeWeightedLevel busy_;
  sim::LogHistogram lifespans_us_;
};

}  // namespace model
