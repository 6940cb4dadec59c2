// bench/outputs_scale: what writing a long run's outputs costs beside simulating it. A 10^6-second run
// (bench/simfaas-steady-state.json, 60 s metrics periods: 16,667 rows) is simulated, then metrics.csv (every period),
// summary.json and report.html (charts down-sampled to the chart's width) are built and written, each timed.
// Target (issue #17): writing the outputs costs no more than the simulation.
// Usage: bench_outputs_scale [scenario] [metrics_period_s]   (defaults: the SimFaaS scenario, its own period)
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "bench/engine_baseline.hpp"
#include "loader/scenario_loader.hpp"
#include "model/simulation.hpp"
#include "reports/html_report.hpp"
#include "reports/metrics_csv.hpp"
#include "reports/summary.hpp"

namespace {

void write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string file = argc > 1 ? argv[1] : std::string(SQSIM_SOURCE_DIR) + "/bench/simfaas-steady-state.json";
  auto spec = scenarios::load_scenario_file(file).spec;
  if (argc > 2) spec.metrics_period = sim::seconds(std::strtoll(argv[2], nullptr, 10));
  std::string scenario_text;
  {
    std::ifstream in(file, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    scenario_text = buf.str();
  }
  const auto dir = std::filesystem::temp_directory_path() / ("sqsim-outputs-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);

  auto t0 = std::chrono::steady_clock::now();
  model::Simulation sim(spec, spec.seed);
  sim.run();
  const double simulate = bench::seconds_since(t0);

  t0 = std::chrono::steady_clock::now();
  std::ostringstream csv;
  reports::write_metrics_csv(sim, csv);
  write_file(dir / "metrics.csv", csv.str());
  const double t_csv = bench::seconds_since(t0);
  t0 = std::chrono::steady_clock::now();
  const std::string summary = reports::summary_text_json(sim, model::Pricing{}, true);
  write_file(dir / "summary.json", summary);
  const double t_summary = bench::seconds_since(t0);
  t0 = std::chrono::steady_clock::now();
  const std::string html = reports::html_report(sim, nlohmann::json::parse(summary), scenario_text);
  write_file(dir / "report.html", html);
  const double t_html = bench::seconds_since(t0);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);

  const double outputs = t_csv + t_summary + t_html;
  std::printf("%s: %.0f simulated s, %zu metrics periods of %.0f s, %zu columns, %.2f M events\n", spec.name.c_str(),
              sim.now().seconds(), sim.metrics().row_count(), spec.metrics_period.seconds(),
              sim.metrics().column_names().size(), static_cast<double>(sim.engine().events_processed()) / 1e6);
  std::printf("simulation (baseline): %.3f s\n", simulate);
  std::printf("metrics.csv:  %.3f s (%.2f of the simulation), %.0f KiB, every period\n", t_csv, t_csv / simulate,
              static_cast<double>(csv.str().size()) / 1024);
  std::printf("summary.json: %.3f s (%.2f of the simulation), %.0f KiB\n", t_summary, t_summary / simulate,
              static_cast<double>(summary.size()) / 1024);
  std::printf("report.html:  %.3f s (%.2f of the simulation), %.0f KiB\n", t_html, t_html / simulate,
              static_cast<double>(html.size()) / 1024);
  std::printf("target: writing the outputs costs no more than the simulation: %s (%.3f s, %.2f of the simulation)\n",
              outputs <= simulate ? "met" : "NOT met", outputs, outputs / simulate);
  return 0;
}
