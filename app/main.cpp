// sqsim: the command-line front-end. It only parses arguments, loads a scenario, runs it and writes reports;
// the simulation itself lives in model/ and sim/.
#include <CLI/CLI.hpp>
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
#include "app/calibrate_command.hpp"
#include "app/compare_commands.hpp"
#include "app/exit_codes.hpp"
#include "app/process_heap.hpp"
#include "app/run_command.hpp"
#include "app/scenario_input.hpp"
#include "app/sweep_command.hpp"
#include "app/sweep_merge_command.hpp"
#include "app/sweep_shard_command.hpp"
#include "import/config_import.hpp"
#include "loader/input_file.hpp"
#include "loader/scenario_loader.hpp"
#include "loader/topology.hpp"
#include "reports/output_folder.hpp"

namespace {

using app::kExitBadInput;
using app::kExitFailed;
using app::kExitOk;

// Completely or not at all (a temporary file renamed into place); the reason goes to stderr.
bool write_file(const std::filesystem::path& p, const std::string& text) {
  std::string error;
  if (reports::write_file_atomically(p, text, error)) return true;
  std::cerr << error << "\n";
  return false;
}

// Adds a checked-in workload to an imported scenario: arrays (producers, invokers, alarms, event_source_mappings,
// redrives, queues) are appended, "functions" entries are merged field by field into the function of the same name,
// or are added when the config has no such function; anything else (gameday, duration_s, seed...) replaces the
// imported value.
bool merge_workload(nlohmann::json& scenario, const std::string& file) {
  std::string why;
  const std::optional<std::string> text = scenarios::read_input_text(file, why);
  const nlohmann::json w = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
  if (!text || w.is_discarded() || !w.is_object()) {
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
  if (!out.empty() && reports::is_same_file(out, {file, workload})) {
    std::cerr << out << ": error: the imported scenario would overwrite an input file\n";
    return kExitBadInput;
  }
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

int validate_command(const std::string& scenario, const std::string& dot_file, const std::string& max_memory) {
  const auto loaded = app::load_scenario_reporting(scenario);
  if (!loaded) return kExitBadInput;
  std::string estimate;
  if (!app::fits_in_memory(*loaded, scenario, max_memory, &estimate)) return kExitBadInput;
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
  std::cout << "  estimated peak memory: " << estimate << "\n";
  return kExitOk;
}

struct ImportOptions {
  std::string file, out, workload;
};

struct AnalyzeOptions {
  std::string scenario;
  bool no_simulation = false;
};

constexpr const char* kMaxMemoryHelp =
    "Refuse a scenario whose estimated peak memory (queued messages, arrivals held at once, environments, metrics) "
    "is over this size, e.g. 4G (default: the memory available)";

// One function per subcommand: its help text and options (the help is the user's manual: keep it true to the code).
CLI::App* add_run(CLI::App& app, app::RunOptions& ro) {
  CLI::App* run = app.add_subcommand(
      "run",
      "Run a scenario to its end and write DIR/summary.json (message accounting, latency percentiles, "
      "invocations, errors, throttles, cold starts, peak concurrency, DLQ depth, alarms, GameDay, cost), "
      "DIR/metrics.csv (one row per metrics period, columns named <resource>/<CloudWatch metric>) and DIR/report.html "
      "(charts over time, alarms, GameDay, topology, cost and configuration; opens offline); with external handlers, "
      "DIR/external-<function>.log (their stdout and stderr). All or nothing: the files are written beside DIR and "
      "moved into place when all were written.");
  run->add_option("scenario", ro.scenario, "Scenario file (JSON; see docs/scenario-format.md)")->required();
  run->add_option("--seed", ro.seed, "Seed for every random stream (default: the scenario's \"seed\")")
      ->check(CLI::NonNegativeNumber);
  run->add_option("--replication", ro.replication,
                  "Replication number: a second independent seed dimension (default 0)")
      ->check(CLI::NonNegativeNumber);
  run->add_option("--out", ro.out_dir, "Output directory, created if missing (default: out)");
  run->add_flag("-q,--quiet", ro.quiet, "Do not print the human summary");
  run->add_flag("--report-lines", ro.report_lines,
                "Also write DIR/lambda-report.log: one Lambda REPORT line per invocation (Duration, Billed Duration, "
                "Memory Size, Max Memory Used, Init Duration on cold starts), prefixed by virtual time and function");
  run->add_option("--report-lines-max", ro.report_lines_max, "Stop REPORT lines after this many (default 1000000)");
  run->add_option("--infracost-usage", ro.infracost_usage,
                  "Also write an Infracost usage file (YAML) with each function's and queue's monthly volume projected "
                  "from the run (as the cost's monthly projection), keyed by the Terraform addresses `sqsim import` "
                  "recorded, for `infracost breakdown --usage-file`");
  run->add_flag("--message-trace", ro.message_trace,
                "Also write DIR/messages.jsonl: one JSON line per change in a message's life (stored, received, "
                "visible_again, deleted, filtered, moved_to_dlq, redriven_out, expired, purged, send_refused)");
  run->add_option("--message-trace-max-mb", ro.message_trace_max_mb,
                  "Stop the message trace at this size, with a last trace_truncated line (default 100)");
  run->add_option("--pricing", ro.pricing_file,
                  "Pricing file for the cost section (default: aws-semantics.md's us-east-1 prices, as in "
                  "scenarios/pricing/us-east-1.json)");
  run->add_flag("--no-free-tier", ro.no_free_tier, "Do not apply the monthly free tier to the cost projection");
  run->add_option("--max-memory", ro.max_memory, kMaxMemoryHelp);
  run->add_flag("--player", ro.player,
                "Also write DIR/session-player.html: the run as the dashboard's animated page (play, pause, a time "
                "slider, the event log; opens offline), for learners without the native dashboard (replication 0; an "
                "exported session-scenario.json replays its changes in it)");

  return run;
}

CLI::App* add_import(CLI::App& app, ImportOptions& o) {
  CLI::App* import_cmd = app.add_subcommand(
      "import",
      "Turn a deployment config into a scenario: a Terraform plan (terraform show -json), a CloudFormation "
      "template (JSON or YAML) or a SAM template. Queues, DLQs, redrive policies, functions, event source "
      "mappings and provisioned concurrency are imported; the workload (producers) is left for you to fill "
      "in. Warnings name what was skipped and why. Exit 0, or 2 on unreadable input.");
  import_cmd->add_option("config", o.file, "Terraform plan JSON, CloudFormation or SAM template")->required();
  import_cmd->add_option("-o,--out", o.out, "Write the scenario here (default: standard output)");
  import_cmd->add_option("--workload", o.workload,
                         "A JSON file whose producers, invokers, alarms, gameday... are added to the imported scenario "
                         "(functions entries merge into the function of the same name, e.g. to set its handler); for "
                         "CI, where the plan changes and the workload stays (docs/ci.md)");

  return import_cmd;
}

CLI::App* add_compare(CLI::App& app, app::CompareOptions& co) {
  CLI::App* compare = app.add_subcommand(
      "compare",
      "What changed between A and B, each a run directory (its summary.json), a summary.json, or a scenario "
      "file (run for --replications replications, default 5): per metric the means, the difference and a 95 % "
      "Welch confidence interval (* when it excludes 0). Exit 0, or 2 on bad input.");
  compare->add_option("a", co.a, "Run directory, summary.json or scenario")->required();
  compare->add_option("b", co.b, "Run directory, summary.json or scenario")->required();
  compare->add_option("--replications", co.replications, "Replications for scenario files (default 5)");
  compare->add_flag("--json", co.json, "Print the comparison as JSON");

  return compare;
}

CLI::App* add_check(CLI::App& app, app::CheckOptions& ko) {
  CLI::App* check = app.add_subcommand(
      "check",
      "A CI gate: run SCENARIO, judge it as `sqsim run` does (its SLOs, GameDay expectations and message "
      "accounting) and compare its metrics with a baseline under per-metric tolerances (latency and cost 10 %, "
      "message loss, DLQ growth and throttles zero, by default). Exit 0 pass, 1 a missed SLO, a failed expectation, "
      "an unbalanced accounting or a tolerance exceeded, 2 bad input. See docs/ci.md.");
  check->add_option("scenario", ko.scenario, "Scenario file")->required();
  check->add_option("--baseline", ko.baseline, "Baseline: a file written by --write-baseline, or a summary.json")
      ->required();
  check->add_option("--tolerances", ko.tolerances,
                    "JSON {\"metric\": {\"relative\": 0.1, \"absolute\": 5}} overriding the defaults");
  check->add_flag(
      "--write-baseline", ko.write_baseline,
      "Write the baseline file from this run instead of checking (exit 0; a warning on stderr when the run fails "
      "its own SLOs or expectations)");
  check->add_option("--replications", ko.replications, "Average the metrics over this many replications (default 1)");
  check->add_option("--junit", ko.junit,
                    "Also write JUnit XML here: one test case per SLO, expectation, accounting and tolerance (GitHub "
                    "Actions, GitLab and Jenkins show each)");
  check->add_option("--markdown", ko.markdown,
                    "Also write a Markdown summary here (for a pull-request comment or $GITHUB_STEP_SUMMARY)");

  return check;
}

CLI::App* add_analyze(CLI::App& app, AnalyzeOptions& o) {
  CLI::App* analyze = app.add_subcommand(
      "analyze",
      "An analytic first cut beside the simulation: each event source mapping as an M/M/c queue (Erlang C, "
      "Little's law) and as the finite M/M/c/K birth-death chain (solved with Eigen), then the simulated mean "
      "end-to-end latency, and the reasons the two differ (batching, cold starts, scaling, non-Poisson "
      "traffic).");
  analyze->add_option("scenario", o.scenario, "Scenario file")->required();
  analyze->add_flag("--no-simulation", o.no_simulation, "Theory only (milliseconds)");

  return analyze;
}

CLI::App* add_sweep(CLI::App& app, app::SweepOptions& so) {
  CLI::App* sweep_cmd = app.add_subcommand(
      "sweep",
      "Capacity planning: run every combination of the --vary values (× --replications) on a thread pool and "
      "write DIR/sweep.csv, DIR/sweep.json and DIR/sweep.html (heatmaps): per configuration the mean of each "
      "metric with its 95 % confidence interval, whether it meets the scenario's \"slos\" and GameDay "
      "expectations, the messages it lost by reason, and the cheapest configuration that meets them all and keeps "
      "up. Outputs do not depend on --threads. Exit 0 when a configuration qualifies, 1 when none does, 2 on bad "
      "input. See docs/capacity-planning.md.");
  app::add_sweep_options(*sweep_cmd, so);
  app::add_shard_options(*sweep_cmd, so);

  return sweep_cmd;
}

CLI::App* add_sweep_merge(CLI::App& app, app::SweepMergeOptions& mo) {
  CLI::App* sweep_merge_cmd = app.add_subcommand(
      "sweep-merge",
      "Combine the slices of a sweep run with --shard K/N (an array job's tasks, GNU parallel...) into "
      "DIR/sweep.csv, DIR/sweep.json and DIR/sweep.html, byte-identical to one `sqsim sweep` process. Run it "
      "where the slices' scenario path resolves. A missing or duplicate slice, or slices of different sweeps, are "
      "an error (exit 2); otherwise exit codes as sqsim sweep. See docs/capacity-planning.md.");
  app::add_sweep_merge_options(*sweep_merge_cmd, mo);

  return sweep_merge_cmd;
}

CLI::App* add_gui(CLI::App& app) {
  CLI::App* gui_cmd = app.add_subcommand(
      "gui",
      "The interactive dashboard (sqsim-gui, built when Dear ImGui and GLFW are installed): play, pause, step, "
      "speed; change batch size, batching window, MaximumConcurrency, reserved concurrency, memory, visibility timeout "
      "and maxReceiveCount while it runs; GameDay fault buttons; live charts, execution environments, pollers, "
      "counters and an event log in words; lessons; export the session as a scenario `sqsim run` replays. "
      "Options after SCENARIO go to sqsim-gui (sqsim gui x.json --help lists them). See docs/gui.md.");
  gui_cmd->allow_extras();
  gui_cmd->prefix_command();

  return gui_cmd;
}

CLI::App* add_validate(CLI::App& app, app::RunOptions& ro, std::string& dot_file) {
  CLI::App* validate = app.add_subcommand(
      "validate",
      "Check a scenario file: every error names the file, the JSON path, the value and what was expected; "
      "warnings cite AWS's advice. Exit 0 when valid, 2 when not.");
  validate->add_option("scenario", ro.scenario, "Scenario file (JSON)")->required();
  validate->add_option("--max-memory", ro.max_memory, kMaxMemoryHelp);
  validate->add_option("--dot", dot_file,
                       "Also write the topology (producers, queues, DLQs, event source mappings, functions, redrives) "
                       "as Graphviz DOT to this file, or - for standard output (render: dot -Tsvg)");

  return validate;
}

CLI::App* add_calibrate(CLI::App& app, app::CalibrateOptions& cal) {
  CLI::App* calibrate_cmd = app.add_subcommand(
      "calibrate",
      "Fit a function's parameters (keep_alive, init, duration) to observed logs by replaying them request by "
      "request and minimising the squared error of the cold-start fraction over replications with common random "
      "numbers; prints each fitted value with its 95 % interval and the per-file fit, warns when the logs cannot "
      "identify a parameter, and writes a scenario fragment. Exit 0, 1 when a parameter is not identifiable, 2 on "
      "bad input. See docs/validation.md.");
  app::add_calibrate_options(*calibrate_cmd, cal);

  return calibrate_cmd;
}

}  // namespace

int main(int argc, char** argv) {
  app::prepare_heap();
  CLI::App app{
      "sqsim: a deterministic discrete-event simulator of AWS SQS -> Lambda pipelines.\n"
      "Same scenario and seed give byte-identical outputs on every machine.\n\n"
      "Exit codes: 0 success; 1 the run failed a check (a missed SLO, a GameDay expectation, the message accounting; "
      "for check, also a tolerance); 2 bad input (invalid scenario, bad usage)."};
  app.set_version_flag("--version", "sqsim 0.1.0");
  app.require_subcommand(1);

  app::RunOptions ro;
  ImportOptions io;
  app::CompareOptions co;
  app::CheckOptions ko;
  AnalyzeOptions ao;
  app::SweepOptions so;
  app::SweepMergeOptions mo;
  std::string dot_file;
  app::CalibrateOptions cal;
  CLI::App* run = add_run(app, ro);
  CLI::App* import_cmd = add_import(app, io);
  CLI::App* compare = add_compare(app, co);
  CLI::App* check = add_check(app, ko);
  CLI::App* analyze = add_analyze(app, ao);
  CLI::App* sweep_cmd = add_sweep(app, so);
  CLI::App* sweep_merge_cmd = add_sweep_merge(app, mo);
  CLI::App* gui_cmd = add_gui(app);
  CLI::App* validate = add_validate(app, ro, dot_file);
  CLI::App* calibrate_cmd = add_calibrate(app, cal);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  try {
    if (*run) return app::run_command(ro);
    if (*validate) return validate_command(ro.scenario, dot_file, ro.max_memory);
    if (*compare) return app::compare_command(co);
    if (*sweep_cmd) return so.shard.empty() ? app::sweep_command(so) : app::sweep_shard_command(so);
    if (*sweep_merge_cmd) return app::sweep_merge_command(mo);
    if (*gui_cmd) return gui_command(gui_cmd->remaining());
    if (*analyze) return app::analyze_command(ao.scenario, !ao.no_simulation);
    if (*check) return app::check_command(ko);
    if (*calibrate_cmd) return app::calibrate_command(cal);
    if (*import_cmd) return import_command(io.file, io.out, io.workload);
  } catch (const std::exception& e) {
    std::cerr << "sqsim: error: " << e.what() << "\n";
    return kExitFailed;
  }
  return kExitBadInput;
}
