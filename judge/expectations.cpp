#include "judge/expectations.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <limits>
#include <map>
#include <string>

#include "judge/loss.hpp"
#include "sim/log_histogram.hpp"

namespace judge {

using Kind = model::GameDayExpectation::Kind;

const char* expectation_type_name(Kind k) {
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

void judge_alarm(const model::Simulation& sim, const model::GameDayExpectation& x, const AlarmEntries& alarms,
                 Verdict& r) {
  const model::GameDaySpec& g = sim.spec().gameday;
  const auto it = alarms.find(x.alarm);
  r.figure = "alarm " + x.alarm;
  if (it == alarms.end()) {
    r.detail = "no alarm named \"" + x.alarm + "\" in the scenario";
    return;
  }
  if (x.kind == Kind::AlarmNeverFires) {
    r.passed = it->second.empty();
    r.measured = static_cast<double>(it->second.size());
    r.unit = "ALARM entries";
    r.detail =
        it->second.empty() ? "never in ALARM" : fmt::format("in ALARM at {:.0f} s", it->second.front().seconds());
    return;
  }
  // From the named action's start (or the GameDay's start) to `within` after it.
  sim::Time from = g.start;
  if (!x.after.empty()) {
    from = sim::Time::max();
    if (sim.gameday())
      for (const auto& e : sim.gameday()->timeline())
        if (e.action == x.after) from = e.started;
  }
  r.unit = "s";
  r.figure = "seconds to ALARM for " + x.alarm;
  if (from == sim::Time::max()) {
    r.detail = "action \"" + x.after + "\" never started";
    return;
  }
  const auto hit = std::find_if(it->second.begin(), it->second.end(), [&](sim::Time t) { return t >= from; });
  r.passed = hit != it->second.end() && *hit - from <= x.within;
  r.bound = x.within.seconds();
  r.measured = hit == it->second.end() ? std::numeric_limits<double>::infinity() : (*hit - from).seconds();
  r.detail = hit == it->second.end()
                 ? fmt::format("never in ALARM after {:.0f} s (bound {:.0f} s)", from.seconds(), x.within.seconds())
                 : fmt::format("in ALARM {:.0f} s after {} (bound {:.0f} s)", (*hit - from).seconds(),
                               x.after.empty() ? "the GameDay's start" : x.after, x.within.seconds());
}

Verdict evaluate_one(const model::Simulation& sim, const model::GameDayExpectation& x, const AlarmEntries& alarms,
                     Verdict::Kind kind) {
  const model::Accounting a = sim.accounting();
  Verdict r;
  r.kind = kind;
  r.name = x.name;
  r.type = expectation_type_name(x.kind);
  r.bound = x.threshold;
  switch (x.kind) {
    case Kind::AlarmFiresWithin:
    case Kind::AlarmNeverFires:
      judge_alarm(sim, x, alarms, r);
      break;
    case Kind::LatencyPercentileBelow: {
      sim::LogHistogram e2e;
      for (const auto& q : sim.queues()) e2e.merge(q->latency());
      const double ms = e2e.count() ? static_cast<double>(e2e.quantile(x.percentile / 100.0)) / 1000.0 : 0.0;
      r.passed = ms < x.threshold;
      r.measured = ms;
      r.unit = "ms";
      r.figure = fmt::format("p{:g} end-to-end latency", x.percentile);
      r.detail = fmt::format("p{:g} end-to-end latency {:.1f} ms (bound {:g} ms, {} messages)", x.percentile, ms,
                             x.threshold, e2e.count());
      break;
    }
    case Kind::NoMessageLost: {
      // Lost: refused at send, expired, deleted without the handler running, refused by a redrive (judge/loss.hpp).
      // A message in a DLQ is not lost (it can be redriven); a filtered one was deleted on purpose; both are shown.
      const Loss l = loss_of(sim);
      r.passed = l.lost() == 0;
      r.measured = static_cast<double>(l.lost());
      r.unit = "messages";
      r.figure = "messages lost";
      r.detail = fmt::format(
          "{} lost ({} refused at send: {} access denied, {} over limits; {} expired; {} deleted unprocessed; {} "
          "refused by a redrive); {} filtered, {} in DLQs",
          l.lost(), l.refused_at_send(), l.refused_access_denied, l.refused_over_limits, l.expired,
          l.deleted_unprocessed, l.redrive_refused, l.filtered, l.in_dlq);
      break;
    }
    case Kind::MaxDlqMessages:
      r.passed = static_cast<double>(a.in_dlq) <= x.threshold;
      r.measured = static_cast<double>(a.in_dlq);
      r.unit = "messages";
      r.figure = "messages in dead-letter queues";
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
      r.unit = "s";
      r.figure = "age of the oldest message";
      r.detail = fmt::format("oldest message reached {:.0f} s in {} (bound {:g} s)", worst, where, x.threshold);
      break;
    }
    case Kind::MaxThrottles: {
      std::uint64_t t = 0;
      for (const auto& f : sim.functions()) t += f->counters().throttles;
      r.passed = static_cast<double>(t) <= x.threshold;
      r.measured = static_cast<double>(t);
      r.unit = "throttles";
      r.figure = "Lambda throttles";
      r.detail = fmt::format("{} throttles (bound {:g})", t, x.threshold);
      break;
    }
  }
  return r;
}

std::vector<Verdict> evaluate_all(const model::Simulation& sim, const std::vector<model::GameDayExpectation>& xs,
                                  Verdict::Kind kind) {
  const AlarmEntries alarms = alarm_entries(sim, xs);
  std::vector<Verdict> out;
  for (const auto& x : xs) out.push_back(evaluate_one(sim, x, alarms, kind));
  return out;
}

}  // namespace

std::vector<Verdict> evaluate_expectations(const model::Simulation& sim) {
  return evaluate_all(sim, sim.spec().gameday.expectations, Verdict::Kind::Expectation);
}

std::vector<Verdict> evaluate_slos(const model::Simulation& sim) {
  return evaluate_all(sim, sim.spec().slos, Verdict::Kind::Slo);
}

}  // namespace judge
