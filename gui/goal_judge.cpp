#include "gui/goal_judge.hpp"

namespace gui {

nlohmann::json scenario_with_goal(nlohmann::json scenario, const GoalScenario& g) {
  if (!g.patch.empty()) scenario = scenario.patch(g.patch);
  scenario["slos"] = g.goal;
  // The lesson's expectations describe the lesson (the throttling pitfall expects its DLQ alarm to fire); left in, the
  // export's `sqsim run` would fail an exercise the learner solved.
  if (scenario.contains("gameday") && scenario["gameday"].is_object()) scenario["gameday"].erase("expectations");
  if (!g.alarms.empty()) {
    if (!scenario.contains("alarms")) scenario["alarms"] = nlohmann::json::array();
    for (const auto& a : g.alarms) scenario["alarms"].push_back(a);
  }
  return scenario;
}

std::vector<GoalPart> goal_parts(const judge::Judgement& j) {
  std::vector<GoalPart> out;
  for (const judge::Verdict& v : j.slos) out.push_back(GoalPart{v.name, v.type, v.passed, v.detail});
  if (!j.accounting.passed) out.push_back(GoalPart{j.accounting.name, j.accounting.type, false, j.accounting.detail});
  return out;
}

}  // namespace gui
