// Reading GameDays: FIS's action shape and ISO 8601 durations, the real FIS SQS impairment template from the
// fixtures (as it is), targets resolved by name, ARN or tag, and errors that name the JSON path.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "model/simulation.hpp"
#include "reports/gameday_report.hpp"
#include "scenarios/gameday_loader.hpp"
#include "scenarios/scenario_loader.hpp"

namespace {

std::string base(const std::string& gameday, const std::string& queue_extra = "") {
  return R"({"name": "t", "duration_s": 3600,
    "queues": [{"name": "dlq"}, {"name": "q", "visibility_timeout_s": 60,
                "redrive_policy": {"dead_letter_target": "dlq", "max_receive_count": 5})" +
         queue_extra + R"(}],
    "functions": [{"name": "f", "timeout_s": 10, "handler": "always-succeed"}],
    "event_source_mappings": [{"queue": "q", "function": "f"}],
    "producers": [{"name": "p", "queue": "q", "arrival": {"type": "constant", "rate_per_s": 1}, "count": 10}],
    "gameday": )" +
         gameday + "}";
}

std::string error_of(const std::string& text, const std::string& file = "t.json") {
  try {
    scenarios::load_scenario_text(text, file);
  } catch (const scenarios::ScenarioError& e) {
    return e.what();
  }
  return "";
}

TEST(GameDayLoader, Iso8601DurationsAsFisWritesThem) {
  using scenarios::parse_iso8601_duration;
  EXPECT_EQ(parse_iso8601_duration("PT5M"), sim::minutes(5));
  EXPECT_EQ(parse_iso8601_duration("PT1H30M"), sim::minutes(90));
  EXPECT_EQ(parse_iso8601_duration("PT45S"), sim::seconds(45));
  EXPECT_EQ(parse_iso8601_duration("PT0.5S"), sim::millis(500));
  EXPECT_EQ(parse_iso8601_duration("P1D"), sim::hours(24));
  EXPECT_EQ(parse_iso8601_duration("P1DT2H"), sim::hours(26));
  for (const char* bad : {"", "P", "PT", "5M", "PT5", "PT-5M", "pt5m", "PT5M "})
    EXPECT_FALSE(parse_iso8601_duration(bad)) << bad;
}

TEST(GameDayLoader, InlineFisLambdaActionsWithStringParameters) {
  const auto loaded = scenarios::load_scenario_text(base(R"({"start_s": 60, "actions": {
      "delay": {"actionId": "aws:lambda:invocation-add-delay", "targets": {"Functions": ["f"]},
                "parameters": {"duration": "PT2M", "invocationPercentage": "25", "startupDelayMilliseconds": "1500"}},
      "errors": {"actionId": "aws:lambda:invocation-error", "targets": {"Functions": ["f"]}, "startAfter": ["delay"],
                 "parameters": {"duration": "PT1M", "preventExecution": "true"}}},
    "expectations": [{"type": "no_message_lost"}, {"type": "latency_percentile_below", "percentile": 95, "max_ms": 1000}]})"),
                                                    "t.json");
  const auto& g = loaded.spec.gameday;
  ASSERT_EQ(g.actions.size(), 2u);
  EXPECT_EQ(g.start, sim::seconds(60));
  EXPECT_EQ(g.actions[0].kind, model::GameDayAction::Kind::LambdaAddDelay);
  EXPECT_EQ(g.actions[0].invocation_percentage, 25.0);
  EXPECT_EQ(g.actions[0].startup_delay, sim::millis(1500));
  EXPECT_EQ(g.actions[0].duration, sim::minutes(2));
  EXPECT_EQ(g.actions[1].start_after, std::vector<std::string>{"delay"});
  EXPECT_TRUE(g.actions[1].prevent_execution);
  EXPECT_EQ(g.actions[1].targets, std::vector<std::string>{"f"});
  ASSERT_EQ(g.expectations.size(), 2u);
  EXPECT_EQ(g.expectations[1].percentile, 95.0);
}

TEST(GameDayLoader, ReadsTheFisSqsImpairmentTemplateAsItIs) {
  const auto dir = std::filesystem::temp_directory_path() / "sqsim-gameday-loader";
  std::filesystem::create_directories(dir);
  const std::string fixture =
      std::string(SQSIM_SHARED_DIR) + "/fixtures/fis/sqs-queue-impairment-tag-based-experiment-template.json";
  ASSERT_TRUE(std::filesystem::exists(fixture));
  const std::string text = base(R"({"fis_template": ")" + fixture + R"("})", R"(, "tags": {"FIS-Ready": "True"})");
  const auto loaded = scenarios::load_scenario_text(text, (dir / "s.json").string());
  const auto& acts = loaded.spec.gameday.actions;
  ASSERT_EQ(acts.size(), 7u);  // four impairments and three waits
  // The template's own numbers: deny-all for 2, 5, 7 and 15 minutes; waits of 3, 3 and 2 minutes, chained.
  std::map<std::string, const model::GameDayAction*> by_name;
  for (const auto& a : acts) by_name[a.name] = &a;
  EXPECT_EQ(by_name.at("impairSqs2m")->duration, sim::minutes(2));
  EXPECT_EQ(by_name.at("impairSqs15m")->duration, sim::minutes(15));
  EXPECT_EQ(by_name.at("wait3m1")->duration, sim::minutes(3));
  EXPECT_EQ(by_name.at("impairSqs5m")->start_after, std::vector<std::string>{"wait3m1"});
  EXPECT_EQ(by_name.at("impairSqs2m")->kind, model::GameDayAction::Kind::SqsDenyAll);
  // Targets by tag: the queue tagged FIS-Ready=True, not the DLQ.
  EXPECT_EQ(by_name.at("impairSqs7m")->targets, std::vector<std::string>{"q"});

  // Without the tag the impairment acts on nothing: a warning says so.
  const auto untagged = scenarios::load_scenario_text(base(R"({"fis_template": ")" + fixture + R"("})"), "t.json");
  bool warned = false;
  for (const auto& w : untagged.warnings) warned = warned || w.message.find("FIS-Ready=True") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST(GameDayLoader, ErrorsNameThePathAndWhatWasExpected) {
  const auto err = [](const std::string& actions) { return error_of(base(R"({"actions": )" + actions + "}")); };
  EXPECT_NE(
      err(R"({"a": {"actionId": "aws:lambda:invocation-explode", "targets": {"Functions": ["f"]}}})")
          .find("$.gameday.actions.a.actionId: got \"aws:lambda:invocation-explode\", expected one of aws:fis:wait"),
      std::string::npos);
  EXPECT_NE(err(R"({"a": {"actionId": "aws:fis:wait", "parameters": {"duration": "5 minutes"}}})")
                .find("$.gameday.actions.a.parameters.duration: got \"5 minutes\", expected an ISO 8601 duration"),
            std::string::npos);
  EXPECT_NE(
      err(R"({"a": {"actionId": "aws:lambda:invocation-error", "targets": {"Functions": ["f"]},
                        "parameters": {"invocationPercentage": "150"}}})")
          .find(
              "$.gameday.actions.a.parameters.invocationPercentage: got \"150\", expected a percentage from 1 to 100"),
      std::string::npos);
  EXPECT_NE(
      err(R"({"a": {"actionId": "aws:lambda:invocation-error", "targets": {"Functions": ["g"]}}})")
          .find("$.gameday.actions.a.targets.Functions[0]: got \"g\", expected one of the scenario's Functions (f)"),
      std::string::npos);
  EXPECT_NE(err(R"({"a": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "startAfter": ["b"]},
                    "b": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "startAfter": ["a"]}})")
                .find("startAfter cycle"),
            std::string::npos);
  EXPECT_NE(err(R"({"a": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "startAfter": ["zz"]}})")
                .find("names \"zz\", expected the name of another action"),
            std::string::npos);
  EXPECT_NE(
      err(R"({"a": {"actionId": "sim:poison-burst", "targets": {"Producers": ["p"]}, "parameters": {"mesages": 5}}})")
          .find("$.gameday.actions.a.parameters.mesages: unknown parameter for sim:poison-burst"),
      std::string::npos);
  EXPECT_NE(error_of(base(R"({"expectations": [{"type": "alarm_fires_within", "alarm": "x", "after": "nope"}]})"))
                .find("$.gameday.expectations[0].after: got \"nope\", expected the name of a GameDay action"),
            std::string::npos);
}

TEST(GameDayLoader, TheShippedGameDayScenarioLoadsAndOnlyNoOrderLostFails) {
  const auto loaded =
      scenarios::load_scenario_file(std::string(SQSIM_SOURCE_DIR) + "/scenarios/order-processor-gameday.json");
  EXPECT_EQ(loaded.spec.gameday.actions.size(), 8u);  // the template's 7 and the error phase
  model::Simulation sim(loaded.spec, loaded.spec.seed);
  sim.run();
  const auto results = reports::evaluate_expectations(sim);
  ASSERT_EQ(results.size(), 7u);
  // Every expectation holds but "no order lost": the plain producer drops what the impairment refuses
  // (docs/gameday.md; tests/judge pins the outbox producer passing it).
  for (const auto& r : results) EXPECT_EQ(r.passed, r.type != "no_message_lost") << r.name << ": " << r.detail;
  EXPECT_EQ(sim.gameday()->timeline().size(), 8u);
  EXPECT_GT(sim.accounting().dropped_access_denied, 0u);  // sends refused during the impairments
}

}  // namespace
