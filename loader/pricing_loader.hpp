// Reads an editable pricing file (scenarios/pricing/us-east-1.json) into model::Pricing; every field is optional and
// defaults to aws-semantics.md section 8. Errors name the file, the JSON path and what was expected.
#pragma once

#include <string>

#include "model/pricing.hpp"

namespace scenarios {

model::Pricing load_pricing_file(const std::string& path);  // throws ScenarioError
model::Pricing load_pricing_text(const std::string& text, const std::string& file);

}  // namespace scenarios
