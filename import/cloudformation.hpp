// Reads a CloudFormation template (JSON or YAML, already parsed) into the import model: AWS::SQS::Queue,
// AWS::Lambda::Function, AWS::Lambda::EventSourceMapping (SQS sources), provisioned concurrency from
// AWS::Lambda::Alias / AWS::Lambda::Version, and, for SAM templates, AWS::Serverless::Function with its SQS events
// (sam.hpp). Every other resource is skipped with a warning.
#pragma once

#include <nlohmann/json.hpp>

#include "import/import_model.hpp"

namespace scenarios::import {

// True for a SAM template: it declares the AWS::Serverless transform or uses AWS::Serverless::* resources.
bool is_sam_template(const nlohmann::json& root);

void read_cloudformation(const nlohmann::json& root, ImportModel& model);

}  // namespace scenarios::import
