// Reads a Terraform plan (`terraform show -json PLANFILE`) into the import model: aws_sqs_queue,
// aws_sqs_queue_redrive_policy, aws_lambda_function, aws_lambda_event_source_mapping (SQS sources) and
// aws_lambda_provisioned_concurrency_config, from planned_values, wired through configuration references where ARNs
// are unknown until apply. Every other managed resource is skipped with a warning.
#pragma once

#include <nlohmann/json.hpp>

#include "import/import_model.hpp"

namespace scenarios::import {

// True for a plan: it has planned_values (or at least the plan's resource_changes / configuration).
bool is_terraform_plan(const nlohmann::json& root);

void read_terraform_plan(const nlohmann::json& root, ImportModel& model);

}  // namespace scenarios::import
