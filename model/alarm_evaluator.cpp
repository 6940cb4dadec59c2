#include "model/alarm_evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

namespace model {

const char* alarm_state_name(AlarmState s) {
  switch (s) {
    case AlarmState::InsufficientData:
      return "INSUFFICIENT_DATA";
    case AlarmState::Ok:
      return "OK";
    case AlarmState::Alarm:
      return "ALARM";
  }
  return "";
}

std::vector<sim::Time> AlarmTimeline::entered_alarm() const {
  std::vector<sim::Time> out;
  for (const auto& t : transitions)
    if (t.state == AlarmState::Alarm) out.push_back(t.at);
  return out;
}

sim::Time AlarmTimeline::time_in_alarm(sim::Time end) const {
  sim::Time total{0};
  for (std::size_t i = 0; i < transitions.size(); ++i) {
    if (transitions[i].state != AlarmState::Alarm) continue;
    const sim::Time until = i + 1 < transitions.size() ? transitions[i + 1].at : end;
    total += until - transitions[i].at;
  }
  return total;
}

namespace {

std::size_t column_of(const sim::TimeSeries& s, const std::string& name) {
  const auto& names = s.column_names();
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) throw std::invalid_argument("alarm metric " + name + " is not recorded");
  return static_cast<std::size_t>(it - names.begin());
}

bool breaches(const AlarmSpec& a, double v) {
  switch (a.comparison) {
    case AlarmSpec::Comparison::GreaterThan:
      return v > a.threshold;
    case AlarmSpec::Comparison::GreaterThanOrEqual:
      return v >= a.threshold;
    case AlarmSpec::Comparison::LessThan:
      return v < a.threshold;
    case AlarmSpec::Comparison::LessThanOrEqual:
      return v <= a.threshold;
  }
  return false;
}

}  // namespace

AlarmTimeline evaluate_alarm(const AlarmSpec& a, const sim::TimeSeries& s, sim::Time end) {
  if (s.period().us <= 0 || a.period.us % s.period().us != 0)
    throw std::invalid_argument("alarm " + a.name + ": period is not a multiple of the metrics period");
  const std::size_t col = column_of(s, a.column());
  // Lambda publishes its metrics only for periods with activity: a period with no invocations and no throttles has no
  // datapoint (CloudWatch's "missing data"). SQS publishes queue metrics every minute.
  std::optional<std::size_t> invocations, throttles;
  if (a.name_space == "AWS/Lambda") {
    invocations = column_of(s, a.resource + "/Invocations");
    throttles = column_of(s, a.resource + "/Throttles");
  }
  const auto rows_per = static_cast<std::size_t>(a.period.us / s.period().us);
  AlarmTimeline out{a.name, {{sim::Time{0}, AlarmState::InsufficientData, "Unchecked: Initial alarm creation"}}};
  AlarmState state = AlarmState::InsufficientData;
  std::vector<std::optional<double>> points;  // one per alarm period, in time order
  for (std::size_t k = 0;; ++k) {
    const sim::Time period_end = a.period * static_cast<std::int64_t>(k + 1);
    if (period_end > end || (k + 1) * rows_per > s.row_count()) break;
    // The datapoint: the statistic over the metric's sub-period values.
    std::optional<double> point;
    double sum = 0, mx = -std::numeric_limits<double>::infinity(), mn = std::numeric_limits<double>::infinity();
    std::size_t present = 0;
    for (std::size_t r = k * rows_per; r < (k + 1) * rows_per; ++r) {
      if (invocations && s.value(r, *invocations) == 0 && s.value(r, *throttles) == 0) continue;
      const double v = s.value(r, col);
      sum += v;
      mx = std::max(mx, v);
      mn = std::min(mn, v);
      ++present;
    }
    if (present > 0) {
      switch (a.statistic) {
        case AlarmSpec::Statistic::Sum:
          point = sum;
          break;
        case AlarmSpec::Statistic::Average:
          point = sum / static_cast<double>(present);
          break;
        case AlarmSpec::Statistic::Maximum:
          point = mx;
          break;
        case AlarmSpec::Statistic::Minimum:
          point = mn;
          break;
        case AlarmSpec::Statistic::SampleCount:
          point = static_cast<double>(present);
          break;
      }
      // p99 is recorded per metrics period; over several, the largest is an upper bound (documented).
      if (!a.extended_statistic.empty()) point = mx;
    }
    points.push_back(point);
    // CloudWatch: evaluate the last N datapoints; ALARM when at least M breach.
    const std::size_t n = std::min<std::size_t>(a.evaluation_periods, points.size());
    std::size_t breaching = 0, missing = 0;
    for (std::size_t i = points.size() - n; i < points.size(); ++i) {
      if (!points[i]) {
        ++missing;
        if (a.treat_missing_data == AlarmSpec::MissingData::Breaching) ++breaching;
      } else if (breaches(a, *points[i])) {
        ++breaching;
      }
    }
    AlarmState next = state;
    std::string reason;
    if (breaching >= a.datapoints_to_alarm) {
      next = AlarmState::Alarm;
      reason = fmt::format("Threshold Crossed: {} out of the last {} datapoints breaching (threshold {:g})", breaching,
                           n, a.threshold);
    } else if (missing == n && a.treat_missing_data == AlarmSpec::MissingData::Missing) {
      next = AlarmState::InsufficientData;
      reason = "Insufficient Data: no datapoints in the evaluation range";
    } else if (missing == n && a.treat_missing_data == AlarmSpec::MissingData::Ignore) {
      next = state;  // ignore: the current state is kept
    } else {
      // Fewer than M breaching among the datapoints there are (missing ones treated as configured).
      next = AlarmState::Ok;
      reason = fmt::format("Threshold Crossed: {} out of the last {} datapoints breaching (threshold {:g})", breaching,
                           n, a.threshold);
    }
    if (next != state) {
      out.transitions.push_back({period_end, next, reason});
      state = next;
    }
  }
  return out;
}

}  // namespace model
