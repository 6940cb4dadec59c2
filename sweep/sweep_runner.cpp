#include "sweep/sweep_runner.hpp"

#include "loader/input_file.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cmath>
#include <exception>
#include <fstream>
#include <limits>
#include <mutex>
#include <sstream>
#include <thread>

#include "judge/judgement.hpp"
#include "loader/scenario_loader.hpp"
#include "model/simulation.hpp"
#include "reports/compare.hpp"
#include "reports/summary.hpp"

namespace sweep {

using nlohmann::json;

SweepSpec make_sweep_spec(const std::string& scenario_file, const std::vector<std::string>& vary,
                          std::uint64_t replications) {
  SweepSpec s;
  s.scenario_file = scenario_file;
  std::string why;
  const std::optional<std::string> text = scenarios::read_input_text(scenario_file, why);
  if (!text) throw SweepError(scenario_file + ": error: $: " + why);
  s.scenario = json::parse(*text, nullptr, false);
  if (s.scenario.is_discarded() || !s.scenario.is_object())
    throw SweepError(scenario_file + ": error: $: expected a JSON object (run sqsim validate for details)");
  if (replications == 0) throw SweepError("--replications: expected at least 1");
  s.replications = replications;
  for (const std::string& v : vary) {
    try {
      s.dims.push_back(parse_vary(v));
    } catch (const std::invalid_argument& e) {
      throw SweepError(e.what());
    }
    for (std::size_t d = 0; d + 1 < s.dims.size(); ++d)
      if (s.dims[d].name == s.dims.back().name)
        throw SweepError(fmt::format("--vary {}: the parameter is varied twice; list all its values in one --vary",
                                     s.dims.back().name));
  }
  return s;
}

std::vector<PreparedPoint> prepare_points(const SweepSpec& s) {
  std::vector<PreparedPoint> out;
  std::size_t valid = 0;
  std::string first_error;
  for (const GridPoint& g : grid_points(s.dims)) {
    const std::string label = g.label(s.dims);
    json doc;
    try {
      doc = configuration(s.scenario, s.dims, g);
    } catch (const std::exception& e) {  // std::invalid_argument, or json's for a malformed pointer
      throw SweepError(fmt::format("{}: error: --vary {}", s.scenario_file, e.what()));
    }
    try {
      scenarios::LoadedScenario loaded = scenarios::load_scenario_text(doc.dump(), s.scenario_file);
      PreparedPoint p{g, std::move(loaded.spec), {}, {}};
      for (const auto& w : loaded.warnings) p.warnings.push_back(w.format());
      out.push_back(std::move(p));
      ++valid;
    } catch (const scenarios::ScenarioError& e) {
      // Skipped, with the loader's reasons: the rest of the grid still runs.
      PreparedPoint p{g, {}, {}, {}};
      for (const auto& d : e.diagnostics()) {
        if (d.severity != scenarios::Diagnostic::Severity::Error) continue;
        p.invalid += (p.invalid.empty() ? "" : "\n") + d.format();
      }
      if (p.invalid.empty()) p.invalid = "the scenario loader rejected this configuration";
      if (first_error.empty())
        first_error =
            fmt::format("the configuration {} is not valid:\n  {}", label.empty() ? "(base)" : label, p.invalid);
      out.push_back(std::move(p));
    }
  }
  if (valid == 0) throw SweepError("no configuration in the grid is valid; the first: " + first_error);
  return out;
}

std::size_t verdict_count(const model::ScenarioSpec& spec) {
  return spec.slos.size() + spec.gameday.expectations.size();
}

std::size_t verdict_count(const std::vector<PreparedPoint>& points) {
  for (const PreparedPoint& p : points)
    if (p.invalid.empty()) return verdict_count(p.spec);
  return 0;
}

std::size_t RunRecord::width(std::size_t slos) {
  return reports::comparable_metrics().size() + 3 * slos + 4 + judge::kLossReasons;
}

std::vector<double> RunRecord::to_doubles() const {
  std::vector<double> x(metrics);
  for (std::size_t i = 0; i < slo_measured.size(); ++i) {
    x.push_back(slo_measured[i]);
    x.push_back(slo_bound[i]);
    x.push_back(slo_passed[i]);
  }
  x.push_back(balanced);
  x.push_back(events);
  x.push_back(keeps_up);
  x.push_back(backlog_per_min);
  x.insert(x.end(), loss.begin(), loss.end());
  return x;
}

RunRecord RunRecord::from_doubles(const double* x, std::size_t slos) {
  RunRecord r;
  const std::size_t m = reports::comparable_metrics().size();
  r.metrics.assign(x, x + m);
  x += m;
  for (std::size_t i = 0; i < slos; ++i) {
    r.slo_measured.push_back(*x++);
    r.slo_bound.push_back(*x++);
    r.slo_passed.push_back(*x++);
  }
  r.balanced = *x++;
  r.events = *x++;
  r.keeps_up = *x++;
  r.backlog_per_min = *x++;
  r.loss.assign(x, x + judge::kLossReasons);
  return r;
}

std::size_t task_count(const SweepSpec& s, std::size_t points) {
  return points * s.replications * (s.headroom > 1.0 ? 2 : 1);
}

RunRecord run_one(const SweepSpec& s, const PreparedPoint& p, std::uint64_t replication, double load_factor) {
  if (!p.invalid.empty()) {  // skipped: unknown numbers, no verdict
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    RunRecord r;
    r.metrics.assign(reports::comparable_metrics().size(), nan);
    // The layout is the scenario's: its slos and GameDay expectations as written (a --vary does not add any).
    const auto count = [](const json& doc, const char* key) {
      return doc.is_object() && doc.contains(key) && doc[key].is_array() ? doc[key].size() : std::size_t{0};
    };
    const std::size_t slos =
        count(s.scenario, "slos") + (s.scenario.contains("gameday") ? count(s.scenario["gameday"], "expectations") : 0);
    r.slo_measured.assign(slos, nan);
    r.slo_bound.assign(slos, nan);
    r.slo_passed.assign(slos, 0.0);
    r.keeps_up = nan;
    r.backlog_per_min = nan;
    r.loss.assign(judge::kLossReasons, nan);
    return r;
  }
  // Every grid point runs replication r with the same seed: common random numbers, so the differences between
  // configurations are not drowned by the noise between seeds.
  model::ScenarioSpec spec = p.spec;
  if (load_factor != 1.0)
    for (auto& producer : spec.producers) {
      producer.arrival.rate_per_second *= load_factor;
      producer.arrival.rate_multiplier *= load_factor;
    }
  model::Simulation sim(spec, s.seed.value_or(p.spec.seed), replication);
  sim.run();
  const std::map<std::string, double> m = reports::extract_metrics(reports::summary_json(sim, s.pricing, s.free_tier));
  RunRecord r;
  for (const auto& def : reports::comparable_metrics()) {
    const auto it = m.find(def.name);
    r.metrics.push_back(it == m.end() ? std::numeric_limits<double>::quiet_NaN() : it->second);
  }
  const judge::Judgement verdicts = judge::judge(sim);
  // The whole judgement, as `sqsim run` and `check` judge it: SLOs, then GameDay expectations.
  for (const auto* list : {&verdicts.slos, &verdicts.expectations})
    for (const auto& x : *list) {
      r.slo_measured.push_back(x.measured);
      r.slo_bound.push_back(x.bound);
      r.slo_passed.push_back(x.passed ? 1.0 : 0.0);
    }
  r.loss.clear();
  for (const judge::LossLine& l : judge::loss_reasons(verdicts.loss)) r.loss.push_back(static_cast<double>(l.count));
  r.balanced = verdicts.accounting.passed ? 1.0 : 0.0;
  r.keeps_up = verdicts.keeps_up.keeps_up ? 1.0 : 0.0;
  r.backlog_per_min = verdicts.keeps_up.backlog_per_min;
  r.events = static_cast<double>(sim.engine().events_processed());
  return r;
}

std::vector<RunRecord> run_tasks(const SweepSpec& s, const std::vector<PreparedPoint>& points,
                                 const std::vector<std::size_t>& tasks, unsigned threads, const Progress& progress) {
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  std::vector<RunRecord> out(tasks.size());
  std::vector<std::exception_ptr> errors(tasks.size());
  std::mutex progress_mutex;
  std::size_t done = 0;
  auto run = [&](std::size_t i) {
    const std::size_t first_pass = points.size() * s.replications;
    const std::size_t t = tasks[i] % first_pass;
    try {
      out[i] = run_one(s, points.at(t / s.replications), t % s.replications, tasks[i] >= first_pass ? s.headroom : 1.0);
    } catch (...) {
      errors[i] = std::current_exception();
    }
    const std::lock_guard<std::mutex> lock(progress_mutex);
    ++done;
    if (progress) progress(done, tasks.size());
  };
  if (threads == 1) {
    for (std::size_t i = 0; i < tasks.size(); ++i) run(i);
  } else {
    boost::asio::thread_pool pool(threads);
    for (std::size_t i = 0; i < tasks.size(); ++i) boost::asio::post(pool, [&run, i] { run(i); });
    pool.join();
  }
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    if (!errors[i]) continue;
    const std::size_t t = tasks[i] % (points.size() * s.replications);
    try {
      std::rethrow_exception(errors[i]);
    } catch (const std::exception& e) {
      throw SweepError(fmt::format("{} replication {}: {}", points.at(t / s.replications).point.label(s.dims),
                                   t % s.replications, e.what()));
    }
  }
  return out;
}

}  // namespace sweep
