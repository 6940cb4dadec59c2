// Workload traces read from files, for trace-replay producers:
//  - per-request CSV logs with one timestamp column (the AWS Lambda logs in scenarios/traces/aws-lambda-2020/, or any
//    CSV with a header row and an epoch-seconds or epoch-milliseconds column);
//  - per-minute invocation counts in the Azure Functions 2019 trace format (columns "1".."1440" per function row);
//  - CloudWatch GetMetricData results (the JSON `aws cloudwatch get-metric-data` prints), e.g. NumberOfMessagesSent
//    per period.
// Errors throw TraceFileError naming the file, the line or JSON path, the value and what was expected.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/time.hpp"

namespace scenarios {

class TraceFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class TimestampUnit { Seconds, Milliseconds };

// Offsets of each request from the earliest one, sorted (rows may be out of order in a log). `column` names a header
// field holding epoch timestamps in `unit`.
std::vector<sim::Time> read_request_times_csv(const std::string& path, const std::string& column, TimestampUnit unit);

// A per-request log replayed request by request: arrival offsets from the earliest request (sorted; rows may be out
// of order in a log) with each request's measured duration (ms) and cold flag (1 cold, 0 warm) when the columns are
// named (empty vectors otherwise). Cold flags read True/False, true/false or 1/0.
struct RequestLog {
  std::vector<sim::Time> offsets;
  std::vector<double> duration_ms;
  std::vector<std::int8_t> cold;
};
RequestLog read_request_log_csv(const std::string& path, const std::string& time_column, TimestampUnit unit,
                                const std::string& duration_column, const std::string& cold_column);

// The numbers in one column of a CSV file with a header row, in file order (an empirical distribution's samples).
// `where` keeps only rows whose named columns hold exactly the given text (e.g. {"is_cold": "False"}).
std::vector<double> read_csv_column(const std::string& path, const std::string& column,
                                    const std::vector<std::pair<std::string, std::string>>& where = {});

// One row of an Azure Functions trace: its per-minute counts. `row` is 0-based among data rows, or `function_hash`
// selects the row whose HashFunction starts with that prefix (exactly one must).
struct AzureRowChoice {
  std::optional<std::size_t> row;
  std::string function_hash;
};
std::vector<std::uint64_t> read_azure_counts_csv(const std::string& path, const AzureRowChoice& choice);

// Per-period counts from a GetMetricData result: the MetricDataResults entry with Id `id` (or the only entry when id is
// empty), its Values put in time order whatever ScanBy was, periods without a datapoint counted as 0. The period is
// the smallest gap between timestamps unless `period` is given.
struct CountSeries {
  std::vector<std::uint64_t> counts;
  sim::Time period;
};
CountSeries read_cloudwatch_metric_data(const std::string& path, const std::string& id,
                                        std::optional<sim::Time> period = std::nullopt);

}  // namespace scenarios
