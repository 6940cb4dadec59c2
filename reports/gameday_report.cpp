#include "reports/gameday_report.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <limits>
#include <map>

#include "sim/log_histogram.hpp"

namespace reports {

namespace {

using Kind = model::GameDayExpectation::Kind;

const char* type_name(Kind k) {
  switch (k) {
    case Kind::AlarmFiresWithin:
      return "alarm_fires_within";
    case Kind::AlarmNeverFires:
      return "alarm_never_fires";
    case Kind::LatencyPercentileBelow:
      return "latency_percentile_below";
    case Kind::NoMessageLost:
      return "no_message_lost";
    case Kind::MaxDlqMessages:
      return "max_dlq_messages";
    case Kind::MaxAgeOfOldestMessage:
      return "max_age_of_oldest_message";
    case Kind::MaxThrottles:
      return "max_throttles";
  }
  return "";
}

}  // namespace

std::vector<model::AlarmTimeline> alarm_timelines(const model::Simulation& sim) {
  std::vector<model::AlarmTimeline> out;
  for (const model::AlarmSpec& a : sim.spec().alarms) out.push_back(model::evaluate_alarm(a, sim.metrics(), sim.now()));
  return out;
}

namespace {

using AlarmEntries = std::map<std::string, std::vector<sim::Time>>;

AlarmEntries alarm_entries(const model::Simulation& sim, const std::vector<model::GameDayExpectation>& xs) {
  AlarmEntries alarms;
  if (!xs.empty())
    for (const auto& t : alarm_timelines(sim)) alarms[t.name] = t.entered_alarm();
  return alarms;
}

ExpectationResult evaluate_one(const model::Simulation& sim, const model::GameDayExpectation& x,
                               const AlarmEntries& alarms) {
  const model::GameDaySpec& g = sim.spec().gameday;
  const model::Accounting a = sim.accounting();
  ExpectationResult r{x.name, type_name(x.kind), false, "", 0.0, x.threshold};
  switch (x.kind) {
    case Kind::AlarmFiresWithin:
    case Kind::AlarmNeverFires: {
      const auto it = alarms.find(x.alarm);
      if (it == alarms.end()) {
        r.detail = "no alarm named \"" + x.alarm + "\" in the scenario";
        break;
      }
      if (x.kind == Kind::AlarmNeverFires) {
        r.passed = it->second.empty();
        r.measured = static_cast<double>(it->second.size());
        r.detail =
            it->second.empty() ? "never in ALARM" : fmt::format("in ALARM at {:.0f} s", it->second.front().seconds());
        break;
      }
      // From the named action's start (or the GameDay's start) to `within` after it.
      sim::Time from = g.start;
      if (!x.after.empty()) {
        from = sim::Time::max();
        if (sim.gameday())
          for (const auto& e : sim.gameday()->timeline())
            if (e.action == x.after) from = e.started;
      }
      if (from == sim::Time::max()) {
        r.detail = "action \"" + x.after + "\" never started";
        break;
      }
      const auto hit = std::find_if(it->second.begin(), it->second.end(), [&](sim::Time t) { return t >= from; });
      r.passed = hit != it->second.end() && *hit - from <= x.within;
      r.bound = x.within.seconds();
      r.measured = hit == it->second.end() ? std::numeric_limits<double>::infinity() : (*hit - from).seconds();
      r.detail = hit == it->second.end()
                     ? fmt::format("never in ALARM after {:.0f} s (bound {:.0f} s)", from.seconds(), x.within.seconds())
                     : fmt::format("in ALARM {:.0f} s after {} (bound {:.0f} s)", (*hit - from).seconds(),
                                   x.after.empty() ? "the GameDay's start" : x.after, x.within.seconds());
      break;
    }
    case Kind::LatencyPercentileBelow: {
      sim::LogHistogram e2e;
      for (const auto& q : sim.queues()) e2e.merge(q->latency());
      const double ms = e2e.count() ? static_cast<double>(e2e.quantile(x.percentile / 100.0)) / 1000.0 : 0.0;
      r.passed = ms < x.threshold;
      r.measured = ms;
      r.detail = fmt::format("p{:g} end-to-end latency {:.1f} ms (bound {:g} ms, {} messages)", x.percentile, ms,
                             x.threshold, e2e.count());
      break;
    }
    case Kind::NoMessageLost: {
      // Lost: expired, dropped for any reason, or deleted by Lambda without the handler running. A message in a DLQ
      // is not lost (it can be redriven); a filtered one was deleted on purpose and is reported separately.
      std::uint64_t unprocessed = 0;
      for (const auto& f : sim.functions()) unprocessed += f->counters().records_acknowledged_unprocessed;
      const std::uint64_t lost = a.expired + a.dropped() + unprocessed;
      r.passed = lost == 0;
      r.measured = static_cast<double>(lost);
      r.detail = fmt::format("{} lost ({} expired, {} dropped, {} deleted unprocessed); {} filtered", lost, a.expired,
                             a.dropped(), unprocessed, a.filtered);
      break;
    }
    case Kind::MaxDlqMessages:
      r.passed = static_cast<double>(a.in_dlq) <= x.threshold;
      r.measured = static_cast<double>(a.in_dlq);
      r.detail = fmt::format("{} messages in dead-letter queues (bound {:g})", a.in_dlq, x.threshold);
      break;
    case Kind::MaxAgeOfOldestMessage: {
      const sim::TimeSeries& m = sim.metrics();
      double worst = 0;
      std::string where = "-";
      const auto& names = m.column_names();
      for (const auto& q : sim.queues()) {
        if (q->is_dead_letter_queue()) continue;
        const auto col = std::find(names.begin(), names.end(), q->name() + "/ApproximateAgeOfOldestMessage");
        if (col == names.end()) continue;
        const auto c = static_cast<std::size_t>(col - names.begin());
        for (std::size_t row = 0; row < m.row_count(); ++row) {
          if (m.value(row, c) > worst || where == "-") {
            worst = std::max(worst, m.value(row, c));
            where = q->name();
          }
        }
      }
      r.passed = worst <= x.threshold;
      r.measured = worst;
      r.detail = fmt::format("oldest message reached {:.0f} s in {} (bound {:g} s)", worst, where, x.threshold);
      break;
    }
    case Kind::MaxThrottles: {
      std::uint64_t t = 0;
      for (const auto& f : sim.functions()) t += f->counters().throttles;
      r.passed = static_cast<double>(t) <= x.threshold;
      r.measured = static_cast<double>(t);
      r.detail = fmt::format("{} throttles (bound {:g})", t, x.threshold);
      break;
    }
  }
  return r;
}

}  // namespace

std::vector<ExpectationResult> evaluate_expectations(const model::Simulation& sim) {
  const auto& xs = sim.spec().gameday.expectations;
  const AlarmEntries alarms = alarm_entries(sim, xs);
  std::vector<ExpectationResult> out;
  for (const auto& x : xs) out.push_back(evaluate_one(sim, x, alarms));
  return out;
}

std::vector<ExpectationResult> evaluate_slos(const model::Simulation& sim) {
  const auto& xs = sim.spec().slos;
  const AlarmEntries alarms = alarm_entries(sim, xs);
  std::vector<ExpectationResult> out;
  for (const auto& x : xs) out.push_back(evaluate_one(sim, x, alarms));
  return out;
}

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
