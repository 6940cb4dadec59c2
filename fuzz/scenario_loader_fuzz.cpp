// libFuzzer target: any bytes as a scenario file. The loader must answer with a ScenarioError naming the problem, or
// a spec that builds a Simulation and runs a bounded number of events — never a crash, a hang or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "loader/scenario_loader.hpp"
#include "loader/topology.hpp"
#include "model/simulation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto loaded = scenarios::load_scenario_text(text, "<fuzz>");
    std::ostringstream dot;
    scenarios::write_topology_dot(loaded.spec, dot);
    // An external handler would start whatever program the input names: validated above, never run here.
    for (const auto& f : loaded.spec.functions)
      if (f.handler == "external") return 0;
    model::Simulation sim(loaded.spec, 1);
    // A valid scenario may describe days of traffic: a bounded number of events still exercises every component.
    for (int i = 0; i < 20000 && sim.step(); ++i) {
    }
    sim.finish();
    if (!sim.accounting().balanced()) __builtin_trap();  // the conservation rule must hold whatever the input
  } catch (const scenarios::ScenarioError&) {
    // The expected answer to bad input.
  }
  return 0;
}
