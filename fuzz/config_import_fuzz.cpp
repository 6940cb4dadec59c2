// libFuzzer target: any bytes as a Terraform plan / CloudFormation / SAM template for `sqsim import`. The importer must
// reject what it cannot read with an exception carrying a message, never crash or hang; what it imports must load.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "import/config_import.hpp"
#include "loader/scenario_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto result = scenarios::import_config_text(text, size % 2 ? "<fuzz>.yaml" : "<fuzz>.json");
    try {
      (void)scenarios::load_scenario_text(result.scenario.dump(), "<imported>");
    } catch (const scenarios::ScenarioError&) {
      // An imported scenario may still need the user's workload; errors are fine, crashes are not.
    }
  } catch (const std::exception&) {
  }
  return 0;
}
