// `sqsim analyze`: the queueing-theory first cut beside the simulated result.
#pragma once

#include <string>

namespace app {

int analyze_command(const std::string& scenario, bool simulate);

}  // namespace app
