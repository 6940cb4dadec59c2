// sqsim calibrate: recovering known parameters from logs sqsim itself generated with them, fitting the two real AWS
// Lambda 2020 logs shipped in scenarios/traces/, and refusing to fit what aggregate metrics cannot identify.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "calibrate/fit.hpp"
#include "loader/scenario_loader.hpp"
#include "model/simulation.hpp"
#include "reports/report_lines.hpp"

namespace {

const std::string kScenarios = std::string(SQSIM_SOURCE_DIR) + "/scenarios/";

std::string temp_file(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path() / "sqsim-calibrate-tests";
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

// A function with known parameters, called at Poisson times (mean gap 250 s): its REPORT lines as a log.
model::ScenarioSpec known_truth() {
  model::ScenarioSpec s;
  s.name = "truth";
  // A 95 % interval misses its true value in one seed out of twenty: seed 11, for one, draws init durations whose
  // log-mean is 2.9 standard errors low. Seed 12 is a typical draw (init log-median 305.6 ms, sigma 0.201).
  s.seed = 12;
  model::FunctionSpec f;
  f.name = "fn";
  f.timeout = sim::seconds(30);
  f.keep_alive_s = sim::DistributionSpec::fixed(300);
  f.cold_start.init_duration_ms = sim::DistributionSpec::lognormal(300, 0.2);
  f.duration.per_invocation_ms = sim::DistributionSpec::lognormal(200, 0.3);
  s.functions = {f};
  model::InvokerSpec v;
  v.name = "client";
  v.function = "fn";
  v.arrival.kind = model::ArrivalSpec::Kind::Poisson;
  v.arrival.rate_per_second = 1.0 / 250;
  v.count = 600;
  s.invokers = {v};
  s.duration = sim::hours(72);
  return s;
}

std::string report_lines_of(const model::ScenarioSpec& s) {
  model::Simulation sim(s, s.seed);
  std::ostringstream out;
  reports::ReportLineWriter w(out, sim.engine(), 1'000'000);
  sim.functions()[0]->add_observer(&w);
  sim.run();
  return out.str();
}

const calibrate::ParameterFit& param(const calibrate::FitResult& r, const std::string& name) {
  for (const auto& p : r.parameters)
    if (p.name == name) return p;
  throw std::runtime_error("no parameter " + name);
}

TEST(Calibrate, RecoversKnownParametersFromReportLinesSqsimWrote) {
  const model::ScenarioSpec truth = known_truth();
  const std::string log_path = temp_file("truth-report.log", report_lines_of(truth));
  const calibrate::ObservedLog log = calibrate::read_observed_log(log_path);
  ASSERT_EQ(log.arrivals.size(), 600u);
  EXPECT_GT(log.cold_count(), 100u);  // about exp(-300/250) = 30 % of 600
  EXPECT_EQ(log.init_ms.size(), log.cold_count());

  model::ScenarioSpec start = truth;  // what the user believes before fitting: AWS-ish defaults
  start.functions[0].keep_alive_s = sim::DistributionSpec::uniform(2700, 3600);
  start.functions[0].cold_start.init_duration_ms = sim::DistributionSpec::fixed(1000);
  start.functions[0].duration.per_invocation_ms = sim::DistributionSpec::fixed(50);
  calibrate::FitOptions o;
  o.parameters = {"keep_alive", "init", "duration"};
  o.replications = 3;
  const calibrate::FitResult r = calibrate::fit(start, {log}, o);
  const auto& keep = param(r, "keep_alive_s");
  const auto& init = param(r, "init_duration_ms");
  const auto& dur = param(r, "duration_ms");
  std::printf(
      "keep_alive %.1f s [%.1f, %.1f]; init median %.1f ms [%.1f, %.1f] sigma %.3f; duration median %.1f ms "
      "[%.1f, %.1f] sigma %.3f\n",
      keep.value, keep.low, keep.high, init.value, init.low, init.high, init.sigma, dur.value, dur.low, dur.high,
      dur.sigma);
  ASSERT_TRUE(keep.identifiable);
  EXPECT_LE(keep.low, 300);
  EXPECT_GE(keep.high, 300);
  EXPECT_LT(keep.high - keep.low, 300);  // informative: narrower than the value itself
  EXPECT_LE(init.low, 300);
  EXPECT_GE(init.high, 300);
  EXPECT_NEAR(init.sigma, 0.2, 0.05);
  EXPECT_LE(dur.low, 200);
  EXPECT_GE(dur.high, 200);
  EXPECT_NEAR(dur.sigma, 0.3, 0.05);
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_GT(r.files[0].agreement, 0.95);
  EXPECT_EQ(r.fragment["functions"][0]["name"], "fn");
  EXPECT_EQ(r.fragment["functions"][0]["keep_alive_s"]["type"], "fixed");
  EXPECT_TRUE(r.warnings.empty());
}

TEST(Calibrate, FitsTheTwoAwsLambda2020Logs) {
  const auto s = scenarios::load_scenario_file(kScenarios + "aws-lambda-trace-replay.json");
  for (const char* file : {"res-01-2020-05-28_01-57-40.csv", "res-01-2020-06-04_23-02-14.csv"}) {
    const calibrate::ObservedLog log = calibrate::read_observed_log(kScenarios + "traces/aws-lambda-2020/" + file);
    calibrate::FitOptions o;
    o.parameters = {"init", "keep_alive"};
    o.replications = 3;
    const calibrate::FitResult r = calibrate::fit(s.spec, {log}, o);
    const auto& keep = param(r, "keep_alive_s");
    const auto& init = param(r, "init_duration_ms");
    ASSERT_EQ(r.files.size(), 1u);
    const calibrate::FileFit& f = r.files[0];
    std::printf(
        "%s: keep_alive %.0f s [%.0f, %.0f]; init %.0f ms [%.0f, %.0f]; cold measured %.3f [%.3f, %.3f], "
        "simulated %.3f, agreement %.3f\n",
        file, keep.value, keep.low, keep.high, init.value, init.low, init.high, f.measured_fraction, f.measured_low,
        f.measured_high, f.predicted_fraction, f.agreement);
    EXPECT_TRUE(init.identifiable);  // from the client-side overhead of cold against warm requests
    ASSERT_TRUE(keep.identifiable);
    // The experiments kept idle environments about 10 minutes (data README): the fit's interval holds 600 s.
    EXPECT_LE(keep.low, 600);
    EXPECT_GE(keep.high, 600);
    EXPECT_GE(f.predicted_fraction, f.measured_low);
    EXPECT_LE(f.predicted_fraction, f.measured_high);
  }
}

TEST(Calibrate, AggregateMetricsCannotIdentifyKeepAliveButGiveTheMeanDuration) {
  const std::string path = temp_file("metrics.json", R"({"MetricDataResults": [
    {"Id": "invocations", "Label": "Invocations", "Timestamps": ["2024-01-15T10:00:00Z", "2024-01-15T10:01:00Z"],
     "Values": [30, 10], "StatusCode": "Complete"},
    {"Id": "duration", "Label": "Duration", "Timestamps": ["2024-01-15T10:00:00Z", "2024-01-15T10:01:00Z"],
     "Values": [100, 200], "StatusCode": "Complete"}]})");
  const calibrate::ObservedLog log = calibrate::read_observed_log(path);
  EXPECT_FALSE(log.per_request());
  calibrate::FitOptions o;
  o.parameters = {"keep_alive", "duration"};
  model::ScenarioSpec s = known_truth();
  const calibrate::FitResult r = calibrate::fit(s, {log}, o);
  EXPECT_FALSE(param(r, "keep_alive_s").identifiable);
  EXPECT_DOUBLE_EQ(param(r, "duration_ms").value, (30 * 100 + 10 * 200) / 40.0);  // invocation-weighted
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_NE(r.warnings[0].find("keep_alive: not identifiable"), std::string::npos) << r.warnings[0];
  EXPECT_FALSE(r.fragment["functions"][0].contains("keep_alive_s"));
  EXPECT_THROW(calibrate::fit(s, {log}, calibrate::FitOptions{{"memory"}, "", 1, 1}), std::invalid_argument);
}

}  // namespace
