#include "app/calibrate_command.hpp"

#include "app/exit_codes.hpp"

#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <sstream>

#include "calibrate/fit.hpp"
#include "loader/scenario_loader.hpp"
#include "loader/trace_files.hpp"

namespace app {

void add_calibrate_options(CLI::App& cmd, CalibrateOptions& o) {
  cmd.add_option("logs", o.logs,
                 "Observed logs: per-request CSV (AWS Lambda 2020 format: client_start_time, aws_duration, is_cold), "
                 "REPORT lines as `sqsim run --report-lines` writes them (Init Duration marks a cold start), or "
                 "CloudWatch GetMetricData JSON (Invocations, Duration)")
      ->required();
  cmd.add_option("--scenario", o.scenario, "The scenario whose function is fitted (its other settings are kept)")
      ->required();
  cmd.add_option("--fit", o.fit, "Comma-separated parameters: keep_alive, init, duration (default keep_alive)");
  cmd.add_option("--function", o.function, "The scenario's function to fit (default: its first)");
  cmd.add_option("--log-function", o.report_function,
                 "REPORT lines: the function whose lines to read (default: the first function in each file)");
  cmd.add_option("--replications", o.replications,
                 "Replications per trial value, sharing random numbers across values (default 5)");
  cmd.add_option("-o,--out", o.out, "Write the fitted scenario fragment (JSON) here (default: standard output)");
}

int calibrate_command(const CalibrateOptions& o) {
  model::ScenarioSpec spec;
  try {
    scenarios::LoadedScenario s = scenarios::load_scenario_file(o.scenario);
    spec = std::move(s.spec);
  } catch (const scenarios::ScenarioError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << d.format() << "\n";
    return kExitBadInput;
  }
  calibrate::FitOptions fo;
  fo.function = o.function;
  fo.replications = std::max<std::uint64_t>(1, o.replications);
  fo.seed = spec.seed;
  std::stringstream list(o.fit);
  for (std::string p; std::getline(list, p, ',');)
    if (!p.empty()) fo.parameters.push_back(p);
  std::vector<calibrate::ObservedLog> logs;
  try {
    for (const std::string& path : o.logs) logs.push_back(calibrate::read_observed_log(path, o.report_function));
  } catch (const scenarios::TraceFileError& e) {
    std::cerr << e.what() << "\n";
    return kExitBadInput;
  }
  calibrate::FitResult r;
  try {
    r = calibrate::fit(spec, logs, fo);
  } catch (const std::invalid_argument& e) {
    std::cerr << "sqsim calibrate: " << e.what() << "\n";
    return kExitBadInput;
  }
  std::cout << fmt::format("calibrating function {} of {} on {} log(s), {} replications per value\n", r.function,
                           o.scenario, logs.size(), fo.replications);
  std::cout << "loss: " << r.loss << "\n";
  bool all = true;
  for (const calibrate::ParameterFit& p : r.parameters) {
    all = all && p.identifiable;
    if (!p.identifiable) {
      std::cout << fmt::format("  {:<17} not identifiable ({})\n", p.name, p.note);
      continue;
    }
    std::cout << fmt::format("  {:<17} {} {:.4g}{} (95 % {:.4g} to {:.4g}); {}\n", p.name, p.distribution, p.value,
                             p.distribution == "lognormal" ? fmt::format(" median, sigma {:.3f}", p.sigma) : "", p.low,
                             p.high, p.note);
  }
  if (!r.files.empty()) {
    std::cout << fmt::format("per file at the fitted values (loss {:.3g}):\n", r.loss_value);
    for (const calibrate::FileFit& f : r.files)
      std::cout << fmt::format(
          "  {}: {} requests; cold fraction measured {:.3f} (95 % {:.3f}-{:.3f}), simulated {:.3f}; "
          "cold flags agree on {:.1f} %\n",
          f.file, f.requests, f.measured_fraction, f.measured_low, f.measured_high, f.predicted_fraction,
          100.0 * f.agreement);
  }
  for (const std::string& w : r.warnings) std::cerr << "warning: " << w << "\n";
  const std::string fragment = r.fragment.dump(2) + "\n";
  if (o.out.empty()) {
    std::cout << "scenario fragment (merge into the scenario's function of the same name):\n" << fragment;
  } else {
    std::ofstream out(o.out, std::ios::binary | std::ios::trunc);
    out << fragment;
    if (!out) {
      std::cerr << o.out << ": error: cannot write the fragment\n";
      return kExitBadInput;
    }
    std::cout << "scenario fragment written to " << o.out << "\n";
  }
  return all ? 0 : 1;
}

}  // namespace app
