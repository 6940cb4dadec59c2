// The scenario fields calibration adds: empirical distributions (inline and from a file relative to the scenario),
// cold-duration mode, keep-alive models, per-request replay of a real AWS log, the scaling rate; each error named.
#include <gtest/gtest.h>

#include <string>

#include "loader/scenario_loader.hpp"
#include "model/simulation.hpp"

namespace {

// Labelled as a file in scenarios/ so relative paths ("traces/...") resolve as they would for a shipped scenario.
const std::string kLabel = std::string(SQSIM_SOURCE_DIR) + "/scenarios/calibration-test.json";

std::string scenario(const std::string& function_extra, const std::string& arrival) {
  return R"({"name": "t", "duration_s": 172800,
  "functions": [{"name": "f", "timeout_s": 60, "memory_size_mb": 128)" +
         function_extra + R"(}],
  "invokers": [{"name": "client", "function": "f", "type": "sync", "arrival": )" +
         arrival + "}]}";
}

const std::string kFewRequests = R"({"type": "trace", "times_s": [0, 1, 2]})";

std::string error_of(const std::string& text) {
  try {
    scenarios::load_scenario_text(text, kLabel);
  } catch (const scenarios::ScenarioError& e) {
    return e.what();
  }
  return "";
}

TEST(CalibrationFields, EmpiricalInlineAndFromTheAwsLogsWarmRows) {
  const auto inline_spec = scenarios::load_scenario_text(
      scenario(R"(, "duration": {"per_invocation_ms": {"type": "empirical", "samples_ms": [300, 100, 200]}})",
               kFewRequests),
      kLabel);
  const auto& d = inline_spec.spec.functions[0].duration.per_invocation_ms;
  ASSERT_EQ(d.kind, sim::DistributionSpec::Kind::Empirical);
  EXPECT_EQ(*d.samples, (std::vector<double>{100, 200, 300}));

  const auto from_file =
      scenarios::load_scenario_text(scenario(R"(, "duration": {"per_invocation_ms": {"type": "empirical",
        "file": "traces/aws-lambda-2020/res-01-2020-05-28_01-57-40.csv", "column": "aws_duration",
        "where": {"is_cold": "False"}}})",
                                             kFewRequests),
                                    kLabel);
  const auto& w = from_file.spec.functions[0].duration.per_invocation_ms;
  ASSERT_TRUE(w.samples);
  EXPECT_EQ(w.samples->size(), 186u - 59u);  // the log's warm rows (59 of 186 are cold: 0.317)
  EXPECT_NEAR(w.mean(), 1850, 100);          // the README's ~1.85 s handler
}

TEST(CalibrationFields, EmpiricalErrorsNameThePath) {
  EXPECT_NE(error_of(scenario(R"(, "keep_alive_s": {"type": "empirical", "samples_s": []})", kFewRequests))
                .find("$.functions[0].keep_alive_s.samples_s"),
            std::string::npos);
  const std::string bad =
      error_of(scenario(R"(, "keep_alive_s": {"type": "empirical", "samples_s": [10, -1, "x"]})", kFewRequests));
  EXPECT_NE(bad.find("$.functions[0].keep_alive_s.samples_s[1]"), std::string::npos) << bad;
  EXPECT_NE(bad.find("$.functions[0].keep_alive_s.samples_s[2]"), std::string::npos) << bad;
  const std::string col = error_of(scenario(
      R"(, "keep_alive_s": {"type": "empirical", "file": "traces/aws-lambda-2020/res-01-2020-05-28_01-57-40.csv",
      "column": "nope"})",
      kFewRequests));
  EXPECT_NE(col.find("$.functions[0].keep_alive_s.file"), std::string::npos) << col;
  EXPECT_NE(col.find("no column \"nope\""), std::string::npos) << col;
  EXPECT_NE(error_of(scenario(R"(, "keep_alive_s": {"type": "empirical"})", kFewRequests)).find("samples_s"),
            std::string::npos);
}

TEST(CalibrationFields, KeepAliveModelColdDurationAndScalingRate) {
  const auto s = scenarios::load_scenario_text(scenario(R"(,
      "cold_start": {"cold_duration_ms": {"type": "lognormal", "median": 2500, "sigma": 0.2}},
      "keep_alive": {"by": "invocations", "max_lifetime_s": 7200,
                     "steps": [{"from": 0, "keep_alive_s": 300}, {"from": 10, "keep_alive_s": 900}]},
      "scaling_rate": {"environments": 500, "per_s": 10})",
                                                        kFewRequests),
                                               kLabel);
  const model::FunctionSpec& f = s.spec.functions[0];
  ASSERT_TRUE(f.cold_start.cold_duration_ms);
  EXPECT_EQ(f.cold_start.cold_duration_ms->a, 2500);
  EXPECT_EQ(f.keep_alive_model.by, model::KeepAliveModel::By::Invocations);
  ASSERT_EQ(f.keep_alive_model.steps.size(), 2u);
  EXPECT_EQ(f.keep_alive_model.steps[1].keep_alive_s.a, 900);
  EXPECT_EQ(f.keep_alive_model.max_lifetime, sim::hours(2));
  EXPECT_EQ(f.scaling_burst, 500u);
  const std::string e = error_of(scenario(
      R"(, "keep_alive": {"steps": [{"from": 10, "keep_alive_s": 1}, {"from": 5, "keep_alive_s": 2}]})", kFewRequests));
  EXPECT_NE(e.find("$.functions[0].keep_alive.steps[1].from"), std::string::npos) << e;
}

TEST(CalibrationFields, ReplayOfTheAwsLogComparesColdFlagsRequestByRequest) {
  const auto s = scenarios::load_scenario_text(scenario(R"(, "keep_alive_s": 600)", R"({"type": "trace",
        "file": "traces/aws-lambda-2020/res-01-2020-05-28_01-57-40.csv", "format": "aws-lambda-csv",
        "column": "client_start_time", "unit": "s", "duration_column": "aws_duration", "cold_column": "is_cold"})"),
                                               kLabel);
  const model::ArrivalSpec& a = s.spec.invokers[0].arrival;
  ASSERT_EQ(a.trace.size(), 186u);
  ASSERT_EQ(a.trace_duration_ms.size(), 186u);
  ASSERT_EQ(a.trace_cold.size(), 186u);
  model::Simulation sim(s.spec, 1);
  sim.run();
  const model::ColdFlagComparison& c = sim.invokers()[0]->cold_flags();
  EXPECT_EQ(c.compared(), 186u);
  EXPECT_EQ(c.measured_cold(), 59u);
  // The first request is cold in both; most flags agree with a 10-minute keep-alive.
  EXPECT_GE(c.both_cold, 1u);
  EXPECT_GT(static_cast<double>(c.both_cold + c.both_warm) / 186.0, 0.8);
  // The handler durations are the log's own: their mean is the log's mean aws_duration.
  double mean = 0;
  for (const double d : a.trace_duration_ms) mean += d / 186.0;
  EXPECT_NEAR(sim.functions()[0]->duration_histogram().mean() / 1000.0, mean, 0.01);
  EXPECT_NE(error_of(scenario("", R"({"type": "trace", "rate_multiplier": 2,
        "file": "traces/aws-lambda-2020/res-01-2020-05-28_01-57-40.csv", "format": "aws-lambda-csv",
        "duration_column": "aws_duration"})"))
                .find("rate_multiplier"),
            std::string::npos);
}

}  // namespace

namespace {

std::string warnings_of(const std::string& text) {
  std::string all;
  for (const auto& w : scenarios::load_scenario_text(text, kLabel).warnings) all += w.format() + "\n";
  return all;
}

TEST(CalibrationFields, WarnsWhenTheDurationReachesTheTimeout) {
  const auto fn = [](const std::string& duration) {
    return R"({"name": "t", "functions": [{"name": "f", "duration": {"per_invocation_ms": )" + duration +
           R"(}}], "invokers": [{"name": "c", "function": "f", "arrival": {"type": "trace", "times_s": [0]}}]})";
  };
  // Mean 2,900 ms against Lambda's default 3 s timeout.
  const std::string close = warnings_of(fn("2900"));
  EXPECT_NE(close.find("$.functions[0].duration"), std::string::npos) << close;
  EXPECT_NE(close.find("close to the function's timeout (3000 ms, Lambda's default)"), std::string::npos) << close;
  // Median 1 s but sigma 1: p99 = 1000 e^2.326 = 10.2 s.
  const std::string tail = warnings_of(fn(R"({"type": "lognormal", "median": 1000, "sigma": 1})"));
  EXPECT_NE(tail.find("p99 (10240 ms"), std::string::npos) << tail;
  EXPECT_EQ(warnings_of(fn("100")).find("timeout"), std::string::npos);
}

}  // namespace

namespace {

TEST(CalibrationFields, CrossFieldChecksRunEvenWhenFieldsHaveErrors) {
  // A field error (visibility timeout out of range) and a cross-field one (reserved concurrency leaving fewer than
  // 100 unreserved) in one file: validate lists both.
  const std::string text = R"({"name": "t", "account": {"concurrency_limit": 1000},
    "queues": [{"name": "q", "visibility_timeout_s": -1}],
    "functions": [{"name": "f", "reserved_concurrency": 950}],
    "event_source_mappings": [{"queue": "q", "function": "f"}]})";
  const std::string e = error_of(text);
  EXPECT_NE(e.find("$.queues[0].visibility_timeout_s"), std::string::npos) << e;
  EXPECT_NE(e.find("reserved concurrency totals 950"), std::string::npos) << e;
}

}  // namespace
