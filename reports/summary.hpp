// The run's summary as JSON (summary.json, schema versioned) and as a short text for people.
// Everything here is a pure function of the simulation's state: no wall-clock figures, so runs compare byte for byte.
#pragma once

#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "model/cost.hpp"
#include "model/simulation.hpp"

namespace reports {

// Version of summary.json's layout; bump it when a field changes meaning or moves (docs/outputs.md).
inline constexpr int kSummarySchemaVersion = 2;

// `pricing` defaults to aws-semantics.md section 8 (us-east-1); the summary's "cost" section uses it.
nlohmann::json summary_json(const model::Simulation& sim, const model::Pricing& pricing = {}, bool free_tier = true);
// Deterministic text of summary_json (sorted keys, fixed indentation, trailing newline).
std::string summary_text_json(const model::Simulation& sim, const model::Pricing& pricing = {}, bool free_tier = true);
void write_human_summary(const model::Simulation& sim, std::ostream& out, const model::Pricing& pricing = {},
                         bool free_tier = true);

}  // namespace reports
