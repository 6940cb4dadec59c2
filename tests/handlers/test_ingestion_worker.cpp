// The ingestion lab's worker against hand-made dependencies (no simulator): schema validation, idempotency through
// the table, error categories, failure modes, and its circuit breaker.
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <stdexcept>

#include "handlers/ingestion_worker.hpp"
#include "tests/handlers/fake_dependencies.hpp"

namespace {

using handlers::ErrorCategory;
using lambda::CallStatus;
using namespace fakes;  // NOLINT(google-build-using-namespace): test doubles

lambda::SqsEvent batch(const std::vector<std::string>& bodies) {
  lambda::SqsEvent e;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    lambda::SqsMessage m;
    m.message_id = "m" + std::to_string(i);
    m.body = bodies[i];
    m.attributes["ApproximateReceiveCount"] = "1";
    e.records.push_back(m);
  }
  return e;
}

std::vector<std::string> failed(const lambda::SqsBatchResponse& r) {
  std::vector<std::string> out;
  for (const auto& f : r.batch_item_failures) out.push_back(f.item_identifier);
  return out;
}

TEST(IngestionWorker, ValidEventsAreProcessedOnceAndDuplicatesSkipped) {
  Rig rig;
  handlers::IngestionWorker w(nullptr, rig.deps());
  const auto r = w.handle(
      batch({R"({"orderId":"a","amount":1})", R"({"orderId":"b","amount":0})", R"({"orderId":"a","amount":1})"}), {});
  EXPECT_TRUE(r.batch_item_failures.empty());
  EXPECT_EQ(w.processed(), 2U);
  EXPECT_EQ(w.idempotency_hits(), 1U);
  EXPECT_EQ(rig.downstream.calls, 2);  // the duplicate never reached the downstream
  EXPECT_EQ(rig.table.items.count("event#a"), 1U);
}

TEST(IngestionWorker, SchemaViolationsFailAsValidation) {
  Rig rig;
  handlers::IngestionWorker w(nullptr, rig.deps());
  const auto r = w.handle(batch({"INVALID_JSON_1", R"({"orderId":"","amount":1})", R"({"orderId":"x","amount":-1})",
                                 R"({"orderId":"x"})", R"([1])", R"({"orderId":"ok","amount":3})"}),
                          {});
  EXPECT_EQ(failed(r), (std::vector<std::string>{"m0", "m1", "m2", "m3", "m4"}));
  EXPECT_EQ(w.failures(ErrorCategory::Validation), 5U);
  EXPECT_EQ(w.processed(), 1U);
  ASSERT_FALSE(rig.logger.lines.empty());
  EXPECT_NE(rig.logger.lines.front().find("category=VALIDATION"), std::string::npos);
}

TEST(IngestionWorker, DownstreamFailuresAreCategorisedAndNothingIsRecorded) {
  Rig rig;
  rig.downstream.script = {CallStatus::Timeout, CallStatus::Error, CallStatus::Throttled};
  handlers::IngestionWorker w(nullptr, rig.deps());
  const auto r = w.handle(
      batch({R"({"orderId":"a","amount":1})", R"({"orderId":"b","amount":1})", R"({"orderId":"c","amount":1})"}), {});
  EXPECT_EQ(failed(r).size(), 3U);
  EXPECT_EQ(w.failures(ErrorCategory::Timeout), 1U);
  EXPECT_EQ(w.failures(ErrorCategory::Transient), 2U);
  EXPECT_EQ(rig.table.puts, 0);  // recorded only after the downstream succeeded, so a retry processes it
  // A throttled idempotency write is TRANSIENT too.
  rig.table.next = CallStatus::Throttled;
  EXPECT_EQ(failed(w.handle(batch({R"({"orderId":"d","amount":1})"}), {})).size(), 1U);
  EXPECT_EQ(w.failures(ErrorCategory::Transient), 3U);
}

TEST(IngestionWorker, TheCircuitBreakerFailsFastWhileOpenThenTriesAgain) {
  Rig rig;
  for (int i = 0; i < 3; ++i) rig.downstream.script.push_back(CallStatus::Timeout);
  handlers::IngestionWorker w({{"breaker_failures", 3}, {"breaker_open_s", 30}}, rig.deps());
  std::vector<std::string> bodies;
  for (int i = 0; i < 6; ++i) bodies.push_back(R"({"orderId":"e)" + std::to_string(i) + R"(","amount":1})");
  const auto r = w.handle(batch(bodies), {});
  EXPECT_EQ(failed(r).size(), 6U);
  EXPECT_EQ(rig.downstream.calls, 3);  // the last three failed fast
  EXPECT_EQ(w.breaker().state(), handlers::CircuitBreaker::State::Open);
  EXPECT_EQ(w.breaker().opened(), 1U);
  rig.clock.t += 30'000;  // the cool-down passes: half-open, one trial call succeeds and closes it
  const auto r2 = w.handle(batch({R"({"orderId":"z","amount":1})"}), {});
  EXPECT_TRUE(r2.batch_item_failures.empty());
  EXPECT_EQ(w.breaker().state(), handlers::CircuitBreaker::State::Closed);
}

TEST(IngestionWorker, FailureModes) {
  {
    Rig rig;
    handlers::IngestionWorker w({{"failure_mode", "poison_payload"}}, rig.deps());
    EXPECT_EQ(failed(w.handle(batch({R"({"orderId":"a","amount":1})"}), {})).size(), 1U);
    EXPECT_EQ(w.failures(ErrorCategory::Validation), 1U);
  }
  {
    Rig rig;
    handlers::IngestionWorker w({{"failure_mode", "slow_downstream"}, {"slow_downstream_ms", 35000}}, rig.deps());
    (void)w.handle(batch({R"({"orderId":"a","amount":1})"}), {});
    EXPECT_EQ(rig.clock.slept, 35000);  // in sqsim this passes the 30 s deadline: "Task timed out"
  }
  {
    Rig rig;
    handlers::IngestionWorker w({{"failure_mode", "duplicate_submit"}}, rig.deps());
    (void)w.handle(batch({R"({"orderId":"a","amount":1})"}), {});
    EXPECT_EQ(w.processed(), 1U);
    EXPECT_EQ(w.idempotency_hits(), 1U);  // the resubmission was absorbed
  }
  {
    Rig rig;
    handlers::IngestionWorker w({{"failure_mode", "random_fail_p30"}}, rig.deps());
    std::vector<std::string> bodies(1000, R"({"orderId":"q","amount":1})");
    for (std::size_t i = 0; i < bodies.size(); ++i)
      bodies[i] = R"({"orderId":"q)" + std::to_string(i) + R"(","amount":1})";
    lambda::SqsEvent e = batch(bodies);
    const auto n = failed(w.handle(e, {})).size();
    EXPECT_NEAR(static_cast<double>(n) / 1000.0, 0.3, 0.06);  // binomial sd 0.0145: 4 sd
    // Deterministic: the same attempt fails the same way.
    Rig rig2;
    handlers::IngestionWorker w2({{"failure_mode", "random_fail_p30"}}, rig2.deps());
    EXPECT_EQ(failed(w2.handle(e, {})).size(), n);
  }
}

TEST(IngestionWorker, ConfigAndMissingDependenciesAreErrors) {
  Rig rig;
  EXPECT_THROW(handlers::IngestionWorker({{"failure_mode", "sometimes"}}, rig.deps()), std::invalid_argument);
  EXPECT_THROW(handlers::IngestionWorker({{"ttl_day", 7}}, rig.deps()), std::invalid_argument);
  EXPECT_THROW(handlers::IngestionWorker({{"breaker_failures", 0}}, rig.deps()), std::invalid_argument);
  lambda::Dependencies none;
  EXPECT_THROW(handlers::IngestionWorker(nullptr, none), std::invalid_argument);
}

}  // namespace
