// What changed between runs: named metrics read from summary.json, compared with Welch confidence intervals over
// replications (sqsim compare), or checked against a baseline with per-metric tolerances (sqsim check).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace reports {

// Which way is worse: latency up, deleted down; neutral metrics are reported, never failed.
enum class Worse { Higher, Lower, Neither };

struct MetricDef {
  const char* name;     // as users write it in tolerance files
  const char* pointer;  // JSON pointer into summary.json
  Worse worse;
  const char* unit;
};
const std::vector<MetricDef>& comparable_metrics();

// The metrics present in a summary (absent pointers are left out).
std::map<std::string, double> extract_metrics(const nlohmann::json& summary);
// The comparable metrics a summary or baseline holds with the wrong type ("$.end_to_end_latency_ms.p99: got \"12\",
// expected a number"): they must be refused, not skipped, or a check would pass without comparing them.
std::vector<std::string> metric_type_errors(const nlohmann::json& summary);

struct MetricComparison {
  std::string name;
  std::size_t n_a = 0, n_b = 0;
  double mean_a = 0, mean_b = 0;
  double difference = 0;                  // mean_b - mean_a
  std::optional<double> ci_low, ci_high;  // 95 % Welch interval of the difference (needs 2+ runs on each side)
};
// A and B: one summary per replication. Metrics missing on either side are skipped.
std::vector<MetricComparison> compare_runs(const std::vector<nlohmann::json>& a, const std::vector<nlohmann::json>& b);

struct Tolerance {
  double relative = 0.0;  // allowed worsening as a fraction of the baseline
  double absolute = 0.0;  // and in the metric's unit
};
// Defaults: latency and cost 10 % (+ a small absolute slack), message loss and DLQ growth zero.
std::map<std::string, Tolerance> default_tolerances();
// Reads {"metric": {"relative": 0.1, "absolute": 5}, ...}; throws std::invalid_argument naming the JSON path for an
// unknown metric or a bad value.
std::map<std::string, Tolerance> parse_tolerances(const nlohmann::json& j, const std::string& file);

struct CheckResult {
  std::string name;
  double baseline = 0, current = 0, limit = 0;
  bool passed = true;
  std::string detail;
};
// Fails a metric that got worse by more than its tolerance (limit = baseline ± max(relative·|baseline|, absolute)).
std::vector<CheckResult> check_against_baseline(const std::map<std::string, double>& baseline,
                                                const std::map<std::string, double>& current,
                                                const std::map<std::string, Tolerance>& tolerances);

}  // namespace reports
