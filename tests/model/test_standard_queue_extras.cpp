// More SQS standard-queue rules: in-flight limit, at-least-once duplicates, purge, per-message delay, long-poll empty
// receives, and ChangeMessageVisibility called by a handler.
#include <gtest/gtest.h>

#include "model/simulation.hpp"
#include "model/sqs_queue.hpp"
#include "test_support.hpp"

namespace {

model::QueueSpec spec(const std::string& name = "q") {
  model::QueueSpec s;
  s.name = name;
  return s;
}

TEST(StandardQueue, InFlightLimitReturnsOverLimit) {
  // SQS: at the in-flight limit (~120,000) ReceiveMessage returns OverLimit.
  sim::Engine eng;
  auto s = spec();
  s.in_flight_limit = 5;
  model::SqsQueue q(eng, s);
  for (std::uint64_t i = 1; i <= 20; ++i) q.send_message(i, "x", 1);
  std::vector<model::ReceiptHandle> got;
  EXPECT_EQ(q.receive_message(10, got), 5u);
  EXPECT_EQ(q.receive_message(10, got), 0u);
  EXPECT_EQ(q.counters().over_limit_receives, 1u);
  ASSERT_TRUE(q.delete_message(got[0]));
  EXPECT_EQ(q.receive_message(10, got), 1u);
}

TEST(StandardQueue, AtLeastOnceDeliveryCanReturnAMessageTwice) {
  sim::Engine eng;
  auto s = spec();
  s.duplicate_delivery_probability = 1.0;
  model::SqsQueue q(eng, s, sim::make_stream(1, "dup", 0));
  q.send_message(1, "x", 1);
  std::vector<model::ReceiptHandle> a, b;
  ASSERT_EQ(q.receive_message(1, a), 1u);
  ASSERT_EQ(q.receive_message(1, b), 1u);  // the duplicate copy
  EXPECT_EQ(q.message(b[0]).id, 1u);
  EXPECT_EQ(q.message(b[0]).receive_count, 2u);
  EXPECT_EQ(q.counters().duplicates_delivered, 1u);
  EXPECT_EQ(q.stored(), 1u);  // one message, two deliveries
  EXPECT_TRUE(q.delete_message(b[0]));
  EXPECT_FALSE(q.delete_message(a[0]));  // already gone
  EXPECT_EQ(q.stored(), 0u);
}

TEST(StandardQueue, PurgeDeletesEverything) {
  sim::Engine eng;
  model::SqsQueue q(eng, spec());
  for (std::uint64_t i = 1; i <= 7; ++i) q.send_message(i, "x", 1);
  std::vector<model::ReceiptHandle> got;
  q.receive_message(3, got);
  EXPECT_EQ(q.purge(), 7u);
  EXPECT_EQ(q.stored(), 0u);
  EXPECT_EQ(q.counters().purged, 7u);
  EXPECT_FALSE(q.delete_message(got[0]));
  eng.run();  // stale visibility timers do nothing
  EXPECT_EQ(q.stored(), 0u);
}

TEST(StandardQueue, PerMessageDelayOverridesTheQueueDelay) {
  sim::Engine eng;
  auto s = spec();
  s.delay_seconds = sim::seconds(60);
  model::SqsQueue q(eng, s);
  q.send_message(1, "x", 1, sim::seconds(5));
  q.send_message(2, "y", 1);
  eng.run_until(sim::seconds(5));
  EXPECT_EQ(q.visible(), 1u);
  EXPECT_EQ(q.delayed(), 1u);
}

TEST(StandardQueue, IdleLongPollsCountEmptyReceives) {
  // Lambda's pollers long-poll 20 s; each poll that ends with nothing is one (billed) empty receive.
  auto s = testing_support::basic_pipeline("always-succeed", 3, sim::seconds(30), 0);
  s.producers.clear();
  s.stop_when_drained = false;
  s.duration = sim::seconds(100);
  model::Simulation sim(s, 1);
  sim.run();
  const auto& c = sim.queues()[1]->counters();
  EXPECT_EQ(c.empty_receives, 5u * 5u);  // 5 pollers, polls ending at 20, 40, 60, 80 and 100 s
  EXPECT_EQ(c.receive_requests, 5u * 6u);
}

// Extends or gives up visibility through the SqsClient in its Context, then fails.
class VisibilityHandler : public lambda::SqsHandler {
 public:
  explicit VisibilityHandler(int timeout_s) : timeout_s_(timeout_s) {}
  lambda::SqsBatchResponse handle(const lambda::SqsEvent& e, const lambda::Context& ctx) override {
    for (const auto& r : e.records) {
      if (r.attributes.at("ApproximateReceiveCount") == "1") {
        if (!ctx.sqs->change_message_visibility(r.receipt_handle, timeout_s_)) throw std::logic_error("stale receipt");
        throw std::runtime_error("fail the first delivery");
      }
    }
    return {};
  }

 private:
  int timeout_s_;
};

sim::Time second_delivery_latency(int timeout_s) {
  auto s = testing_support::basic_pipeline("visibility", 5, sim::seconds(30), 1);
  handlers::HandlerRegistry reg = handlers::builtin_handlers();
  reg.add("visibility", [timeout_s](const nlohmann::json&) { return std::make_unique<VisibilityHandler>(timeout_s); });
  model::Simulation sim(s, 1, 0, std::move(reg));
  sim.run();
  EXPECT_EQ(sim.queues()[1]->counters().deleted, 1u);
  return sim::Time{sim.queues()[1]->latency().max()};
}

TEST(StandardQueue, HandlersCanChangeMessageVisibility) {
  // SQS: ChangeMessageVisibility restarts the clock from the call: 0 returns the message at once, 120 s holds it
  // for 120 s instead of the queue's 30 s. The first receive happens at 0.1 s (first constant arrival at 10/s).
  EXPECT_LT(second_delivery_latency(0), sim::seconds(2));
  const sim::Time extended = second_delivery_latency(120);
  EXPECT_GE(extended, sim::seconds(120));
  EXPECT_LT(extended, sim::seconds(125));
}

}  // namespace
