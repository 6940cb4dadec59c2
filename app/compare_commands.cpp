#include "app/compare_commands.hpp"

#include "app/exit_codes.hpp"

#include "app/check_outputs.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "judge/loss.hpp"
#include "loader/json_reader.hpp"
#include "loader/scenario_loader.hpp"
#include "model/simulation.hpp"
#include "reports/compare.hpp"
#include "reports/output_folder.hpp"
#include "reports/summary.hpp"

namespace app {

namespace {

using nlohmann::json;

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

bool write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

// The verdicts of summary.json ("verdicts.list", judge/) over the replications: a verdict holds when it holds in
// every replication (the first failing replication's reason is shown). Keeps up is shown, never gates.
std::vector<CheckLine> verdict_lines(const std::vector<json>& runs) {
  std::vector<CheckLine> out;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const json list = runs[k].contains("verdicts") ? runs[k]["verdicts"].value("list", json::array()) : json::array();
    for (std::size_t i = 0; i < list.size(); ++i) {
      const json& v = list[i];
      const bool passed = v.value("passed", false);
      if (k == 0) {
        const std::string kind = v.value("kind", std::string());
        out.push_back({kind, v.value("name", std::string()), passed, kind != "keeps up", v.value("detail", "")});
      } else if (i < out.size() && out[i].passed && !passed) {
        out[i].passed = false;
        out[i].detail = fmt::format("replication {}: {}", k, v.value("detail", std::string()));
      }
    }
  }
  return out;
}

// What a side's verdicts say, beside its numbers: latency covers deleted messages only, so a run that sent most of
// its messages to a DLQ (or never processed them) looks fast. Mean share over the side's runs.
struct SideVerdicts {
  double deleted_share = 1;            // deleted / produced: the messages the latency figures describe
  std::map<std::string, double> loss;  // summary.json "loss" reasons, mean over runs
  std::vector<std::string> failed;     // verdicts that failed in some run
  std::vector<std::string> behind;     // "falls behind ..." lines
};

SideVerdicts side_verdicts(const std::vector<json>& runs) {
  SideVerdicts v;
  double share = 0;
  for (const json& s : runs) {
    const json a = s.value("accounting", json::object());
    const double produced = a.value("produced", 0.0);
    share += produced > 0 ? a.value("deleted", 0.0) / produced : 1.0;
    const json loss = s.value("loss", json::object());
    for (const auto& [k, x] : loss.items())
      if (x.is_number()) v.loss[k] += x.get<double>() / static_cast<double>(runs.size());
    const json verdicts = s.value("verdicts", json::object());
    const json list = verdicts.value("list", json::array());
    for (const json& x : list) {
      const std::string line = x.value("kind", std::string()) + " " + x.value("name", std::string()) + ": " +
                               x.value("detail", std::string());
      if (x.value("passed", true)) continue;
      auto& into = x.value("kind", std::string()) == "keeps up" ? v.behind : v.failed;
      if (std::find(into.begin(), into.end(), line) == into.end()) into.push_back(line);
    }
  }
  v.deleted_share = runs.empty() ? 1 : share / static_cast<double>(runs.size());
  return v;
}

json side_json(const SideVerdicts& v) {
  return {{"deleted_share", v.deleted_share}, {"loss", v.loss}, {"failed", v.failed}, {"falls_behind", v.behind}};
}

void print_side(const char* name, const SideVerdicts& v, std::ostream& out) {
  for (const auto& [k, x] : v.loss)
    if (x > 0 && k != "lost" && k != "refused_at_send") out << fmt::format("{}: {} {:.6g}\n", name, k, x);
  for (const auto& f : v.failed) out << fmt::format("{}: FAIL {}\n", name, f);
  for (const auto& f : v.behind) out << fmt::format("{}: {}\n", name, f);
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
      std::cout << json{{"a", o.a},
                        {"b", o.b},
                        {"metrics", out},
                        {"verdicts", {{"a", side_json(side_verdicts(a))}, {"b", side_json(side_verdicts(b))}}}}
                       .dump(2)
                << "\n";
      return kExitOk;
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
    // The verdicts beside the numbers (judge/): loss by reason, failed SLOs/expectations, falling behind.
    const SideVerdicts va = side_verdicts(a), vb = side_verdicts(b);
    if (std::fabs(va.deleted_share - vb.deleted_share) > 0.01 || va.deleted_share < 0.99 || vb.deleted_share < 0.99)
      std::cout << fmt::format(
          "note: latency covers deleted messages only: {:.1f} % of A's messages, {:.1f} % of B's; the rest are in a "
          "DLQ, lost or still waiting, so the faster side is not necessarily better\n",
          100 * va.deleted_share, 100 * vb.deleted_share);
    print_side("A", va, std::cout);
    print_side("B", vb, std::cout);
    return kExitOk;
  } catch (const BadInput& e) {
    std::cerr << e.what() << "\n";
    return kExitBadInput;
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
      // The baseline is written either way (exit 0), but a run that misses its own verdicts makes a poor reference:
      // say which, so a CI job does not bless a failing run silently.
      for (const CheckLine& l : verdict_lines(runs))
        if (l.gates && !l.passed)
          std::cerr << fmt::format("sqsim check: warning: the baseline's run fails its {} \"{}\": {}\n", l.group,
                                   l.name, l.detail);
      return kExitOk;
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
    // One list of checks: the run's own verdicts (judge/, as `sqsim run` judges them) and the baseline's tolerances.
    std::vector<CheckLine> lines = verdict_lines(runs);
    for (const auto& r : reports::check_against_baseline(baseline, current, tolerances))
      lines.push_back({"tolerance", r.name, r.passed, r.detail.find("(not checked)") == std::string::npos, r.detail});
    int failed = 0;
    for (const CheckLine& l : lines) {
      const bool fails = l.gates && !l.passed;
      std::cout << fmt::format("{} {:<11} {:<22} {}\n",
                               fails      ? "FAIL"
                               : l.passed ? "pass"
                                          : "note",
                               l.group, l.name, l.detail);
      failed += fails ? 1 : 0;
    }
    // Loss by reason, always shown when not zero (as `sqsim run` prints it), whether or not a verdict covers it.
    std::vector<std::string> loss;
    for (std::size_t k = 0; k < runs.size(); ++k)
      for (const std::string& l : judge::loss_text(judge::loss_from_json(runs[k].value("loss", json::object()))))
        loss.push_back(runs.size() > 1 ? fmt::format("replication {}: {}", k, l) : l);
    for (const std::string& l : loss) std::cout << l << "\n";
    std::cout << (failed ? fmt::format("check: {} failed\n", failed) : "check: pass\n");
    if (!o.junit.empty() && !write_text(o.junit, check_junit_xml(o.scenario, lines, loss)))
      throw BadInput(o.junit + ": error: cannot write the JUnit XML file");
    if (!o.markdown.empty() && !write_text(o.markdown, check_markdown(o.scenario, lines, loss)))
      throw BadInput(o.markdown + ": error: cannot write the Markdown file");
    return failed ? kExitFailed : kExitOk;
  } catch (const BadInput& e) {
    std::cerr << e.what() << "\n";
    return kExitBadInput;
  }
}

}  // namespace app
