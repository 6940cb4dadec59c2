// CloudWatch alarm evaluation on the simulated per-period metrics: datapoints per alarm period by the statistic,
// "M out of N" over the last N datapoints, the four missing-data treatments, and the state timeline
// (INSUFFICIENT_DATA at creation, then OK / ALARM transitions). A pure function of the series, so a GUI can evaluate a
// run in progress and the reports a finished one.
#pragma once

#include <string>
#include <vector>

#include "model/alarm_spec.hpp"
#include "sim/time_series.hpp"

namespace model {

enum class AlarmState { InsufficientData, Ok, Alarm };
const char* alarm_state_name(AlarmState s);  // "INSUFFICIENT_DATA", "OK", "ALARM"

struct AlarmTransition {
  sim::Time at;  // the end of the alarm period whose evaluation changed the state
  AlarmState state;
  std::string reason;
};

struct AlarmTimeline {
  std::string name;
  std::vector<AlarmTransition> transitions;  // the first is INSUFFICIENT_DATA at time 0
  [[nodiscard]] std::vector<sim::Time> entered_alarm() const;
  [[nodiscard]] sim::Time time_in_alarm(sim::Time end) const;
};

// `end`: the simulated end; only alarm periods that ended by then are evaluated. Throws std::invalid_argument when
// the alarm's column is not in the series or its period is not a multiple of the series' period.
AlarmTimeline evaluate_alarm(const AlarmSpec& alarm, const sim::TimeSeries& series, sim::Time end);

}  // namespace model
