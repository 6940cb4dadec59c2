// The one place the dashboard judges an exercise's goal. The goal is written as SLOs/expectations (the scenario's
// "slos" format); the session loads it as the scenario's "slos", so this is the judgement `sqsim run` prints and
// exits on. When the project's single judgement (judge/) lands, re-point judge_goal at it here and nowhere else.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/simulation.hpp"

namespace gui {

// One part of a goal, judged: its name as written, the expectation type, whether it holds, and why (the measured
// value against its bound, in words).
struct GoalPart {
  std::string name;
  std::string type;
  bool passed = false;
  std::string detail;
};

// The scenario document an exercise runs: the scenario with the goal as its "slos" (replacing any it had), so the
// loader checks the goal like any SLO and `sqsim run` on an exported session judges the same goal.
nlohmann::json scenario_with_goal(nlohmann::json scenario, const nlohmann::json& goal);

// Judges the goal (the simulation's "slos") over the run so far.
std::vector<GoalPart> judge_goal(const model::Simulation& sim);

}  // namespace gui
