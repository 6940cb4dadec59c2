#include "app/analyze_command.hpp"

#include <fmt/format.h>
#include <cmath>
#include <iostream>

#include "analysis/analyze.hpp"
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
    return 2;
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
    if (sim) {
      for (const auto& q : sim->queues()) {
        if (q->name() != a.queue || q->latency().count() == 0) continue;
        const double w = q->latency().mean() / 1e6;
        std::cout << fmt::format(
            "  simulated: mean end-to-end {:.4f} s over {} messages ({:+.1f} % against M/M/c W)\n", w,
            q->latency().count(),
            std::isfinite(a.mmc.mean_response) && a.mmc.mean_response > 0 ? (w / a.mmc.mean_response - 1) * 100 : 0.0);
      }
    }
    for (const auto& c : a.caveats) std::cout << "  where theory and simulation part: " << c << "\n";
  }
  if (rows.empty()) std::cout << "no event source mapping to analyse\n";
  return 0;
}

}  // namespace app
