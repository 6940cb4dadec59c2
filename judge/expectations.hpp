// SLOs and GameDay expectations judged against a run ("the DLQ alarm fires within 5 minutes", "p99 end-to-end
// latency under 30 s", "no message lost"): the same kinds, the same rules, for both.
#pragma once

#include <vector>

#include "judge/verdict.hpp"
#include "model/alarm_evaluator.hpp"
#include "model/simulation.hpp"

namespace judge {

// The scenario's CloudWatch alarms evaluated on the run's metrics so far (model/alarm_evaluator).
std::vector<model::AlarmTimeline> alarm_timelines(const model::Simulation& sim);

// Judges the GameDay's expectations (kind Expectation); alarm expectations read alarm_timelines(sim).
std::vector<Verdict> evaluate_expectations(const model::Simulation& sim);
// Judges the scenario's service-level objectives (kind Slo; "slos": the same kinds as expectations, over the run).
std::vector<Verdict> evaluate_slos(const model::Simulation& sim);

// The type's name in scenario files ("latency_percentile_below", ...).
const char* expectation_type_name(model::GameDayExpectation::Kind k);

}  // namespace judge
