// Getting messages back out of a DLQ: SQS StartMessageMoveTask and the ingestion lab's redrive function.
#include <gtest/gtest.h>

#include "model/simulation.hpp"
#include "test_support.hpp"

namespace {

// 1,000 messages that always fail reach the DLQ after one receive; a parking queue without consumer receives redrives.
model::ScenarioSpec dlq_full_of(std::uint64_t n) {
  auto s = testing_support::basic_pipeline("always-fail", 1, sim::seconds(10), n);
  s.producers[0].arrival.rate_per_second = 1000;
  s.event_source_mappings[0].scaling.fixed = 20;
  model::QueueSpec parking;
  parking.name = "parking";
  s.queues.push_back(parking);
  s.stop_when_drained = false;
  s.duration = sim::seconds(200);
  return s;
}

TEST(MessageMoveTask, MovesOldestFirstAtMostFiveHundredPerSecondAsNewMessages) {
  auto s = dlq_full_of(1000);
  model::RedriveSpec r;
  r.source = "dlq";
  r.destination = "parking";
  r.start = sim::seconds(100);
  r.max_messages_per_second = 500;  // SQS: MaxNumberOfMessagesPerSecond at most 500
  s.redrives.push_back(r);
  model::Simulation sim(s, 1);
  sim.run_until(sim::seconds(99));
  ASSERT_EQ(sim.queues()[0]->stored(), 1000u);  // everything failed into the DLQ
  sim.run_until(sim::millis(101'000));
  const auto moved_after_1s = sim.queues()[2]->stored();
  EXPECT_GE(moved_after_1s, 499u);
  EXPECT_LE(moved_after_1s, 501u);
  sim.run();
  EXPECT_EQ(sim.queues()[2]->stored(), 1000u);
  EXPECT_EQ(sim.queues()[0]->stored(), 0u);
  EXPECT_TRUE(sim.message_move_tasks()[0]->counters().finished);
  // AWS: redriven messages are new: enqueue time is the move time, so the parking queue's oldest is at most 100 s old.
  auto* parking = sim.find_queue("parking");
  EXPECT_LE(parking->age_of_oldest_message(), sim::seconds(100));
  std::vector<model::ReceiptHandle> got;
  parking->receive_message(1, got);
  EXPECT_EQ(parking->message(got[0]).receive_count, 1u);  // the count restarted
  EXPECT_TRUE(sim.accounting().balanced());
}

TEST(MessageMoveTask, RedrivesToEachMessagesSourceByDefault) {
  auto s = dlq_full_of(50);
  s.functions[0].handler = "fail-first-receive";  // fails only the first delivery: the redriven copies succeed
  s.queues[1].redrive_policy->max_receive_count = 1;
  model::RedriveSpec r;
  r.source = "dlq";
  r.start = sim::seconds(60);
  s.redrives.push_back(r);
  model::Simulation sim(s, 1, 0, testing_support::test_registry());
  sim.run();
  EXPECT_EQ(sim.queues()[0]->counters().redriven_out, 50u);
  EXPECT_EQ(sim.queues()[1]->counters().moved_in, 50u);
  // Redriven messages are new (receive count 0) and fail their first delivery again: back in the DLQ.
  EXPECT_EQ(sim.queues()[0]->stored(), 50u);
  EXPECT_TRUE(sim.accounting().balanced());
}

TEST(RedriveFunction, RespectsMinimumAgeMaximumMessagesAndDelayJitter) {
  auto s = dlq_full_of(300);
  model::RedriveSpec r;
  r.kind = model::RedriveSpec::Kind::RedriveFunction;
  r.source = "dlq";
  r.destination = "parking";
  r.start = sim::seconds(100);
  r.max_messages = 120;
  r.min_age = sim::seconds(50);
  r.per_message_delay_jitter = sim::seconds(30);
  s.redrives.push_back(r);
  model::Simulation sim(s, 1);
  sim.run_until(sim::seconds(100));
  sim.run_until(sim::millis(100'001));
  auto* parking = sim.find_queue("parking");
  EXPECT_EQ(parking->stored(), 120u);   // at most max_messages
  EXPECT_GT(parking->delayed(), 100u);  // spread over 0-30 s of DelaySeconds
  sim.run_until(sim::seconds(131));
  EXPECT_EQ(parking->delayed(), 0u);
  EXPECT_EQ(parking->visible(), 120u);
  EXPECT_EQ(sim.queues()[0]->stored(), 180u);
  EXPECT_TRUE(sim.accounting().balanced());
}

TEST(RedriveFunction, SkipsMessagesYoungerThanTheMinimumAge) {
  auto s = dlq_full_of(100);
  model::RedriveSpec r;
  r.kind = model::RedriveSpec::Kind::RedriveFunction;
  r.source = "dlq";
  r.destination = "parking";
  r.start = sim::seconds(30);
  r.min_age = sim::seconds(3600);  // every message in the DLQ is younger
  s.redrives.push_back(r);
  model::Simulation sim(s, 1);
  sim.run();
  EXPECT_EQ(sim.find_queue("parking")->stored(), 0u);
  EXPECT_EQ(sim.redrive_functions()[0]->counters().skipped_too_young, 100u);
  EXPECT_EQ(sim.queues()[0]->stored(), 100u);
}

}  // namespace
