#include "model/environment_stats.hpp"

namespace model {

sim::TimeWeightedLevel& EnvironmentStats::level_of(EnvironmentState s) {
  switch (s) {
    case EnvironmentState::Initializing:
      return init_;
    case EnvironmentState::Busy:
      return busy_;
    default:
      return idle_;
  }
}

void EnvironmentStats::change(sim::Time now, EnvironmentState from, EnvironmentState to) {
  if (from == to) return;
  if (from == EnvironmentState::Reclaimed) {
    all_.add(now, 1);
  } else {
    level_of(from).add(now, -1);
  }
  if (to == EnvironmentState::Reclaimed) {
    all_.add(now, -1);
  } else {
    level_of(to).add(now, 1);
  }
}

EnvironmentPeriodMeans EnvironmentStats::period_means(sim::Time now) const {
  return EnvironmentPeriodMeans{all_.period_mean(now), init_.period_mean(now), busy_.period_mean(now),
                                idle_.period_mean(now)};
}

void EnvironmentStats::roll_period(sim::Time now) {
  for (sim::TimeWeightedLevel* l : {&all_, &init_, &busy_, &idle_}) l->roll_period(now);
}

}  // namespace model
