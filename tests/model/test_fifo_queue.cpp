// SQS FIFO rules (aws-semantics.md section 3 and 5), each tested from the AWS rule.
#include <gtest/gtest.h>

#include <map>

#include "model/simulation.hpp"
#include "model/sqs_queue.hpp"
#include "sqs_queue_invariants.hpp"
#include "test_support.hpp"

namespace {

model::QueueSpec fifo_spec() {
  model::QueueSpec s;
  s.name = "q.fifo";
  s.fifo = true;
  s.visibility_timeout = sim::seconds(30);
  return s;
}

model::SendRequest msg(std::uint64_t id, const std::string& group, const std::string& dedup = "") {
  model::SendRequest r;
  r.id = id;
  r.body = "m" + std::to_string(id);
  r.size_bytes = 10;
  r.group_id = group;
  r.deduplication_id = dedup.empty() ? std::to_string(id) : dedup;
  return r;
}

TEST(FifoQueue, OrderWithinAGroupAndTheGroupIsBlockedWhileAMessageIsInFlight) {
  // SQS FIFO: order is kept within a message group; while a message of a group is in flight, no later message of
  // that group is returned (other groups are).
  sim::Engine eng;
  model::SqsQueue q(eng, fifo_spec());
  for (std::uint64_t i = 1; i <= 3; ++i) ASSERT_EQ(q.send_message(msg(i, "A")), model::SendResult::Stored);
  ASSERT_EQ(q.send_message(msg(4, "B")), model::SendResult::Stored);
  std::vector<model::ReceiptHandle> first;
  ASSERT_EQ(q.receive_message(1, first), 1u);
  EXPECT_EQ(q.message(first[0]).id, 1u);
  std::vector<model::ReceiptHandle> second;
  ASSERT_EQ(q.receive_message(10, second), 1u);  // only B: A is blocked by message 1
  EXPECT_EQ(q.message(second[0]).id, 4u);
  EXPECT_EQ(q.groups_with_in_flight(), 2u);  // ApproximateNumberOfGroupsWithInflightMessages
  ASSERT_TRUE(q.delete_message(first[0]));
  std::vector<model::ReceiptHandle> third;
  ASSERT_EQ(q.receive_message(10, third), 2u);  // AWS returns as many of one group as it can, in order
  EXPECT_EQ(q.message(third[0]).id, 2u);
  EXPECT_EQ(q.message(third[1]).id, 3u);
  std::string why;
  EXPECT_TRUE(model::SqsQueueInvariants::check(q, &why)) << why;
}

TEST(FifoQueue, AFailedMessageBlocksItsGroupUntilItIsRetried) {
  sim::Engine eng;
  model::SqsQueue q(eng, fifo_spec());
  q.send_message(msg(1, "A"));
  q.send_message(msg(2, "A"));
  std::vector<model::ReceiptHandle> got;
  q.receive_message(1, got);  // message 1 is never deleted (a failure)
  eng.run_until(sim::seconds(10));
  std::vector<model::ReceiptHandle> none;
  EXPECT_EQ(q.receive_message(10, none), 0u);
  eng.run_until(sim::seconds(30));
  std::vector<model::ReceiptHandle> retry;
  ASSERT_EQ(q.receive_message(1, retry), 1u);
  EXPECT_EQ(q.message(retry[0]).id, 1u);  // the retry of 1 comes before 2
  EXPECT_EQ(q.message(retry[0]).receive_count, 2u);
}

TEST(FifoQueue, DeduplicationIntervalIsFiveMinutes) {
  // SQS FIFO: a message with a MessageDeduplicationId already sent in the last 5 minutes is accepted but not delivered.
  sim::Engine eng;
  model::SqsQueue q(eng, fifo_spec());
  struct Noop : sim::EventSink {
    void on_event(const sim::Event&) override {}
  } noop;
  const auto t = eng.add_sink(noop);
  EXPECT_EQ(q.send_message(msg(1, "A", "order-1")), model::SendResult::Stored);
  eng.schedule_at(sim::seconds(299), t, 0);
  eng.run_until(sim::seconds(299));
  EXPECT_EQ(q.send_message(msg(2, "A", "order-1")), model::SendResult::Deduplicated);
  eng.schedule_at(sim::seconds(300), t, 0);
  eng.run_until(sim::seconds(300));
  EXPECT_EQ(q.send_message(msg(3, "A", "order-1")), model::SendResult::Stored);  // 5 minutes after the first
  EXPECT_EQ(q.counters().deduplicated, 1u);
  EXPECT_EQ(q.stored(), 2u);
}

TEST(FifoQueue, ContentBasedDeduplicationKeysOnTheBody) {
  sim::Engine eng;
  auto spec = fifo_spec();
  spec.content_based_deduplication = true;
  model::SqsQueue q(eng, spec);
  auto a = msg(1, "A");
  a.deduplication_id.clear();
  a.body = "same";
  auto b = a;
  b.id = 2;
  auto c = a;
  c.id = 3;
  c.body = "different";
  EXPECT_EQ(q.send_message(a), model::SendResult::Stored);
  EXPECT_EQ(q.send_message(b), model::SendResult::Deduplicated);
  EXPECT_EQ(q.send_message(c), model::SendResult::Stored);
}

TEST(FifoQueue, MissingIdsAreRefusedAndSendsOverTheLimitThrottled) {
  sim::Engine eng;
  auto spec = fifo_spec();
  spec.fifo_send_limit_per_second = 300;  // SQS FIFO: 300 SendMessage calls per second without batching
  model::SqsQueue q(eng, spec);
  auto no_group = msg(1, "");
  EXPECT_EQ(q.send_message(no_group), model::SendResult::RejectedMissingFifoIds);
  auto no_dedup = msg(2, "A");
  no_dedup.deduplication_id.clear();
  EXPECT_EQ(q.send_message(no_dedup), model::SendResult::RejectedMissingFifoIds);
  int stored = 0, throttled = 0;
  for (std::uint64_t i = 10; i < 311; ++i) {
    const auto r = q.send_message(msg(i, "A"));
    stored += r == model::SendResult::Stored;
    throttled += r == model::SendResult::Throttled;
  }
  EXPECT_EQ(stored, 300);
  EXPECT_EQ(throttled, 1);
}

TEST(FifoQueue, RedriveToAFifoDlqKeepsTheGroup) {
  sim::Engine eng;
  auto dlq_spec = fifo_spec();
  dlq_spec.name = "dlq.fifo";
  model::SqsQueue dlq(eng, dlq_spec);
  auto spec = fifo_spec();
  spec.redrive_policy = model::RedrivePolicy{"dlq.fifo", 1};
  model::SqsQueue q(eng, spec);
  q.set_dead_letter_queue(&dlq);
  dlq.mark_as_dead_letter_queue();
  q.send_message(msg(1, "G"));
  q.send_message(msg(2, "G"));
  std::vector<model::ReceiptHandle> got;
  q.receive_message(1, got);
  eng.run_until(sim::seconds(30));
  std::vector<model::ReceiptHandle> next;
  ASSERT_EQ(q.receive_message(1, next), 1u);  // 1 moved to the DLQ on this receive; 2 is returned
  EXPECT_EQ(q.message(next[0]).id, 2u);
  EXPECT_EQ(dlq.stored(), 1u);
  std::vector<model::ReceiptHandle> from_dlq;
  ASSERT_EQ(dlq.receive_message(10, from_dlq), 1u);
  EXPECT_EQ(dlq.message(from_dlq[0]).group_id, "G");
}

// Records every successfully processed body per group, and fails a batch on its first delivery now and then.
class OrderRecorder : public lambda::SqsHandler {
 public:
  explicit OrderRecorder(std::vector<std::string>* log) : log_(log) {}
  lambda::SqsBatchResponse handle(const lambda::SqsEvent& e, const lambda::Context&) override {
    for (const auto& r : e.records) {
      if (r.attributes.at("ApproximateReceiveCount") == "1" && std::hash<std::string>{}(r.body) % 4 == 0)
        throw std::runtime_error("transient");
    }
    for (const auto& r : e.records) log_->push_back(r.body);  // in processing order
    return {};
  }

 private:
  std::vector<std::string>* log_;
};

TEST(FifoQueue, EndToEndProcessingOrderIsSendOrderPerGroupDespiteFailures) {
  model::ScenarioSpec s = testing_support::basic_pipeline("order-recorder", 10, sim::seconds(5), 600);
  for (auto& q : s.queues) {
    q.fifo = true;
    q.name += ".fifo";
  }
  s.queues[1].redrive_policy->dead_letter_target = "dlq.fifo";
  s.event_source_mappings[0].queue = "q.fifo";
  s.producers[0].queue = "q.fifo";
  s.producers[0].message_groups = 7;
  s.producers[0].body.kind = model::BodySpec::Kind::Text;
  s.producers[0].body.text = "{seq}";
  s.producers[0].arrival.rate_per_second = 50;
  std::vector<std::string> log;
  handlers::HandlerRegistry reg = handlers::builtin_handlers();
  reg.add("order-recorder", [&log](const nlohmann::json&) { return std::make_unique<OrderRecorder>(&log); });
  model::Simulation sim(s, 5, 0, std::move(reg));
  sim.run();
  // Body n of producer p goes to group p-g(splitmix64(n-1) % 7): within a group, processed bodies must be increasing.
  std::map<std::uint64_t, std::vector<std::uint64_t>> by_group;
  std::uint64_t processed = 0;
  for (const auto& b : log) {
    const std::uint64_t n = std::stoull(b);
    by_group[sim::splitmix64(n - 1) % 7].push_back(n);
    ++processed;
  }
  EXPECT_EQ(processed, 600u);  // exactly once each: FIFO does not duplicate, and every failure was retried
  for (const auto& [g, seq] : by_group) {
    for (std::size_t i = 1; i < seq.size(); ++i) EXPECT_LT(seq[i - 1], seq[i]) << "group " << g;
  }
  EXPECT_GT(sim.functions()[0]->counters().errors, 0u);  // the failures really happened
  EXPECT_TRUE(sim.accounting().balanced());
}

}  // namespace
