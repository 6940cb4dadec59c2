// Lambda's partial batch response rules (aws-semantics.md section 4; AWS "Handling errors for an SQS event source"),
// the SQS event shape of ../shared/fixtures/events/sqs-event.json, and the order-processor handler.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "handlers/handler_registry.hpp"
#include "handlers/order_processor.hpp"
#include "handlers/sqs_event.hpp"

namespace {

using lambda::BatchOutcomeKind;
using lambda::interpret_batch_response;

const std::vector<std::string> kBatch = {"m1", "m2", "m3"};

TEST(PartialBatchResponse, EmptyOrNullResponseIsCompleteSuccess) {
  EXPECT_EQ(interpret_batch_response("", kBatch).kind, BatchOutcomeKind::AllSucceeded);
  EXPECT_EQ(interpret_batch_response("null", kBatch).kind, BatchOutcomeKind::AllSucceeded);
  EXPECT_EQ(interpret_batch_response("{}", kBatch).kind, BatchOutcomeKind::AllSucceeded);
}

TEST(PartialBatchResponse, EmptyOrNullBatchItemFailuresIsCompleteSuccess) {
  EXPECT_EQ(interpret_batch_response(R"({"batchItemFailures":[]})", kBatch).kind, BatchOutcomeKind::AllSucceeded);
  EXPECT_EQ(interpret_batch_response(R"({"batchItemFailures":null})", kBatch).kind, BatchOutcomeKind::AllSucceeded);
}

TEST(PartialBatchResponse, InvalidJsonFailsTheWholeBatch) {
  EXPECT_EQ(interpret_batch_response("{not json", kBatch).kind, BatchOutcomeKind::AllFailed);
}

TEST(PartialBatchResponse, NullOrEmptyItemIdentifierFailsTheWholeBatch) {
  EXPECT_EQ(interpret_batch_response(R"({"batchItemFailures":[{"itemIdentifier":null}]})", kBatch).kind,
            BatchOutcomeKind::AllFailed);
  EXPECT_EQ(interpret_batch_response(R"({"batchItemFailures":[{"itemIdentifier":""}]})", kBatch).kind,
            BatchOutcomeKind::AllFailed);
  EXPECT_EQ(interpret_batch_response(R"({"batchItemFailures":[{}]})", kBatch).kind, BatchOutcomeKind::AllFailed);
  lambda::SqsBatchResponse typed{{{""}}};
  EXPECT_EQ(interpret_batch_response(typed, kBatch).kind, BatchOutcomeKind::AllFailed);
}

TEST(PartialBatchResponse, UnknownItemIdentifierFailsTheWholeBatch) {
  EXPECT_EQ(interpret_batch_response(R"({"batchItemFailures":[{"itemIdentifier":"nope"}]})", kBatch).kind,
            BatchOutcomeKind::AllFailed);
  lambda::SqsBatchResponse typed{{{"m9"}}};
  EXPECT_EQ(interpret_batch_response(typed, kBatch).kind, BatchOutcomeKind::AllFailed);
}

TEST(PartialBatchResponse, ListedItemsFailInBatchOrderDeduplicated) {
  const auto o = interpret_batch_response(
      R"({"batchItemFailures":[{"itemIdentifier":"m3"},{"itemIdentifier":"m1"},{"itemIdentifier":"m3"}]})", kBatch);
  ASSERT_EQ(o.kind, BatchOutcomeKind::SomeFailed);
  EXPECT_EQ(o.failed_ids, (std::vector<std::string>{"m1", "m3"}));
}

TEST(SqsEvent, ParsesTheAwsFixtureAndRoundTrips) {
  std::ifstream in(std::string(SQSIM_SHARED_DIR) + "/fixtures/events/sqs-event.json");
  ASSERT_TRUE(in) << "fixture missing";
  std::stringstream buf;
  buf << in.rdbuf();
  const lambda::SqsEvent e = lambda::parse_sqs_event(buf.str());
  ASSERT_EQ(e.records.size(), 1u);
  const auto& r = e.records[0];
  EXPECT_EQ(r.message_id, "MessageID_1");
  EXPECT_EQ(r.receipt_handle, "MessageReceiptHandle");
  EXPECT_EQ(r.body, "Message Body");
  EXPECT_EQ(r.event_source, "aws:sqs");
  EXPECT_EQ(r.event_source_arn, "arn:aws:sqs:us-west-2:123456789012:SQSQueue");
  EXPECT_EQ(r.attributes.at("ApproximateReceiveCount"), "2");
  EXPECT_EQ(r.message_attributes.at("Attribute3").binary_value.value(), "MTEwMA==");
  EXPECT_EQ(r.message_attributes.at("Attribute3").string_list_values, (std::vector<std::string>{"abc", "123"}));
  EXPECT_EQ(r.message_attributes.at("Attribute2").data_type, "Number");
  const lambda::SqsEvent back = lambda::parse_sqs_event(lambda::to_json(e));
  EXPECT_EQ(lambda::to_json(back), lambda::to_json(e));
}

TEST(SqsEvent, BadShapesNameTheJsonPath) {
  try {
    lambda::parse_sqs_event(R"({"Records":[{"messageId":"a","body":5}]})");
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("$.Records[0].body"), std::string::npos) << e.what();
  }
  EXPECT_THROW(lambda::parse_sqs_event("[]"), std::invalid_argument);
  EXPECT_THROW(lambda::parse_sqs_event("{oops"), std::invalid_argument);
}

lambda::SqsEvent event_of(std::vector<std::pair<std::string, std::string>> id_body) {
  lambda::SqsEvent e;
  for (auto& [id, body] : id_body) {
    lambda::SqsMessage m;
    m.message_id = id;
    m.body = body;
    e.records.push_back(m);
  }
  return e;
}

TEST(OrderProcessor, ReportsInvalidOrdersAsBatchItemFailures) {
  handlers::OrderProcessor h;
  const auto resp = h.handle(event_of({{"a", R"({"order_id":"O-1","customer_id":"C-1","amount":9.5})"},
                                       {"b", "INVALID_JSON_2"},
                                       {"c", R"({"order_id":"O-3","amount":100})"},           // no customer_id
                                       {"d", R"({"order_id":4,"customer_id":"C","amount":0})"},  // amount not > 0
                                       {"e", R"({"order_id":5,"customer_id":"C","amount":-1})"},
                                       {"f", R"({"order_id":6,"customer_id":"C","amount":"7"})"},
                                       {"g", R"({"order_id":7,"customer_id":"C","amount":1})"}}),
                             lambda::Context{});
  std::vector<std::string> failed;
  for (const auto& f : resp.batch_item_failures) failed.push_back(f.item_identifier);
  EXPECT_EQ(failed, (std::vector<std::string>{"b", "c", "d", "e", "f"}));
  EXPECT_EQ(h.processed(), 2u);
  EXPECT_EQ(h.invalid(), 5u);
}

TEST(OrderProcessor, FifoStopsAtTheFirstFailureAndReturnsTheRest) {
  // Lambda (FIFO with ReportBatchItemFailures): stop processing at the first failure; return it and all unprocessed.
  auto e = event_of({{"a", R"({"order_id":"1","customer_id":"C","amount":1})"},
                     {"b", "INVALID_JSON"},
                     {"c", R"({"order_id":"3","customer_id":"C","amount":1})"}});
  for (auto& r : e.records) r.event_source_arn = "arn:aws:sqs:us-east-1:123456789012:orders.fifo";
  handlers::OrderProcessor h;
  const auto resp = h.handle(e, {});
  ASSERT_EQ(resp.batch_item_failures.size(), 2u);
  EXPECT_EQ(resp.batch_item_failures[0].item_identifier, "b");
  EXPECT_EQ(resp.batch_item_failures[1].item_identifier, "c");
  EXPECT_EQ(h.processed(), 1u);
}

TEST(OrderProcessor, IdempotencyIsPerEnvironment) {
  // Duplicates are skipped on a warm environment (the same object) but not across environments (a new object).
  const auto e = event_of({{"x", R"({"order_id":"O","customer_id":"C","amount":1})"}});
  handlers::OrderProcessor warm;
  warm.handle(e, {});
  warm.handle(e, {});
  EXPECT_EQ(warm.processed(), 1u);
  EXPECT_EQ(warm.duplicates_skipped(), 1u);
  handlers::OrderProcessor other;
  other.handle(e, {});
  EXPECT_EQ(other.processed(), 1u);
  EXPECT_EQ(other.duplicates_skipped(), 0u);
  handlers::OrderProcessor off(nlohmann::json{{"idempotency", false}});
  off.handle(e, {});
  off.handle(e, {});
  EXPECT_EQ(off.processed(), 2u);
}

TEST(HandlerRegistry, CreatesBuiltinsAndRejectsUnknownNames) {
  const handlers::HandlerRegistry r = handlers::builtin_handlers();
  EXPECT_TRUE(r.contains("order-processor"));
  EXPECT_NE(r.create("always-succeed", nullptr), nullptr);
  EXPECT_THROW((void)r.create("nope", nullptr), std::invalid_argument);
  EXPECT_THROW(r.create("always-fail", nullptr)->handle({}, {}), std::runtime_error);
}

}  // namespace
