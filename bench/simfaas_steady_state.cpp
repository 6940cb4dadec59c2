// bench/simfaas_steady_state: SimFaaS's steady-state example (bench/simfaas-steady-state.json: Poisson 0.9/s direct
// invocations, exponential warm 1.991 s and cold 2.244 s, 600 s expiry, 10^6 simulated seconds, about 1.8 M events).
// Target (issue #17): the whole `sqsim run` process, writing summary.json, metrics.csv and report.html, under 0.1 s
// (SimFaaS itself takes 12-15 s on this machine). Prints the time beside the bare engine's time for the same number
// of events (measured in the same run) and beside a floor: the same model hand-written over the engine with nothing
// else (bench/simfaas_floor.hpp), best of `runs`. Then the cold-start probability and the average instance counts
// beside SimFaaS's published figures.
// Usage: bench_simfaas_steady_state [runs] [sqsim binary]   (defaults 3, the build's sqsim)
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "bench/engine_baseline.hpp"
#include "bench/simfaas_floor.hpp"
#include "loader/scenario_loader.hpp"
#include "model/simulation.hpp"
#include "reports/html_report.hpp"
#include "reports/metrics_csv.hpp"
#include "reports/summary.hpp"

extern char** environ;

namespace {

const std::string kScenario = std::string(SQSIM_SOURCE_DIR) + "/bench/simfaas-steady-state.json";

// SimFaaS's README (github.com/pacslab/simfaas): 1213 cold starts in 898469 requests.
constexpr double kSimfaasColdProbability = 1213.0 / 898469.0;
constexpr double kSimfaasServers = 7.6612, kSimfaasRunning = 1.7879, kSimfaasIdle = 5.8733;
constexpr double kTargetSeconds = 0.1;

// Wall-clock seconds of `sqsim run SCENARIO --out DIR --quiet`, or a negative number when it fails.
double time_process(const std::string& sqsim, const std::string& out) {
  std::vector<std::string> args = {sqsim, "run", kScenario, "--out", out, "--quiet"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  const auto t0 = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, sqsim.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  const double wall = bench::seconds_since(t0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? wall : -1;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
  const std::string sqsim = argc > 2 ? argv[2] : SQSIM_BINARY;
  const auto spec = scenarios::load_scenario_file(kScenario).spec;

  // In process, step by step: where the time goes.
  auto t0 = std::chrono::steady_clock::now();
  model::Simulation timed(spec, spec.seed);
  timed.draw_on_helper_thread(true);  // as `sqsim run` does
  timed.run();
  const double simulate = bench::seconds_since(t0);
  t0 = std::chrono::steady_clock::now();
  std::ostringstream csv;
  reports::write_metrics_csv(timed, csv);
  const std::string summary = reports::summary_text_json(timed, model::Pricing{}, true);
  const std::string html = reports::html_report(timed, nlohmann::json::parse(summary), "");
  const double outputs = bench::seconds_since(t0);
  const auto events = static_cast<double>(timed.engine().events_processed());
  const double bare = bench::bare_engine_rate(static_cast<std::uint64_t>(events));

  // The floor: the same model with nothing else, on the same engine (best of `runs`, like the whole process).
  double floor_best = 0;
  double floor_events = 0, floor_cold = 0, floor_busy = 0, floor_mean_ms = 0;
  for (int i = 0; i < runs; ++i) {
    sim::Engine engine;
    bench::SimfaasFloor floor(engine);
    t0 = std::chrono::steady_clock::now();
    engine.run_until(spec.duration);
    const double s = bench::seconds_since(t0);
    floor_best = i == 0 ? s : std::min(floor_best, s);
    floor_events = static_cast<double>(engine.events_processed());
    floor_cold = static_cast<double>(floor.cold_starts()) / static_cast<double>(floor.requests());
    floor_busy = floor.mean_busy();
    floor_mean_ms = floor.durations().mean() / 1000;
  }

  // The whole process, as users run it: best of `runs` (a shared machine only ever adds time).
  const std::string out =
      (std::filesystem::temp_directory_path() / ("sqsim-simfaas-" + std::to_string(getpid()))).string();
  std::vector<double> walls;
  for (int i = 0; i < runs; ++i) walls.push_back(time_process(sqsim, out));
  std::error_code ec;
  std::filesystem::remove_all(out, ec);
  const double best = *std::min_element(walls.begin(), walls.end());

  // The figures, from a second run sampled every simulated second (time averages of the instance counts).
  model::Simulation sampled(spec, spec.seed);
  const model::LambdaFunction& f = *sampled.functions().front();
  double servers = 0, running = 0;
  std::int64_t samples = 0;
  for (std::int64_t s = 1; s <= spec.duration.us / 1'000'000; ++s) {
    sampled.run_until(sim::seconds(s));
    servers += static_cast<double>(f.counters().environments_created - f.counters().environments_reclaimed);
    running += f.concurrency();
    ++samples;
  }
  sampled.run();
  const auto& c = f.counters();
  const double cold = static_cast<double>(c.cold_starts) / static_cast<double>(c.invocations);
  servers /= static_cast<double>(samples);
  running /= static_cast<double>(samples);

  std::printf("SimFaaS steady state: Poisson 0.9/s, warm 1.991 s, cold 2.244 s, 600 s expiry, %.0f simulated s\n",
              spec.duration.seconds());
  std::printf("bare engine (baseline): %.2f M events/s: %.3f s for this run's %.2f M events\n", bare / 1e6,
              events / bare, events / 1e6);
  std::printf(
      "in process: simulate %.3f s (%.2f M events/s, ratio to bare %.3f), write outputs %.3f s (%.0f KiB "
      "metrics.csv, %.0f KiB report.html)\n",
      simulate, events / simulate / 1e6, events / simulate / bare, outputs,
      static_cast<double>(csv.str().size()) / 1024, static_cast<double>(html.size()) / 1024);
  std::printf(
      "floor (the same model hand-written over the engine, nothing else; bench/simfaas_floor.hpp), best of %d: %.3f s "
      "for %.2f M events; the model's simulation takes %.2fx the floor\n",
      runs, floor_best, floor_events / 1e6, simulate / floor_best);
  std::printf(
      "  the floor's own figures: cold-start probability %.5f, average running count %.4f, mean duration %.0f ms\n",
      floor_cold, floor_busy, floor_mean_ms);
  std::printf("whole process (sqsim run, outputs written), best of %d:", runs);
  for (const double w : walls) std::printf(" %.3f s", w);
  std::printf("\n");
  std::printf("target: whole process under %.1f s: %s (%.3f s, %.1fx the target)\n", kTargetSeconds,
              best > 0 && best < kTargetSeconds ? "met" : "NOT met", best, best / kTargetSeconds);
  std::printf("%-28s %12s %12s\n", "figure", "sqsim", "SimFaaS");
  std::printf("%-28s %12llu %12d\n", "requests", static_cast<unsigned long long>(c.invocations), 898469);
  std::printf("%-28s %12.5f %12.5f\n", "cold-start probability", cold, kSimfaasColdProbability);
  std::printf("%-28s %12.4f %12.4f\n", "average instance count", servers, kSimfaasServers);
  std::printf("%-28s %12.4f %12.4f\n", "average running count", running, kSimfaasRunning);
  std::printf("%-28s %12.4f %12.4f\n", "average idle count", servers - running, kSimfaasIdle);
  return best > 0 ? 0 : 1;
}
