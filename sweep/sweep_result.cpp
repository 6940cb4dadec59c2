#include "sweep/sweep_result.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "judge/expectations.hpp"
#include "reports/compare.hpp"
#include "sim/sample_moments.hpp"

namespace sweep {

Estimate estimate(const std::vector<double>& x) {
  const sim::SampleMoments m = sim::sample_moments(x);
  Estimate e;
  e.n = m.n;
  e.mean = m.mean;
  // An infinite value (a latency never observed) has no interval.
  if (m.n < 2 || std::any_of(x.begin(), x.end(), [](double v) { return std::isinf(v); })) return e;
  const double half = sim::student_t_975(static_cast<double>(m.n - 1)) * m.sd() / std::sqrt(static_cast<double>(m.n));
  e.ci_low = m.mean - half;
  e.ci_high = m.mean + half;
  return e;
}

std::string PointResult::verdict() const {
  if (!skipped.empty()) return "skipped: invalid";
  std::string v;
  if (!missed.empty()) {
    v = "missed:";
    for (const auto& m : missed) v += " " + m + ";";
    v.pop_back();
  }
  if (!keeps_up) v += (v.empty() ? "" : "; ") + std::string("falls behind");
  if (!missed_at_headroom.empty() || !keeps_up_at_headroom) {
    v += (v.empty() ? "" : "; ") + std::string("at headroom load:");
    for (const auto& m : missed_at_headroom) v += " " + m + ";";
    if (!keeps_up_at_headroom) v += " falls behind;";
    v.pop_back();
  }
  if (!balanced) v += (v.empty() ? "" : "; ") + std::string("accounting does not balance");
  return v.empty() ? "met" : v;
}

double PointResult::lost() const {
  double n = 0;
  for (const LossEstimate& l : loss)
    if (l.is_loss) n += l.count.mean;
  return n;
}

std::string PointResult::lost_reasons() const {
  std::string out;
  for (const LossEstimate& l : loss)
    if (l.is_loss && l.count.mean > 0)
      out += fmt::format("{}{:.6g} {}", out.empty() ? "" : "; ", l.count.mean, l.words);
  return out;
}

std::size_t SweepResult::metric_index(const std::string& name) const {
  const auto& defs = reports::comparable_metrics();
  for (std::size_t i = 0; i < defs.size(); ++i)
    if (name == defs[i].name) return i;
  throw std::out_of_range("no metric named " + name);
}

namespace {

// One SLO over the replications' records: met when the interval's upper end (the value itself with one replication)
// is within the bound, or, for counts of events, when every replication passed.
SloVerdict judge_slo(const model::GameDayExpectation& slo, const RunRecord* rec, std::uint64_t replications,
                     std::size_t i) {
  SloVerdict v;
  v.name = slo.name;
  v.bound = rec[0].slo_bound.at(i);
  std::vector<double> x;
  for (std::uint64_t k = 0; k < replications; ++k) {
    x.push_back(rec[k].slo_measured.at(i));
    v.replications_passed += rec[k].slo_passed.at(i) != 0 ? 1 : 0;
  }
  v.measured = estimate(x);
  const double judged = v.measured.ci_high.value_or(v.measured.mean);
  using Kind = model::GameDayExpectation::Kind;
  v.type = judge::expectation_type_name(slo.kind);
  switch (slo.kind) {
    case Kind::LatencyPercentileBelow:
      v.met = judged < v.bound;  // as the single-run check: strictly below
      break;
    case Kind::AlarmNeverFires:
    case Kind::NoMessageLost:
      v.met = v.replications_passed == replications;  // a count of events: any is a miss
      break;
    default:
      v.met = std::isfinite(judged) && judged <= v.bound;
      break;
  }
  return v;
}

}  // namespace

SweepResult aggregate(const SweepSpec& s, const std::vector<PreparedPoint>& points,
                      const std::vector<RunRecord>& records) {
  if (records.size() != task_count(s, points.size()))
    throw std::invalid_argument("aggregate: one record per point and replication (and headroom pass) expected");
  SweepResult out;
  out.headroom = s.headroom;
  out.scenario_file = s.scenario_file;
  out.dims = s.dims;
  out.replications = s.replications;
  const auto first_valid =
      std::find_if(points.begin(), points.end(), [](const PreparedPoint& p) { return p.invalid.empty(); });
  if (first_valid != points.end()) {
    out.scenario_name = first_valid->spec.name;
    out.seed = s.seed.value_or(first_valid->spec.seed);
    for (const auto& x : first_valid->spec.slos) out.slo_names.push_back(x.name);
    for (const auto& x : first_valid->spec.gameday.expectations) out.expectation_names.push_back(x.name);
  }
  const std::size_t metric_count = reports::comparable_metrics().size();
  const std::size_t cost = out.metric_index("cost_monthly_usd");
  for (std::size_t p = 0; p < points.size(); ++p) {
    PointResult r;
    r.point = points[p].point;
    r.warnings = points[p].warnings;
    const RunRecord* rec = &records[p * s.replications];
    if (!points[p].invalid.empty()) {
      r.skipped = points[p].invalid;
      r.meets_slos = false;
      r.metrics.assign(metric_count, Estimate{});
      out.points.push_back(std::move(r));
      continue;
    }
    for (std::size_t m = 0; m < metric_count; ++m) {
      std::vector<double> x;
      for (std::uint64_t k = 0; k < s.replications; ++k) x.push_back(rec[k].metrics.at(m));
      r.metrics.push_back(estimate(x));
    }
    std::vector<double> backlog;
    for (std::uint64_t k = 0; k < s.replications; ++k) {
      r.balanced = r.balanced && rec[k].balanced != 0;
      r.events += rec[k].events;
      r.keeps_up = r.keeps_up && rec[k].keeps_up != 0;
      backlog.push_back(rec[k].backlog_per_min);
    }
    r.backlog_per_min = estimate(backlog);
    const judge::Loss none;
    const std::vector<judge::LossLine> reasons = judge::loss_reasons(none);
    for (std::size_t i = 0; i < reasons.size(); ++i) {
      std::vector<double> x;
      for (std::uint64_t k = 0; k < s.replications; ++k) x.push_back(rec[k].loss.at(i));
      r.loss.push_back({reasons[i].key, reasons[i].words, reasons[i].is_loss, estimate(x)});
    }
    // The whole judgement, in the records' order: the SLOs, then the GameDay expectations.
    std::vector<model::GameDayExpectation> judged = points[p].spec.slos;
    const auto& expectations = points[p].spec.gameday.expectations;
    judged.insert(judged.end(), expectations.begin(), expectations.end());
    for (std::size_t i = 0; i < judged.size(); ++i) {
      SloVerdict v = judge_slo(judged[i], rec, s.replications, i);
      r.meets_slos = r.meets_slos && v.met;
      if (!v.met) r.missed.push_back(v.name);
      (i < points[p].spec.slos.size() ? r.slos : r.expectations).push_back(std::move(v));
    }
    if (s.headroom > 1.0) {
      // The same point at headroom x the load: the whole judgement must hold there too, and it must keep up.
      const RunRecord* head = &records[(points.size() + p) * s.replications];
      for (std::size_t i = 0; i < judged.size(); ++i)
        if (!judge_slo(judged[i], head, s.replications, i).met) r.missed_at_headroom.push_back(judged[i].name);
      for (std::uint64_t k = 0; k < s.replications; ++k)
        r.keeps_up_at_headroom = r.keeps_up_at_headroom && head[k].keeps_up != 0 && head[k].balanced != 0;
    }
    r.meets_slos = r.meets_slos && r.balanced;
    // A configuration that falls behind is never the answer, whatever its SLOs say: its latency covers only what
    // got through, and its backlog grows without bound.
    if (r.qualifies() && r.metrics[cost].n > 0 &&
        (!out.cheapest || r.metrics[cost].mean < out.points[*out.cheapest].metrics[cost].mean))
      out.cheapest = p;
    out.points.push_back(std::move(r));
  }
  return out;
}

}  // namespace sweep
