#include "reports/compare.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include "sim/sample_moments.hpp"

namespace reports {

using nlohmann::json;

const std::vector<MetricDef>& comparable_metrics() {
  static const std::vector<MetricDef> kMetrics = {
      {"latency_p50_ms", "/end_to_end_latency_ms/p50", Worse::Higher, "ms"},
      {"latency_p90_ms", "/end_to_end_latency_ms/p90", Worse::Higher, "ms"},
      {"latency_p99_ms", "/end_to_end_latency_ms/p99", Worse::Higher, "ms"},
      {"latency_max_ms", "/end_to_end_latency_ms/max", Worse::Higher, "ms"},
      {"deleted", "/accounting/deleted", Worse::Lower, "messages"},
      {"in_dlq", "/accounting/in_dlq", Worse::Higher, "messages"},
      {"expired", "/accounting/expired", Worse::Higher, "messages"},
      {"filtered", "/accounting/filtered", Worse::Higher, "messages"},
      {"deleted_unprocessed", "/loss/deleted_unprocessed", Worse::Higher, "messages"},
      {"dropped", "/loss/refused_at_send", Worse::Higher, "messages"},
      {"lost", "/loss/lost", Worse::Higher, "messages"},
      {"invocations", "/totals/invocations", Worse::Neither, "invocations"},
      {"errors", "/totals/errors", Worse::Higher, "invocations"},
      {"throttles", "/totals/throttles", Worse::Higher, "invocations"},
      {"cold_starts", "/totals/cold_starts", Worse::Higher, "invocations"},
      {"cold_start_probability", "/totals/cold_start_probability", Worse::Higher, "share"},
      {"environments_mean", "/totals/environments_mean", Worse::Neither, "environments"},
      {"busy_environments_mean", "/totals/busy_environments_mean", Worse::Neither, "environments"},
      {"idle_environments_mean", "/totals/idle_environments_mean", Worse::Neither, "environments"},
      {"cost_window_usd", "/cost/window_usd", Worse::Higher, "USD"},
      {"cost_monthly_usd", "/cost/monthly_projection_usd", Worse::Higher, "USD"},
      {"cost_per_million_usd", "/cost/usd_per_million_messages", Worse::Higher, "USD"},
      {"simulated_seconds", "/simulated_seconds", Worse::Higher, "s"},
  };
  return kMetrics;
}

std::map<std::string, double> extract_metrics(const json& summary) {
  std::map<std::string, double> out;
  for (const MetricDef& m : comparable_metrics()) {
    const json::json_pointer p(m.pointer);
    if (summary.contains(p) && summary.at(p).is_number()) out[m.name] = summary.at(p).get<double>();
  }
  return out;
}

std::vector<std::string> metric_type_errors(const json& summary) {
  std::vector<std::string> out;
  for (const MetricDef& m : comparable_metrics()) {
    const json::json_pointer p(m.pointer);
    if (!summary.contains(p) || summary.at(p).is_number()) continue;
    std::string path = "$";
    for (const char c : std::string(m.pointer)) path += c == '/' ? '.' : c;
    std::string shown = summary.at(p).dump();
    if (shown.size() > 40) shown = shown.substr(0, 37) + "...";
    out.push_back(path + ": got " + shown + ", expected a number (metric " + m.name + ")");
  }
  return out;
}

std::vector<MetricComparison> compare_runs(const std::vector<json>& a, const std::vector<json>& b) {
  std::vector<MetricComparison> out;
  std::vector<std::map<std::string, double>> ma, mb;
  for (const auto& s : a) ma.push_back(extract_metrics(s));
  for (const auto& s : b) mb.push_back(extract_metrics(s));
  for (const MetricDef& def : comparable_metrics()) {
    std::vector<double> xa, xb;
    for (const auto& m : ma)
      if (m.contains(def.name)) xa.push_back(m.at(def.name));
    for (const auto& m : mb)
      if (m.contains(def.name)) xb.push_back(m.at(def.name));
    if (xa.empty() || xb.empty()) continue;
    const sim::SampleMoments A = sim::sample_moments(xa), B = sim::sample_moments(xb);
    MetricComparison c{def.name, A.n, B.n, A.mean, B.mean, B.mean - A.mean, std::nullopt, std::nullopt};
    if (A.n >= 2 && B.n >= 2) {
      // Welch's t interval: unequal variances, Welch–Satterthwaite degrees of freedom.
      const sim::DifferenceInterval ci = sim::welch_95(A, B);
      c.ci_low = ci.low;
      c.ci_high = ci.high;
    }
    out.push_back(c);
  }
  return out;
}

std::map<std::string, Tolerance> default_tolerances() {
  std::map<std::string, Tolerance> t;
  for (const MetricDef& m : comparable_metrics()) {
    if (m.worse == Worse::Neither) continue;
    t[m.name] = Tolerance{0.10, 0.0};
  }
  // Losing messages, DLQ growth and throttles are regressions at any size.
  for (const char* zero : {"in_dlq", "expired", "dropped", "lost", "deleted_unprocessed", "filtered", "throttles"})
    t[zero] = {0, 0};
  t["deleted"] = {0, 0};
  for (const char* lat : {"latency_p50_ms", "latency_p90_ms", "latency_p99_ms", "latency_max_ms"}) t[lat] = {0.10, 5.0};
  t["cold_start_probability"] = {0.10, 0.01};
  t["cost_window_usd"] = {0.10, 1e-6};
  t["cost_monthly_usd"] = {0.10, 0.01};
  t["cost_per_million_usd"] = {0.10, 0.01};
  return t;
}

std::map<std::string, Tolerance> parse_tolerances(const json& j, const std::string& file) {
  std::map<std::string, Tolerance> t = default_tolerances();
  if (!j.is_object()) throw std::invalid_argument(file + ": $: expected an object of metric tolerances");
  for (const auto& [name, v] : j.items()) {
    if (name.starts_with("_")) continue;
    // A structured binding cannot be captured before C++20's P1091 (Clang 16): capture a reference to it.
    const auto def = std::find_if(comparable_metrics().begin(), comparable_metrics().end(),
                                  [&key = name](const MetricDef& m) { return key == m.name; });
    if (def == comparable_metrics().end()) {
      std::string known;
      for (const MetricDef& m : comparable_metrics()) known += (known.empty() ? "" : ", ") + std::string(m.name);
      throw std::invalid_argument(file + ": $." + name + ": unknown metric, expected one of " + known);
    }
    if (!v.is_object())
      throw std::invalid_argument(file + ": $." + name + ": expected {\"relative\": x, \"absolute\": y}");
    Tolerance tol{0, 0};
    for (const auto& [k, x] : v.items()) {
      if ((k != "relative" && k != "absolute") || !x.is_number() || x.get<double>() < 0)
        throw std::invalid_argument(file + ": $." + name + "." + k + ": got " + x.dump() +
                                    ", expected \"relative\" or \"absolute\" with a number >= 0");
      (k == "relative" ? tol.relative : tol.absolute) = x.get<double>();
    }
    t[name] = tol;
  }
  return t;
}

std::vector<CheckResult> check_against_baseline(const std::map<std::string, double>& baseline,
                                                const std::map<std::string, double>& current,
                                                const std::map<std::string, Tolerance>& tolerances) {
  std::vector<CheckResult> out;
  for (const MetricDef& def : comparable_metrics()) {
    if (!baseline.contains(def.name) || !current.contains(def.name)) continue;
    const double b = baseline.at(def.name), c = current.at(def.name);
    CheckResult r{def.name, b, c, b, true, ""};
    const auto it = tolerances.find(def.name);
    if (def.worse == Worse::Neither || it == tolerances.end()) {
      r.detail = fmt::format("{:g} -> {:g} {} (not checked)", b, c, def.unit);
      out.push_back(r);
      continue;
    }
    const double slack = std::max(it->second.relative * std::fabs(b), it->second.absolute);
    r.limit = def.worse == Worse::Higher ? b + slack : b - slack;
    r.passed = def.worse == Worse::Higher ? c <= r.limit : c >= r.limit;
    r.detail = fmt::format("{:g} -> {:g} {} (limit {} {:g})", b, c, def.unit,
                           def.worse == Worse::Higher ? "<=" : ">=", r.limit);
    out.push_back(r);
  }
  return out;
}

}  // namespace reports
