// The queue's interface as SQS's API (DeleteMessage / DeleteMessageBatch bill themselves), the one SQS record builder
// (what the handler and the filters see), metrics read without changing state, and several observers per component.
#include <gtest/gtest.h>

#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/event_source_mapping.hpp"
#include "model/simulation.hpp"
#include "model/sqs_queue.hpp"
#include "model/sqs_record.hpp"
#include "test_support.hpp"

namespace {

model::QueueSpec queue_spec(bool fifo = false) {
  model::QueueSpec q;
  q.name = fifo ? "q.fifo" : "q";
  q.fifo = fifo;
  q.visibility_timeout = sim::seconds(30);
  return q;
}

TEST(SqsApi, DeleteMessageBatchIsOneBilledRequestForUpToTenEntries) {
  sim::Engine eng;
  model::SqsQueue q(eng, queue_spec());
  for (std::uint64_t i = 1; i <= 12; ++i) ASSERT_TRUE(q.send_message(i, "b", 1));
  std::vector<model::ReceiptHandle> got;
  q.receive_message(10, got);
  q.receive_message(10, got);
  ASSERT_EQ(got.size(), 12u);
  const std::uint64_t billed = q.counters().billed_requests;
  EXPECT_EQ(q.delete_message_batch(std::span(got.data(), 10)), 10u);
  EXPECT_EQ(q.counters().billed_requests, billed + 1);  // SQS: one request for the batch
  EXPECT_EQ(q.delete_message(got[10]), true);
  EXPECT_EQ(q.counters().billed_requests, billed + 2);  // DeleteMessage: one request
  EXPECT_EQ(q.counters().deleted, 11u);
  EXPECT_EQ(q.counters().delete_requests, 11u);  // entries, as summary.json's DeleteMessage counts them
  // A stale entry deletes nothing but the call is still a request.
  EXPECT_EQ(q.delete_message_batch(std::span(got.data(), 1)), 0u);
  EXPECT_EQ(q.counters().billed_requests, billed + 3);
  // SQS: more than 10 entries is TooManyEntriesInBatchRequest, a caller's bug here.
  EXPECT_THROW(q.delete_message_batch(got), std::logic_error);
}

TEST(SqsApi, FilteredOutDeletesAreCountedApartAndNotBilled) {
  sim::Engine eng;
  model::SqsQueue q(eng, queue_spec());
  ASSERT_TRUE(q.send_message(1, "b", 1));
  std::vector<model::ReceiptHandle> got;
  q.receive_message(10, got);
  const std::uint64_t billed = q.counters().billed_requests;
  EXPECT_EQ(q.delete_message_batch(got, model::SqsQueue::DeleteCause::FilteredOut), 1u);
  EXPECT_EQ(q.counters().filtered, 1u);
  EXPECT_EQ(q.counters().billed_requests, billed);  // docs/model.md: assumed unbilled
  EXPECT_EQ(q.latency().count(), 0u);               // not processed: no end-to-end latency
}

TEST(SqsRecord, ReceiptHandlesRoundTripAndForeignOnesAreRefused) {
  std::string s;
  model::format_receipt_handle(model::ReceiptHandle{4096, 77}, s);
  EXPECT_EQ(s, "4096:77");
  model::ReceiptHandle h;
  ASSERT_TRUE(model::parse_receipt_handle(s, h));
  EXPECT_EQ(h.slot, 4096u);
  EXPECT_EQ(h.generation, 77u);
  for (const char* bad : {"", ":", "1:", ":1", "1:2x", "x:1", "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a", "-1:2"})
    EXPECT_FALSE(model::parse_receipt_handle(bad, h)) << bad;
}

TEST(SqsRecord, FifoRecordsCarryTheirMessageGroupIdAsLambdaDocumentsIt) {
  model::Message m;
  m.id = 42;
  m.body = R"({"a":1})";
  m.sent_at = sim::seconds(3);
  m.first_received_at = sim::seconds(5);
  m.receive_count = 2;
  m.group_id = "customer-7";
  lambda::SqsMessage rec;
  const std::string arn = model::queue_arn("orders.fifo");
  model::build_sqs_record(m, model::ReceiptHandle{3, 9}, arn, rec);
  EXPECT_EQ(rec.message_id, model::message_id_string(42));
  EXPECT_EQ(rec.event_source_arn, "arn:aws:sqs:us-east-1:123456789012:orders.fifo");
  EXPECT_EQ(rec.aws_region, "us-east-1");
  EXPECT_EQ(rec.event_source, "aws:sqs");
  EXPECT_EQ(rec.receipt_handle, "3:9");
  EXPECT_EQ(rec.body, m.body);
  EXPECT_EQ(rec.attributes.at("MessageGroupId"), "customer-7");
  EXPECT_EQ(rec.attributes.at("ApproximateReceiveCount"), "2");
  EXPECT_EQ(rec.attributes.at("SentTimestamp"), "3000");
  EXPECT_EQ(rec.attributes.at("ApproximateFirstReceiveTimestamp"), "5000");
  EXPECT_EQ(rec.attributes.at("SenderId"), "AIDASQSIMPRODUCER");
  // The same record storage reused for a standard-queue message: no group id left behind.
  m.group_id.clear();
  model::build_sqs_record(m, model::ReceiptHandle{3, 10}, arn, rec);
  EXPECT_EQ(rec.attributes.count("MessageGroupId"), 0u);
  EXPECT_EQ(rec.attributes.size(), 4u);
}

TEST(PeriodStatistics, ReadsChangeNothingAndARollStartsTheNextPeriod) {
  model::ScenarioSpec spec = testing_support::basic_pipeline("always-succeed", 3, sim::seconds(30), /*messages=*/200);
  spec.duration = sim::seconds(60);
  model::Simulation sim(spec, 1);
  sim.run_until(sim::seconds(15));
  const model::SqsQueue& q = *sim.find_queue("q");
  const model::LambdaFunction& f = *sim.functions().front();
  ASSERT_GT(q.period_latency().count(), 0u);
  // Reading twice gives the same numbers: nothing is taken by a read.
  EXPECT_EQ(q.period_latency().count(), q.period_latency().count());
  const std::uint64_t ended = f.period_durations().count();
  EXPECT_GT(ended, 0u);
  EXPECT_EQ(f.period_durations().count(), ended);
  EXPECT_GE(f.period_peak(), 1u);
  const sim::Time age = q.age_of_oldest_message();  // const: callable on a const queue
  EXPECT_EQ(q.age_of_oldest_message(), age);
  sim.find_queue("q")->roll_period();
  sim.functions().front()->roll_period();
  EXPECT_EQ(q.period_latency().count(), 0u);
  EXPECT_EQ(f.period_durations().count(), 0u);
  EXPECT_EQ(f.period_peak(), f.concurrency());  // the new period's peak starts from the level now
}

struct CountingFunctionObserver : model::FunctionObserver {
  std::vector<std::string> request_ids;
  void on_invocation_end(const std::string&, const std::string& request_id, std::uint32_t, std::uint32_t,
                         const model::InvocationResult&) override {
    request_ids.push_back(request_id);
  }
};

struct CountingMappingObserver : model::MappingObserver {
  std::uint64_t batches = 0;
  std::uint64_t records = 0;
  void on_batch_done(const model::EventSourceMapping&, const std::vector<model::ReceiptHandle>& batch,
                     const std::vector<bool>&, bool) override {
    ++batches;
    records += batch.size();
  }
};

TEST(Observers, TwoObserversOfOneFunctionAndOneMappingBothSeeEverything) {
  // The dashboard's event log and the REPORT-line writer observe the same function at once.
  model::ScenarioSpec spec = testing_support::basic_pipeline("always-succeed", 3, sim::seconds(30), /*messages=*/100);
  spec.duration = sim::seconds(120);
  model::Simulation sim(spec, 1);
  CountingFunctionObserver report_lines, event_log;
  sim.functions().front()->add_observer(&report_lines);
  sim.functions().front()->add_observer(&event_log);
  CountingMappingObserver a, b;
  sim.event_source_mappings().front()->add_observer(&a);
  sim.event_source_mappings().front()->add_observer(&b);
  sim.run();
  const auto& c = sim.functions().front()->counters();
  EXPECT_EQ(report_lines.request_ids.size(), c.completed);
  EXPECT_EQ(report_lines.request_ids, event_log.request_ids);
  EXPECT_EQ(a.records, 100u);
  EXPECT_EQ(a.batches, b.batches);
  EXPECT_EQ(a.records, b.records);
  EXPECT_EQ(a.batches, c.completed);
}

}  // namespace
