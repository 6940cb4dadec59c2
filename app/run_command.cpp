#include "app/run_command.hpp"

#include "gui/session.hpp"
#include "gui/session_player.hpp"

#include "loader/input_file.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "app/exit_codes.hpp"
#include "app/scenario_input.hpp"
#include "handlers/external_runtime.hpp"
#include "judge/judgement.hpp"
#include "loader/pricing_loader.hpp"
#include "model/simulation.hpp"
#include "reports/html_report.hpp"
#include "reports/infracost.hpp"
#include "reports/message_trace.hpp"
#include "reports/metrics_csv_stream.hpp"
#include "reports/output_folder.hpp"
#include "reports/report_lines.hpp"
#include "reports/summary.hpp"

namespace app {

namespace {

namespace fs = std::filesystem;

// An output never overwrites an input: false (after saying which) when one would.
bool outputs_spare_inputs(const RunOptions& o) {
  const std::vector<fs::path> inputs{o.scenario, o.pricing_file};
  std::vector<fs::path> outputs;
  for (const char* name :
       {"summary.json", "metrics.csv", "report.html", "lambda-report.log", "messages.jsonl", "session-player.html"})
    outputs.push_back(fs::path(o.out_dir) / name);
  if (!o.infracost_usage.empty()) outputs.emplace_back(o.infracost_usage);
  for (const auto& out : outputs) {
    if (reports::is_same_file(out, inputs)) {
      std::cerr << out.string() << ": error: this output would overwrite an input file; choose another --out\n";
      return false;
    }
  }
  return true;
}

std::string read_text(const std::string& path) {
  std::string why;
  return scenarios::read_input_text(path, why).value_or("");
}

// The run and the writers that watch it, writing into the staging folder.
struct Run {
  std::shared_ptr<handlers::ExternalProcessPool> external;
  std::unique_ptr<model::Simulation> sim;
  std::ofstream report_file;
  std::optional<reports::ReportLineWriter> report_writer;
  std::ofstream trace_file;
  std::optional<reports::MessageTraceWriter> trace_writer;
};

void attach_writers(const RunOptions& o, const fs::path& staging, Run& r) {
  if (o.report_lines) {
    r.report_file.open(staging / "lambda-report.log", std::ios::binary | std::ios::trunc);
    r.report_writer.emplace(r.report_file, r.sim->engine(), o.report_lines_max);
    for (const auto& f : r.sim->functions()) f->add_observer(&*r.report_writer);
  }
  if (o.message_trace) {
    r.trace_file.open(staging / "messages.jsonl", std::ios::binary | std::ios::trunc);
    r.trace_writer.emplace(*r.sim, r.trace_file, o.message_trace_max_mb * 1024 * 1024);
  }
}

// An output cap that cut a file short changes what a reader of that file sees: said on stderr and in summary.json
// ("truncated_outputs"), not only in the file's last line.
void note_truncated_outputs(const RunOptions& o, const Run& r, std::string& summary_text) {
  nlohmann::json truncated = nlohmann::json::array();
  if (r.report_writer && r.report_writer->written() > o.report_lines_max)
    truncated.push_back({{"file", "lambda-report.log"},
                         {"option", "--report-lines-max"},
                         {"limit", o.report_lines_max},
                         {"detail", "REPORT lines stopped after the limit; later invocations are not in the file"}});
  if (r.trace_writer && r.trace_writer->truncated())
    truncated.push_back({{"file", "messages.jsonl"},
                         {"option", "--message-trace-max-mb"},
                         {"limit", o.message_trace_max_mb},
                         {"detail", "the message trace stopped at the size limit"}});
  if (truncated.empty()) return;
  for (const auto& t : truncated)
    std::cerr << fmt::format("sqsim: warning: {} was truncated by {} {} ({})\n", t["file"].get<std::string>(),
                             t["option"].get<std::string>(), t["limit"].get<std::uint64_t>(),
                             t["detail"].get<std::string>());
  nlohmann::json j = nlohmann::json::parse(summary_text);
  j["truncated_outputs"] = truncated;
  summary_text = j.dump(2) + "\n";
}

// Ends the run (its external runtimes too, so what they wrote last reaches their logs) and closes the logs; false
// with the reason when any write failed.
bool end_run(Run& r, std::string& error) {
  bool ok = true;
  r.report_writer.reset();
  r.trace_writer.reset();
  r.sim.reset();
  for (auto* f : {&r.report_file, &r.trace_file}) {
    if (!f->is_open()) continue;
    f->close();
    if (f->fail() && ok) {
      ok = false;
      error = "a log or trace write failed (disk full?)";
    }
  }
  if (!r.external->logs.finish() && ok) {
    ok = false;
    error = "an external runtime log could not be written (disk full?)";
  }
  return ok;
}

// The Infracost file first: when it cannot be written, the run's folder is not replaced either.
bool write_infracost(const RunOptions& o, const std::string& text) {
  if (o.infracost_usage.empty()) return true;
  std::error_code ec;  // its folder may be --out itself, not there yet
  const fs::path parent = fs::path(o.infracost_usage).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  std::string error;
  if (reports::write_file_atomically(o.infracost_usage, text, error)) return true;
  std::cerr << o.infracost_usage << ": error: cannot write the Infracost usage file, no output was written: " << error
            << "\n";
  return false;
}

void print_verdicts(const judge::Judgement& verdicts) {
  for (const judge::Verdict& v : verdicts.failures())
    std::cerr << "sqsim: "
              << (v.kind == judge::Verdict::Kind::Slo ? std::string("SLO missed")
                                                      : std::string(judge::kind_name(v.kind)) + " failed")
              << ": " << v.name << " (" << v.detail << ")\n";
  if (!verdicts.keeps_up.keeps_up) std::cerr << "sqsim: " << verdicts.keeps_up.detail << "\n";
}

}  // namespace

int run_command(const RunOptions& o) {
  const auto loaded = load_scenario_reporting(o.scenario);
  if (!loaded) return kExitBadInput;
  if (!fits_in_memory(*loaded, o.scenario, o.max_memory)) return kExitBadInput;
  model::Pricing pricing;
  if (!o.pricing_file.empty()) {
    try {
      pricing = scenarios::load_pricing_file(o.pricing_file);
    } catch (const scenarios::ScenarioError& e) {
      for (const auto& d : e.diagnostics()) std::cerr << d.format() << "\n";
      return kExitBadInput;
    }
  }
  if (!outputs_spare_inputs(o)) return kExitBadInput;
  // Every file goes to a staging folder beside --out and moves into place only when all were written.
  std::optional<reports::OutputFolder> folder;
  try {
    folder.emplace(o.out_dir);
  } catch (const std::runtime_error& e) {
    std::cerr << e.what() << "\n";
    return kExitBadInput;
  }
  // Wall-clock time is measured for the user's information only, and goes to stderr: outputs stay reproducible.
  const auto t0 = std::chrono::steady_clock::now();
  Run r;
  // External runtimes' output goes to per-function logs in the output folder (never this program's stdout).
  r.external = std::make_shared<handlers::ExternalProcessPool>(folder->staging());
  r.sim = std::make_unique<model::Simulation>(loaded->spec, o.seed.value_or(loaded->spec.seed), o.replication,
                                              handlers::builtin_handlers(r.external));
  attach_writers(o, folder->staging(), r);
  // One simulation in this process: its random draws can be made ahead on the second core (outputs unchanged).
  r.sim->draw_on_helper_thread(true);
  // metrics.csv, the longest output of a long run, is formatted on a second thread while the run goes on, a batch of
  // closed rows at a time, and its last rows while this thread works out the summary and the report.
  reports::MetricsCsvStream csv_stream(r.sim->metrics());
  r.sim->on_metrics_period([&csv_stream] { csv_stream.poll(); });
  r.sim->run();
  csv_stream.finish();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const model::Simulation& sim = *r.sim;
  const std::uint64_t events = sim.engine().events_processed();
  std::string summary_text = reports::summary_text_json(sim, pricing, !o.no_free_tier);
  note_truncated_outputs(o, r, summary_text);
  const std::string scenario_text = read_text(o.scenario);
  const std::string infracost_text =
      o.infracost_usage.empty()
          ? ""
          : reports::infracost_usage_yaml(sim, nlohmann::json::parse(scenario_text, nullptr, false));
  std::ostringstream human;
  if (!o.quiet) reports::write_human_summary(sim, human, pricing, !o.no_free_tier);
  // One judgement (judge/), made before the simulation ends: a missed SLO, a failed GameDay expectation or an
  // unbalanced accounting fails the run (exit 1), so CI can gate on it. Falling behind is printed, not failed: a
  // scenario may end mid-backlog on purpose.
  const judge::Judgement verdicts = judge::judge(sim);
  const std::uint64_t trace_lines = r.trace_writer ? r.trace_writer->lines() : 0;
  const bool trace_truncated = r.trace_writer && r.trace_writer->truncated();
  const std::string html = reports::html_report(sim, nlohmann::json::parse(summary_text), scenario_text);
  bool written = folder->write("summary.json", summary_text) && folder->write("metrics.csv", csv_stream.take_text()) &&
                 folder->write("report.html", html);
  if (written && o.player) {
    // The animated page the dashboard exports, for learners without the native build: the scenario run again in the
    // dashboard's headless view-model (its own simulation, same seed), sampled as the dashboard samples. An exported
    // session-scenario.json replays its changes here as the GameDay actions it holds.
    gui::Session session(o.scenario, o.seed.value_or(loaded->spec.seed));
    session.run_to(loaded->spec.duration.seconds());
    written = folder->write("session-player.html", gui::session_player_html(session));
  }
  std::string error = folder->error();
  std::string end_error;
  if (!end_run(r, end_error) && written) {
    written = false;
    error = end_error;
  }
  if (!written) {
    std::cerr << o.out_dir << ": error: cannot write the outputs, none were written: " << error << "\n";
    return kExitBadInput;
  }
  if (!write_infracost(o, infracost_text)) return kExitBadInput;
  if (!folder->commit()) {
    std::cerr << o.out_dir << ": error: cannot write the outputs: " << folder->error() << "\n";
    return kExitBadInput;
  }
  if (!o.quiet) {
    const fs::path dir(o.out_dir);
    std::cout << human.str();
    std::cout << "  wrote " << (dir / "summary.json").string() << ", " << (dir / "metrics.csv").string() << " and "
              << (dir / "report.html").string() << "\n";
    if (o.player) std::cout << "  wrote " << (dir / "session-player.html").string() << " (animated)\n";
    if (o.message_trace) {
      std::cout << "  wrote " << (dir / "messages.jsonl").string() << " (" << trace_lines << " lines"
                << (trace_truncated ? ", truncated by --message-trace-max-mb" : "") << ")\n";
    }
  }
  std::cerr << fmt::format("sqsim: {} events in {:.3f} s wall-clock ({:.2f} M events/s)\n", events, wall,
                           wall > 0 ? static_cast<double>(events) / wall / 1e6 : 0.0);
  print_verdicts(verdicts);
  return verdicts.passed() ? kExitOk : kExitFailed;
}

}  // namespace app
