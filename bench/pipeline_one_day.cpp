// bench/pipeline_one_day: one simulated day of the order-processor stack at 1,000 msg/s (86.4 million messages, the
// real order-processor handler, 1 % invalid orders going to the DLQ after 3 receives), in one process on one core.
// Targets (issue #8): under 60 s wall-clock and under 1 GiB peak memory. Reports messages/s and events/s beside the
// bare engine's event rate measured in the same run.
// Usage: bench_pipeline_one_day [rate_per_s] [simulated_seconds] [bare_events]   (defaults 1000, 86400, 20,000,000)
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/engine_baseline.hpp"
#include "loader/scenario_loader.hpp"
#include "model/simulation.hpp"

namespace {

double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // Linux: kilobytes
}

}  // namespace

int main(int argc, char** argv) {
  const double rate = argc > 1 ? std::strtod(argv[1], nullptr) : 1000.0;
  const double seconds = argc > 2 ? std::strtod(argv[2], nullptr) : 86400.0;
  const std::uint64_t bare_events = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 20'000'000ULL;
  auto loaded = scenarios::load_scenario_file(std::string(SQSIM_SOURCE_DIR) + "/scenarios/order-processor.json");
  model::ScenarioSpec spec = loaded.spec;
  spec.producers.resize(1);
  spec.producers[0].count = static_cast<std::uint64_t>(rate * seconds);
  spec.producers[0].arrival.kind = model::ArrivalSpec::Kind::Poisson;
  spec.producers[0].arrival.rate_per_second = rate;
  spec.producers[0].body.invalid_fraction = 0.01;
  spec.duration = sim::seconds(seconds + 3600);  // room for the last invalid orders' three receives
  spec.slos.clear();

  const double bare = bench::bare_engine_rate(bare_events);
  const double rss_before = peak_rss_mib();
  const auto t0 = std::chrono::steady_clock::now();
  model::Simulation sim(spec, 1);
  sim.draw_on_helper_thread(true);  // as `sqsim run` does
  sim.run();
  const double wall = bench::seconds_since(t0);
  const double rss = peak_rss_mib();
  const auto a = sim.accounting();
  const auto events = static_cast<double>(sim.engine().events_processed());
  const auto messages = static_cast<double>(a.produced);
  std::printf(
      "one simulated day: %.0f msg/s for %.0f s, order-processor stack (Poisson, 1 %% invalid, batch 10, "
      "window 5 s)\n",
      rate, seconds);
  std::printf("bare engine (baseline): %.2f M events/s\n", bare / 1e6);
  std::printf(
      "simulation: %.1f M messages, %.1f M events in %.1f s wall-clock: %.2f M msg/s, %.2f M events/s "
      "(ratio to bare %.3f), %.2f events/msg, %.0f simulated s per wall s\n",
      messages / 1e6, events / 1e6, wall, messages / wall / 1e6, events / wall / 1e6, events / wall / bare,
      events / messages, sim.now().seconds() / wall);
  std::printf("peak memory: %.0f MiB (%.0f MiB before the run)\n", rss, rss_before);
  std::printf("deleted %llu, DLQ %llu, balanced %s\n", static_cast<unsigned long long>(a.deleted),
              static_cast<unsigned long long>(a.in_dlq), a.balanced() ? "yes" : "NO");
  std::printf("targets: under 60 s: %s (%.1f s); under 1 GiB: %s (%.0f MiB)\n", wall < 60 ? "met" : "NOT met", wall,
              rss < 1024 ? "met" : "NOT met", rss);
  return a.balanced() ? 0 : 1;
}
