// `sqsim import`: turns a deployment config (a Terraform plan from `terraform show -json`, a CloudFormation template
// in JSON or YAML, or a SAM template) into a scenario JSON, so a config change can be simulated before it is deployed.
//
// The scenario keeps every queue, function and SQS event source mapping with the config's values and AWS's defaults
// where the config omits one. Settings sqsim does not model yet are written as "_"-prefixed comment keys (see
// scenario_keys.hpp), handlers are placeholders and the workload (producers) is left for the user, explained under
// "_workload". Output is deterministic: the same input gives the same bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace scenarios {

struct ImportResult {
  nlohmann::json scenario;
  // Everything skipped or changed, each "<file>: <path in the file>: <what and why>".
  std::vector<std::string> warnings;
  std::string source_format;  // "terraform-plan" | "cloudformation" | "sam"
};

// Reads and imports a file; the format is detected from the content. Throws std::runtime_error
// "<file>: <path or line>: <what was expected>" for an unreadable file, a JSON/YAML syntax error or an unsupported
// document.
ImportResult import_config_file(const std::string& path);

// The same for text already in memory; `file_label` names it in warnings and errors.
ImportResult import_config_text(std::string_view text, const std::string& file_label);

}  // namespace scenarios
