#include "import/scenario_keys.hpp"

#include <algorithm>
#include <array>

#include "model/aws_ranges.hpp"

namespace scenarios::import {

namespace {

// Ranges: model/aws_ranges.hpp (the ones the loader and model::validate hold scenarios to). Defaults:
// ../shared/reference/aws-semantics.md (sections 1, 2, 4, 5, 6) and docs/scenario-format.md.
// `supported` mirrors what scenarios/scenario_loader.cpp accepts; test_config_import.cpp probes the loader with every
// entry, so a key the loader learns shows up there as a test to flip.
using namespace model::ranges;
constexpr std::array kKeys{
    // SQS queue attributes (CreateQueue).
    ScenarioKey{"queue.type", "FifoQueue", true, ValueKind::String, 0, 0, "", "", ""},
    ScenarioKey{"queue.content_based_deduplication", "ContentBasedDeduplication", true, ValueKind::Bool, 0, 0, "", "",
                ""},
    ScenarioKey{"queue.visibility_timeout_s", "VisibilityTimeout", true, ValueKind::Integer, kVisibilityTimeoutS.lo,
                kVisibilityTimeoutS.hi, kVisibilityTimeoutS.rule, "30", ""},
    ScenarioKey{"queue.message_retention_period_s", "MessageRetentionPeriod", true, ValueKind::Integer,
                kMessageRetentionPeriodS.lo, kMessageRetentionPeriodS.hi, kMessageRetentionPeriodS.rule, "345600", ""},
    ScenarioKey{"queue.delay_seconds", "DelaySeconds", true, ValueKind::Integer, kDelaySeconds.lo, kDelaySeconds.hi,
                kDelaySeconds.rule, "0", ""},
    ScenarioKey{"queue.receive_message_wait_time_s", "ReceiveMessageWaitTimeSeconds", true, ValueKind::Integer,
                kReceiveMessageWaitTimeS.lo, kReceiveMessageWaitTimeS.hi, kReceiveMessageWaitTimeS.rule, "0", ""},
    ScenarioKey{"queue.maximum_message_size", "MaximumMessageSize", true, ValueKind::Integer, kMaximumMessageSize.lo,
                kMaximumMessageSize.hi, kMaximumMessageSize.rule, "1048576", ""},
    ScenarioKey{"queue.redrive_policy.max_receive_count", "RedrivePolicy.maxReceiveCount", true, ValueKind::Integer,
                kMaxReceiveCount.lo, kMaxReceiveCount.hi, kMaxReceiveCount.rule, "", ""},
    // Lambda function configuration (CreateFunction).
    ScenarioKey{"function.runtime", "Runtime", true, ValueKind::String, 0, 0, "", "", ""},
    ScenarioKey{"function.architecture", "Architectures", true, ValueKind::String, 0, 0, "", "\"x86_64\"", ""},
    ScenarioKey{"function.memory_size_mb", "MemorySize", true, ValueKind::Integer, kMemorySizeMb.lo, kMemorySizeMb.hi,
                kMemorySizeMb.rule, "128", ""},
    ScenarioKey{"function.timeout_s", "Timeout", true, ValueKind::Integer, kTimeoutS.lo, kTimeoutS.hi, kTimeoutS.rule,
                "3", ""},
    ScenarioKey{"function.reserved_concurrency", "ReservedConcurrentExecutions", true, ValueKind::Integer,
                kReservedConcurrency.lo, kReservedConcurrency.hi, kReservedConcurrency.rule, "", ""},
    ScenarioKey{"function.provisioned_concurrency", "ProvisionedConcurrencyConfig", true, ValueKind::Integer,
                kProvisionedConcurrency.lo, kProvisionedConcurrency.hi, kProvisionedConcurrency.rule, "", ""},
    // Container images and VPC attachment lengthen cold starts (aws-semantics.md section 7).
    ScenarioKey{"function.package_type", "PackageType", true, ValueKind::String, 0, 0, "", "", ""},
    ScenarioKey{"function.vpc", "VpcConfig", true, ValueKind::Bool, 0, 0, "", "", ""},
    // Lambda event source mapping for SQS (CreateEventSourceMapping).
    ScenarioKey{"esm.batch_size", "BatchSize", true, ValueKind::Integer, kBatchSize.lo, kBatchSize.hi, kBatchSize.rule,
                "10", ""},
    ScenarioKey{"esm.maximum_batching_window_s", "MaximumBatchingWindowInSeconds", true, ValueKind::Integer,
                kMaximumBatchingWindowS.lo, kMaximumBatchingWindowS.hi, kMaximumBatchingWindowS.rule, "0", ""},
    ScenarioKey{"esm.function_response_types", "FunctionResponseTypes", true, ValueKind::StringList, 0, 0, "", "[]",
                ""},
    ScenarioKey{"esm.maximum_concurrency", "MaximumConcurrency", true, ValueKind::Integer, kMaximumConcurrency.lo,
                kMaximumConcurrency.hi, kMaximumConcurrency.rule, "", ""},
    ScenarioKey{"esm.filter_criteria", "FilterCriteria", true, ValueKind::StringList, 0, 10,
                "Lambda FilterCriteria: 5 filters, 10 with a quota increase", "", ""},
    // A disabled mapping does not poll. While unsupported, Enabled = true is what sqsim did anyway (neutral).
    ScenarioKey{"esm.enabled", "Enabled", true, ValueKind::Bool, 0, 0, "", "", "true"},
    // Provisioned mode (ProvisionedPollerConfig), written under the mapping's "scaling" with "mode": "provisioned".
    ScenarioKey{"esm.scaling.minimum_pollers", "ProvisionedPollerConfig.MinimumPollers", true, ValueKind::Integer,
                kMinimumPollers.lo, kMinimumPollers.hi, kMinimumPollers.rule, "", ""},
    ScenarioKey{"esm.scaling.maximum_pollers", "ProvisionedPollerConfig.MaximumPollers", true, ValueKind::Integer,
                kMaximumPollers.lo, kMaximumPollers.hi, kMaximumPollers.rule, "", ""},
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
