#include "app/compare_commands.hpp"

#include <fmt/format.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "loader/scenario_loader.hpp"
#include "model/simulation.hpp"
#include "reports/compare.hpp"
#include "reports/output_folder.hpp"
#include "reports/summary.hpp"
#include "loader/json_reader.hpp"
#include "loader/scenario_loader.hpp"

namespace app {

namespace {

using nlohmann::json;

constexpr int kOk = 0;
constexpr int kRegression = 1;
constexpr int kBadInput = 2;

class BadInput : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A JSON input (summary, baseline, tolerances) read as strictly as a scenario: folders, nesting, 1e400, duplicates.
json read_json_file(const std::string& path) {
  scenarios::JsonReader r(path);
  std::optional<std::string> text = scenarios::read_input_file(path, r);
  std::optional<json> j;
  if (text) j = scenarios::parse_document(*text, r);
  std::string all;
  for (const auto& d : r.diagnostics()) all += (all.empty() ? "" : "\n") + d.format();
  if (!j) throw BadInput(all);
  if (!all.empty()) std::cerr << all << "\n";
  // A summary whose metrics have the wrong type would compare nothing and pass.
  std::string wrong;
  for (const std::string& e : reports::metric_type_errors(*j))
    wrong += (wrong.empty() ? "" : "\n") + path + ": error: " + e;
  if (!wrong.empty()) throw BadInput(wrong);
  return *j;
}

// Runs a scenario's replications 0..n-1 with its own seed and returns their summaries.
std::vector<json> run_scenario(const std::string& path, std::uint64_t n) {
  scenarios::LoadedScenario loaded;
  try {
    loaded = scenarios::load_scenario_file(path);
  } catch (const scenarios::ScenarioError& e) {
    std::string all;
    for (const auto& d : e.diagnostics()) all += d.format() + "\n";
    throw BadInput(all.empty() ? path + ": error: invalid scenario" : all.substr(0, all.size() - 1));
  }
  std::vector<json> out;
  for (std::uint64_t r = 0; r < n; ++r) {
    model::Simulation sim(loaded.spec, loaded.spec.seed, r);
    sim.run();
    out.push_back(reports::summary_json(sim));
  }
  return out;
}

// A run directory (its summary.json), a summary.json itself, or a scenario to run.
std::vector<json> summaries_of(const std::string& path, std::uint64_t replications) {
  const std::filesystem::path p(path);
  if (std::filesystem::is_directory(p)) {
    if (!std::filesystem::exists(p / "summary.json"))
      throw BadInput(path + ": error: no summary.json in this directory");
    return {read_json_file((p / "summary.json").string())};
  }
  const json j = read_json_file(path);
  if (j.contains("schema_version") && j.contains("accounting")) return {j};  // a summary.json
  return run_scenario(path, replications == 0 ? 5 : replications);
}

std::string fmt_num(double v) {
  return fmt::format("{:.6g}", v);
}

}  // namespace

int compare_command(const CompareOptions& o) {
  try {
    const auto a = summaries_of(o.a, o.replications);
    const auto b = summaries_of(o.b, o.replications);
    const auto rows = reports::compare_runs(a, b);
    if (o.json) {
      json out = json::array();
      for (const auto& r : rows) {
        json row = {{"metric", r.name},   {"n_a", r.n_a},       {"n_b", r.n_b},
                    {"mean_a", r.mean_a}, {"mean_b", r.mean_b}, {"difference", r.difference}};
        row["ci95"] = r.ci_low ? json::array({*r.ci_low, *r.ci_high}) : json(nullptr);
        out.push_back(row);
      }
      std::cout << json{{"a", o.a}, {"b", o.b}, {"metrics", out}}.dump(2) << "\n";
      return kOk;
    }
    std::cout << fmt::format("A: {} ({} run{})\nB: {} ({} run{})\n", o.a, a.size(), a.size() == 1 ? "" : "s", o.b,
                             b.size(), b.size() == 1 ? "" : "s");
    if (a.size() < 2 || b.size() < 2)
      std::cout << "(no confidence intervals: they need at least 2 replications on each side)\n";
    std::cout << fmt::format("{:<22} {:>14} {:>14} {:>14}  {}\n", "metric", "A", "B", "B - A", "95 % CI of B - A");
    for (const auto& r : rows) {
      std::string ci = "-";
      if (r.ci_low) {
        ci = fmt::format("[{}, {}]", fmt_num(*r.ci_low), fmt_num(*r.ci_high));
        if (*r.ci_low > 0 || *r.ci_high < 0) ci += " *";  // the interval excludes 0: a real change
      }
      std::cout << fmt::format("{:<22} {:>14} {:>14} {:>14}  {}\n", r.name, fmt_num(r.mean_a), fmt_num(r.mean_b),
                               fmt_num(r.difference), ci);
    }
    return kOk;
  } catch (const BadInput& e) {
    std::cerr << e.what() << "\n";
    return kBadInput;
  }
}

int check_command(const CheckOptions& o) {
  try {
    const auto runs = run_scenario(o.scenario, std::max<std::uint64_t>(1, o.replications));
    // The mean over replications of each metric.
    std::map<std::string, double> current;
    for (const auto& s : runs)
      for (const auto& [k, v] : reports::extract_metrics(s)) current[k] += v / static_cast<double>(runs.size());
    if (o.write_baseline) {
      json m = json::object();
      for (const auto& [k, v] : current) m[k] = v;
      if (reports::is_same_file(o.baseline, {o.scenario}))
        throw BadInput(o.baseline + ": error: the baseline would overwrite the scenario");
      std::string error;
      if (!reports::write_file_atomically(
              o.baseline,
              json{{"sqsim_baseline", 1}, {"scenario", o.scenario}, {"replications", runs.size()}, {"metrics", m}}.dump(
                  2) +
                  "\n",
              error))
        throw BadInput(o.baseline + ": error: cannot write the baseline: " + error);
      std::cout << "wrote baseline " << o.baseline << " (" << current.size() << " metrics)\n";
      return kOk;
    }
    const json b = read_json_file(o.baseline);
    std::map<std::string, double> baseline;
    if (b.contains("sqsim_baseline")) {
      if (!b.contains("metrics") || !b["metrics"].is_object())
        throw BadInput(o.baseline + ": error: $.metrics: missing, expected an object of metric values");
      for (const auto& [k, v] : b["metrics"].items()) {
        if (!v.is_number()) throw BadInput(o.baseline + ": error: $.metrics." + k + ": expected a number");
        baseline[k] = v.get<double>();
      }
    } else if (b.contains("schema_version") && b.contains("accounting")) {
      baseline = reports::extract_metrics(b);  // a summary.json
    } else {
      throw BadInput(o.baseline + ": error: $: expected a baseline written by --write-baseline or a summary.json");
    }
    std::map<std::string, reports::Tolerance> tolerances = reports::default_tolerances();
    if (!o.tolerances.empty()) {
      try {
        tolerances = reports::parse_tolerances(read_json_file(o.tolerances), o.tolerances);
      } catch (const std::invalid_argument& e) {
        throw BadInput(std::string("error: ") + e.what());
      }
    }
    int failed = 0;
    for (const auto& r : reports::check_against_baseline(baseline, current, tolerances)) {
      std::cout << fmt::format("{} {:<22} {}\n", r.passed ? "pass" : "FAIL", r.name, r.detail);
      failed += r.passed ? 0 : 1;
    }
    std::cout << (failed ? fmt::format("check: {} regression{}\n", failed, failed == 1 ? "" : "s") : "check: pass\n");
    return failed ? kRegression : kOk;
  } catch (const BadInput& e) {
    std::cerr << e.what() << "\n";
    return kBadInput;
  }
}

}  // namespace app
