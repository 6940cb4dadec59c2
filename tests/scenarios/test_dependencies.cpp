// Handlers' dependencies, simulated: calls take virtual time that the invocation's duration includes, the deadline
// cuts a slow call off, DynamoDB-like conditional writes with TTL, provisioned capacity throttles, a downstream outage
// (GameDay) meets the ingestion worker's circuit breaker, request units reach the cost model.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "loader/scenario_loader.hpp"
#include "model/cost.hpp"
#include "model/simulation.hpp"
#include "reports/summary.hpp"

namespace {

using nlohmann::json;

// One queue (DLQ after 5 receives), the ingestion worker with a table and a downstream, one producer of events.
json base(std::uint64_t messages, double rate) {
  json s = json::parse(R"({
    "name": "deps", "seed": 3, "duration_s": 3600,
    "queues": [{"name": "dlq"},
               {"name": "q", "visibility_timeout_s": 30,
                "redrive_policy": {"dead_letter_target": "dlq", "max_receive_count": 5}}],
    "functions": [{"name": "worker", "timeout_s": 10, "handler": "ingestion-worker",
                   "duration": {"per_invocation_ms": 10, "per_record_ms": 0},
                   "cold_start": {"init_duration_ms": 0},
                   "table": {"name": "idempotency", "latency_ms": 5},
                   "downstream": {"latency_ms": 40, "timeout_ms": 2000}}],
    "event_source_mappings": [{"queue": "q", "function": "worker", "batch_size": 1,
                               "function_response_types": ["ReportBatchItemFailures"]}]
  })");
  s["producers"] = {{{"name", "p"},
                     {"queue", "q"},
                     {"arrival", {{"type", "constant"}, {"rate_per_s", rate}}},
                     {"count", messages},
                     {"body", {{"type", "text"}, {"text", "{\"orderId\":\"evt-{seq}\",\"amount\":12.5}"}}}}};
  return s;
}

struct Outcome {
  std::unique_ptr<model::Simulation> sim;
  json summary;
  const model::SimulatedDependencies& deps() const { return sim->functions()[0]->dependencies(); }
  const model::FunctionCounters& fn() const { return sim->functions()[0]->counters(); }
};

Outcome run(const json& scenario) {
  const auto loaded = scenarios::load_scenario_text(scenario.dump(), "test.json");
  Outcome r;
  r.sim = std::make_unique<model::Simulation>(loaded.spec, loaded.spec.seed);
  r.sim->run();
  r.summary = reports::summary_json(*r.sim);
  EXPECT_TRUE(r.sim->accounting().balanced());
  return r;
}

TEST(Dependencies, AnInvocationLastsItsComputePlusTheCallsItMade) {
  // Per record: a read (5 ms), the downstream (40 ms), a conditional write (5 ms); compute 10 ms: 60 ms.
  const Outcome r = run(base(50, 2));
  EXPECT_EQ(r.fn().invocations, 50U);
  EXPECT_EQ(r.fn().duration_us_total, 50 * 60'000);
  EXPECT_EQ(r.deps().table_counters().writes, 50U);
  EXPECT_EQ(r.deps().table_counters().reads, 50U);
  EXPECT_EQ(r.deps().downstream_counters().calls, 50U);
  EXPECT_EQ(r.summary["accounting"]["deleted"], 50);
  EXPECT_EQ(r.summary["functions"][0]["dependencies"]["table"]["write_request_units"], 50.0);
}

TEST(Dependencies, TheDeadlineCutsOffASlowCallAndNothingAfterItHappens) {
  json s = base(3, 1);
  s["functions"][0]["timeout_s"] = 1;
  s["functions"][0]["downstream"]["latency_ms"] = 3000;  // slower than the function's 1 s timeout
  s["functions"][0]["downstream"]["timeout_ms"] = 5000;  // and than nothing the client would give up on
  const Outcome r = run(s);
  EXPECT_EQ(r.fn().timeouts, r.fn().invocations);
  EXPECT_EQ(r.fn().errors, r.fn().invocations);
  EXPECT_EQ(r.deps().table_counters().writes, 0U);  // the write after the call never ran
  EXPECT_EQ(r.summary["accounting"]["in_dlq"], 3);
  // Each invocation billed up to the timeout, not the 3 s the call would have taken.
  EXPECT_EQ(r.fn().duration_us_total, static_cast<std::int64_t>(r.fn().invocations) * 1'000'000);
}

TEST(Dependencies, ConditionalWritesWithTtlAbsorbDuplicatesUntilTheItemExpires) {
  json s = base(1, 1);
  s["duration_s"] = 200000;
  // The same event three times: at 0 s, at 60 s (a duplicate), and after the 1-day TTL (processed again).
  const json body = {{"type", "text"}, {"text", "{\"orderId\":\"same\",\"amount\":1}"}};
  s["producers"] = json::array();
  for (const double start : {0.0, 60.0, 86400.0 + 120.0})
    s["producers"].push_back({{"name", "p" + std::to_string(static_cast<int>(start))},
                              {"queue", "q"},
                              {"arrival", {{"type", "constant"}, {"rate_per_s", 1}}},
                              {"start_s", start},
                              {"count", 1},
                              {"body", body}});
  s["functions"][0]["handler_config"] = {{"ttl_days", 1}};
  const Outcome r = run(s);
  const auto& t = r.deps().table_counters();
  EXPECT_EQ(t.reads, 3U);
  EXPECT_EQ(t.writes, 2U);  // the first and the one after expiry; the duplicate was found by the read
  EXPECT_EQ(r.deps().downstream_counters().calls, 2U);
  EXPECT_EQ(r.summary["accounting"]["deleted"], 3);
}

TEST(Dependencies, ProvisionedWriteCapacityThrottlesAndTheRecordsAreRetried) {
  json s = base(200, 50);
  s["functions"][0]["table"]["write_capacity_per_s"] = 5;
  s["queues"][1]["visibility_timeout_s"] = 2;
  s["queues"][1]["redrive_policy"]["max_receive_count"] = 100;
  const Outcome r = run(s);
  const auto& t = r.deps().table_counters();
  EXPECT_GT(t.throttled, 0U);
  EXPECT_EQ(r.summary["accounting"]["deleted"], 200);  // TRANSIENT failures, retried until written
  EXPECT_EQ(t.writes, 200U);
}

TEST(Dependencies, ADownstreamOutageMeetsTheCircuitBreaker) {
  const auto with_breaker = [](std::int64_t failures) {
    json s = base(600, 10);
    s["functions"][0]["handler_config"] = {{"breaker_failures", failures}, {"breaker_open_s", 30}};
    s["functions"][0]["downstream"]["timeout_ms"] = 1000;
    s["queues"][1]["redrive_policy"]["max_receive_count"] = 50;
    s["gameday"] = json::parse(R"({"start_s": 10, "actions": {"outage": {"actionId": "sim:downstream-outage",
        "targets": {"Functions": ["worker"]}, "parameters": {"duration": "PT60S"}}}})");
    return run(s);
  };
  const Outcome open = with_breaker(3), never = with_breaker(1000);
  // Without a breaker every attempt waits out the 1 s client timeout; with it most fail fast.
  EXPECT_GT(never.deps().downstream_counters().timeouts, 2 * open.deps().downstream_counters().timeouts);
  EXPECT_GT(open.deps().downstream_counters().timeouts, 0U);
  // Both recover once the outage ends: every event is processed exactly once.
  EXPECT_EQ(open.deps().table_counters().writes, 600U);
  EXPECT_EQ(never.deps().table_counters().writes, 600U);
  EXPECT_LT(open.fn().duration_us_total, never.fn().duration_us_total);
}

TEST(Dependencies, RandomFailP30FailsAboutThirtyPercentOfAttempts) {
  json s = base(2000, 100);
  s["functions"][0]["handler_config"] = {{"failure_mode", "random_fail_p30"}};
  s["queues"][1]["visibility_timeout_s"] = 1;
  const Outcome r = run(s);
  const double attempts = static_cast<double>(r.fn().invocations);
  const double failed = static_cast<double>(r.sim->event_source_mappings()[0]->counters().partial_failures);
  // Binomial: p = 0.3 over ~2,800 attempts, sd ~0.009; 5 sd.
  EXPECT_NEAR(failed / attempts, 0.3, 0.045);
  // A record fails 5 times in a row with probability 0.3^5 = 0.24 %: about 5 of 2,000 in the DLQ.
  EXPECT_LT(r.summary["accounting"]["in_dlq"].get<int>(), 20);
  EXPECT_EQ(r.summary["accounting"]["deleted"].get<int>() + r.summary["accounting"]["in_dlq"].get<int>(), 2000);
}

TEST(Dependencies, DynamoDbRequestUnitsAreBilled) {
  const Outcome r = run(base(100, 10));
  const model::CostReport c = model::compute_cost(*r.sim, model::Pricing{}, false);
  const auto line = std::find_if(c.lines.begin(), c.lines.end(), [](const auto& l) { return l.service == "dynamodb"; });
  ASSERT_NE(line, c.lines.end());
  EXPECT_EQ(line->requests, 200.0);  // 100 writes of 1 WRU + 100 reads of 1 RRU
  EXPECT_NEAR(line->window_cost, 100 / 1e6 * 0.625 + 100 / 1e6 * 0.125, 1e-12);
}

TEST(Dependencies, TheLoaderRejectsAWorkerWithoutItsDependenciesOrWithABadFailureMode) {
  json s = base(1, 1);
  s["functions"][0].erase("table");
  try {
    scenarios::load_scenario_text(s.dump(), "t.json");
    FAIL();
  } catch (const scenarios::ScenarioError& e) {
    EXPECT_EQ(e.diagnostics().front().path, "$.functions[0].handler");
    EXPECT_NE(e.diagnostics().front().message.find("needs a table"), std::string::npos);
  }
  s = base(1, 1);
  s["functions"][0]["handler_config"] = {{"failure_mode", "sometimes"}};
  try {
    scenarios::load_scenario_text(s.dump(), "t.json");
    FAIL();
  } catch (const scenarios::ScenarioError& e) {
    EXPECT_EQ(e.diagnostics().front().path, "$.functions[0].handler_config");
    EXPECT_NE(e.diagnostics().front().message.find("random_fail_p30"), std::string::npos);
  }
}

}  // namespace
