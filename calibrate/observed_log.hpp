// What a team's logs say about a function, in one shape for calibration: request arrival times, each request's
// measured duration and cold flag (and its Init Duration when the log has one), read from
//  - per-request CSV logs in the AWS Lambda 2020 format (client_start_time, aws_duration, is_cold; the overhead
//    client_elapsed_time - aws_duration when present),
//  - Lambda REPORT lines as `sqsim run --report-lines` writes them ("<end s> <function> REPORT RequestId: ...
//    Duration: x ms ... Init Duration: y ms"): an Init Duration marks a cold start; a request's arrival is its end
//    minus its Duration and Init Duration,
//  - CloudWatch GetMetricData output (JSON): per-period Invocations and Duration (Average) for aggregate fits; no
//    per-request flags, so keep-alive and init cannot be identified from it.
// Errors throw scenarios::TraceFileError naming the file, the line or JSON path and what was expected.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/time.hpp"

namespace calibrate {

struct ObservedLog {
  enum class Format { AwsLambdaCsv, ReportLines, CloudWatchMetricData };
  std::string file;
  Format format = Format::AwsLambdaCsv;
  // Per-request logs: arrival offsets from the first request (sorted), with each request's values in that order.
  std::vector<sim::Time> arrivals;
  std::vector<double> duration_ms;
  std::vector<std::int8_t> cold;           // 1 cold, 0 warm
  std::vector<double> init_ms;             // REPORT lines: Init Duration of the cold requests
  std::vector<double> client_overhead_ms;  // AWS CSV: client_elapsed_time - aws_duration, per request
  // GetMetricData: per-period Invocations and Duration averages (ms), and the period.
  std::vector<double> period_invocations;
  std::vector<double> period_duration_ms;
  sim::Time period{0};

  [[nodiscard]] bool per_request() const { return format != Format::CloudWatchMetricData; }
  [[nodiscard]] std::uint64_t cold_count() const;
};

// Reads one log, telling the format by its content: JSON with MetricDataResults, lines with "REPORT RequestId:",
// or a CSV with a header row. `function` picks one function's REPORT lines (empty: the first function named).
ObservedLog read_observed_log(const std::string& path, const std::string& function = "");

}  // namespace calibrate
