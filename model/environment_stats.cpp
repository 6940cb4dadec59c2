#include "model/environment_stats.hpp"

namespace model {

EnvironmentPeriodMeans EnvironmentStats::period_means(sim::Time now) const {
  return EnvironmentPeriodMeans{all_.period_mean(now), init_.period_mean(now), busy_.period_mean(now),
                                idle_.period_mean(now)};
}

void EnvironmentStats::roll_period(sim::Time now) {
  for (sim::TimeWeightedLevel* l : {&all_, &init_, &busy_, &idle_}) l->roll_period(now);
}

}  // namespace model
