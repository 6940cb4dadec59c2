// Service latencies (docs/model.md, "Service latencies"): SendMessage, ReceiveMessage's return, the Invoke request
// and DeleteMessageBatch each take time where they happen, and the defaults reproduce the published measurement of
// SQS -> Lambda delivery they were fitted to.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "model/service_latency_defaults.hpp"
#include "model/simulation.hpp"
#include "test_support.hpp"

namespace {

// The q-quantile of n draws of send + receive + invoke from the defaults for a queue type.
std::vector<double> delivery_quantiles(bool fifo, const std::vector<double>& qs) {
  const model::SqsApiLatencySpec api = model::default_sqs_api_latency(fifo);
  const sim::DistributionSpec invoke = model::default_invoke_overhead_ms(fifo);
  sim::RngEngine rng = sim::make_stream(7, "delivery", 0);
  constexpr int n = 200000;
  std::vector<double> total(n);
  for (double& t : total)
    t = sim::sample(api.send_message_ms, rng) + sim::sample(api.receive_message_ms, rng) + sim::sample(invoke, rng);
  std::sort(total.begin(), total.end());
  std::vector<double> out;
  for (const double q : qs) out.push_back(total[static_cast<std::size_t>(q * (n - 1))]);
  return out;
}

// van Donkersgoed, "Serverless Messaging: Latency Compared" (bitesizedserverless.com, eu-west-1, 2022): send to
// handler start, p10/p50/p90. The defaults are a shifted lognormal through these three points, so they must come back
// within the fit's rounding (2 %); with 200,000 draws the sampling error of these quantiles is below 0.5 %.
TEST(ServiceLatency, StandardQueueDefaultsReproduceThePublishedDeliveryQuantiles) {
  const auto got = delivery_quantiles(false, {0.10, 0.50, 0.90});
  EXPECT_NEAR(got[0], 13.7, 0.02 * 13.7);
  EXPECT_NEAR(got[1], 16.2, 0.02 * 16.2);
  EXPECT_NEAR(got[2], 33.8, 0.02 * 33.8);
}

TEST(ServiceLatency, FifoQueueDefaultsReproduceThePublishedDeliveryQuantiles) {
  const auto got = delivery_quantiles(true, {0.10, 0.50, 0.90});
  EXPECT_NEAR(got[0], 21.9, 0.02 * 21.9);
  EXPECT_NEAR(got[1], 28.1, 0.02 * 28.1);
  EXPECT_NEAR(got[2], 61.2, 0.02 * 61.2);
}

TEST(ServiceLatency, TheDeliveryFloorIsNeverBeaten) {
  // No message reaches a handler sooner than the fit's floor (13.3 ms standard, 20.5 ms FIFO).
  EXPECT_GE(delivery_quantiles(false, {0.0})[0], 13.3);
  EXPECT_GE(delivery_quantiles(true, {0.0})[0], 20.5);
}

// One message through a pipeline whose latencies are fixed: each acts where it happens.
TEST(ServiceLatency, EachCallTakesItsTimeWhereItHappens) {
  model::ScenarioSpec s = testing_support::basic_pipeline("always-succeed", 3, sim::seconds(30), 1);
  model::QueueSpec& q = s.queues[1];
  ASSERT_EQ(q.name, "q");
  q.api_latency.send_message_ms = sim::DistributionSpec::fixed(50);
  q.api_latency.receive_message_ms = sim::DistributionSpec::fixed(10);
  q.api_latency.delete_message_ms = sim::DistributionSpec::fixed(30);
  s.event_source_mappings[0].invoke_overhead_ms = sim::DistributionSpec::fixed(20);
  model::Simulation sim(s, 1);
  const model::SqsQueue& queue = *sim.find_queue("q");
  sim::Time sent{-1}, received{-1}, deleted{-1};
  bool in_flight_while_deleting = false;
  while (sim.step()) {
    const sim::Time now = sim.now();
    if (sent.us < 0 && queue.counters().sent == 1) sent = now;
    if (received.us < 0 && queue.counters().received == 1) received = now;
    if (deleted.us < 0 && queue.counters().deleted == 1) deleted = now;
    // The handler returns at 380 ms (below); until DeleteMessageBatch lands the record is still in flight.
    if (now >= sim::millis(380) && now < sim::millis(410) && queue.in_flight() == 1) in_flight_while_deleting = true;
  }
  sim.finish();
  // SendMessage: the producer sends at 0; SQS stores the message 50 ms later.
  EXPECT_EQ(sent, sim::millis(50));
  // A poller's open long poll receives it at once...
  EXPECT_EQ(received, sim::millis(50));
  // ...the receive returns 10 ms later, Invoke takes 20 ms, the cold start 200 ms and the handler 100 ms: done at
  // 380 ms; DeleteMessageBatch lands 30 ms after that.
  EXPECT_EQ(deleted, sim::millis(410));
  EXPECT_TRUE(in_flight_while_deleting);
  EXPECT_TRUE(sim.accounting().balanced());
}

}  // namespace
