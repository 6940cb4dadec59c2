// Alarms in scenarios: loader errors at the JSON path, and the default scenario's documented alarms on a real run.
#include <gtest/gtest.h>

#include <string>

#include "loader/scenario_loader.hpp"
#include "model/simulation.hpp"
#include "reports/gameday_report.hpp"

namespace {

std::string with_alarm(const std::string& alarm) {
  return R"({"name": "t", "duration_s": 600, "metrics_period_s": 60,
    "queues": [{"name": "dlq"}, {"name": "q", "visibility_timeout_s": 60,
                "redrive_policy": {"dead_letter_target": "dlq", "max_receive_count": 5}}],
    "functions": [{"name": "f", "timeout_s": 10, "handler": "always-succeed"}],
    "event_source_mappings": [{"queue": "q", "function": "f"}],
    "producers": [{"name": "p", "queue": "q", "arrival": {"type": "constant", "rate_per_s": 1}, "count": 10}],
    "alarms": [)" +
         alarm + "]}";
}

std::string error_of(const std::string& text) {
  try {
    scenarios::load_scenario_text(text, "t.json");
  } catch (const scenarios::ScenarioError& e) {
    return e.what();
  }
  return "";
}

TEST(Alarms, LoaderErrorsNameThePath) {
  EXPECT_NE(error_of(with_alarm(R"({"name": "a", "dimensions": {"QueueName": "nope"}, "threshold": 0})"))
                .find("$.alarms[0].dimensions.QueueName: got \"nope\", expected the name of a queue in $.queues"),
            std::string::npos);
  EXPECT_NE(error_of(with_alarm(R"({"name": "a", "dimensions": {"QueueName": "q"}, "threshold": 0, "period_s": 90})"))
                .find("$.alarms[0].period_s: got 90, expected a multiple of the scenario's metrics_period_s (60)"),
            std::string::npos);
  EXPECT_NE(error_of(with_alarm(R"({"name": "a", "dimensions": {"QueueName": "q"}, "threshold": 0,
                                    "evaluation_periods": 2, "datapoints_to_alarm": 3})"))
                .find("$.alarms[0].datapoints_to_alarm: got 3, expected at most evaluation_periods (2)"),
            std::string::npos);
  EXPECT_NE(error_of(with_alarm(R"({"name": "a", "namespace": "AWS/Lambda", "metric_name": "Errors",
                                    "dimensions": {"FunctionName": "f"}, "threshold": 0, "extended_statistic": "p99"})"))
                .find("p99 is recorded for AWS/Lambda Duration only"),
            std::string::npos);
  EXPECT_NE(
      error_of(with_alarm(R"({"name": "a", "dimensions": {"QueueName": "q"}})")).find("$.alarms[0].threshold: missing"),
      std::string::npos);
  EXPECT_NE(error_of(with_alarm(
                         R"({"name": "a", "metric_name": "Errors", "dimensions": {"QueueName": "q"}, "threshold": 0})"))
                .find("$.alarms[0].metric_name"),
            std::string::npos);
}

TEST(Alarms, TheDefaultScenariosDlqAlarmFiresWhenTheFirstPoisonOrderArrives) {
  const auto loaded = scenarios::load_scenario_file(std::string(SQSIM_SOURCE_DIR) + "/scenarios/order-processor.json");
  model::Simulation sim(loaded.spec, loaded.spec.seed);
  sim::Time first_in_dlq = sim::Time::max();
  while (sim.step()) {
    if (first_in_dlq == sim::Time::max() && sim.queues()[0]->stored() > 0) first_in_dlq = sim.now();
  }
  sim.finish();
  ASSERT_NE(first_in_dlq, sim::Time::max());
  const auto timelines = reports::alarm_timelines(sim);
  ASSERT_EQ(timelines.size(), 2u);
  const auto entered = timelines[0].entered_alarm();  // dlq-not-empty: Maximum > 0 over 1 minute
  ASSERT_EQ(entered.size(), 1u);
  // At the end of the one-minute period in which the first message reached the DLQ.
  EXPECT_EQ(entered[0], sim::seconds(60) * (first_in_dlq.us / 60'000'000 + 1));
  // The poison orders fail through partial batch responses, not function errors: the Errors alarm stays quiet.
  EXPECT_TRUE(timelines[1].entered_alarm().empty());
}

}  // namespace
