#include "model/aws_ranges.hpp"

#include <array>

namespace model {

std::span<const RangedField> ranged_fields() {
  using namespace ranges;
  static constexpr std::array kFields{
      RangedField{"queue", "visibility_timeout_s", &kVisibilityTimeoutS},
      RangedField{"queue", "message_retention_period_s", &kMessageRetentionPeriodS},
      RangedField{"queue", "delay_seconds", &kDelaySeconds},
      RangedField{"queue", "receive_message_wait_time_s", &kReceiveMessageWaitTimeS},
      RangedField{"queue", "maximum_message_size", &kMaximumMessageSize},
      RangedField{"queue", "redrive_policy/max_receive_count", &kMaxReceiveCount},
      RangedField{"function", "memory_size_mb", &kMemorySizeMb},
      RangedField{"function", "timeout_s", &kTimeoutS},
      RangedField{"function", "reserved_concurrency", &kReservedConcurrency},
      RangedField{"function", "provisioned_concurrency", &kProvisionedConcurrency},
      RangedField{"event_source_mapping", "batch_size", &kBatchSize},
      RangedField{"event_source_mapping", "maximum_batching_window_s", &kMaximumBatchingWindowS},
      RangedField{"event_source_mapping", "maximum_concurrency", &kMaximumConcurrency},
      RangedField{"event_source_mapping", "scaling/minimum_pollers", &kMinimumPollers},
      RangedField{"event_source_mapping", "scaling/maximum_pollers", &kMaximumPollers},
      RangedField{"producer", "duplicate_fraction", &kDuplicateFraction},
      RangedField{"arrival", "rate_per_s", &kArrivalRatePerS},
  };
  return kFields;
}

}  // namespace model
