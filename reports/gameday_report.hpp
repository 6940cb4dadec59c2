// The GameDay's outcome in summary.json: the action timeline and each expectation as judged by judge/.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "judge/expectations.hpp"
#include "model/alarm_evaluator.hpp"
#include "model/simulation.hpp"

namespace reports {

// Judged in judge/ (one judgement for every command); these names stay for the callers that read them here.
using ExpectationResult = judge::Verdict;
using judge::alarm_timelines;
using judge::evaluate_expectations;
using judge::evaluate_slos;

// summary.json's "gameday" section: {"actions": [{name, action_id, at_s, end_s, effect}], "expectations": [...],
// "passed"}; null when the scenario has no GameDay.
nlohmann::json gameday_json(const model::Simulation& sim);

// summary.json's "alarms" section: per alarm its configuration, transitions, first_alarm_s and seconds_in_alarm.
nlohmann::json alarms_json(const model::Simulation& sim);

}  // namespace reports
