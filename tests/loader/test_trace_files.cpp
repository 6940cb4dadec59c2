// Trace files as workloads: the real AWS Lambda logs and Azure Functions counts shipped in scenarios/traces/, and
// CloudWatch GetMetricData output; each read independently of the reader under test where a figure can be checked,
// and every malformed input answered with the file, the place and what was expected.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>

#include "loader/scenario_loader.hpp"
#include "loader/trace_files.hpp"
#include "model/simulation.hpp"

namespace {

const std::string kTraces = std::string(SQSIM_SOURCE_DIR) + "/scenarios/traces/";

std::string temp_file(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path() / "sqsim-trace-tests";
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(TraceFiles, AwsLambdaLogGivesEveryRequestInOrder) {
  const auto t = scenarios::read_request_times_csv(kTraces + "aws-lambda-2020/res-01-2020-05-28_01-57-40.csv",
                                                   "client_start_time", scenarios::TimestampUnit::Seconds);
  ASSERT_EQ(t.size(), 186u);  // the data README's request count
  EXPECT_EQ(t.front().us, 0);
  EXPECT_TRUE(std::is_sorted(t.begin(), t.end()));
  // README: mean rate 0.00186 req/s over ~28 h, so the 185 gaps span about 185 / 0.00186 s.
  EXPECT_NEAR(t.back().seconds(), 185 / 0.00186, 0.05 * 185 / 0.00186);
  // The server-side start_time column (epoch ms) tells the same story within network delay.
  const auto ms = scenarios::read_request_times_csv(kTraces + "aws-lambda-2020/res-01-2020-05-28_01-57-40.csv",
                                                    "start_time", scenarios::TimestampUnit::Milliseconds);
  ASSERT_EQ(ms.size(), t.size());
  for (std::size_t i = 0; i < t.size(); ++i) EXPECT_NEAR(ms[i].seconds(), t[i].seconds(), 5.0) << i;
}

TEST(TraceFiles, CsvErrorsNameFileLineAndExpectation) {
  const std::string bad_col = temp_file("cols.csv", "a,b\n1,2\n");
  EXPECT_NE(error_of([&] {
              scenarios::read_request_times_csv(bad_col, "t", scenarios::TimestampUnit::Seconds);
            }).find("cols.csv:1: no column \"t\""),
            std::string::npos);
  const std::string bad_val = temp_file("vals.csv", "t\n1.5\nsoon\n");
  EXPECT_NE(error_of([&] {
              scenarios::read_request_times_csv(bad_val, "t", scenarios::TimestampUnit::Seconds);
            }).find("vals.csv:3 column t: got \"soon\", expected an epoch timestamp"),
            std::string::npos);
  const std::string quoted = temp_file("quoted.csv", "t\n\"12\n");
  EXPECT_NE(error_of([&] {
              scenarios::read_request_times_csv(quoted, "t", scenarios::TimestampUnit::Seconds);
            }).find("quoted.csv:2: malformed CSV"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              scenarios::read_request_times_csv("/nonexistent/x.csv", "t", scenarios::TimestampUnit::Seconds);
            }).find("cannot open"),
            std::string::npos);
}

TEST(TraceFiles, AzureRowCountsMatchTheFile) {
  // Row 8 of the sample: 432 invocations on day 1 (summed here with a plain split, not the reader's tokenizer).
  std::ifstream in(kTraces + "azure-2019/day01-sample.csv");
  std::string line;
  for (int i = 0; i <= 9; ++i) std::getline(in, line);
  std::stringstream ss(line);
  std::string cell;
  std::uint64_t expected = 0;
  for (int col = 0; std::getline(ss, cell, ','); ++col)
    if (col >= 4) expected += std::stoull(cell);
  const auto by_row = scenarios::read_azure_counts_csv(kTraces + "azure-2019/day01-sample.csv", {8, ""});
  ASSERT_EQ(by_row.size(), 1440u);  // minutes in a day
  EXPECT_EQ(std::accumulate(by_row.begin(), by_row.end(), std::uint64_t{0}), expected);
  EXPECT_EQ(expected, 432u);
  const auto by_hash = scenarios::read_azure_counts_csv(kTraces + "azure-2019/day01-sample.csv", {{}, "33429bc85e5f"});
  EXPECT_EQ(by_hash, by_row);
  EXPECT_NE(error_of([] {
              scenarios::read_azure_counts_csv(kTraces + "azure-2019/day01-sample.csv", {99, ""});
            }).find("has no data row 99"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              scenarios::read_azure_counts_csv(kTraces + "azure-2019/day01-sample.csv", {{}, ""});
            }).find("9 rows"),
            std::string::npos);
}

TEST(TraceFiles, CloudWatchResultsAreReorderedAndGapsCountZero) {
  // The CLI's default ScanBy is TimestampDescending; 10:10 has no datapoint (CloudWatch omits empty periods).
  const std::string path = temp_file("gmd.json", R"({"MetricDataResults": [
    {"Id": "other", "Timestamps": ["2024-01-15T10:00:00Z"], "Values": [1]},
    {"Id": "sent", "Label": "NumberOfMessagesSent", "StatusCode": "Complete",
     "Timestamps": ["2024-01-15T10:15:00+00:00", "2024-01-15T10:05:00+00:00", "2024-01-15T10:00:00+00:00"],
     "Values": [30.0, 20.0, 10.0]}], "Messages": []})");
  const auto cs = scenarios::read_cloudwatch_metric_data(path, "sent");
  EXPECT_EQ(cs.period, sim::seconds(300));
  EXPECT_EQ(cs.counts, (std::vector<std::uint64_t>{10, 20, 0, 30}));
  EXPECT_NE(error_of([&] { scenarios::read_cloudwatch_metric_data(path, ""); }).find("several results"),
            std::string::npos);
  const std::string bad = temp_file("gmd-bad.json", R"({"MetricDataResults": [
    {"Id": "m", "Timestamps": ["2024-01-15T10:00:00+02:00"], "Values": [1]}]})");
  EXPECT_NE(error_of([&] {
              scenarios::read_cloudwatch_metric_data(bad, "m");
            }).find("$.MetricDataResults[0].Timestamps[0]: got \"2024-01-15T10:00:00+02:00\", expected a UTC time"),
            std::string::npos);
  const std::string uneven = temp_file("gmd-uneven.json", R"({"MetricDataResults": [
    {"Id": "m", "Timestamps": ["2024-01-15T10:00:00Z", "2024-01-15T10:01:00Z"], "Values": [1]}]})");
  EXPECT_NE(error_of([&] { scenarios::read_cloudwatch_metric_data(uneven, "m"); }).find("2 Timestamps but 1 Values"),
            std::string::npos);
}

TEST(TraceFiles, ScenarioReadsTraceFilesRelativeToItself) {
  const auto loaded =
      scenarios::load_scenario_file(std::string(SQSIM_SOURCE_DIR) + "/scenarios/azure-counts-replay.json");
  const auto& a = loaded.spec.producers.at(0).arrival;
  ASSERT_EQ(a.kind, model::ArrivalSpec::Kind::Counts);
  EXPECT_EQ(a.counts.size(), 1440u);
  EXPECT_EQ(a.count_period, sim::seconds(60));
  EXPECT_TRUE(loaded.warnings.empty());
  model::Simulation sim(loaded.spec, loaded.spec.seed);
  sim.run();
  // rate_multiplier 50 on an integer count: exactly 50 messages per traced invocation.
  EXPECT_EQ(sim.accounting().produced, 432u * 50u);
  EXPECT_TRUE(sim.accounting().balanced());

  const auto aws =
      scenarios::load_scenario_file(std::string(SQSIM_SOURCE_DIR) + "/scenarios/aws-lambda-trace-replay.json");
  model::Simulation replay(aws.spec, aws.spec.seed);
  replay.run();
  EXPECT_EQ(replay.functions().at(0)->counters().invocations, 186u);
}

TEST(TraceFiles, ScenarioErrorsPointAtTheFileField) {
  const std::string text = R"({"name": "t", "duration_s": 100, "queues": [{"name": "q"}],
    "producers": [{"name": "p", "queue": "q", "arrival": {"type": "trace", "file": "missing.csv", "column": "t"}}]})";
  const std::string scenario = temp_file("s.json", text);
  const std::string e = error_of([&] { scenarios::load_scenario_file(scenario); });
  EXPECT_NE(e.find("$.producers[0].arrival.file"), std::string::npos) << e;
  EXPECT_NE(e.find("missing.csv: cannot open the trace file"), std::string::npos) << e;
  const std::string no_col = R"({"name": "t", "duration_s": 100, "queues": [{"name": "q"}],
    "producers": [{"name": "p", "queue": "q", "arrival": {"type": "trace", "file": "x.csv"}}]})";
  EXPECT_NE(error_of([&] { scenarios::load_scenario_text(no_col, "t.json"); }).find("$.producers[0].arrival.column"),
            std::string::npos);
}

}  // namespace
