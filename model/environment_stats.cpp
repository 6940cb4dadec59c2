#include "model/environment_stats.hpp"

namespace model {

double EnvironmentStats::mean_idle(sim::Time now) const {
  if (now.us <= 0) return static_cast<double>(idle_level());
  return static_cast<double>(all_.integral(now) - init_.integral(now) - busy_.integral(now)) /
         static_cast<double>(now.us);
}

EnvironmentPeriodMeans EnvironmentStats::period_means(sim::Time now) const {
  // The three levels roll their periods together, so they share the period's start.
  const std::int64_t span = (now - all_.period_start()).us;
  const double idle =
      span <= 0
          ? static_cast<double>(idle_level())
          : static_cast<double>(all_.period_integral(now) - init_.period_integral(now) - busy_.period_integral(now)) /
                static_cast<double>(span);
  return EnvironmentPeriodMeans{all_.period_mean(now), init_.period_mean(now), busy_.period_mean(now), idle};
}

void EnvironmentStats::roll_period(sim::Time now) {
  for (sim::TimeWeightedLevel* l : {&all_, &init_, &busy_}) l->roll_period(now);
}

}  // namespace model
