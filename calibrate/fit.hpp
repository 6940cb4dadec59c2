// Fitting a function's parameters to observed logs (sqsim calibrate).
//  - duration: the warm requests' durations as a lognormal (median = exp(mean ln d), sigma = sd ln d); the median's
//    95 % interval from Student's t on the logs. From GetMetricData: the invocation-weighted mean Duration, fitted as
//    a fixed mean with a t interval over periods.
//  - init: REPORT lines' Init Durations as a lognormal likewise; from an AWS CSV, the cold requests' extra client-side
//    overhead over the warm ones' (Welch interval), as a fixed value.
//  - keep_alive: a fixed idle lifetime T. Each log is replayed request by request (its arrival times and measured
//    durations) for every T on a grid (10 s to 2 h, log-spaced, then refined); the loss is the squared difference
//    between simulated and measured cold-start fractions, summed over logs and averaged over `replications`
//    replications that share their random numbers across every T (common random numbers). The interval is every T
//    whose pooled simulated cold count lies inside the pooled measured count's Clopper-Pearson 95 % interval. When
//    that set reaches both ends of the grid, or the loss is flat, the data cannot identify T: a warning says so.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "calibrate/observed_log.hpp"
#include "model/spec.hpp"

namespace calibrate {

struct FitOptions {
  std::vector<std::string> parameters;  // keep_alive, init, duration (any order; fitted duration, init, keep_alive)
  std::string function;                 // the scenario's function to fit (empty: its first)
  std::uint64_t replications = 5;
  std::uint64_t seed = 1;
};

struct ParameterFit {
  std::string name;          // keep_alive_s, init_duration_ms, duration_ms
  std::string distribution;  // how it is written to the fragment: "fixed" or "lognormal"
  double value = 0;          // fixed value, or the lognormal's median
  double sigma = 0;          // lognormal only
  double low = 0, high = 0;  // 95 % interval of `value`
  bool identifiable = true;
  std::string note;
};

struct FileFit {
  std::string file;
  std::uint64_t requests = 0;
  std::uint64_t measured_cold = 0;
  double measured_fraction = 0, measured_low = 0, measured_high = 0;
  double predicted_fraction = 0;  // at the fitted values, mean over replications
  double agreement = 0;           // share of requests whose simulated cold flag equals the log's
};

struct FitResult {
  std::string function;
  std::vector<ParameterFit> parameters;
  std::vector<FileFit> files;  // per-request logs only
  std::string loss;            // the loss minimised, in words
  double loss_value = 0;
  std::vector<std::string> warnings;
  nlohmann::json fragment;  // {"functions": [{"name": ..., fitted fields}]}: merge into the scenario
};

// Throws std::invalid_argument for an unknown parameter or function, or logs that cannot fit what was asked.
FitResult fit(const model::ScenarioSpec& scenario, const std::vector<ObservedLog>& logs, const FitOptions& options);

// The scenario that replays one per-request log against `function` (a sync invoker with the log's arrivals,
// durations and cold flags; nothing else): what keep_alive fitting simulates, also useful on its own.
model::ScenarioSpec replay_scenario(const model::ScenarioSpec& scenario, const model::FunctionSpec& function,
                                    const ObservedLog& log);

}  // namespace calibrate
