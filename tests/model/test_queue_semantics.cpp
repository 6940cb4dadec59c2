// SQS queue rules from ../shared/reference/aws-semantics.md section 4 and 5, each tested from the AWS rule.
#include <gtest/gtest.h>

#include "model/simulation.hpp"
#include "model/sqs_queue.hpp"
#include "test_support.hpp"

namespace {

using testing_support::basic_pipeline;

TEST(SqsQueue, ReceiveReturnsAtMostTenMessages) {
  sim::Engine eng;
  model::QueueSpec spec;
  spec.name = "q";
  model::SqsQueue q(eng, spec);
  for (std::uint64_t i = 1; i <= 25; ++i) ASSERT_TRUE(q.send_message(i, "x", 1));
  std::vector<model::ReceiptHandle> out;
  EXPECT_EQ(q.receive_message(25, out), 10u);  // SQS: ReceiveMessage returns at most 10
  EXPECT_EQ(q.visible(), 15u);
  EXPECT_EQ(q.in_flight(), 10u);
}

TEST(SqsQueue, VisibilityTimeoutReturnsTheMessageAndCountsTheReceive) {
  sim::Engine eng;
  model::QueueSpec spec;
  spec.name = "q";
  spec.visibility_timeout = sim::seconds(30);
  model::SqsQueue q(eng, spec);
  q.send_message(1, "a", 1);
  std::vector<model::ReceiptHandle> out;
  ASSERT_EQ(q.receive_message(1, out), 1u);
  eng.run_until(sim::millis(29999));
  EXPECT_EQ(q.visible(), 0u);  // still invisible just before the timeout
  eng.run_until(sim::seconds(30));
  EXPECT_EQ(q.visible(), 1u);
  std::vector<model::ReceiptHandle> again;
  ASSERT_EQ(q.receive_message(1, again), 1u);
  EXPECT_EQ(q.message(again[0]).receive_count, 2u);  // ApproximateReceiveCount increments on every receive
  // SQS: only the latest receipt handle deletes the message.
  EXPECT_FALSE(q.delete_message(out[0]));
  EXPECT_TRUE(q.delete_message(again[0]));
  EXPECT_EQ(q.stored(), 0u);
}

TEST(SqsQueue, ChangeMessageVisibilityRestartsTheClock) {
  sim::Engine eng;
  model::QueueSpec spec;
  spec.name = "q";
  spec.visibility_timeout = sim::seconds(30);
  model::SqsQueue q(eng, spec);
  q.send_message(1, "a", 1);
  std::vector<model::ReceiptHandle> out;
  q.receive_message(1, out);
  eng.run_until(sim::seconds(20));
  // SQS: ChangeMessageVisibility restarts the clock from the call: 20 s + 60 s, not 30 s + 60 s nor 30 s.
  ASSERT_TRUE(q.change_message_visibility(out[0], sim::seconds(60)));
  eng.run_until(sim::seconds(79));
  EXPECT_EQ(q.visible(), 0u);
  eng.run_until(sim::seconds(80));
  EXPECT_EQ(q.visible(), 1u);
}

TEST(SqsQueue, DelaySecondsHidesNewMessages) {
  sim::Engine eng;
  model::QueueSpec spec;
  spec.name = "q";
  spec.delay_seconds = sim::seconds(90);
  model::SqsQueue q(eng, spec);
  q.send_message(1, "a", 1);
  EXPECT_EQ(q.delayed(), 1u);
  eng.run_until(sim::seconds(90));
  EXPECT_EQ(q.delayed(), 0u);
  EXPECT_EQ(q.visible(), 1u);
}

TEST(SqsQueue, RetentionExpiresVisibleAndInFlightMessages) {
  sim::Engine eng;
  model::QueueSpec spec;
  spec.name = "q";
  spec.message_retention_period = sim::seconds(60);
  spec.visibility_timeout = sim::seconds(600);
  model::SqsQueue q(eng, spec);
  q.send_message(1, "a", 1);
  q.send_message(2, "b", 1);
  std::vector<model::ReceiptHandle> out;
  q.receive_message(1, out);  // one in flight, one visible
  eng.run_until(sim::millis(59999));
  EXPECT_EQ(q.stored(), 2u);
  eng.run_until(sim::seconds(60));
  // SQS: expired messages are deleted, including in-flight ones.
  EXPECT_EQ(q.stored(), 0u);
  EXPECT_EQ(q.counters().expired, 2u);
  EXPECT_FALSE(q.delete_message(out[0]));
}

TEST(SqsQueue, MessagesOverTheSizeLimitAreRejected) {
  sim::Engine eng;
  model::QueueSpec spec;
  spec.name = "q";
  model::SqsQueue q(eng, spec);
  EXPECT_TRUE(q.send_message(1, "a", 1'048'576));  // 1 MiB is allowed (since Aug 2025)
  EXPECT_FALSE(q.send_message(2, "b", 1'048'577));
  EXPECT_EQ(q.counters().rejected_too_large, 1u);
  EXPECT_EQ(q.counters().sent, 1u);
}

TEST(Redrive, MaxReceiveCountTwoAlwaysFailingHandlerAwsValidated) {
  // AWS-validated (aws-semantics.md section 4): maxReceiveCount=2 and a function that always fails: the DLQ is empty
  // after the 1st failure, and holds the message after exactly 2 invocations.
  auto spec = basic_pipeline("always-fail", 2, sim::seconds(30), 1);
  model::Simulation sim(spec, 1);
  const auto& dlq = *sim.queues()[0];
  const auto& fn = *sim.functions()[0];
  while (fn.counters().completed < 1 && sim.step()) {
  }
  EXPECT_EQ(fn.counters().invocations, 1u);
  EXPECT_EQ(dlq.stored(), 0u);
  while (dlq.stored() == 0 && sim.step()) {
  }
  EXPECT_EQ(dlq.stored(), 1u);
  EXPECT_EQ(fn.counters().invocations, 2u);
  EXPECT_EQ(dlq.counters().moved_in, 1u);
  sim.run();
  EXPECT_EQ(fn.counters().invocations, 2u);
  EXPECT_TRUE(sim.accounting().balanced());
}

TEST(Redrive, SecondDeliveryComesAfterTheVisibilityTimeout) {
  // AWS-validated: with visibility 5 s and a handler that fails once, the second delivery comes at least 5 s after
  // the first, and the message is then deleted.
  auto spec = basic_pipeline("fail-first-receive", 5, sim::seconds(5), 1);
  model::Simulation sim(spec, 1, 0, testing_support::test_registry());
  const auto& q = *sim.queues()[1];
  sim.run();
  EXPECT_EQ(q.counters().received, 2u);
  EXPECT_EQ(q.counters().deleted, 1u);
  EXPECT_EQ(sim.functions()[0]->counters().invocations, 2u);
  // First receive at 0.1 s (first arrival), handler runs 0.1 s + 0.2 s init; second receive >= 5 s after the first.
  const auto& lat = q.latency();
  EXPECT_GE(lat.min(), sim::seconds(5).us);
  ASSERT_EQ(q.receives_at_delete().count(2), 1u);
}

}  // namespace
