#include "judge/keeps_up.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <vector>

#include "model/simulation.hpp"

namespace judge {

namespace {

struct Trend {
  double slope = 0;     // per row
  double slope_se = 0;  // its standard error
};

// Ordinary least squares of y over x = 0..n-1.
Trend trend(const std::vector<double>& y) {
  const double n = static_cast<double>(y.size());
  double mx = (n - 1) / 2.0, my = 0;
  for (const double v : y) my += v;
  my /= n;
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double dx = static_cast<double>(i) - mx;
    sxx += dx * dx;
    sxy += dx * (y[i] - my);
  }
  Trend t;
  if (sxx <= 0) return t;
  t.slope = sxy / sxx;
  double ss = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double e = y[i] - (my + t.slope * (static_cast<double>(i) - mx));
    ss += e * e;
  }
  t.slope_se = y.size() > 2 ? std::sqrt(ss / (n - 2) / sxx) : 0;
  return t;
}

// Growing: a slope clearly above its noise (3 standard errors) and above a floor that ignores a handful of messages.
bool growing(const Trend& t, double floor_per_row) {
  return t.slope > floor_per_row && t.slope > 3 * t.slope_se;
}

}  // namespace

KeepsUp keeps_up(const sim::TimeSeries& m, const std::vector<std::string>& source_queues) {
  KeepsUp k;
  const std::size_t rows = m.row_count();
  if (rows < kMinPeriods || source_queues.empty()) {
    k.detail = fmt::format("keeps up: not judged (the run has {} metric periods; {} needed)", rows, kMinPeriods);
    return k;
  }
  const std::size_t n = std::clamp<std::size_t>(rows / 4, kMinPeriods, kMaxPeriods);
  const std::size_t first = rows - n;
  const auto& names = m.column_names();
  auto column = [&](const std::string& name) -> std::optional<std::size_t> {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) return std::nullopt;
    return static_cast<std::size_t>(it - names.begin());
  };
  std::vector<double> backlog(n, 0.0), age(n, 0.0);
  for (const std::string& q : source_queues) {
    const auto v = column(q + "/ApproximateNumberOfMessagesVisible");
    const auto a = column(q + "/ApproximateAgeOfOldestMessage");
    for (std::size_t i = 0; i < n; ++i) {
      if (v) backlog[i] += m.value(first + i, *v);
      if (a) age[i] = std::max(age[i], m.value(first + i, *a));
    }
  }
  const double period_min = m.period().seconds() / 60.0;
  const double period_s = m.period().seconds();
  k.judged = true;
  k.window_s = static_cast<double>(n) * period_s;
  k.backlog_at_end = backlog.back();
  const Trend b = trend(backlog), g = trend(age);
  k.backlog_per_min = b.slope / period_min;
  k.age_growth_per_min = g.slope / period_min;
  // Assumption: 10 messages over the window is noise; an age growing by half the wall time it covers is a backlog
  // nobody drains (a stuck queue's oldest message ages one second per second).
  const bool backlog_grows = backlog.back() > 0 && growing(b, 10.0 / static_cast<double>(n - 1));
  const bool age_grows = age.back() > 0 && growing(g, 0.5 * period_s);
  k.keeps_up = !(backlog_grows || age_grows);
  if (k.keeps_up) {
    k.detail = fmt::format("keeps up: backlog {:+.1f}/min over the last {:.0f} min ({:.0f} messages at the end)",
                           k.backlog_per_min, k.window_s / 60.0, k.backlog_at_end);
  } else if (backlog_grows) {
    k.detail = fmt::format("falls behind: backlog {:+.0f}/min at the end ({:.0f} messages waiting, oldest {:.0f} s)",
                           k.backlog_per_min, k.backlog_at_end, age.back());
  } else {
    k.detail = fmt::format("falls behind: oldest message {:+.0f} s/min at the end (now {:.0f} s old, {:.0f} waiting)",
                           k.age_growth_per_min, age.back(), k.backlog_at_end);
  }
  return k;
}

KeepsUp keeps_up(const model::Simulation& sim) {
  std::vector<std::string> sources;
  for (const auto& q : sim.queues())
    if (!q->is_dead_letter_queue()) sources.push_back(q->name());
  return keeps_up(sim.metrics(), sources);
}

Verdict keeps_up_verdict(const KeepsUp& k) {
  Verdict v;
  v.kind = Verdict::Kind::KeepsUp;
  v.name = "keeps up";
  v.type = "keeps_up";
  v.passed = k.keeps_up;
  v.figure = "backlog growth at the end";
  v.measured = k.backlog_per_min;
  v.bound = 0;
  v.unit = "messages/min";
  v.detail = k.detail;
  return v;
}

std::string projection_note(const std::string& note, const KeepsUp& k) {
  if (k.keeps_up) return note;
  return note + "; " + std::string(kFallsBehindCostNote);
}

}  // namespace judge
