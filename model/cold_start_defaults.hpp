// Default Init Duration by runtime and architecture, from aws-semantics.md section 7 (maxday/lambda-perf,
// hello-world ZIP, 128 MB, Jul-Aug 2026). Used when a function's scenario gives no cold_start.init_duration_ms.
#pragma once

#include <string>

#include "sim/distribution.hpp"

namespace model {

// A lognormal whose mean and 95th percentile match the table (x86; arm64 scales the mean by the table's ratio and keeps
// the spread). Runtimes not in the table fall back to the custom-runtime (provided.al2023, Go-like) row.
sim::DistributionSpec default_init_duration_ms(const std::string& runtime, const std::string& architecture);

}  // namespace model
