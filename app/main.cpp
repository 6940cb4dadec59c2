// sqsim: the command-line front-end. It only parses arguments, loads a scenario, runs it and writes reports;
// the simulation itself lives in model/ and sim/.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>

#include "app/analyze_command.hpp"
#include "app/compare_commands.hpp"
#include "app/sweep_command.hpp"
#include "model/simulation.hpp"
#include "reports/gameday_report.hpp"
#include "reports/html_report.hpp"
#include "reports/infracost.hpp"
#include "reports/message_trace.hpp"
#include "reports/metrics_csv.hpp"
#include "reports/report_lines.hpp"
#include "reports/summary.hpp"
#include "scenarios/import/config_import.hpp"
#include "scenarios/pricing_loader.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/topology.hpp"

namespace {

// Exit codes, documented in --help: 0 ran and balanced; 1 a run failed its own checks; 2 bad input or usage.
constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitBadInput = 2;

std::optional<scenarios::LoadedScenario> load(const std::string& path) {
  try {
    scenarios::LoadedScenario s = scenarios::load_scenario_file(path);
    for (const auto& w : s.warnings) std::cerr << w.format() << "\n";
    return s;
  } catch (const scenarios::ScenarioError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << d.format() << "\n";
    return std::nullopt;
  }
}

bool write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

struct RunOptions {
  std::string scenario;
  std::optional<std::uint64_t> seed;
  std::uint64_t replication = 0;
  std::string out_dir = "out";
  bool quiet = false;
  bool report_lines = false;
  std::uint64_t report_lines_max = 1'000'000;
  bool message_trace = false;
  std::string infracost_usage;
  std::uint64_t message_trace_max_mb = 100;
  std::string pricing_file;
  bool no_free_tier = false;
};

int run_command(const RunOptions& o) {
  const auto loaded = load(o.scenario);
  if (!loaded) return kExitBadInput;
  const std::string& out_dir = o.out_dir;
  const bool quiet = o.quiet;
  const std::uint64_t use_seed = o.seed.value_or(loaded->spec.seed);
  model::Pricing pricing;
  if (!o.pricing_file.empty()) {
    try {
      pricing = scenarios::load_pricing_file(o.pricing_file);
    } catch (const scenarios::ScenarioError& e) {
      for (const auto& d : e.diagnostics()) std::cerr << d.format() << "\n";
      return kExitBadInput;
    }
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) {
    std::cerr << out_dir << ": error: cannot create the output directory: " << ec.message() << "\n";
    return kExitBadInput;
  }
  // Wall-clock time is measured for the user's information only, and goes to stderr: outputs stay reproducible.
  const auto t0 = std::chrono::steady_clock::now();
  model::Simulation sim(loaded->spec, use_seed, o.replication);
  std::ofstream report_file;
  std::optional<reports::ReportLineWriter> report_writer;
  if (o.report_lines) {
    report_file.open(std::filesystem::path(out_dir) / "lambda-report.log", std::ios::binary | std::ios::trunc);
    report_writer.emplace(report_file, sim.engine(), o.report_lines_max);
    for (const auto& f : sim.functions()) f->add_observer(&*report_writer);
  }
  std::ofstream trace_file;
  std::optional<reports::MessageTraceWriter> trace_writer;
  if (o.message_trace) {
    trace_file.open(std::filesystem::path(out_dir) / "messages.jsonl", std::ios::binary | std::ios::trunc);
    trace_writer.emplace(sim, trace_file, o.message_trace_max_mb * 1024 * 1024);
  }
  sim.run();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::ostringstream csv;
  reports::write_metrics_csv(sim, csv);
  const std::filesystem::path dir(out_dir);
  const std::string summary_text = reports::summary_text_json(sim, pricing, !o.no_free_tier);
  std::string scenario_text;
  {
    std::ifstream in(o.scenario, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    scenario_text = buf.str();
  }
  if (!write_file(dir / "summary.json", summary_text) || !write_file(dir / "metrics.csv", csv.str()) ||
      !write_file(dir / "report.html", reports::html_report(sim, nlohmann::json::parse(summary_text), scenario_text))) {
    std::cerr << out_dir << ": error: cannot write the reports\n";
    return kExitBadInput;
  }
  if (!o.infracost_usage.empty() && !write_file(o.infracost_usage, reports::infracost_usage_yaml(sim))) {
    std::cerr << o.infracost_usage << ": error: cannot write the Infracost usage file\n";
    return kExitBadInput;
  }
  if (!quiet) {
    reports::write_human_summary(sim, std::cout, pricing, !o.no_free_tier);
    std::cout << "  wrote " << (dir / "summary.json").string() << ", " << (dir / "metrics.csv").string() << " and "
              << (dir / "report.html").string() << "\n";
    if (trace_writer) {
      std::cout << "  wrote " << (dir / "messages.jsonl").string() << " (" << trace_writer->lines() << " lines"
                << (trace_writer->truncated() ? ", truncated by --message-trace-max-mb" : "") << ")\n";
    }
  }
  std::cerr << fmt::format("sqsim: {} events in {:.3f} s wall-clock ({:.2f} M events/s)\n",
                           sim.engine().events_processed(), wall,
                           wall > 0 ? static_cast<double>(sim.engine().events_processed()) / wall / 1e6 : 0.0);
  if (!sim.accounting().balanced()) {
    std::cerr << "sqsim: error: message accounting does not balance (a simulator bug; please report it)\n";
    return kExitFailed;
  }
  // A GameDay expectation that does not hold fails the run (exit 1), so CI can gate on it.
  int failed_expectations = 0;
  for (const auto& r : reports::evaluate_expectations(sim)) {
    if (r.passed) continue;
    ++failed_expectations;
    std::cerr << "sqsim: expectation failed: " << r.name << " (" << r.detail << ")\n";
  }
  // So does a service-level objective the run misses.
  for (const auto& r : reports::evaluate_slos(sim)) {
    if (r.passed) continue;
    ++failed_expectations;
    std::cerr << "sqsim: SLO missed: " << r.name << " (" << r.detail << ")\n";
  }
  if (failed_expectations > 0) return kExitFailed;
  return kExitOk;
}

// Adds a checked-in workload to an imported scenario: arrays (producers, invokers, alarms, event_source_mappings,
// redrives, queues) are appended, "functions" entries are merged field by field into the function of the same name,
// or are added when the config has no such function; anything else (gameday, duration_s, seed...) replaces the
// imported value.
bool merge_workload(nlohmann::json& scenario, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json w = in ? nlohmann::json::parse(text.str(), nullptr, false) : nlohmann::json();
  if (!in || w.is_discarded() || !w.is_object()) {
    std::cerr << file << ": error: $: expected a JSON object (the workload to add to the imported scenario)\n";
    return false;
  }
  for (const auto& [key, value] : w.items()) {
    if (key.starts_with("_")) continue;
    if (key == "functions") {
      if (!value.is_array()) {
        std::cerr << file << ": error: $.functions: expected an array of {\"name\": ..., fields to set}\n";
        return false;
      }
      for (std::size_t i = 0; i < value.size(); ++i) {
        const nlohmann::json& f = value[i];
        bool found = false;
        for (auto& g : scenario["functions"]) {
          if (f.is_object() && g.value("name", "") == f.value("name", "")) {
            g.merge_patch(f);
            found = true;
          }
        }
        if (!found) scenario["functions"].push_back(f);  // a function the config does not have: added
      }
    } else if (value.is_array() && scenario.contains(key) && scenario[key].is_array()) {
      for (const auto& x : value) scenario[key].push_back(x);
    } else {
      scenario[key] = value;
    }
  }
  return true;
}

int import_command(const std::string& file, const std::string& out, const std::string& workload) {
  scenarios::ImportResult result;
  try {
    result = scenarios::import_config_file(file);
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return kExitBadInput;
  }
  for (const auto& w : result.warnings) std::cerr << "warning: " << w << "\n";
  if (!workload.empty() && !merge_workload(result.scenario, workload)) return kExitBadInput;
  const std::string text = result.scenario.dump(2) + "\n";
  if (out.empty()) {
    std::cout << text;
  } else if (!write_file(out, text)) {
    std::cerr << out << ": error: cannot write the scenario\n";
    return kExitBadInput;
  }
  std::cerr << "sqsim: imported " << file << " (" << result.source_format << ", " << result.warnings.size()
            << " warnings)" << (out.empty() ? "" : " to " + out) << "\n";
  return kExitOk;
}

// `sqsim gui`: the dashboard is its own executable (it links Dear ImGui, GLFW and OpenGL, which this tool must build
// without). Found beside this binary (build tree: ../gui/sqsim-gui; installed: ./sqsim-gui), then on PATH.
int gui_command(const std::vector<std::string>& args) {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  std::vector<std::string> candidates;
  if (!ec) {
    candidates.push_back((self.parent_path() / "sqsim-gui").string());
    candidates.push_back((self.parent_path().parent_path() / "gui" / "sqsim-gui").string());
  }
  std::vector<char*> argv;
  std::string name = "sqsim-gui";
  argv.push_back(name.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (const auto& c : candidates)
    if (std::filesystem::exists(c)) execv(c.c_str(), argv.data());
  execvp("sqsim-gui", argv.data());
  std::cerr << "sqsim gui: error: the dashboard (sqsim-gui) is not built. Install Dear ImGui, GLFW and OpenGL "
               "(scripts/setup.sh --gui, or apt install libimgui-dev libglfw3-dev libgl-dev) and rebuild.\n";
  return kExitBadInput;
}

int validate_command(const std::string& scenario, const std::string& dot_file) {
  const auto loaded = load(scenario);
  if (!loaded) return kExitBadInput;
  if (!dot_file.empty()) {
    std::ostringstream dot;
    scenarios::write_topology_dot(loaded->spec, dot);
    if (dot_file == "-") {
      std::cout << dot.str();
      return kExitOk;
    }
    if (!write_file(dot_file, dot.str())) {
      std::cerr << dot_file << ": error: cannot write the DOT file\n";
      return kExitBadInput;
    }
  }
  std::cout << scenario << ": valid (" << loaded->spec.queues.size() << " queues, " << loaded->spec.functions.size()
            << " functions, " << loaded->spec.event_source_mappings.size() << " event source mappings, "
            << loaded->spec.producers.size() << " producers, " << loaded->warnings.size() << " warnings)\n";
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "sqsim: a deterministic discrete-event simulator of AWS SQS -> Lambda pipelines.\n"
      "Same scenario and seed give byte-identical outputs on every machine.\n\n"
      "Exit codes: 0 success; 1 the run failed a check (a GameDay expectation, or the message accounting); 2 bad input "
      "(invalid scenario, bad usage)."};
  app.set_version_flag("--version", "sqsim 0.1.0");
  app.require_subcommand(1);

  RunOptions ro;
  std::string& scenario = ro.scenario;

  CLI::App* run = app.add_subcommand(
      "run",
      "Run a scenario to its end and write DIR/summary.json (message accounting, latency percentiles, "
      "invocations, errors, throttles, cold starts, peak concurrency, DLQ depth, alarms, GameDay, cost), "
      "DIR/metrics.csv (one row per metrics period, columns named <resource>/<CloudWatch metric>) and DIR/report.html "
      "(charts over time, alarms, GameDay, topology, cost and configuration; opens offline).");
  run->add_option("scenario", scenario, "Scenario file (JSON; see docs/scenario-format.md)")->required();
  run->add_option("--seed", ro.seed, "Seed for every random stream (default: the scenario's \"seed\")");
  run->add_option("--replication", ro.replication,
                  "Replication number: a second independent seed dimension (default 0)");
  run->add_option("--out", ro.out_dir, "Output directory, created if missing (default: out)");
  run->add_flag("-q,--quiet", ro.quiet, "Do not print the human summary");
  run->add_flag("--report-lines", ro.report_lines,
                "Also write DIR/lambda-report.log: one Lambda REPORT line per invocation (Duration, Billed Duration, "
                "Memory Size, Max Memory Used, Init Duration on cold starts), prefixed by virtual time and function");
  run->add_option("--report-lines-max", ro.report_lines_max, "Stop REPORT lines after this many (default 1000000)");
  run->add_option("--infracost-usage", ro.infracost_usage,
                  "Also write an Infracost usage file (YAML) with each function's and queue's monthly volume projected "
                  "from the run, for `infracost breakdown --usage-file`");
  run->add_flag("--message-trace", ro.message_trace,
                "Also write DIR/messages.jsonl: one JSON line per change in a message's life (stored, received, "
                "visible_again, deleted, filtered, moved_to_dlq, redriven_out, expired, purged, send_refused)");
  run->add_option("--message-trace-max-mb", ro.message_trace_max_mb,
                  "Stop the message trace at this size, with a last trace_truncated line (default 100)");
  run->add_option("--pricing", ro.pricing_file,
                  "Pricing file for the cost section (default: aws-semantics.md's us-east-1 prices, as in "
                  "scenarios/pricing/us-east-1.json)");
  run->add_flag("--no-free-tier", ro.no_free_tier, "Do not apply the monthly free tier to the cost projection");

  std::string import_file, import_out;
  CLI::App* import_cmd = app.add_subcommand(
      "import",
      "Turn a deployment config into a scenario: a Terraform plan (terraform show -json), a CloudFormation "
      "template (JSON or YAML) or a SAM template. Queues, DLQs, redrive policies, functions, event source "
      "mappings and provisioned concurrency are imported; the workload (producers) is left for you to fill "
      "in. Warnings name what was skipped and why. Exit 0, or 2 on unreadable input.");
  import_cmd->add_option("config", import_file, "Terraform plan JSON, CloudFormation or SAM template")->required();
  import_cmd->add_option("-o,--out", import_out, "Write the scenario here (default: standard output)");
  std::string import_workload;
  import_cmd->add_option("--workload", import_workload,
                         "A JSON file whose producers, invokers, alarms, gameday... are added to the imported scenario "
                         "(functions entries merge into the function of the same name, e.g. to set its handler); for "
                         "CI, where the plan changes and the workload stays (docs/ci.md)");

  app::CompareOptions co;
  CLI::App* compare = app.add_subcommand(
      "compare",
      "What changed between A and B, each a run directory (its summary.json), a summary.json, or a scenario "
      "file (run for --replications replications, default 5): per metric the means, the difference and a 95 % "
      "Welch confidence interval (* when it excludes 0). Exit 0, or 2 on bad input.");
  compare->add_option("a", co.a, "Run directory, summary.json or scenario")->required();
  compare->add_option("b", co.b, "Run directory, summary.json or scenario")->required();
  compare->add_option("--replications", co.replications, "Replications for scenario files (default 5)");
  compare->add_flag("--json", co.json, "Print the comparison as JSON");

  app::CheckOptions ko;
  CLI::App* check = app.add_subcommand(
      "check",
      "Run SCENARIO and compare its metrics with a baseline under per-metric tolerances (latency and cost 10 %, "
      "message loss, DLQ growth and throttles zero, by default). Exit 0 pass, 1 regression, 2 bad input. "
      "See docs/ci.md.");
  check->add_option("scenario", ko.scenario, "Scenario file")->required();
  check->add_option("--baseline", ko.baseline, "Baseline: a file written by --write-baseline, or a summary.json")
      ->required();
  check->add_option("--tolerances", ko.tolerances,
                    "JSON {\"metric\": {\"relative\": 0.1, \"absolute\": 5}} overriding the defaults");
  check->add_flag("--write-baseline", ko.write_baseline, "Write the baseline file from this run instead of checking");
  check->add_option("--replications", ko.replications, "Average the metrics over this many replications (default 1)");

  std::string analyze_scenario;
  bool analyze_no_sim = false;
  CLI::App* analyze = app.add_subcommand(
      "analyze",
      "An analytic first cut beside the simulation: each event source mapping as an M/M/c queue (Erlang C, "
      "Little's law) and as the finite M/M/c/K birth-death chain (solved with Eigen), then the simulated mean "
      "end-to-end latency, and the reasons the two differ (batching, cold starts, scaling, non-Poisson "
      "traffic).");
  analyze->add_option("scenario", analyze_scenario, "Scenario file")->required();
  analyze->add_flag("--no-simulation", analyze_no_sim, "Theory only (milliseconds)");

  app::SweepOptions so;
  CLI::App* sweep_cmd = app.add_subcommand(
      "sweep",
      "Capacity planning: run every combination of the --vary values (× --replications) on a thread pool and "
      "write DIR/sweep.csv, DIR/sweep.json and DIR/sweep.html (heatmaps): per configuration the mean of each "
      "metric with its 95 % confidence interval, whether it meets the scenario's \"slos\", and the cheapest "
      "configuration that meets them all. Outputs do not depend on --threads. Exit 0 when a configuration meets "
      "every SLO, 1 when none does, 2 on bad input. See docs/capacity-planning.md.");
  app::add_sweep_options(*sweep_cmd, so);

  CLI::App* gui_cmd = app.add_subcommand(
      "gui",
      "The interactive dashboard (sqsim-gui, built when Dear ImGui and GLFW are installed): play, pause, step, "
      "speed; change batch size, batching window, MaximumConcurrency, reserved concurrency, memory, visibility timeout "
      "and maxReceiveCount while it runs; GameDay fault buttons; live charts, execution environments, pollers, "
      "counters and an event log in words; lessons; export the session as a scenario `sqsim run` replays. "
      "Options after SCENARIO go to sqsim-gui (sqsim gui x.json --help lists them). See docs/gui.md.");
  gui_cmd->allow_extras();
  gui_cmd->prefix_command();

  CLI::App* validate = app.add_subcommand(
      "validate",
      "Check a scenario file: every error names the file, the JSON path, the value and what was expected; "
      "warnings cite AWS's advice. Exit 0 when valid, 2 when not.");
  validate->add_option("scenario", scenario, "Scenario file (JSON)")->required();
  std::string dot_file;
  validate->add_option("--dot", dot_file,
                       "Also write the topology (producers, queues, DLQs, event source mappings, functions, redrives) "
                       "as Graphviz DOT to this file, or - for standard output (render: dot -Tsvg)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  try {
    if (*run) return run_command(ro);
    if (*validate) return validate_command(scenario, dot_file);
    if (*compare) return app::compare_command(co);
    if (*sweep_cmd) return app::sweep_command(so);
    if (*gui_cmd) return gui_command(gui_cmd->remaining());
    if (*analyze) return app::analyze_command(analyze_scenario, !analyze_no_sim);
    if (*check) return app::check_command(ko);
    if (*import_cmd) return import_command(import_file, import_out, import_workload);
  } catch (const std::exception& e) {
    std::cerr << "sqsim: error: " << e.what() << "\n";
    return kExitFailed;
  }
  return kExitBadInput;
}
