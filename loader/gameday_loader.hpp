// Reads a scenario's "gameday" object (and an AWS FIS experiment template it names) into model::GameDaySpec.
// Actions use FIS's shape: {"actionId", "parameters" (FIS names; values may be strings as in FIS templates),
// "targets", "startAfter"}; errors name the file, the JSON path, the value and what was expected.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "loader/json_reader.hpp"
#include "model/spec.hpp"

namespace scenarios {

// `p` is the path of the gameday object; `s` the scenario read so far (its names resolve targets and tags).
model::GameDaySpec read_gameday(JsonReader& r, const nlohmann::json& j, const std::string& p,
                                const model::ScenarioSpec& s);

// One action as a scenario's "gameday"."actions" holds it under `name` (the dashboard writes its changes as this JSON
// and reads them back here, so an exported session replays them by construction). Throws ScenarioError naming `file`
// and $.gameday.actions.<name> for every problem.
model::GameDayAction read_action(const nlohmann::json& action, const std::string& name, const model::ScenarioSpec& s,
                                 const std::string& file);

// One expectation (or service-level objective): {"type", "name", "max_ms"/"max"/"max_s", ...}. `g` names the actions
// an alarm expectation's "after" may refer to.
model::GameDayExpectation read_expectation(JsonReader& r, const nlohmann::json& e, const std::string& p,
                                           const model::GameDaySpec& g);
// ISO 8601 durations as FIS writes them ("PT5M", "PT1H30M", "PT45S", "P1D"); nullopt if malformed.
std::optional<sim::Time> parse_iso8601_duration(const std::string& text);

}  // namespace scenarios
