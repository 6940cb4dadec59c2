#include "app/scenario_input.hpp"

#include <cstdint>
#include <iostream>

#include "loader/resource_estimate.hpp"

namespace app {

std::optional<scenarios::LoadedScenario> load_scenario_reporting(const std::string& path) {
  try {
    scenarios::LoadedScenario s = scenarios::load_scenario_file(path);
    for (const auto& w : s.warnings) std::cerr << w.format() << "\n";
    return s;
  } catch (const scenarios::ScenarioError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << d.format() << "\n";
    return std::nullopt;
  }
}

bool fits_in_memory(const scenarios::LoadedScenario& s, const std::string& file, const std::string& max_memory,
                    std::string* estimate_text) {
  std::optional<std::uint64_t> limit;
  std::string source = "--max-memory";
  if (!max_memory.empty()) {
    limit = scenarios::parse_byte_size(max_memory);
    if (!limit) {
      std::cerr << "sqsim: error: --max-memory: got \"" << max_memory << "\", expected a size such as 512M or 4G\n";
      return false;
    }
  } else {
    limit = scenarios::available_memory_bytes();
    source = "the memory available";
  }
  const scenarios::ResourceEstimate e = scenarios::estimate_peak_memory(s.spec);
  if (estimate_text != nullptr) *estimate_text = e.explain();
  if (!limit || e.bytes <= static_cast<double>(*limit)) return true;
  std::cerr << file << ": error: $: the run would need about " << e.explain() << ", more than " << source << " ("
            << scenarios::byte_size_text(static_cast<double>(*limit))
            << "); shorten duration_s, lower the producers' rates or counts, or add consumers (--max-memory sets the "
               "limit)\n";
  return false;
}

}  // namespace app
