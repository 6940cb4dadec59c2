// A whole simulated pipeline whose function is an external program (a Python custom runtime over the Runtime API):
// the event source mapping's partial batch rules apply to its answers, invalid messages reach the DLQ, and two runs
// give the same summary, because invocations reach the program in simulated-time order. Skipped without python3.
#include <gtest/gtest.h>

#include <cstdlib>

#include "loader/scenario_loader.hpp"
#include "model/simulation.hpp"
#include "reports/summary.hpp"

namespace {

TEST(ExternalPipeline, APythonRuntimeAsTheFunctionIsDeterministicAndItsFailuresReachTheDlq) {
  if (std::system("python3 -c 'import urllib.request' >/dev/null 2>&1") != 0) GTEST_SKIP() << "python3 not installed";
  nlohmann::json s = nlohmann::json::parse(R"({
    "name": "external", "seed": 5, "duration_s": 600,
    "queues": [{"name": "dlq"},
               {"name": "q", "visibility_timeout_s": 5,
                "redrive_policy": {"dead_letter_target": "dlq", "max_receive_count": 2}}],
    "functions": [{"name": "py", "runtime": "provided.al2023", "timeout_s": 10, "handler": "external",
                   "duration": {"per_invocation_ms": 20, "per_record_ms": 1}}],
    "event_source_mappings": [{"queue": "q", "function": "py", "batch_size": 5,
                               "function_response_types": ["ReportBatchItemFailures"]}],
    "producers": [{"name": "p", "queue": "q", "arrival": {"type": "constant", "rate_per_s": 10}, "count": 40,
                   "body": {"type": "order", "invalid_fraction": 0.25}}]
  })");
  s["functions"][0]["handler_config"] = {
      {"command", {"python3", std::string(SQSIM_SOURCE_DIR) + "/tests/runtime/python_bootstrap.py"}},
      {"max_processes", 16}};
  const auto loaded = scenarios::load_scenario_text(s.dump(), "external.json");
  std::string first;
  for (int run = 0; run < 2; ++run) {
    model::Simulation sim(loaded.spec, 5);
    sim.run();
    const auto j = reports::summary_json(sim);
    EXPECT_EQ(j["accounting"]["deleted"], 30);
    EXPECT_EQ(j["accounting"]["in_dlq"], 10);
    EXPECT_EQ(j["totals"]["errors"], 0);
    const std::string text = reports::summary_text_json(sim);
    if (run == 0)
      first = text;
    else
      EXPECT_EQ(first, text);
  }
}

}  // namespace
