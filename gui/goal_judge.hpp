// The one place the dashboard judges an exercise's goal. The goal is written as SLOs (the scenario's "slos" format);
// the session loads it as the scenario's "slos" and drops the lesson's own GameDay expectations, so the exported
// scenario holds exactly the goal and `sqsim run` on it gates on what the dashboard says. The verdict is
// judge::judge's, the project's single judgement: the goal's SLOs and the message accounting gate; "keeps up" is
// shown, not gated (as `sqsim run` does), so a goal that needs it says it as an SLO (max_age_of_oldest_message).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "judge/judgement.hpp"
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

// What an exercise adds to its lesson's scenario: the goal (SLOs), CloudWatch alarms the goal names (e.g. a
// downstream's concurrency limit, judged by alarm_never_fires) and a JSON Patch (RFC 6902) setting the exercise's
// starting point (e.g. a reserved concurrency the learner must correct).
struct GoalScenario {
  nlohmann::json goal;
  nlohmann::json alarms = nlohmann::json::array();
  nlohmann::json patch = nlohmann::json::array();
};

// The scenario document an exercise runs: the lesson's scenario patched, with the goal as its "slos" (replacing any
// it had), the exercise's alarms after its own, and without the lesson's gameday.expectations (its GameDay actions, a
// spike or an outage, stay: they are the exercise's weather). `sqsim run` on the result judges the goal alone.
// Throws nlohmann::json::exception when the patch does not apply.
nlohmann::json scenario_with_goal(nlohmann::json scenario, const GoalScenario& g);

// The goal's parts from the single judgement: each SLO, then the message accounting when it fails (a simulator bug,
// but a verdict that hid it would disagree with `sqsim run`).
std::vector<GoalPart> goal_parts(const judge::Judgement& j);

}  // namespace gui
