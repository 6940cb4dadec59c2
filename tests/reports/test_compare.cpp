// sqsim compare / check: metrics from summary.json, Welch intervals, direction-aware tolerances, and the Infracost
// file.
#include <gtest/gtest.h>

#include <cmath>

#include "loader/scenario_loader.hpp"
#include "model/cost.hpp"
#include "model/simulation.hpp"
#include "reports/compare.hpp"
#include "reports/infracost.hpp"
#include "reports/summary.hpp"

namespace {

using nlohmann::json;

json summary_with(double p99, double in_dlq) {
  return {{"schema_version", 1},
          {"accounting", {{"deleted", 100}, {"in_dlq", in_dlq}, {"expired", 0}, {"filtered", 0}}},
          {"end_to_end_latency_ms", {{"p99", p99}}}};
}

TEST(Compare, WelchIntervalMatchesAHandComputation) {
  // A: p99 = 10, 12, 14 (mean 12, s^2 = 4); B: 20, 21, 22, 23 (mean 21.5, s^2 = 5/3).
  const std::vector<json> a = {summary_with(10, 0), summary_with(12, 0), summary_with(14, 0)};
  const std::vector<json> b = {summary_with(20, 0), summary_with(21, 0), summary_with(22, 0), summary_with(23, 0)};
  const auto rows = reports::compare_runs(a, b);
  const auto it = std::find_if(rows.begin(), rows.end(), [](const auto& r) { return r.name == "latency_p99_ms"; });
  ASSERT_NE(it, rows.end());
  EXPECT_DOUBLE_EQ(it->difference, 9.5);
  // se^2 = 4/3 + (5/3)/4 = 1.75; Welch df = 1.75^2 / ((4/3)^2/2 + (5/12)^2/3) = 3.0625 / 0.94676 = 3.2347;
  // t(0.975, 3.2347) = 3.05571 (Simpson integration of the t density and bisection, independent of Boost);
  // half-width = 3.05571 * sqrt(1.75) = 4.04233.
  ASSERT_TRUE(it->ci_low.has_value());
  EXPECT_NEAR(*it->ci_high - it->difference, 4.04233, 1e-4);
  EXPECT_NEAR(it->difference - *it->ci_low, 4.04233, 1e-4);
  // One run on a side: no interval.
  EXPECT_FALSE(reports::compare_runs({a[0]}, b).front().ci_low.has_value());
}

TEST(Compare, CheckFailsOnlyWhatGotWorseBeyondItsTolerance) {
  const auto base = reports::extract_metrics(summary_with(100, 0));
  const auto tol = reports::default_tolerances();
  const auto find = [](const std::vector<reports::CheckResult>& rs, const std::string& n) {
    return *std::find_if(rs.begin(), rs.end(), [&](const auto& r) { return r.name == n; });
  };
  // p99 up 9 %: inside 10 %. Down 50 %: better, passes.
  EXPECT_TRUE(
      find(reports::check_against_baseline(base, reports::extract_metrics(summary_with(109, 0)), tol), "latency_p99_ms")
          .passed);
  EXPECT_TRUE(
      find(reports::check_against_baseline(base, reports::extract_metrics(summary_with(50, 0)), tol), "latency_p99_ms")
          .passed);
  EXPECT_FALSE(
      find(reports::check_against_baseline(base, reports::extract_metrics(summary_with(111, 0)), tol), "latency_p99_ms")
          .passed);
  // One message more in the DLQ is a regression with the default zero tolerance.
  EXPECT_FALSE(
      find(reports::check_against_baseline(base, reports::extract_metrics(summary_with(100, 1)), tol), "in_dlq")
          .passed);
  auto loose = reports::parse_tolerances(json{{"in_dlq", {{"absolute", 5}}}}, "t.json");
  EXPECT_TRUE(
      find(reports::check_against_baseline(base, reports::extract_metrics(summary_with(100, 5)), loose), "in_dlq")
          .passed);
}

TEST(Compare, ToleranceErrorsNameTheFileAndPath) {
  const auto err = [](const json& j) {
    try {
      (void)reports::parse_tolerances(j, "tol.json");
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(err(json{{"latency_p98_ms", {{"relative", 0.1}}}}).find("tol.json: $.latency_p98_ms: unknown metric"),
            std::string::npos);
  EXPECT_NE(err(json{{"in_dlq", {{"relative", -1}}}}).find("tol.json: $.in_dlq.relative: got -1"), std::string::npos);
  EXPECT_NE(err(json{{"in_dlq", 3}}).find("expected {\"relative\""), std::string::npos);
}

TEST(Infracost, UsageKeysAreTheTerraformAddressesTheImportRecorded) {
  // A scenario as `sqsim import` writes it: each resource's Terraform address in "_source". The worker function
  // came from a workload (no address), so it is not keyed: Infracost would match it to nothing in the plan.
  nlohmann::json doc = nlohmann::json::parse(R"({
    "name": "imported", "duration_s": 600,
    "queues": [{"name": "orders", "_source": "aws_sqs_queue.orders"}],
    "functions": [{"name": "worker", "handler": "always-succeed"},
                  {"name": "acme-analysis", "handler": "always-succeed", "_source": "module.app.aws_lambda_function.analysis"}],
    "event_source_mappings": [{"queue": "orders", "function": "worker"}],
    "producers": [{"name": "p", "queue": "orders", "arrival": {"type": "constant", "rate_per_s": 5}, "stop_s": 300}]
  })");
  const auto loaded = scenarios::load_scenario_text(doc.dump(), "imported.json");
  model::Simulation sim(loaded.spec, loaded.spec.seed);
  sim.run();
  const std::string yaml = reports::infracost_usage_yaml(sim, doc);
  const model::CostReport cost = model::compute_cost(sim, model::Pricing{}, false);
  ASSERT_TRUE(cost.monthly_messages.has_value());
  const double month = *cost.monthly_messages / cost.completed_messages;
  const auto& q = sim.queues()[0]->counters();
  EXPECT_NE(yaml.find("version: 0.1\nresource_usage:\n"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("  aws_sqs_queue.orders:\n    monthly_requests: " +
                      std::to_string(std::llround(static_cast<double>(q.billed_requests) * month))),
            std::string::npos)
      << yaml;
  EXPECT_EQ(yaml.find("  worker:"), std::string::npos);
  EXPECT_EQ(yaml.find("aws_lambda_function.worker"), std::string::npos);
  EXPECT_NE(yaml.find("# Not in the imported config (no Terraform address), so not keyed: worker\n"), std::string::npos)
      << yaml;
  EXPECT_NE(yaml.find("  module.app.aws_lambda_function.analysis:\n    monthly_requests: 0\n"), std::string::npos)
      << yaml;
}

TEST(Infracost, NoProjectionWritesNoZeroUsage) {
  // A run too short to scale to a month (an import before a workload is added): writing monthly_requests: 0 would
  // tell Infracost the month is free. The keys are listed as comments and resource_usage is empty.
  nlohmann::json doc = nlohmann::json::parse(R"({
    "name": "imported", "duration_s": 10,
    "queues": [{"name": "orders", "_source": "aws_sqs_queue.orders"}],
    "functions": [{"name": "acme", "handler": "always-succeed", "_source": "aws_lambda_function.acme"}],
    "event_source_mappings": [{"queue": "orders", "function": "acme"}]
  })");
  const auto loaded = scenarios::load_scenario_text(doc.dump(), "imported.json");
  model::Simulation sim(loaded.spec, loaded.spec.seed);
  sim.run();
  ASSERT_FALSE(model::compute_cost(sim, model::Pricing{}, false).monthly_messages);
  const std::string yaml = reports::infracost_usage_yaml(sim, doc);
  EXPECT_EQ(yaml.find("monthly_requests"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("#   aws_sqs_queue.orders: no usage written (no monthly projection)\n"), std::string::npos)
      << yaml;
  EXPECT_NE(yaml.find("#   aws_lambda_function.acme: no usage written"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("version: 0.1\nresource_usage: {}\n"), std::string::npos) << yaml;
}

TEST(Infracost, CloudFormationLogicalIdsAreKeys) {
  EXPECT_EQ(reports::infracost_key("Resources.OrdersQueue"), "OrdersQueue");
  EXPECT_EQ(reports::infracost_key("module.app.aws_sqs_queue.orders"), "module.app.aws_sqs_queue.orders");
}

}  // namespace
