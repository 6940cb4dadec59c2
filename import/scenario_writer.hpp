// Turns what a reader found (ImportModel) into scenario JSON: AWS defaults where the config is silent, values checked
// against AWS's ranges, unmodelled settings as "_" comment keys, placeholder handlers and a "_workload" explanation.
// Appends a warning to model.warnings for every value it leaves out or turns into a comment.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "import/import_model.hpp"

namespace scenarios::import {

nlohmann::json write_scenario(ImportModel& model, const std::string& source_format);

}  // namespace scenarios::import
