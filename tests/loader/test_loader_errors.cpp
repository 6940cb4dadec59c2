// Bad input gets an error naming the file, the JSON path, the value and what was expected; never a crash.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "loader/scenario_loader.hpp"

namespace {

std::string first_error(const std::string& text) {
  try {
    scenarios::load_scenario_text(text, "test.json");
  } catch (const scenarios::ScenarioError& e) {
    return e.what();
  }
  return "";
}

const char* kValid = R"({
  "name": "t", "duration_s": 100,
  "queues": [{"name": "dlq"}, {"name": "q", "visibility_timeout_s": 60,
              "redrive_policy": {"dead_letter_target": "dlq", "max_receive_count": 5}}],
  "functions": [{"name": "f", "timeout_s": 10, "handler": "order-processor"}],
  "event_source_mappings": [{"queue": "q", "function": "f", "batch_size": 10}],
  "producers": [{"name": "p", "queue": "q", "arrival": {"type": "poisson", "rate_per_s": 5}, "count": 10}]
})";

std::string with(const std::string& from, const std::string& to) {
  std::string s = kValid;
  const auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return s.replace(pos, from.size(), to);
}

TEST(ScenarioLoader, AcceptsAValidScenario) {
  const auto s = scenarios::load_scenario_text(kValid, "test.json");
  EXPECT_EQ(s.spec.queues.size(), 2u);
  EXPECT_EQ(s.spec.queues[1].visibility_timeout, sim::seconds(60));
  EXPECT_TRUE(s.warnings.empty());
}

TEST(ScenarioLoader, OutOfRangeValueNamesFilePathValueAndRange) {
  const std::string e = first_error(with("\"visibility_timeout_s\": 60", "\"visibility_timeout_s\": 50000"));
  EXPECT_NE(e.find("test.json"), std::string::npos) << e;
  EXPECT_NE(e.find("$.queues[1].visibility_timeout_s"), std::string::npos) << e;
  EXPECT_NE(e.find("50000"), std::string::npos) << e;
  EXPECT_NE(e.find("0 to 43200"), std::string::npos) << e;
}

TEST(ScenarioLoader, BatchSizeAboveTenNeedsAWindow) {
  // Lambda: BatchSize > 10 requires MaximumBatchingWindowInSeconds >= 1.
  const std::string e = first_error(with("\"batch_size\": 10", "\"batch_size\": 11"));
  EXPECT_NE(e.find("$.event_source_mappings[0].batch_size"), std::string::npos) << e;
  EXPECT_NE(e.find("MaximumBatchingWindowInSeconds"), std::string::npos) << e;
  EXPECT_EQ(first_error(with("\"batch_size\": 10", "\"batch_size\": 11, \"maximum_batching_window_s\": 1")), "");
}

TEST(ScenarioLoader, VisibilityUnderSixTimesTheTimeoutIsAWarning) {
  const auto s = scenarios::load_scenario_text(with("\"timeout_s\": 10", "\"timeout_s\": 11"), "test.json");
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_NE(s.warnings[0].message.find("6 x the function timeout"), std::string::npos);
}

TEST(ScenarioLoader, UnknownKeysTypesAndReferencesAreErrors) {
  EXPECT_NE(first_error(with("\"visibility_timeout_s\"", "\"visiblity_timeout_s\"")).find("unknown key"),
            std::string::npos);
  EXPECT_NE(first_error(with("\"count\": 10", "\"count\": \"ten\"")).find("$.producers[0].count"), std::string::npos);
  EXPECT_NE(first_error(with("\"dead_letter_target\": \"dlq\"", "\"dead_letter_target\": \"nope\"")).find("nope"),
            std::string::npos);
  EXPECT_NE(first_error(with("\"function\": \"f\"", "\"function\": \"g\"")).find("$.event_source_mappings[0].function"),
            std::string::npos);
  EXPECT_NE(first_error(with("\"handler\": \"order-processor\"", "\"handler\": \"x\"")).find("built-in handler"),
            std::string::npos);
  EXPECT_NE(first_error(with("\"max_receive_count\": 5", "\"max_receive_count\": 0")).find("1 to 1000"),
            std::string::npos);
}

TEST(ScenarioLoader, InvalidJsonReportsLineAndColumn) {
  const std::string e = first_error("{\n  \"name\": \"x\",\n  oops\n}");
  EXPECT_NE(e.find("line 3"), std::string::npos) << e;
}

TEST(ScenarioLoader, GarbageNeverCrashes) {
  // Truncations and byte flips of a valid file: each must load or throw ScenarioError, nothing else.
  const std::string base = kValid;
  for (std::size_t cut = 0; cut < base.size(); cut += 7) {
    try {
      scenarios::load_scenario_text(base.substr(0, cut), "cut.json");
    } catch (const scenarios::ScenarioError&) {
    }
  }
  for (std::size_t i = 0; i < base.size(); i += 3) {
    std::string s = base;
    s[i] = static_cast<char>(s[i] ^ 0x5a);
    try {
      scenarios::load_scenario_text(s, "flip.json");
    } catch (const scenarios::ScenarioError&) {
    }
  }
}

TEST(ScenarioLoader, MissingFileIsAnError) {
  EXPECT_THROW(scenarios::load_scenario_file("/nonexistent/scenario.json"), scenarios::ScenarioError);
}

}  // namespace

namespace {

const char* kFifo = R"({
  "name": "f", "duration_s": 100,
  "queues": [{"name": "dlq.fifo", "type": "fifo"},
             {"name": "q.fifo", "type": "fifo", "content_based_deduplication": true, "visibility_timeout_s": 60,
              "redrive_policy": {"dead_letter_target": "dlq.fifo", "max_receive_count": 5}}],
  "functions": [{"name": "f", "timeout_s": 10}],
  "event_source_mappings": [{"queue": "q.fifo", "function": "f", "batch_size": 10}],
  "producers": [{"name": "p", "queue": "q.fifo", "arrival": {"type": "constant", "rate_per_s": 5}, "count": 10,
                 "message_groups": 3, "duplicate_fraction": 0.1}],
  "redrives": [{"type": "message_move_task", "source": "dlq.fifo", "start_s": 50, "max_messages_per_second": 100}]
})";

std::string fifo_with(const std::string& from, const std::string& to) {
  std::string s = kFifo;
  const auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return s.replace(pos, from.size(), to);
}

TEST(ScenarioLoader, AcceptsFifoQueuesAndRedrives) {
  const auto s = scenarios::load_scenario_text(kFifo, "fifo.json");
  EXPECT_TRUE(s.spec.queues[1].fifo);
  EXPECT_TRUE(s.spec.queues[1].content_based_deduplication);
  EXPECT_EQ(s.spec.producers[0].message_groups, 3u);
  ASSERT_EQ(s.spec.redrives.size(), 1u);
  EXPECT_EQ(s.spec.redrives[0].max_messages_per_second, 100.0);
}

TEST(ScenarioLoader, FifoRulesAreErrors) {
  // SQS: FIFO queue names end in .fifo; a DLQ has the same type as its source; Lambda: FIFO batches <= 10, no window.
  EXPECT_NE(first_error(fifo_with("\"name\": \"q.fifo\", \"type\": \"fifo\"", "\"name\": \"q\", \"type\": \"fifo\""))
                .find(".fifo"),
            std::string::npos);
  EXPECT_NE(
      first_error(fifo_with("{\"name\": \"dlq.fifo\", \"type\": \"fifo\"}", "{\"name\": \"dlq.fifo\"}")).find("type"),
      std::string::npos);
  EXPECT_NE(first_error(fifo_with("\"batch_size\": 10", "\"batch_size\": 11, \"maximum_batching_window_s\": 1"))
                .find("$.event_source_mappings[0].batch_size"),
            std::string::npos);
  EXPECT_NE(first_error(fifo_with("\"message_groups\": 3", "\"message_groups\": 3, \"delay_s\": 5")).find("delay_s"),
            std::string::npos);
}

TEST(ScenarioLoader, RedriveRulesAreErrors) {
  // SQS StartMessageMoveTask: the source must be a DLQ; at most 500 messages per second.
  EXPECT_NE(first_error(fifo_with("\"source\": \"dlq.fifo\"", "\"source\": \"q.fifo\"")).find("dead-letter queue"),
            std::string::npos);
  EXPECT_NE(first_error(fifo_with("\"max_messages_per_second\": 100", "\"max_messages_per_second\": 501")).find("500"),
            std::string::npos);
}

}  // namespace

namespace {

TEST(ScenarioLoader, EsmScalingAndLambdaFields) {
  const auto s = scenarios::load_scenario_text(
      with("\"batch_size\": 10",
           "\"batch_size\": 10, \"maximum_concurrency\": 20, \"scaling\": {\"mode\": \"legacy\"}, "
           "\"filter_criteria\": [\"{\\\"body\\\": {\\\"amount\\\": [{\\\"numeric\\\": [\\\">\\\", 0]}]}}\"]"),
      "t.json");
  const auto& m = s.spec.event_source_mappings[0];
  EXPECT_EQ(m.scaling.mode, model::EsmScalingSpec::Mode::Legacy);
  EXPECT_EQ(m.scaling.maximum_concurrency, 20u);
  ASSERT_EQ(m.filter_patterns.size(), 1u);
  const auto f = scenarios::load_scenario_text(
      with("\"timeout_s\": 10",
           "\"timeout_s\": 10, \"runtime\": \"python3.13\", \"architecture\": \"arm64\", "
           "\"package_type\": \"Image\", \"vpc\": true, \"reserved_concurrency\": 10, "
           "\"provisioned_concurrency\": 4, \"idle_environment_choice\": \"newest_created\""),
      "t.json");
  EXPECT_EQ(f.spec.functions[0].provisioned_concurrency, 4u);
  EXPECT_FALSE(f.spec.functions[0].cold_start.init_duration_ms.has_value());  // the runtime table decides
}

TEST(ScenarioLoader, LambdaRangesAreErrors) {
  // ScalingConfig.MaximumConcurrency: 2 to 1,000; provisioned mode excludes it; provisioned <= reserved concurrency.
  EXPECT_NE(first_error(with("\"batch_size\": 10", "\"batch_size\": 10, \"maximum_concurrency\": 1")).find("2 to 1000"),
            std::string::npos);
  EXPECT_NE(
      first_error(with("\"batch_size\": 10",
                       "\"batch_size\": 10, \"maximum_concurrency\": 5, \"scaling\": {\"mode\": \"provisioned\"}"))
          .find("provisioned mode excludes"),
      std::string::npos);
  EXPECT_NE(first_error(with("\"timeout_s\": 10",
                             "\"timeout_s\": 10, \"reserved_concurrency\": 2, \"provisioned_concurrency\": 3"))
                .find("provisioned_concurrency"),
            std::string::npos);
  EXPECT_NE(first_error(with("\"timeout_s\": 10", "\"timeout_s\": 901")).find("1 to 900"), std::string::npos);
  EXPECT_NE(first_error(with("\"timeout_s\": 10", "\"timeout_s\": 10, \"memory_size_mb\": 10241")).find("128 to 10240"),
            std::string::npos);
}

}  // namespace
