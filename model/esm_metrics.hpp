// The names of an event source mapping's columns in metrics.csv, defined once: the model records them, report.html
// and the docs read them.
#pragma once

#include <string>
#include <string_view>

#include "model/spec.hpp"

namespace model {

// Batches the mapping has handed to the function and not finished (the Invoke request and the handler): what
// ScalingConfig.MaximumConcurrency and the function's reserved concurrency cap. The level at the end of the period.
inline constexpr std::string_view kEsmConcurrentInvocations = "ConcurrentInvocations";
// Pollers not retired (Lambda's scaling state: they poll, wait, invoke or back off), the level at the end of the
// period. Above the limits when batches back off after throttles: a poller is not an invocation.
inline constexpr std::string_view kEsmPollers = "Pollers";

// "esm:<queue>-><function>/<metric>".
inline std::string esm_metric(const EventSourceMappingSpec& m, std::string_view metric) {
  return "esm:" + m.queue + "->" + m.function + "/" + std::string(metric);
}

}  // namespace model
