// Topology checks (Boost Graph): the loader turns configurations that strand or lose messages into errors or warnings
// naming the JSON path, and `write_topology_dot` draws the pipeline.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "loader/scenario_loader.hpp"
#include "loader/topology.hpp"

namespace {

std::string diagnostics_of(const std::string& text) {
  try {
    const auto loaded = scenarios::load_scenario_text(text, "t.json");
    std::string out;
    for (const auto& d : loaded.warnings) out += d.format() + "\n";
    return out;
  } catch (const scenarios::ScenarioError& e) {
    return e.what();
  }
}

const char* kFunctions = R"("functions": [{"name": "f", "timeout_s": 10, "handler": "always-succeed"}])";

TEST(Topology, RedrivePolicyLoopIsAnError) {
  const std::string text = std::string(R"({"name": "t", "queues": [
      {"name": "a", "visibility_timeout_s": 60, "redrive_policy": {"dead_letter_target": "b", "max_receive_count": 5}},
      {"name": "b", "visibility_timeout_s": 60, "redrive_policy": {"dead_letter_target": "a", "max_receive_count": 5}}],
    )") + kFunctions + R"(, "event_source_mappings": [{"queue": "a", "function": "f"}],
    "producers": [{"name": "p", "queue": "a", "arrival": {"type": "constant", "rate_per_s": 1}, "count": 1}]})";
  const std::string d = diagnostics_of(text);
  EXPECT_NE(d.find("t.json: error: $.queues[0].redrive_policy: redrive policies form a loop with no way out (a -> b)"),
            std::string::npos)
      << d;
}

TEST(Topology, QueueRedrivingToItselfIsAnError) {
  const std::string text = std::string(R"({"name": "t", "queues": [
      {"name": "a", "visibility_timeout_s": 60, "redrive_policy": {"dead_letter_target": "a", "max_receive_count": 5}}],
    )") + kFunctions + R"(, "event_source_mappings": [{"queue": "a", "function": "f"}],
    "producers": [{"name": "p", "queue": "a", "arrival": {"type": "constant", "rate_per_s": 1}, "count": 1}]})";
  // The loader's reference checks catch this one before the graph is built.
  EXPECT_NE(
      diagnostics_of(text).find("error: $.queues[0].redrive_policy.dead_letter_target: got \"a\", expected another "
                                "queue: a queue cannot be its own dead-letter queue"),
      std::string::npos)
      << diagnostics_of(text);
}

TEST(Topology, StrandedAndUnreachablePartsAreWarnings) {
  const std::string text = std::string(R"({"name": "t", "queues": [
      {"name": "fed-unconsumed"}, {"name": "orphan"}, {"name": "consumed", "visibility_timeout_s": 60}],
    "functions": [{"name": "f", "timeout_s": 10, "handler": "always-succeed"},
                  {"name": "idle", "timeout_s": 10, "handler": "always-succeed"}],
    "event_source_mappings": [{"queue": "consumed", "function": "f"}],
    "producers": [{"name": "p", "queue": "fed-unconsumed", "arrival": {"type": "constant", "rate_per_s": 1}, "count": 1}]})");
  const std::string d = diagnostics_of(text);
  EXPECT_NE(d.find("$.queues[0]: queue \"fed-unconsumed\" has producers but no event source mapping or redrive"),
            std::string::npos)
      << d;
  EXPECT_NE(d.find("$.queues[1]: nothing sends to queue \"orphan\""), std::string::npos) << d;
  EXPECT_NE(d.find("$.functions[1]: function \"idle\" has no trigger"), std::string::npos) << d;
  EXPECT_NE(d.find("$.event_source_mappings[0]: no workload reaches queue \"consumed\""), std::string::npos) << d;
  EXPECT_EQ(d.find("error"), std::string::npos) << d;  // all warnings: AWS deploys this
}

TEST(Topology, AConnectedPipelineHasNoFindings) {
  const auto loaded =
      scenarios::load_scenario_file(std::string(SQSIM_SOURCE_DIR) + "/scenarios/azure-counts-replay.json");
  EXPECT_TRUE(scenarios::check_topology(loaded.spec).empty());
}

TEST(Topology, DotShowsEveryComponentAndEdge) {
  const auto loaded =
      scenarios::load_scenario_file(std::string(SQSIM_SOURCE_DIR) + "/scenarios/fifo-orders-redrive.json");
  std::ostringstream a, b;
  scenarios::write_topology_dot(loaded.spec, a);
  scenarios::write_topology_dot(loaded.spec, b);
  EXPECT_EQ(a.str(), b.str());
  const std::string dot = a.str();
  EXPECT_EQ(dot.rfind("digraph G {", 0), 0u);
  for (const char* s :
       {"SQS DLQ\\norders-dlq.fifo", "SQS queue\\norders.fifo", "Lambda\\norder-processor", "label=SendMessage",
        "label=ReceiveMessage", "label=Invoke", "label=maxReceiveCount", "label=redrive"})
    EXPECT_NE(dot.find(s), std::string::npos) << s << "\n" << dot;
}

}  // namespace
