// An Infracost usage file (infracost-usage.yml) from a run: each function's and queue's monthly volume projected from
// the simulated window, so `infracost breakdown --usage-file` prices the Terraform plan with simulated traffic.
#pragma once

#include <string>

#include "model/simulation.hpp"

namespace reports {

// YAML text, deterministic. Keys are `aws_lambda_function.<name>` and `aws_sqs_queue.<name>` with the scenario's
// names; when Terraform resource addresses differ from the AWS names, rename the keys (docs/ci.md).
std::string infracost_usage_yaml(const model::Simulation& sim);

}  // namespace reports
