#include "import/scenario_keys.hpp"

#include <algorithm>
#include <array>

namespace scenarios::import {

namespace {

// Ranges and defaults: ../shared/reference/aws-semantics.md (sections 1, 2, 4, 5, 6) and docs/scenario-format.md.
// `supported` mirrors what scenarios/scenario_loader.cpp accepts; test_config_import.cpp probes the loader with every
// entry, so a key the loader learns shows up there as a test to flip.
constexpr std::array kKeys{
    // SQS queue attributes (CreateQueue).
    ScenarioKey{"queue.type", "FifoQueue", true, ValueKind::String, 0, 0, "", "", ""},
    ScenarioKey{"queue.content_based_deduplication", "ContentBasedDeduplication", true, ValueKind::Bool, 0, 0, "", "",
                ""},
    ScenarioKey{"queue.visibility_timeout_s", "VisibilityTimeout", true, ValueKind::Integer, 0, 43200,
                "SQS VisibilityTimeout: 0 s to 12 h", "30", ""},
    ScenarioKey{"queue.message_retention_period_s", "MessageRetentionPeriod", true, ValueKind::Integer, 60, 1209600,
                "SQS MessageRetentionPeriod: 60 s to 14 days", "345600", ""},
    ScenarioKey{"queue.delay_seconds", "DelaySeconds", true, ValueKind::Integer, 0, 900, "SQS DelaySeconds: 0 to 900 s",
                "0", ""},
    ScenarioKey{"queue.receive_message_wait_time_s", "ReceiveMessageWaitTimeSeconds", true, ValueKind::Integer, 0, 20,
                "SQS ReceiveMessageWaitTimeSeconds: 0 to 20 s", "0", ""},
    ScenarioKey{"queue.maximum_message_size", "MaximumMessageSize", true, ValueKind::Integer, 1024, 1048576,
                "SQS MaximumMessageSize: 1 KiB to 1 MiB (1 MiB since Aug 2025)", "1048576", ""},
    ScenarioKey{"queue.redrive_policy.max_receive_count", "RedrivePolicy.maxReceiveCount", true, ValueKind::Integer, 1,
                1000, "SQS redrive policy maxReceiveCount: 1 to 1,000", "", ""},
    // Lambda function configuration (CreateFunction).
    ScenarioKey{"function.runtime", "Runtime", true, ValueKind::String, 0, 0, "", "", ""},
    ScenarioKey{"function.architecture", "Architectures", true, ValueKind::String, 0, 0, "", "\"x86_64\"", ""},
    ScenarioKey{"function.memory_size_mb", "MemorySize", true, ValueKind::Integer, 128, 10240,
                "Lambda MemorySize: 128 to 10,240 MB", "128", ""},
    ScenarioKey{"function.timeout_s", "Timeout", true, ValueKind::Integer, 1, 900, "Lambda Timeout: 1 to 900 s", "3",
                ""},
    ScenarioKey{"function.reserved_concurrency", "ReservedConcurrentExecutions", true, ValueKind::Integer, 0, 1000000,
                "Lambda ReservedConcurrentExecutions: 0 up to the account limit minus 100", "", ""},
    ScenarioKey{"function.provisioned_concurrency", "ProvisionedConcurrencyConfig", true, ValueKind::Integer, 1, 100000,
                "Lambda ProvisionedConcurrentExecutions: at least 1, at most the reserved concurrency", "", ""},
    // Container images and VPC attachment lengthen cold starts (aws-semantics.md section 7).
    ScenarioKey{"function.package_type", "PackageType", true, ValueKind::String, 0, 0, "", "", ""},
    ScenarioKey{"function.vpc", "VpcConfig", true, ValueKind::Bool, 0, 0, "", "", ""},
    // Lambda event source mapping for SQS (CreateEventSourceMapping).
    ScenarioKey{"esm.batch_size", "BatchSize", true, ValueKind::Integer, 1, 10000,
                "Lambda BatchSize for SQS: 1 to 10,000 (FIFO 1 to 10)", "10", ""},
    ScenarioKey{"esm.maximum_batching_window_s", "MaximumBatchingWindowInSeconds", true, ValueKind::Integer, 0, 300,
                "Lambda MaximumBatchingWindowInSeconds: 0 to 300", "0", ""},
    ScenarioKey{"esm.function_response_types", "FunctionResponseTypes", true, ValueKind::StringList, 0, 0, "", "[]",
                ""},
    ScenarioKey{"esm.maximum_concurrency", "MaximumConcurrency", true, ValueKind::Integer, 2, 1000,
                "Lambda ScalingConfig.MaximumConcurrency: 2 to 1,000", "", ""},
    ScenarioKey{"esm.filter_criteria", "FilterCriteria", true, ValueKind::StringList, 0, 10,
                "Lambda FilterCriteria: 5 filters, 10 with a quota increase", "", ""},
    // A disabled mapping does not poll. While unsupported, Enabled = true is what sqsim did anyway (neutral).
    ScenarioKey{"esm.enabled", "Enabled", true, ValueKind::Bool, 0, 0, "", "", "true"},
    // Provisioned mode (ProvisionedPollerConfig), written under the mapping's "scaling" with "mode": "provisioned".
    ScenarioKey{"esm.scaling.minimum_pollers", "ProvisionedPollerConfig.MinimumPollers", true, ValueKind::Integer, 2,
                200, "Lambda provisioned mode MinimumPollers: 2 to 200", "", ""},
    ScenarioKey{"esm.scaling.maximum_pollers", "ProvisionedPollerConfig.MaximumPollers", true, ValueKind::Integer, 2,
                2000, "Lambda provisioned mode MaximumPollers: 2 to 2,000", "", ""},
};

}  // namespace

std::span<const ScenarioKey> scenario_keys() {
  return kKeys;
}

const ScenarioKey* find_scenario_key(std::string_view path_key) {
  const auto it =
      std::find_if(kKeys.begin(), kKeys.end(), [&](const ScenarioKey& k) { return k.path_key == path_key; });
  return it == kKeys.end() ? nullptr : &*it;
}

bool sqsim_supports(std::string_view path_key) {
  const ScenarioKey* k = find_scenario_key(path_key);
  return k != nullptr && k->supported;
}

std::string emitted_key(const ScenarioKey& key) {
  const std::string_view tail = key.path_key.substr(key.path_key.rfind('.') + 1);
  // Built by reserve + append: GCC 12 reports a false -Wrestrict for "_" + std::string at -O3.
  std::string out;
  out.reserve(tail.size() + 1);
  if (!key.supported) out.push_back('_');
  out.append(tail.data(), tail.size());
  return out;
}

}  // namespace scenarios::import
