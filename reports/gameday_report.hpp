// The GameDay's outcome: the action timeline and each expectation judged against the run ("the DLQ alarm fires within
// 5 minutes", "p99 end-to-end latency under 30 s", "no message lost").
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/alarm_evaluator.hpp"
#include "model/simulation.hpp"

namespace reports {

struct ExpectationResult {
  std::string name;
  std::string type;
  bool passed = false;
  std::string detail;   // the measured value and the bound, in words
  double measured = 0;  // the number judged (ms, s, messages, throttles; alarms: ALARM entries or seconds to ALARM)
  double bound = 0;     // its limit
};

// The scenario's CloudWatch alarms evaluated on the run's metrics so far (model/alarm_evaluator).
std::vector<model::AlarmTimeline> alarm_timelines(const model::Simulation& sim);

// Judges the GameDay's expectations; alarm expectations read alarm_timelines(sim).
std::vector<ExpectationResult> evaluate_expectations(const model::Simulation& sim);
// Judges the scenario's service-level objectives ("slos": the same kinds as expectations, over the whole run).
std::vector<ExpectationResult> evaluate_slos(const model::Simulation& sim);

// summary.json's "gameday" section: {"actions": [{name, action_id, at_s, end_s, effect}], "expectations": [...],
// "passed"}; null when the scenario has no GameDay.
nlohmann::json gameday_json(const model::Simulation& sim);

// summary.json's "alarms" section: per alarm its configuration, transitions, first_alarm_s and seconds_in_alarm.
nlohmann::json alarms_json(const model::Simulation& sim);

}  // namespace reports
