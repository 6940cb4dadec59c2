// A function's execution-environment figures for summary.json: the time-averaged environment counts (all, busy,
// idle, initialising), the share of time at each count, lifespans, and the cold-start probability with its binomial
// 95 % interval. These are what a comparison with measured logs needs (docs/validation.md).
#pragma once

#include <nlohmann/json.hpp>

#include "model/direct_invoker.hpp"
#include "model/lambda_function.hpp"
#include "sim/binomial_interval.hpp"

namespace reports {

// {"value", "ci95_low", "ci95_high", "cold_starts", "invocations"}: Clopper-Pearson 95 %.
nlohmann::json proportion_json(const sim::Proportion& p);
// A per-request replay's predicted against measured cold flags: confusion counts, agreement, and both cold
// fractions with their binomial 95 % intervals.
nlohmann::json replay_comparison_json(const model::ColdFlagComparison& c);
// The "environments" object of one function at `now` (the end of the run).
nlohmann::json environment_figures_json(const model::LambdaFunction& f, sim::Time now);

}  // namespace reports
