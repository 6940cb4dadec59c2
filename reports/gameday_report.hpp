// The GameDay's outcome: the action timeline and each expectation judged against the run ("the DLQ alarm fires within
// 5 minutes", "p99 end-to-end latency under 30 s", "no message lost").
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/simulation.hpp"

namespace reports {

struct ExpectationResult {
  std::string name;
  std::string type;
  bool passed = false;
  std::string detail;  // the measured value and the bound, in words
};

// When each alarm entered ALARM, in time order (from the alarm evaluator); alarm expectations read it.
using AlarmEntries = std::map<std::string, std::vector<sim::Time>>;

std::vector<ExpectationResult> evaluate_expectations(const model::Simulation& sim, const AlarmEntries& alarms = {});

// summary.json's "gameday" section: {"actions": [{name, action_id, at_s, end_s, effect}], "expectations": [...],
// "passed"}; null when the scenario has no GameDay.
nlohmann::json gameday_json(const model::Simulation& sim, const AlarmEntries& alarms = {});

}  // namespace reports
