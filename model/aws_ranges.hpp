// AWS's documented ranges for the settings a scenario, a GameDay action, the dashboard, a sweep or an imported config
// may set: defined once here, read by the spec validation (model/spec_validation), the loaders, the action table
// (model/actions) and tested against the JSON Schema (tests/scenarios/test_schema.cpp).
#pragma once

#include <span>
#include <string_view>

namespace model {

struct AwsRange {
  double lo = 0;
  double hi = 0;
  std::string_view rule;  // the AWS rule behind it, quoted in messages: "SQS VisibilityTimeout: 0 s to 12 h"
  [[nodiscard]] constexpr bool contains(double v) const { return v >= lo && v <= hi; }
};

namespace ranges {
// SQS queue attributes (CreateQueue / SetQueueAttributes).
inline constexpr AwsRange kVisibilityTimeoutS{0, 43200, "SQS VisibilityTimeout: 0 s to 12 h"};
inline constexpr AwsRange kMessageRetentionPeriodS{60, 1209600, "SQS MessageRetentionPeriod: 60 s to 14 days"};
inline constexpr AwsRange kDelaySeconds{0, 900, "SQS DelaySeconds: 0 to 900 s"};
inline constexpr AwsRange kReceiveMessageWaitTimeS{0, 20, "SQS ReceiveMessageWaitTimeSeconds: 0 to 20 s"};
inline constexpr AwsRange kMaximumMessageSize{1024, 1048576, "SQS MaximumMessageSize: 1 KiB to 1 MiB"};
inline constexpr AwsRange kMaxReceiveCount{1, 1000, "SQS redrive policy maxReceiveCount: 1 to 1,000"};
// Lambda function configuration.
inline constexpr AwsRange kMemorySizeMb{128, 10240, "Lambda memory: 128 to 10,240 MB"};
inline constexpr AwsRange kTimeoutS{1, 900, "Lambda timeout: 1 to 900 s"};
inline constexpr AwsRange kReservedConcurrency{0, 1'000'000, "Lambda reserved concurrency"};
inline constexpr AwsRange kProvisionedConcurrency{0, 100'000, "Lambda provisioned concurrency"};
// Lambda event source mapping for SQS.
inline constexpr AwsRange kBatchSize{1, 10000, "Lambda BatchSize for a standard SQS queue: 1 to 10,000"};
inline constexpr AwsRange kFifoBatchSize{1, 10, "Lambda BatchSize for a FIFO queue: 1 to 10"};
inline constexpr AwsRange kMaximumBatchingWindowS{0, 300, "Lambda MaximumBatchingWindowInSeconds: 0 to 300"};
inline constexpr AwsRange kMaximumConcurrency{2, 1000, "ScalingConfig.MaximumConcurrency: 2 to 1,000"};
inline constexpr AwsRange kMinimumPollers{2, 200, "provisioned mode MinimumPollers: 2 to 200"};
inline constexpr AwsRange kMaximumPollers{2, 2000, "provisioned mode MaximumPollers: 2 to 2,000"};
// Producers (a retrying client).
inline constexpr AwsRange kDuplicateFraction{0, 0.99, "share of sends repeating the previous message"};
// Not AWS's but the simulator's: past 10 million arrivals a second (864 billion a day) a run would not end, whether the
// rate is given (rate_per_s) or replayed (a counts period, with time_scale and rate_multiplier).
inline constexpr AwsRange kArrivalRatePerS{1e-9, 1e7, "arrivals per second: above 0, at most 10,000,000"};
}  // namespace ranges

// A range with where it applies, for the schema test: the JSON Schema definition ($defs name) and the property.
struct RangedField {
  std::string_view schema_def;  // "queue", "function", "event_source_mapping", "producer"
  std::string_view property;    // the scenario key, a '/' separating nested objects: "redrive_policy/max_receive_count"
  const AwsRange* range;
};
std::span<const RangedField> ranged_fields();

}  // namespace model
