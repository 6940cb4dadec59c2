// libFuzzer target: any bytes as a YAML CloudFormation/SAM template (the importer's YAML path, where aliases, tags and
// deep nesting live). Seeded with the alias bombs and the invalid UTF-8 of tests/reliability: the importer must answer
// with an exception carrying a message, within the run's stack and memory limits (scripts/fuzz.sh).
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "import/config_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)scenarios::import_config_text(text, "<fuzz>.yaml");
  } catch (const std::exception&) {
    // The expected answer to bad input.
  }
  return 0;
}
