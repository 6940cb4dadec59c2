// Every bad input a clear error with its path: nesting, numbers out of range, duplicate keys, AWS naming rules,
// invalid UTF-8, and the peak-memory estimate that refuses what cannot fit.
#include <gtest/gtest.h>

#include <string>

#include "loader/json_reader.hpp"
#include "loader/resource_estimate.hpp"
#include "loader/scenario_loader.hpp"

namespace {

std::string errors_of(const std::string& text) {
  try {
    (void)scenarios::load_scenario_text(text, "x.json");
  } catch (const scenarios::ScenarioError& e) {
    std::string all;
    for (const auto& d : e.diagnostics()) all += d.format() + "\n";
    return all;
  }
  return "";
}

TEST(InputLimits, NestingDeeperThanTheLimitIsRefusedAtItsPath) {
  std::string deep = R"({"name": "x", "queues": [{"name": "q", "tags": )";
  for (int i = 0; i < 100000; ++i) deep += "[";
  const std::string e = errors_of(deep);
  EXPECT_NE(e.find("x.json: error: $.queues[0].tags"), std::string::npos) << e.substr(0, 300);
  EXPECT_NE(e.find("nested too deeply: more than 64 levels"), std::string::npos) << e.substr(0, 300);
  std::string ok = "[";
  for (int i = 1; i < 64; ++i) ok += "[";
  for (int i = 0; i < 64; ++i) ok += "]";
  scenarios::JsonReader r("y.json");
  EXPECT_TRUE(scenarios::parse_document(ok, r).has_value());  // exactly the limit
}

TEST(InputLimits, ANumberBeyondADoubleIsAnErrorAtItsPathAndPosition) {
  const std::string e = errors_of("{\"name\": \"x\",\n \"duration_s\": 1e400}");
  EXPECT_NE(e.find("x.json: error: $.duration_s: got 1e400 at line 2, column"), std::string::npos) << e;
}

TEST(InputLimits, ADuplicateKeyIsAWarningGivingTheEarlierValue) {
  scenarios::JsonReader r("d.json");
  const auto j = scenarios::parse_document(R"({"a": {"b": 1, "b": 2}})", r);
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ((*j)["a"]["b"], 2);
  ASSERT_EQ(r.diagnostics().size(), 1U);
  EXPECT_EQ(r.diagnostics()[0].format(),
            "d.json: warning: $.a.b: duplicate key \"b\": its earlier value 1 is replaced by the later one; remove one "
            "of them");
}

TEST(InputLimits, NamesFollowAwsNamingRules) {
  const std::string e = errors_of(R"({"name": "x", "queues": [{"name": "q,col\ninjected"}, {"name": "ok_q-1"}],
      "functions": [{"name": "fn\"quoted"}]})");
  EXPECT_NE(e.find("$.queues[0].name: got \"q,col\\ninjected\" (the character ','), expected a name by the rule for "
                   "SQS queue names"),
            std::string::npos)
      << e;
  EXPECT_EQ(e.find("$.queues[1].name"), std::string::npos) << e;
  EXPECT_NE(e.find("$.functions[0].name: got \"fn\\\"quoted\" (the character '\"'), expected a name by the rule for "
                   "Lambda function names"),
            std::string::npos)
      << e;
  EXPECT_NE(
      errors_of(R"({"name": "x", "queues": [{"name": ")" + std::string(81, 'a') + R"("}]})").find("(81 characters)"),
      std::string::npos);
  EXPECT_NE(errors_of(R"({"name": "x", "queues": [{"name": "a.b"}]})").find("a '.' outside the .fifo suffix"),
            std::string::npos);
}

TEST(InputLimits, Utf8IsCheckedByteByByte) {
  EXPECT_FALSE(scenarios::first_invalid_utf8("plain, é, €, 𝄞").has_value());
  EXPECT_EQ(scenarios::first_invalid_utf8("ab\xff"), 2U);
  EXPECT_EQ(scenarios::first_invalid_utf8("\xc0\xaf"), 0U);          // overlong
  EXPECT_EQ(scenarios::first_invalid_utf8("x\xed\xa0\x80"), 1U);     // a surrogate
  EXPECT_EQ(scenarios::first_invalid_utf8("\xf4\x90\x80\x80"), 0U);  // beyond U+10FFFF
  EXPECT_EQ(scenarios::first_invalid_utf8("\xe2\x82"), 0U);          // cut short
}

TEST(InputLimits, PeakMemoryIsEstimatedFromTheScenario) {
  // 1,000 msg/s for an hour into a queue nobody consumes: 3.6 M messages at 330 B.
  const auto backlog = scenarios::load_scenario_text(
      R"({"name": "x", "duration_s": 3600, "queues": [{"name": "q"}],
          "producers": [{"name": "p", "queue": "q", "arrival": {"type": "constant", "rate_per_s": 1000}}]})",
      "x.json");
  const auto e = scenarios::estimate_peak_memory(backlog.spec);
  ASSERT_FALSE(e.parts.empty());
  EXPECT_EQ(e.parts[0].what, "queue q: up to 3,600,000 messages held at once × 330 B");
  EXPECT_DOUBLE_EQ(e.parts[0].bytes, 3.6e6 * 330);
  // The same traffic drained by a mapping with room to spare holds almost nothing.
  const auto drained = scenarios::load_scenario_text(
      R"({"name": "x", "duration_s": 3600, "queues": [{"name": "q"}],
          "functions": [{"name": "f", "handler": "always-succeed", "duration": {"per_invocation_ms": 100}}],
          "event_source_mappings": [{"queue": "q", "function": "f"}],
          "producers": [{"name": "p", "queue": "q", "arrival": {"type": "constant", "rate_per_s": 1000}}]})",
      "x.json");
  EXPECT_LT(scenarios::estimate_peak_memory(drained.spec).bytes, 100e6);
  EXPECT_EQ(scenarios::parse_byte_size("4G"), 4ULL << 30);
  // Streams that draw ahead hold two blocks each: a Poisson producer's gaps and a function's drawn durations count, a
  // constant rate and a fixed duration do not (sim::DrawAhead).
  const auto part_named = [](const scenarios::ResourceEstimate& e, const std::string& prefix) {
    for (const auto& p : e.parts)
      if (p.what.rfind(prefix, 0) == 0) return p;
    return scenarios::ResourceEstimate::Part{};
  };
  EXPECT_TRUE(part_named(scenarios::estimate_peak_memory(drained.spec), "random draws").what.empty());
  const auto ahead = scenarios::load_scenario_text(
      R"({"name": "x", "duration_s": 3600, "queues": [{"name": "q"}],
          "functions": [{"name": "f", "handler": "always-succeed",
                         "duration": {"per_invocation_ms": {"type": "exponential", "mean": 100}}}],
          "event_source_mappings": [{"queue": "q", "function": "f"}],
          "producers": [{"name": "p", "queue": "q", "arrival": {"type": "poisson", "rate_per_s": 1000}}]})",
      "x.json");
  const auto drawn = part_named(scenarios::estimate_peak_memory(ahead.spec), "random draws");
  EXPECT_EQ(drawn.what, "random draws made ahead: 2 streams × 512 KiB");
  EXPECT_DOUBLE_EQ(drawn.bytes, 2 * 2 * 16384 * (8.0 + 8.0));  // two blocks per stream, a draw and its value each
  EXPECT_EQ(scenarios::parse_byte_size("512MiB"), 512ULL << 20);
  EXPECT_EQ(scenarios::parse_byte_size("1000"), 1000U);
  EXPECT_FALSE(scenarios::parse_byte_size("lots").has_value());
  EXPECT_FALSE(scenarios::parse_byte_size("-1G").has_value());
}

}  // namespace
