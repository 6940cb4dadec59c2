// An Infracost usage file (infracost-usage.yml) from a run: each function's and queue's monthly volume projected as the
// cost model projects it (per finished message, to the month's offered messages), so `infracost breakdown
// --usage-file` prices the Terraform plan with simulated traffic.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "model/simulation.hpp"

namespace reports {

// The usage key of a resource imported from a config: its Terraform address ("aws_sqs_queue.orders"), or for a
// CloudFormation/SAM logical id ("Resources.Orders") the id; empty when the scenario says nothing of its origin.
std::string infracost_key(const std::string& source);

// YAML text, deterministic. `scenario` is the scenario document as written: `sqsim import` records each resource's
// Terraform address in its "_source", and that is the key, so the file matches the plan it came from. Resources with
// no "_source" (added by a workload, or written by hand) are listed in a comment, not keyed.
std::string infracost_usage_yaml(const model::Simulation& sim, const nlohmann::json& scenario);

}  // namespace reports
