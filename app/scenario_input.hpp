// Reading a scenario as the subcommands do: diagnostics (errors and warnings, with file and JSON path) on stderr,
// and the run refused before it starts when its estimated peak memory is over the limit.
#pragma once

#include <optional>
#include <string>

#include "loader/scenario_loader.hpp"

namespace app {

// The loaded scenario, or nullopt after printing why not.
std::optional<scenarios::LoadedScenario> load_scenario_reporting(const std::string& path);

// Refuses a scenario whose estimated peak memory is over the limit (default: the memory available now), with the
// estimate and what makes it up; the run would otherwise grow until the allocator fails. `max_memory`: "" or a size
// such as 512M. The estimate's explanation goes to `estimate_text` when given.
bool fits_in_memory(const scenarios::LoadedScenario& s, const std::string& file, const std::string& max_memory,
                    std::string* estimate_text = nullptr);

}  // namespace app
