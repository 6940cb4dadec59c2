#include "reports/gameday_report.hpp"

namespace reports {

nlohmann::json gameday_json(const model::Simulation& sim) {
  const model::GameDaySpec& g = sim.spec().gameday;
  if (g.empty()) return nullptr;
  nlohmann::json actions = nlohmann::json::array();
  if (sim.gameday()) {
    for (const auto& e : sim.gameday()->timeline()) {
      actions.push_back({{"name", e.action},
                         {"action_id", e.action_id},
                         {"at_s", e.started.seconds()},
                         {"end_s", e.completed ? nlohmann::json(e.completed->seconds()) : nlohmann::json(nullptr)},
                         {"effect", e.effect}});
    }
  }
  nlohmann::json expectations = nlohmann::json::array();
  bool all = true;
  for (const auto& r : evaluate_expectations(sim)) {
    all = all && r.passed;
    expectations.push_back({{"name", r.name}, {"type", r.type}, {"passed", r.passed}, {"detail", r.detail}});
  }
  return {{"start_s", g.start.seconds()},
          {"actions", actions},
          {"actions_not_started",
           static_cast<std::uint64_t>(g.actions.size() - (sim.gameday() ? sim.gameday()->timeline().size() : 0))},
          {"expectations", expectations},
          {"passed", all}};
}

nlohmann::json alarms_json(const model::Simulation& sim) {
  nlohmann::json out = nlohmann::json::array();
  const auto timelines = alarm_timelines(sim);
  for (std::size_t i = 0; i < timelines.size(); ++i) {
    const model::AlarmSpec& a = sim.spec().alarms[i];
    const model::AlarmTimeline& t = timelines[i];
    nlohmann::json transitions = nlohmann::json::array();
    for (const auto& x : t.transitions)
      transitions.push_back(
          {{"at_s", x.at.seconds()}, {"state", model::alarm_state_name(x.state)}, {"reason", x.reason}});
    const auto entered = t.entered_alarm();
    out.push_back(
        {{"name", a.name},
         {"metric", a.column()},
         {"threshold", a.threshold},
         {"period_s", a.period.seconds()},
         {"evaluation_periods", a.evaluation_periods},
         {"datapoints_to_alarm", a.datapoints_to_alarm},
         {"transitions", transitions},
         {"first_alarm_s", entered.empty() ? nlohmann::json(nullptr) : nlohmann::json(entered.front().seconds())},
         {"seconds_in_alarm", t.time_in_alarm(sim.now()).seconds()}});
  }
  return out;
}

}  // namespace reports
