#include "calibrate/fit.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "model/simulation.hpp"
#include "sim/binomial_interval.hpp"
#include "sim/sample_moments.hpp"

namespace calibrate {

namespace {

using nlohmann::json;

double t975(std::size_t n) {
  return n < 2 ? 0.0 : sim::student_t_975(static_cast<double>(n - 1));
}

// A lognormal by the moments of the logarithms; the median's 95 % interval from Student's t on them.
ParameterFit lognormal_fit(const std::string& name, const std::vector<double>& values) {
  std::vector<double> logs;
  for (const double v : values)
    if (v > 0) logs.push_back(std::log(v));
  ParameterFit p;
  p.name = name;
  p.distribution = "lognormal";
  if (logs.size() < 2) {
    p.identifiable = false;
    p.note = fmt::format("{} positive values: too few to fit", logs.size());
    return p;
  }
  const sim::SampleMoments m = sim::sample_moments(logs);
  const double half = t975(m.n) * m.sd() / std::sqrt(static_cast<double>(m.n));
  p.value = std::exp(m.mean);
  p.sigma = m.sd();
  p.low = std::exp(m.mean - half);
  p.high = std::exp(m.mean + half);
  p.note = fmt::format("lognormal over {} values", m.n);
  return p;
}

json distribution_json(const ParameterFit& p) {
  if (p.distribution == "lognormal") return json{{"type", "lognormal"}, {"median", p.value}, {"sigma", p.sigma}};
  return json{{"type", "fixed"}, {"value", p.value}};
}

struct Replayed {
  double predicted_cold = 0;  // mean over replications
  double agreement = 0;
};

Replayed replay(const model::ScenarioSpec& s, std::uint64_t seed, std::uint64_t replications) {
  Replayed out;
  for (std::uint64_t r = 0; r < replications; ++r) {
    // Common random numbers: replication r draws the same streams whatever parameter value is being tried.
    model::Simulation sim(s, seed, r);
    sim.run();
    const model::ColdFlagComparison& c = sim.invokers().front()->cold_flags();
    out.predicted_cold += static_cast<double>(c.predicted_cold()) / static_cast<double>(replications);
    out.agreement += static_cast<double>(c.both_cold + c.both_warm) /
                     static_cast<double>(std::max<std::uint64_t>(1, c.compared())) / static_cast<double>(replications);
  }
  return out;
}

ParameterFit unidentifiable(const std::string& name, const std::string& why) {
  ParameterFit p;
  p.name = name;
  p.identifiable = false;
  p.note = why;
  return p;
}

// The distribution a fitted parameter stands for in the scenario fragment.
sim::DistributionSpec fitted_distribution(const ParameterFit& p) {
  return p.distribution == "lognormal" ? sim::DistributionSpec::lognormal(p.value, p.sigma)
                                       : sim::DistributionSpec::fixed(p.value);
}

// Duration: a lognormal over per-request durations, or the invocation-weighted mean of per-period averages.
void fit_duration(const std::vector<ObservedLog>& logs, model::FunctionSpec& f, json& fields, FitResult& out) {
  std::vector<double> d;
  std::vector<double> period_means, weights;
  for (const ObservedLog& l : logs) {
    d.insert(d.end(), l.duration_ms.begin(), l.duration_ms.end());
    period_means.insert(period_means.end(), l.period_duration_ms.begin(), l.period_duration_ms.end());
    weights.insert(weights.end(), l.period_invocations.begin(), l.period_invocations.end());
  }
  ParameterFit p;
  if (!d.empty()) {
    p = lognormal_fit("duration_ms", d);
  } else if (!period_means.empty()) {
    // GetMetricData: only per-period averages; the invocation-weighted mean, its interval over periods.
    double sum = 0, w = 0;
    for (std::size_t i = 0; i < period_means.size(); ++i) {
      sum += period_means[i] * std::max(weights[i], 0.0);
      w += std::max(weights[i], 0.0);
    }
    const sim::SampleMoments m = sim::sample_moments(period_means);
    p.name = "duration_ms";
    p.distribution = "fixed";
    p.value = w > 0 ? sum / w : m.mean;
    const double half = t975(m.n) * m.sd() / std::sqrt(static_cast<double>(std::max<std::size_t>(1, m.n)));
    p.low = p.value - half;
    p.high = p.value + half;
    p.note = fmt::format("mean Duration over {} periods (aggregate metrics give no distribution)", m.n);
  } else {
    p = unidentifiable("duration_ms", "no durations in the logs");
  }
  if (p.identifiable) {
    f.duration.per_invocation_ms = fitted_distribution(p);
    f.duration.per_record_ms = sim::DistributionSpec::fixed(0);
    fields["duration"] = {{"per_invocation_ms", distribution_json(p)}, {"per_record_ms", 0}};
    if (f.duration.cpu_bound_fraction > 0) {
      f.duration.cpu_bound_fraction = 0;
      fields["duration"]["cpu_bound_fraction"] = 0;
      out.warnings.push_back("duration: fitted as measured at the logged memory size, so cpu_bound_fraction is 0");
    }
  } else {
    out.warnings.push_back("duration: not identifiable: " + p.note);
  }
  out.parameters.push_back(p);
}

// Init: a lognormal over logged Init Durations, or cold minus warm client overhead.
void fit_init(const std::vector<const ObservedLog*>& per_request, model::FunctionSpec& f, json& fields,
              FitResult& out) {
  std::vector<double> init;
  std::vector<double> cold_overhead, warm_overhead;
  for (const ObservedLog* l : per_request) {
    init.insert(init.end(), l->init_ms.begin(), l->init_ms.end());
    for (std::size_t i = 0; i < l->client_overhead_ms.size() && i < l->cold.size(); ++i)
      (l->cold[i] ? cold_overhead : warm_overhead).push_back(l->client_overhead_ms[i]);
  }
  ParameterFit p;
  if (init.size() >= 2) {
    p = lognormal_fit("init_duration_ms", init);
  } else if (cold_overhead.size() >= 2 && warm_overhead.size() >= 2) {
    // The client sees init as extra time around the function's own Duration: cold minus warm overhead (Welch).
    const sim::SampleMoments c = sim::sample_moments(cold_overhead), w = sim::sample_moments(warm_overhead);
    const sim::DifferenceInterval ci = sim::welch_95(w, c);
    p.name = "init_duration_ms";
    p.distribution = "fixed";
    p.value = std::max(0.0, c.mean - w.mean);
    p.low = std::max(0.0, ci.low);
    p.high = std::max(0.0, ci.high);
    p.note = fmt::format("cold minus warm client overhead, {} cold and {} warm requests", c.n, w.n);
  } else {
    p = unidentifiable("init_duration_ms", "the logs have no Init Duration and no client-side timing of cold requests");
  }
  if (p.identifiable) {
    f.cold_start.init_duration_ms = fitted_distribution(p);
    fields["cold_start"] = {{"init_duration_ms", distribution_json(p)}};
  } else {
    out.warnings.push_back("init: not identifiable: " + p.note);
  }
  out.parameters.push_back(p);
}

// Replays every per-request log at the function as it now stands, with keep-alive T (or the scenario's own), and the
// loss: the squared error of the simulated cold-start fraction against each log's.
struct Replayer {
  const model::ScenarioSpec& scenario;
  const model::FunctionSpec& f;
  const std::vector<const ObservedLog*>& per_request;
  const FitOptions& o;
  std::vector<Replayed> replay_all(std::optional<double> keep_s) const {
    std::vector<Replayed> r;
    model::FunctionSpec g = f;
    if (keep_s) {
      g.keep_alive_s = sim::DistributionSpec::fixed(*keep_s);
      g.keep_alive_model = model::KeepAliveModel{};
    }
    for (const ObservedLog* l : per_request)
      r.push_back(replay(replay_scenario(scenario, g, *l), o.seed, o.replications));
    return r;
  }
  double loss_of(const std::vector<Replayed>& r) const {
    double loss = 0;
    for (std::size_t i = 0; i < r.size(); ++i) {
      const double n = static_cast<double>(per_request[i]->cold.size());
      const double diff = (r[i].predicted_cold - static_cast<double>(per_request[i]->cold_count())) / n;
      loss += diff * diff;
    }
    return loss;
  }
};

// Keep-alive: a grid search of the loss, its interval where the simulated cold fraction stays inside the measured
// one's 95 % interval. The fitted value, or nullopt when not identifiable.
std::optional<double> fit_keep_alive(const Replayer& replayer, json& fields, FitResult& out) {
  std::uint64_t pooled_n = 0, pooled_cold = 0;
  for (const ObservedLog* l : replayer.per_request) {
    pooled_n += l->cold.size();
    pooled_cold += l->cold_count();
  }
  const sim::Proportion pooled = sim::binomial_interval(pooled_cold, pooled_n);
  const std::vector<const ObservedLog*>& per_request = replayer.per_request;
  std::optional<double> fitted;
  ParameterFit p;
  p.name = "keep_alive_s";
  p.distribution = "fixed";
  if (per_request.empty() || pooled_n == 0) {
    p.identifiable = false;
    p.note = "keep-alive needs per-request cold flags (a request log or REPORT lines); aggregate metrics have none";
    out.warnings.push_back("keep_alive: not identifiable: " + p.note);
  } else {
    // Log-spaced grid over 10 s .. 2 h, then a finer linear pass between the best point's neighbours.
    std::vector<double> grid;
    const int k = 48;
    for (int i = 0; i < k; ++i) grid.push_back(10.0 * std::pow(720.0, static_cast<double>(i) / (k - 1)));
    struct Point {
      double t, loss, pooled_fraction;
    };
    std::vector<Point> pts;
    const auto eval = [&](double t) {
      const std::vector<Replayed> r = replayer.replay_all(t);
      double cold = 0;
      for (const Replayed& x : r) cold += x.predicted_cold;
      pts.push_back(Point{t, replayer.loss_of(r), cold / static_cast<double>(pooled_n)});
    };
    for (const double t : grid) eval(t);
    std::size_t best = 0;
    for (std::size_t i = 1; i < pts.size(); ++i)
      if (pts[i].loss < pts[best].loss) best = i;
    const double lo_t = pts[best == 0 ? 0 : best - 1].t, hi_t = pts[std::min(best + 1, pts.size() - 1)].t;
    for (int i = 1; i < 16; ++i) eval(lo_t + (hi_t - lo_t) * i / 16.0);
    std::sort(pts.begin(), pts.end(), [](const Point& a, const Point& b) { return a.t < b.t; });
    const Point* b = &pts.front();
    double lmin = pts.front().loss, lmax = pts.front().loss;
    for (const Point& q : pts) {
      if (q.loss < b->loss) b = &q;
      lmin = std::min(lmin, q.loss);
      lmax = std::max(lmax, q.loss);
    }
    p.value = b->t;
    p.low = p.high = b->t;
    bool any = false;
    for (const Point& q : pts) {
      if (q.pooled_fraction < pooled.low || q.pooled_fraction > pooled.high) continue;
      p.low = any ? std::min(p.low, q.t) : q.t;
      p.high = any ? std::max(p.high, q.t) : q.t;
      any = true;
    }
    p.note = fmt::format(
        "grid of {} values; interval: simulated cold fraction inside the measured one's 95 % "
        "interval ({:.3f}-{:.3f})",
        pts.size(), pooled.low, pooled.high);
    if (!any) {
      out.warnings.push_back(fmt::format(
          "keep_alive: no value puts the simulated cold fraction inside the measured 95 % interval; the best "
          "({:.0f} s) misses it, so something else (init, durations, the idle choice) differs from the logs",
          b->t));
    } else if (p.low <= grid.front() && p.high >= grid.back()) {
      p.identifiable = false;
      out.warnings.push_back("keep_alive: not identifiable: every value from 10 s to 2 h fits the logs within 95 %");
    }
    if (lmax - lmin < 1e-12) {
      p.identifiable = false;
      out.warnings.push_back(
          "keep_alive: not identifiable: the loss is the same for every value (requests too far apart, or too "
          "close)");
    }
    if (p.identifiable) {
      fitted = p.value;
      fields["keep_alive_s"] = distribution_json(p);
    }
  }
  out.parameters.push_back(p);
  return fitted;
}

}  // namespace

model::ScenarioSpec replay_scenario(const model::ScenarioSpec& scenario, const model::FunctionSpec& function,
                                    const ObservedLog& log) {
  model::ScenarioSpec s;
  s.name = scenario.name + "-replay";
  s.seed = scenario.seed;
  s.account = scenario.account;
  s.metrics_period = sim::hours(1);
  model::FunctionSpec f = function;
  f.publishes_to.clear();  // only the function's environments matter here, not its downstream stages
  f.handler_publishes = false;
  s.functions = {f};
  model::InvokerSpec v;
  v.name = "log";
  v.function = f.name;
  v.type = model::InvokerSpec::Type::Sync;
  v.caller_max_retries = 100;  // a throttled request is retried, as the experiments' clients did
  v.arrival.kind = model::ArrivalSpec::Kind::Trace;
  v.arrival.trace = log.arrivals;
  v.arrival.trace_duration_ms = log.duration_ms;
  v.arrival.trace_cold = log.cold;
  s.invokers = {v};
  s.duration = (log.arrivals.empty() ? sim::Time{0} : log.arrivals.back()) + sim::hours(3);
  s.stop_when_drained = true;
  return s;
}

FitResult fit(const model::ScenarioSpec& scenario, const std::vector<ObservedLog>& logs, const FitOptions& o) {
  if (scenario.functions.empty()) throw std::invalid_argument("the scenario has no function to fit");
  const auto fn = o.function.empty() ? scenario.functions.begin()
                                     : std::find_if(scenario.functions.begin(), scenario.functions.end(),
                                                    [&](const model::FunctionSpec& f) { return f.name == o.function; });
  if (fn == scenario.functions.end()) throw std::invalid_argument("no function \"" + o.function + "\" in the scenario");
  for (const std::string& p : o.parameters)
    if (p != "keep_alive" && p != "init" && p != "duration")
      throw std::invalid_argument("cannot fit \"" + p + "\", expected keep_alive, init or duration");
  const auto wants = [&](const char* p) {
    return std::find(o.parameters.begin(), o.parameters.end(), p) != o.parameters.end();
  };
  model::FunctionSpec f = *fn;
  FitResult out;
  out.function = f.name;
  json fields = json{{"name", f.name}};
  std::vector<const ObservedLog*> per_request;
  for (const ObservedLog& l : logs)
    if (l.per_request()) per_request.push_back(&l);

  if (wants("duration")) fit_duration(logs, f, fields, out);
  if (wants("init")) fit_init(per_request, f, fields, out);
  const Replayer replayer{scenario, f, per_request, o};
  std::optional<double> fitted_keep;
  if (wants("keep_alive")) fitted_keep = fit_keep_alive(replayer, fields, out);

  out.loss =
      "sum over per-request logs of (simulated cold-start fraction - measured)^2, simulated fraction averaged "
      "over the replications (common random numbers)";
  if (!per_request.empty()) {
    const std::vector<Replayed> r = replayer.replay_all(fitted_keep);
    out.loss_value = replayer.loss_of(r);
    for (std::size_t i = 0; i < r.size(); ++i) {
      const ObservedLog& l = *per_request[i];
      const sim::Proportion m = sim::binomial_interval(l.cold_count(), l.cold.size());
      out.files.push_back(FileFit{l.file, l.cold.size(), l.cold_count(), m.value, m.low, m.high,
                                  r[i].predicted_cold / static_cast<double>(l.cold.size()), r[i].agreement});
    }
  }
  out.fragment = json{{"functions", json::array({fields})}};
  return out;
}

}  // namespace calibrate
