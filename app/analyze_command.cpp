#include "app/analyze_command.hpp"

#include "app/exit_codes.hpp"

#include <fmt/format.h>
#include <cmath>
#include <iostream>

#include "analysis/analyze.hpp"
#include "judge/keeps_up.hpp"
#include "loader/scenario_loader.hpp"
#include "model/simulation.hpp"

namespace app {

namespace {
std::string seconds(double s) {
  return std::isfinite(s) ? fmt::format("{:.4f} s", s) : "unbounded (rho >= 1)";
}
std::string count(double n) {
  return std::isfinite(n) ? fmt::format("{:.3f}", n) : "unbounded";
}
}  // namespace

int analyze_command(const std::string& scenario, bool simulate) {
  scenarios::LoadedScenario loaded;
  try {
    loaded = scenarios::load_scenario_file(scenario);
  } catch (const scenarios::ScenarioError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << d.format() << "\n";
    return kExitBadInput;
  }
  const auto rows = analysis::analyze(loaded.spec);
  std::unique_ptr<model::Simulation> sim;
  if (simulate) {
    sim = std::make_unique<model::Simulation>(loaded.spec, loaded.spec.seed);
    sim->run();
  }
  for (const auto& a : rows) {
    std::cout << fmt::format("{} -> {}\n", a.queue, a.function);
    std::cout << fmt::format("  arrivals lambda {:.4f}/s, service {:.4f} s per message (mu {:.4f}/s), servers c = {}\n",
                             a.lambda, a.service_s, a.service_s > 0 ? 1 / a.service_s : 0.0, a.servers);
    std::cout << fmt::format("  M/M/c (Erlang C): rho {:.4f}, P(wait) {:.4f}, Wq {}, W {}, Lq {}, L {} (Little)\n",
                             a.mmc.utilisation, a.mmc.p_wait, seconds(a.mmc.mean_wait), seconds(a.mmc.mean_response),
                             count(a.mmc.mean_in_queue), count(a.mmc.mean_in_system));
    std::cout << fmt::format("  M/M/c/K (birth-death, Eigen): W {}, P(block) {:.2e}, L {:.3f}\n",
                             seconds(a.mmck.mean_response), a.mmck.p_block, a.mmck.mean_in_system);
    // The capacity answer: what c (and batch size) makes the mapping stable and meets the latency SLO.
    if (a.lambda > 0 && a.service_s > 0) {
      if (!a.mmc.stable)
        std::cout << fmt::format(
            "  utilisation {:.2f} >= 1: the queue grows without bound ({:.4g} messages/s arrive, {} servers serve "
            "{:.4g}/s)\n",
            a.mmc.utilisation, a.lambda, a.servers, static_cast<double>(a.servers) / a.service_s);
      std::cout << fmt::format(
          "  capacity (M/M/c, batch size {}): stable from c >= {}{}\n", a.batch_size, a.stable_servers,
          a.slo_name.empty() ? std::string("; the scenario states no latency SLO")
          : a.slo_servers    ? fmt::format("; \"{}\" met from c >= {} (conservative bound)", a.slo_name, *a.slo_servers)
                             : fmt::format("; \"{}\" is not met by any c up to 100,000", a.slo_name));
      if (!a.mmc.stable)
        std::cout << (a.stable_batch_size
                          ? fmt::format("  at c = {}: batch size >= {} makes it stable (the fixed cost per invocation "
                                        "is shared by more messages)\n",
                                        a.servers, *a.stable_batch_size)
                          : fmt::format("  at c = {}: no batch size up to 10,000 makes it stable; raise the "
                                        "concurrency (reserved concurrency, MaximumConcurrency)\n",
                                        a.servers));
      if (!a.slo_name.empty())
        std::cout << (a.slo_batch_size
                          ? fmt::format("  at c = {}: \"{}\" met from batch size >= {} (conservative bound)\n",
                                        a.servers, a.slo_name, *a.slo_batch_size)
                          : fmt::format("  at c = {}: no batch size up to 10,000 meets \"{}\"; raise the concurrency\n",
                                        a.servers, a.slo_name));
    }
    if (sim) {
      for (const auto& q : sim->queues()) {
        if (q->name() != a.queue || q->latency().count() == 0) continue;
        const double w = q->latency().mean() / 1e6;
        // Against an unbounded W a percentage means nothing: say so instead.
        std::cout << fmt::format(
            "  simulated: mean end-to-end {:.4f} s over {} messages ({})\n", w, q->latency().count(),
            std::isfinite(a.mmc.mean_response) && a.mmc.mean_response > 0
                ? fmt::format("{:+.1f} % against M/M/c W", (w / a.mmc.mean_response - 1) * 100)
                : std::string("M/M/c W is unbounded; the simulated mean only covers the messages that got through"));
      }
    }
    for (const auto& c : a.caveats) std::cout << "  where theory and simulation part: " << c << "\n";
  }
  if (rows.empty()) std::cout << "no event source mapping to analyse\n";
  // The simulation's own verdict, from the one judgement (judge/): does it keep up with the load?
  if (sim) std::cout << "simulated run: " << judge::keeps_up(*sim).detail << "\n";
  return kExitOk;
}

}  // namespace app
