// The sweep grid: --vary syntax, the order of grid points, and what each named parameter sets in a scenario.
#include <gtest/gtest.h>

#include <stdexcept>

#include "sweep/parameter_grid.hpp"

namespace {

using nlohmann::json;
using sweep::parse_vary;

std::vector<std::string> texts(const sweep::Dimension& d) {
  std::vector<std::string> out;
  for (const auto& v : d.values) out.push_back(sweep::value_text(v));
  return out;
}

TEST(Vary, ListsRangesAndBothInOneDimension) {
  EXPECT_EQ(texts(parse_vary("batch_size=1,5,10")), (std::vector<std::string>{"1", "5", "10"}));
  EXPECT_EQ(texts(parse_vary("maximum_concurrency=5..50:5")),
            (std::vector<std::string>{"5", "10", "15", "20", "25", "30", "35", "40", "45", "50"}));
  EXPECT_EQ(texts(parse_vary("memory=128,512..1024:256")), (std::vector<std::string>{"128", "512", "768", "1024"}));
  EXPECT_EQ(texts(parse_vary("reserved_concurrency=2..4")), (std::vector<std::string>{"2", "3", "4"}));
  // Decimal steps land on the end despite binary rounding (0.1 + 0.2 != 0.3).
  EXPECT_EQ(texts(parse_vary("maximum_batching_window_s=0.1..0.3:0.1")),
            (std::vector<std::string>{"0.1", "0.2", "0.3"}));
  // A range whose step does not land on the end stops before it.
  EXPECT_EQ(texts(parse_vary("batch_size=1..10:4")), (std::vector<std::string>{"1", "5", "9"}));
  // Integers stay integers, so integer fields of the scenario accept them.
  EXPECT_TRUE(parse_vary("batch_size=10").values[0].is_number_integer());
  EXPECT_TRUE(parse_vary("/queues/0/name=abc").values[0].is_string());
}

TEST(Vary, BadTextsSayWhatWasExpected) {
  const auto message = [](const std::string& t) {
    try {
      parse_vary(t);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_NE(message("batch_size").find("expected NAME=VALUES"), std::string::npos);
  EXPECT_NE(message("batch_size=").find("expected NAME=VALUES"), std::string::npos);
  EXPECT_NE(message("batchsize=1,2").find("unknown parameter \"batchsize\""), std::string::npos);
  EXPECT_NE(message("batch_size=1,,2").find("empty value"), std::string::npos);
  EXPECT_NE(message("batch_size=1..10:0").find("step must be positive"), std::string::npos);
  EXPECT_NE(message("batch_size=10..1").find("end is below its start"), std::string::npos);
  EXPECT_NE(message("batch_size=a..b").find("is not a number"), std::string::npos);
  EXPECT_NE(message("batch_size=1,5,1").find("listed twice"), std::string::npos);
  EXPECT_NE(message("batch_size=1..1000000000").find("more than 100,000"), std::string::npos);
}

TEST(Grid, FirstDimensionVariesSlowestLikeNestedLoops) {
  const std::vector<sweep::Dimension> dims = {parse_vary("batch_size=1,2"), parse_vary("memory=128,256,512")};
  const auto g = sweep::grid_points(dims);
  ASSERT_EQ(g.size(), 6U);
  EXPECT_EQ(g[0].label(dims), "batch_size=1 memory=128");
  EXPECT_EQ(g[1].label(dims), "batch_size=1 memory=256");
  EXPECT_EQ(g[3].label(dims), "batch_size=2 memory=128");
  EXPECT_EQ(g[5].label(dims), "batch_size=2 memory=512");
  for (std::size_t i = 0; i < g.size(); ++i) EXPECT_EQ(g[i].index, i);
  // No dimension: one point, the scenario as written.
  EXPECT_EQ(sweep::grid_points({}).size(), 1U);
}

json two_stage() {
  return json::parse(R"({
    "queues": [{"name": "dlq"}, {"name": "q", "redrive_policy": {"dead_letter_target": "dlq", "max_receive_count": 3}},
               {"name": "q2"}],
    "functions": [{"name": "f"}, {"name": "g"}],
    "event_source_mappings": [{"queue": "q", "function": "f"}, {"queue": "q2", "function": "g"}],
    "producers": [{"queue": "q", "arrival": {"type": "poisson", "rate_per_s": 5}},
                  {"queue": "q2", "arrival": {"type": "trace", "times_s": [1, 2]}}]
  })");
}

TEST(ApplyParameter, NamedParametersSetEveryResourceOfTheirKind) {
  json s = two_stage();
  sweep::apply_parameter(s, "batch_size", 7);
  sweep::apply_parameter(s, "maximum_concurrency", 20);
  sweep::apply_parameter(s, "memory", 1024);
  sweep::apply_parameter(s, "reserved_concurrency", 50);
  sweep::apply_parameter(s, "visibility_timeout_s", 90);
  sweep::apply_parameter(s, "max_receive_count", 5);
  sweep::apply_parameter(s, "rate_per_s", 40);
  for (const auto& m : s["event_source_mappings"]) {
    EXPECT_EQ(m["batch_size"], 7);
    EXPECT_EQ(m["maximum_concurrency"], 20);
  }
  for (const auto& f : s["functions"]) {
    EXPECT_EQ(f["memory_size_mb"], 1024);
    EXPECT_EQ(f["reserved_concurrency"], 50);
  }
  // Visibility timeout: only queues a mapping reads (not the DLQ); maxReceiveCount: only queues with a redrive policy.
  EXPECT_FALSE(s["queues"][0].contains("visibility_timeout_s"));
  EXPECT_EQ(s["queues"][1]["visibility_timeout_s"], 90);
  EXPECT_EQ(s["queues"][2]["visibility_timeout_s"], 90);
  EXPECT_EQ(s["queues"][1]["redrive_policy"]["max_receive_count"], 5);
  EXPECT_FALSE(s["queues"][2].contains("redrive_policy"));
  // Rate: constant and Poisson producers; a trace keeps its times.
  EXPECT_EQ(s["producers"][0]["arrival"]["rate_per_s"], 40);
  EXPECT_FALSE(s["producers"][1]["arrival"].contains("rate_per_s"));
}

TEST(ApplyParameter, JsonPointersSetOneResourceAndMissingTargetsAreErrors) {
  json s = two_stage();
  sweep::apply_parameter(s, "/functions/1/memory_size_mb", 2048);
  EXPECT_FALSE(s["functions"][0].contains("memory_size_mb"));
  EXPECT_EQ(s["functions"][1]["memory_size_mb"], 2048);
  EXPECT_THROW(sweep::apply_parameter(s, "/functions/7/memory_size_mb", 1), std::exception);
  EXPECT_THROW(sweep::apply_parameter(s, "/nothing/here", 1), std::invalid_argument);
  json empty = json::object();
  try {
    sweep::apply_parameter(empty, "batch_size", 10);
    FAIL() << "batch_size on a scenario without mappings must be an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("event_source_mappings"), std::string::npos) << e.what();
  }
}

}  // namespace

namespace {

// One configuration's diagnostics, by the rules every entry path shares: batch_size 25 needs a batching window.
TEST(ConfigurationDiagnostics, EachPointIsHeldToTheScenarioRules) {
  const json scenario = json::parse(R"({"name": "t",
    "queues": [{"name": "q", "visibility_timeout_s": 60}],
    "functions": [{"name": "f", "timeout_s": 10}],
    "event_source_mappings": [{"queue": "q", "function": "f"}],
    "producers": [{"name": "p", "queue": "q", "arrival": {"type": "constant", "rate_per_s": 1}, "count": 10}]})");
  const std::vector<sweep::Dimension> dims = {parse_vary("batch_size=10,25"),
                                              parse_vary("maximum_batching_window_s=0,1")};
  const auto points = sweep::grid_points(dims);
  ASSERT_EQ(points.size(), 4u);
  const auto errors = [&](std::size_t i) {
    std::string out;
    for (const auto& d : sweep::configuration_diagnostics(scenario, dims, points[i], "t.json"))
      if (d.severity == scenarios::Diagnostic::Severity::Error) out += d.format() + "\n";
    return out;
  };
  EXPECT_EQ(errors(0), "");  // 10, 0
  EXPECT_EQ(errors(1), "");  // 10, 1
  EXPECT_NE(errors(2).find("$.event_source_mappings[0].batch_size: got 25, expected at most 10 unless"),
            std::string::npos)
      << errors(2);
  EXPECT_EQ(errors(3), "");                                                           // 25, 1
  const std::vector<sweep::Dimension> nothing = {parse_vary("max_receive_count=3")};  // no redrive policy
  const auto d = sweep::configuration_diagnostics(scenario, nothing, sweep::grid_points(nothing)[0], "t.json");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].path, "--vary");
}

}  // namespace
