// Downstream stages: a function that publishes each processed record to an SNS topic fanning out to two queues, each
// drained by its own function. Every message is accounted for across the three queues.
#include <gtest/gtest.h>

#include <string>

#include "loader/scenario_loader.hpp"
#include "loader/topology.hpp"
#include "model/simulation.hpp"

namespace {

const char* kPipeline = R"({"name": "fan-out", "duration_s": 3600,
  "queues": [{"name": "orders", "visibility_timeout_s": 60}, {"name": "billing", "visibility_timeout_s": 60},
             {"name": "shipping", "visibility_timeout_s": 60}],
  "topics": [{"name": "order-events", "subscriptions": ["billing", "shipping"]}],
  "functions": [{"name": "order-worker", "timeout_s": 10, "handler": "order-processor", "publishes_to": ["order-events"]},
                {"name": "biller", "timeout_s": 10, "handler": "always-succeed"},
                {"name": "shipper", "timeout_s": 10, "handler": "always-succeed"}],
  "event_source_mappings": [{"queue": "orders", "function": "order-worker", "function_response_types": ["ReportBatchItemFailures"]},
                            {"queue": "billing", "function": "biller"}, {"queue": "shipping", "function": "shipper"}],
  "producers": [{"name": "p", "queue": "orders", "arrival": {"type": "poisson", "rate_per_s": 20}, "count": 500,
                 "body": {"type": "order", "invalid_fraction": 0.1}}]})";

TEST(FanOut, EachProcessedRecordReachesEverySubscribedQueueOnce) {
  const auto loaded = scenarios::load_scenario_text(kPipeline, "t.json");
  EXPECT_TRUE(loaded.warnings.empty());  // the topology sees billing and shipping fed by the topic
  model::Simulation sim(loaded.spec, 1);
  sim.run();
  const auto a = sim.accounting();
  // 450 valid orders processed -> 450 to billing and 450 to shipping. The 50 invalid ones fail and are never published
  // (with no DLQ they are retried until the run's end).
  EXPECT_EQ(sim.publishers().at(0)->counters().published, 900u);
  EXPECT_EQ(sim.queues()[1]->counters().deleted, 450u);
  EXPECT_EQ(sim.queues()[2]->counters().deleted, 450u);
  EXPECT_EQ(a.produced, 500u + 900u);
  EXPECT_TRUE(a.balanced());
  std::ostringstream dot;
  scenarios::write_topology_dot(loaded.spec, dot);
  EXPECT_NE(dot.str().find("SNS topic\\norder-events"), std::string::npos);
  EXPECT_NE(dot.str().find("label=\"SNS fan-out\""), std::string::npos);
}

TEST(FanOut, UnknownTargetsAreErrorsAtTheirPath) {
  std::string bad = kPipeline;
  bad.replace(bad.find("\"publishes_to\": [\"order-events\"]"), 32, "\"publishes_to\": [\"order-evnts\"]");
  try {
    scenarios::load_scenario_text(bad, "t.json");
    ADD_FAILURE() << "accepted";
  } catch (const scenarios::ScenarioError& e) {
    EXPECT_NE(
        std::string(e.what()).find("$.functions[0].publishes_to[0]: got \"order-evnts\", expected the name of a queue"),
        std::string::npos)
        << e.what();
  }
}

}  // namespace
