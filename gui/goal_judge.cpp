#include "gui/goal_judge.hpp"

#include "reports/gameday_report.hpp"

namespace gui {

nlohmann::json scenario_with_goal(nlohmann::json scenario, const nlohmann::json& goal) {
  scenario["slos"] = goal;
  return scenario;
}

std::vector<GoalPart> judge_goal(const model::Simulation& sim) {
  std::vector<GoalPart> out;
  for (const reports::ExpectationResult& r : reports::evaluate_slos(sim))
    out.push_back(GoalPart{r.name, r.type, r.passed, r.detail});
  return out;
}

}  // namespace gui
