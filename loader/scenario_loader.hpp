// Loads a scenario file (JSON) into model::ScenarioSpec, checking every field against the AWS ranges in
// ../shared/reference/aws-semantics.md. Errors name the file, the JSON path, the value and what was expected.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "loader/diagnostics.hpp"
#include "model/spec.hpp"

namespace scenarios {

struct LoadedScenario {
  model::ScenarioSpec spec;
  std::vector<Diagnostic> warnings;  // advice (e.g. AWS's visibility timeout >= 6 x function timeout)
};

// Throws ScenarioError (every problem found) on an unreadable file, invalid JSON or invalid content.
LoadedScenario load_scenario_file(const std::string& path);
// `file` labels the diagnostics (a path, or "<stdin>").
LoadedScenario load_scenario_text(std::string_view text, const std::string& file);

}  // namespace scenarios
