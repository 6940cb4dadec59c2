// The order processor's fast validator (simdjson, falling back to nlohmann on any simdjson error) must give exactly
// the reference verdict (nlohmann's SAX parser) on every input: any difference aborts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "handlers/order_processor.hpp"
#include "handlers/order_validator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static handlers::OrderValidator validator;  // libFuzzer's entry point has no state of its own to keep it in
  const std::string body(reinterpret_cast<const char*>(data), size);
  if (validator.valid(body) != handlers::OrderProcessor::is_valid_order(body)) std::abort();
  return 0;
}
