// Synchronous and asynchronous invocations (aws-semantics.md section 6), each tested from the AWS rule.
#include <gtest/gtest.h>

#include "model/simulation.hpp"
#include "test_support.hpp"

namespace {

model::ScenarioSpec with_invoker(model::InvokerSpec v) {
  auto s = testing_support::basic_pipeline("always-succeed", 5, sim::seconds(30), 0);
  s.producers.clear();
  s.event_source_mappings.clear();
  s.functions[0].duration.per_invocation_ms = sim::DistributionSpec::fixed(1000);
  v.function = "f";
  s.invokers = {v};
  model::QueueSpec dest;
  dest.name = "failures";
  s.queues.push_back(dest);
  s.duration = sim::hours(8);
  return s;
}

TEST(SyncInvoker, ThrottlesAre429sToTheCallerWhoRetries) {
  // Synchronous invocation over the concurrency limit: 429 to the caller; Lambda does not retry; the caller may.
  model::InvokerSpec v;
  v.name = "api";
  v.type = model::InvokerSpec::Type::Sync;
  v.arrival.kind = model::ArrivalSpec::Kind::Trace;
  v.arrival.trace = {sim::Time{0}, sim::Time{0}, sim::Time{0}};  // three requests at once
  v.caller_max_retries = 0;
  auto s = with_invoker(v);
  s.functions[0].reserved_concurrency = 2;
  model::Simulation sim(s, 1);
  sim.run();
  const auto& c = sim.invokers()[0]->counters();
  EXPECT_EQ(c.requests, 3u);
  EXPECT_EQ(c.succeeded, 2u);
  EXPECT_EQ(c.throttled, 1u);
  EXPECT_EQ(c.failed, 1u);  // no retries allowed: the 429 is final
  EXPECT_EQ(sim.functions()[0]->counters().throttles, 1u);

  v.caller_max_retries = 10;  // now the caller retries with backoff until a slot is free
  model::Simulation retrying(with_invoker(v), 1);
  retrying.run();
  EXPECT_EQ(retrying.invokers()[0]->counters().succeeded, 3u);
}

TEST(SyncInvoker, FunctionErrorsGoBackToTheCallerWithoutRetries) {
  model::InvokerSpec v;
  v.name = "api";
  v.arrival.rate_per_second = 10;
  v.count = 100;
  v.error_probability = 1.0;
  model::Simulation sim(with_invoker(v), 1);
  sim.run();
  EXPECT_EQ(sim.invokers()[0]->counters().failed, 100u);
  EXPECT_EQ(sim.functions()[0]->counters().invocations, 100u);  // exactly one attempt each
}

TEST(AsyncInvoker, ErrorsAreRetriedTwiceThenSentToTheOnFailureDestination) {
  // Lambda async: 2 retries by default (1 min, then 2 min later), then the on-failure destination.
  model::InvokerSpec v;
  v.name = "sns";
  v.type = model::InvokerSpec::Type::Async;
  v.arrival.kind = model::ArrivalSpec::Kind::Trace;
  v.arrival.trace = {sim::Time{0}};
  v.error_probability = 1.0;
  v.on_failure_destination = "failures";
  model::Simulation sim(with_invoker(v), 1);
  sim.run_until(sim::seconds(59));
  EXPECT_EQ(sim.functions()[0]->counters().invocations, 1u);
  sim.run_until(sim::seconds(62));
  EXPECT_EQ(sim.functions()[0]->counters().invocations, 2u);  // first retry 1 min after the failure
  sim.run_until(sim::seconds(180));
  EXPECT_EQ(sim.functions()[0]->counters().invocations, 2u);
  sim.run();
  EXPECT_EQ(sim.functions()[0]->counters().invocations, 3u);  // second retry 2 min after the second failure
  EXPECT_EQ(sim.invokers()[0]->counters().to_destination, 1u);
  EXPECT_EQ(sim.find_queue("failures")->stored(), 1u);
  EXPECT_TRUE(sim.accounting().balanced());  // the destination's message is accounted for

  v.maximum_retry_attempts = 0;
  model::Simulation no_retry(with_invoker(v), 1);
  no_retry.run();
  EXPECT_EQ(no_retry.functions()[0]->counters().invocations, 1u);
}

TEST(AsyncInvoker, ThrottledEventsAreRetriedUntilTheMaximumEventAge) {
  // Lambda retries throttled asynchronous events with backoff until the maximum event age, then fails them.
  model::InvokerSpec v;
  v.name = "events";
  v.type = model::InvokerSpec::Type::Async;
  v.arrival.kind = model::ArrivalSpec::Kind::Trace;
  v.arrival.trace = {sim::Time{0}};
  v.maximum_event_age = sim::seconds(600);
  v.on_failure_destination = "failures";
  auto s = with_invoker(v);
  s.functions[0].reserved_concurrency = 0;  // every attempt is throttled
  model::Simulation sim(s, 1);
  const auto& c = sim.invokers()[0]->counters();
  sim.run_until(sim::seconds(600));
  EXPECT_EQ(c.to_destination, 0u);             // still being retried
  sim.run_until(sim::seconds(600 + 300 + 1));  // the next try after the age limit: backoff is capped at 5 minutes
  EXPECT_GT(c.throttled, 5u);
  EXPECT_EQ(c.expired, 1u);
  EXPECT_EQ(c.to_destination, 1u);

  s.invokers[0].on_failure_destination.clear();  // no destination: the event is dropped (and counted)
  model::Simulation dropped(s, 1);
  dropped.run();
  EXPECT_EQ(dropped.invokers()[0]->counters().dropped, 1u);
}

}  // namespace
