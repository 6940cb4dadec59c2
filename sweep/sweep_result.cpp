#include "sweep/sweep_result.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <stdexcept>

#include "reports/compare.hpp"

namespace sweep {

Estimate estimate(const std::vector<double>& x) {
  Estimate e;
  double sum = 0;
  bool finite = true;
  for (const double v : x) {
    if (std::isnan(v)) continue;
    ++e.n;
    sum += v;
    finite = finite && std::isfinite(v);
  }
  if (e.n == 0) return e;
  e.mean = sum / static_cast<double>(e.n);
  if (e.n < 2 || !finite) return e;
  double ss = 0;
  for (const double v : x)
    if (!std::isnan(v)) ss += (v - e.mean) * (v - e.mean);
  const double sd = std::sqrt(ss / static_cast<double>(e.n - 1));
  const boost::math::students_t t(static_cast<double>(e.n - 1));
  const double half =
      boost::math::quantile(boost::math::complement(t, 0.025)) * sd / std::sqrt(static_cast<double>(e.n));
  e.ci_low = e.mean - half;
  e.ci_high = e.mean + half;
  return e;
}

std::size_t SweepResult::metric_index(const std::string& name) const {
  const auto& defs = reports::comparable_metrics();
  for (std::size_t i = 0; i < defs.size(); ++i)
    if (name == defs[i].name) return i;
  throw std::out_of_range("no metric named " + name);
}

SweepResult aggregate(const SweepSpec& s, const std::vector<PreparedPoint>& points,
                      const std::vector<RunRecord>& records) {
  if (records.size() != points.size() * s.replications)
    throw std::invalid_argument("aggregate: one record per point and replication expected");
  SweepResult out;
  out.scenario_file = s.scenario_file;
  out.dims = s.dims;
  out.replications = s.replications;
  if (!points.empty()) {
    out.scenario_name = points.front().spec.name;
    out.seed = s.seed.value_or(points.front().spec.seed);
    for (const auto& x : points.front().spec.slos) out.slo_names.push_back(x.name);
  }
  const std::size_t metric_count = reports::comparable_metrics().size();
  const std::size_t cost = out.metric_index("cost_monthly_usd");
  for (std::size_t p = 0; p < points.size(); ++p) {
    PointResult r;
    r.point = points[p].point;
    r.warnings = points[p].warnings;
    const RunRecord* rec = &records[p * s.replications];
    for (std::size_t m = 0; m < metric_count; ++m) {
      std::vector<double> x;
      for (std::uint64_t k = 0; k < s.replications; ++k) x.push_back(rec[k].metrics.at(m));
      r.metrics.push_back(estimate(x));
    }
    for (std::uint64_t k = 0; k < s.replications; ++k) {
      r.balanced = r.balanced && rec[k].balanced != 0;
      r.events += rec[k].events;
    }
    const auto& slos = points[p].spec.slos;
    for (std::size_t i = 0; i < slos.size(); ++i) {
      SloVerdict v;
      v.name = slos[i].name;
      v.bound = rec[0].slo_bound.at(i);
      std::vector<double> x;
      for (std::uint64_t k = 0; k < s.replications; ++k) {
        x.push_back(rec[k].slo_measured.at(i));
        v.replications_passed += rec[k].slo_passed.at(i) != 0 ? 1 : 0;
      }
      v.measured = estimate(x);
      const double judged = v.measured.ci_high.value_or(v.measured.mean);
      using Kind = model::GameDayExpectation::Kind;
      switch (slos[i].kind) {
        case Kind::LatencyPercentileBelow:
          v.type = "latency_percentile_below";
          v.met = judged < v.bound;  // as the single-run check: strictly below
          break;
        case Kind::AlarmNeverFires:
          v.type = "alarm_never_fires";
          v.met = v.replications_passed == s.replications;  // a count of ALARM entries: any is a miss
          break;
        case Kind::NoMessageLost:
          v.type = "no_message_lost";
          v.met = v.replications_passed == s.replications;
          break;
        default:
          v.type = slos[i].kind == Kind::AlarmFiresWithin        ? "alarm_fires_within"
                   : slos[i].kind == Kind::MaxDlqMessages        ? "max_dlq_messages"
                   : slos[i].kind == Kind::MaxAgeOfOldestMessage ? "max_age_of_oldest_message"
                                                                 : "max_throttles";
          v.met = std::isfinite(judged) && judged <= v.bound;
          break;
      }
      r.meets_slos = r.meets_slos && v.met;
      r.slos.push_back(std::move(v));
    }
    r.meets_slos = r.meets_slos && r.balanced;
    if (r.meets_slos && r.metrics[cost].n > 0 &&
        (!out.cheapest || r.metrics[cost].mean < out.points[*out.cheapest].metrics[cost].mean))
      out.cheapest = p;
    out.points.push_back(std::move(r));
  }
  return out;
}

}  // namespace sweep
