// What the sweep tests share (one definition each, so a layer's tests can be compiled as one unity source).
#pragma once

#include <string>

namespace sweep_test {

// The default scenario, the one the sweeps vary.
inline const std::string kDefault = std::string(SQSIM_SOURCE_DIR) + "/scenarios/order-processor.json";

}  // namespace sweep_test
