// Reading CloudFormation resource properties into the import model, shared by the CloudFormation reader and the SAM
// reader (a SAM function carries the same function properties and its SQS events the same mapping properties).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "import/cfn_template.hpp"
#include "import/import_model.hpp"

namespace scenarios::import {

// Where properties are looked up, first match wins: a SAM function's own Properties, then Globals.Function.
struct PropertySource {
  const nlohmann::json* object;  // a JSON object
  std::string path;              // "Resources.F.Properties", "Globals.Function"
};
using PropertyLayers = std::vector<PropertySource>;

// Reads FunctionName, Runtime, Architectures, MemorySize, Timeout, ReservedConcurrentExecutions, PackageType,
// Handler and (SAM) ProvisionedConcurrencyConfig into model.functions[id].
void read_function(CfnTemplate& t, const std::string& id, const PropertyLayers& layers);

// Reads an SQS mapping's BatchSize, MaximumBatchingWindowInSeconds, FunctionResponseTypes,
// ScalingConfig.MaximumConcurrency, FilterCriteria and Enabled (same names in AWS::Lambda::EventSourceMapping and a
// SAM SQS event) into e.fields.
void read_mapping_fields(CfnTemplate& t, const nlohmann::json& props, const std::string& path, ImportedMapping& e);

// The queue a value names (Ref / Fn::GetAtt of an AWS::SQS::Queue, an SQS ARN or URL). A queue defined elsewhere
// becomes a stand-in queue. When the value names something else, `not_sqs` says what ("AWS::Kinesis::Stream",
// "kafka"); when it cannot be resolved both are empty (a warning was given).
std::optional<std::string> queue_of(CfnTemplate& t, const nlohmann::json& v, const std::string& path,
                                    std::string& not_sqs);

// The function a FunctionName value names (Ref / Fn::GetAtt of a function, alias or version; a name or ARN).
// A function defined elsewhere becomes a stand-in function; nullopt (with a warning) when unresolvable.
std::optional<std::string> function_of(CfnTemplate& t, const nlohmann::json& v, const std::string& path);

}  // namespace scenarios::import
