// The order-processor handler (../shared/reference/systems/order-processor.md): validation, partial batch failures,
// and its in-memory idempotency set, which lives exactly as long as one execution environment.
#include <gtest/gtest.h>

#include <random>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "handlers/order_processor.hpp"

namespace {

using Records = std::vector<std::pair<std::string, std::string>>;  // (messageId, body)

lambda::SqsEvent event_of(const Records& records,
                          const std::string& arn = "arn:aws:sqs:us-east-1:123456789012:orders") {
  lambda::SqsEvent e;
  for (const auto& [id, body] : records) {
    lambda::SqsMessage m;
    m.message_id = id;
    m.body = body;
    m.event_source_arn = arn;
    e.records.push_back(m);
  }
  return e;
}

std::vector<std::string> failed_ids(const lambda::SqsBatchResponse& r) {
  std::vector<std::string> out;
  for (const auto& f : r.batch_item_failures) out.push_back(f.item_identifier);
  return out;
}

// Runs one single-record batch on a fresh instance: true if the record was accepted.
bool accepted(const std::string& body) {
  handlers::OrderProcessor h;
  return h.handle(event_of({{"m", body}}), {}).batch_item_failures.empty() && h.processed() == 1;
}

TEST(OrderProcessor, ValidOrdersAreProcessedAndNotReported) {
  handlers::OrderProcessor h;
  const auto resp = h.handle(event_of({{"a", R"({"order_id":"ORDER-001","amount":99.99,"customer_id":"CUST-123",
                                                 "timestamp":"2026-01-28T10:00:00Z"})"},
                                       {"b", R"({"order_id":7,"customer_id":"CUST-7","amount":700})"}}),
                             {});
  EXPECT_TRUE(resp.batch_item_failures.empty());
  EXPECT_EQ(h.processed(), 2u);
  EXPECT_EQ(h.invalid(), 0u);
  EXPECT_EQ(h.duplicates_skipped(), 0u);
}

TEST(OrderProcessor, InvalidJsonIsABatchItemFailure) {
  // The reference's poison message: 'INVALID_JSON' is retried until maxReceiveCount sends it to the DLQ.
  EXPECT_FALSE(accepted("INVALID_JSON"));
  EXPECT_FALSE(accepted(""));
  EXPECT_FALSE(accepted(R"({"order_id":"1","customer_id":"C","amount":1)"));  // truncated
  EXPECT_FALSE(accepted(R"(["order_id","customer_id","amount"])"));           // JSON, but not an object
}

TEST(OrderProcessor, MissingOrEmptyFieldsAreBatchItemFailures) {
  EXPECT_FALSE(accepted(R"({"customer_id":"C","amount":1})"));
  EXPECT_FALSE(accepted(R"({"order_id":"1","amount":100})"));  // the reference's load-test body: no customer_id
  EXPECT_FALSE(accepted(R"({"order_id":"1","customer_id":"C"})"));
  EXPECT_FALSE(accepted(R"({"order_id":"","customer_id":"C","amount":1})"));
  EXPECT_FALSE(accepted(R"({"order_id":"1","customer_id":"","amount":1})"));
  EXPECT_FALSE(accepted(R"({"order_id":null,"customer_id":"C","amount":1})"));
  EXPECT_FALSE(accepted(R"({"order_id":1.5,"customer_id":"C","amount":1})"));  // an id is a string or an integer
  EXPECT_FALSE(accepted(R"({"order_id":"1","customer_id":42,"amount":1})"));
}

TEST(OrderProcessor, AmountMustBeANumberAboveZero) {
  EXPECT_FALSE(accepted(R"({"order_id":"1","customer_id":"C","amount":0})"));
  EXPECT_FALSE(accepted(R"({"order_id":"1","customer_id":"C","amount":0.0})"));
  EXPECT_FALSE(accepted(R"({"order_id":"1","customer_id":"C","amount":-1})"));
  EXPECT_FALSE(accepted(R"({"order_id":"1","customer_id":"C","amount":"7"})"));
  EXPECT_FALSE(accepted(R"({"order_id":"1","customer_id":"C","amount":true})"));
  EXPECT_FALSE(accepted(R"({"order_id":"1","customer_id":"C","amount":null})"));
  EXPECT_TRUE(accepted(R"({"order_id":"1","customer_id":"C","amount":0.01})"));
  EXPECT_TRUE(accepted(R"({"order_id":"1","customer_id":"C","amount":3})"));
}

TEST(OrderProcessor, OnlyInvalidRecordsAreReportedInBatchOrder) {
  handlers::OrderProcessor h;
  const auto resp = h.handle(event_of({{"a", R"({"order_id":"O-1","customer_id":"C-1","amount":9.5})"},
                                       {"b", "INVALID_JSON_2"},
                                       {"c", R"({"order_id":"O-3","amount":100})"},
                                       {"d", R"({"order_id":4,"customer_id":"C","amount":0})"},
                                       {"e", R"({"order_id":5,"customer_id":"C","amount":-1})"},
                                       {"f", R"({"order_id":6,"customer_id":"C","amount":"7"})"},
                                       {"g", R"({"order_id":7,"customer_id":"C","amount":1})"}}),
                             {});
  EXPECT_EQ(failed_ids(resp), (std::vector<std::string>{"b", "c", "d", "e", "f"}));
  EXPECT_EQ(h.processed(), 2u);
  EXPECT_EQ(h.invalid(), 5u);
}

TEST(OrderProcessor, DuplicatesAreSkippedOnTheSameInstanceButProcessedByAFreshOne) {
  // SQS delivers at least once; the reference's processedMessages map skips a redelivery on a warm environment.
  // A fresh instance is a new execution environment (another concurrent one, or after a cold start): empty set.
  const auto e = event_of({{"x", R"({"order_id":"O","customer_id":"C","amount":1})"}});
  handlers::OrderProcessor warm;
  EXPECT_TRUE(warm.handle(e, {}).batch_item_failures.empty());
  EXPECT_TRUE(warm.handle(e, {}).batch_item_failures.empty()) << "a duplicate is skipped, not failed";
  EXPECT_EQ(warm.processed(), 1u);
  EXPECT_EQ(warm.duplicates_skipped(), 1u);

  handlers::OrderProcessor fresh;
  fresh.handle(e, {});
  EXPECT_EQ(fresh.processed(), 1u);
  EXPECT_EQ(fresh.duplicates_skipped(), 0u);
}

TEST(OrderProcessor, ADuplicateWithinOneBatchIsSkipped) {
  handlers::OrderProcessor h;
  const auto resp = h.handle(event_of({{"x", R"({"order_id":"O","customer_id":"C","amount":1})"},
                                       {"x", R"({"order_id":"O","customer_id":"C","amount":1})"}}),
                             {});
  EXPECT_TRUE(resp.batch_item_failures.empty());
  EXPECT_EQ(h.processed(), 1u);
  EXPECT_EQ(h.duplicates_skipped(), 1u);
}

TEST(OrderProcessor, AnInvalidMessageIsNotRememberedSoItsRetryFailsAgain) {
  handlers::OrderProcessor h;
  const auto e = event_of({{"p", "INVALID_JSON"}});
  EXPECT_EQ(failed_ids(h.handle(e, {})), (std::vector<std::string>{"p"}));
  EXPECT_EQ(failed_ids(h.handle(e, {})), (std::vector<std::string>{"p"}));
  EXPECT_EQ(h.invalid(), 2u);
  EXPECT_EQ(h.duplicates_skipped(), 0u);
}

TEST(OrderProcessor, IdempotencyCanBeSwitchedOff) {
  const auto e = event_of({{"x", R"({"order_id":"O","customer_id":"C","amount":1})"}});
  handlers::OrderProcessor off(nlohmann::json{{"idempotency", false}});
  off.handle(e, {});
  off.handle(e, {});
  EXPECT_EQ(off.processed(), 2u);
  EXPECT_EQ(off.duplicates_skipped(), 0u);
  handlers::OrderProcessor on(nlohmann::json{{"idempotency", true}});
  on.handle(e, {});
  on.handle(e, {});
  EXPECT_EQ(on.processed(), 1u);
}

TEST(OrderProcessor, ConfigMayBeNullOrEmptyAndIsOtherwiseChecked) {
  EXPECT_NO_THROW(handlers::OrderProcessor{nullptr});
  EXPECT_NO_THROW(handlers::OrderProcessor{nlohmann::json::object()});
  EXPECT_THROW((handlers::OrderProcessor{nlohmann::json{{"idempotency", "yes"}}}), std::invalid_argument);
  EXPECT_THROW((handlers::OrderProcessor{nlohmann::json{{"idempotence", false}}}), std::invalid_argument);
  EXPECT_THROW(handlers::OrderProcessor{nlohmann::json::array()}, std::invalid_argument);
}

TEST(OrderProcessor, FifoStopsAtTheFirstFailureAndReturnsTheRest) {
  // Lambda, FIFO with ReportBatchItemFailures: stop processing at the first failure and return it and every
  // unprocessed message, so a group's later messages never overtake an earlier failed one.
  const auto e = event_of({{"a", R"({"order_id":"1","customer_id":"C","amount":1})"},
                           {"b", "INVALID_JSON"},
                           {"c", R"({"order_id":"3","customer_id":"C","amount":1})"}},
                          "arn:aws:sqs:us-east-1:123456789012:orders.fifo");
  handlers::OrderProcessor h;
  EXPECT_EQ(failed_ids(h.handle(e, {})), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(h.processed(), 1u);
  EXPECT_EQ(h.invalid(), 1u);
}

}  // namespace

// The validator reads orders with a SAX parser; its verdicts must be those of parsing to a document and inspecting it
// (the Go handler's json.Unmarshal into a struct with the same three checks). Random bodies built from fragments that
// hit every branch: missing, empty, wrong-typed, nested, duplicated fields, and broken JSON.
namespace {
bool dom_verdict(const std::string& body) {
  const nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  const auto order = j.find("order_id");
  const auto customer = j.find("customer_id");
  const auto amount = j.find("amount");
  if (order == j.end() || customer == j.end() || amount == j.end()) return false;
  const bool order_ok =
      (order->is_string() && !order->get_ref<const std::string&>().empty()) || order->is_number_integer();
  const bool customer_ok = customer->is_string() && !customer->get_ref<const std::string&>().empty();
  return order_ok && customer_ok && amount->is_number() && amount->get<double>() > 0.0;
}
}  // namespace

TEST(OrderProcessor, SaxAndSimdjsonValidatorsAgreeWithDocumentParsing) {
  const std::vector<std::string> keys = {"\"order_id\"", "\"customer_id\"", "\"amount\"", "\"other\""};
  const std::vector<std::string> values = {
      "\"A-1\"", "\"\"", "7", "-3", "0", "2.5", "-0.5", "0.0", "true", "null", "[]", "{}", "{\"order_id\":\"x\"}",
      "[1,2]", "18446744073709551615", "1e3", "\"7\"",
      // Where simdjson stops and nlohmann decides (OrderValidator's fallback):
      "1e400", "123456789012345678901234567890", "9223372036854775808", "-9223372036854775809", "-0", "1e-400",
      "\"\\u00e9\"", "\"\\u0000\"", "\"\xff\xfe\"", "{\"a\":[[[{}]]]}",
      // The edges of OrderValidator's fast path (plain strings and numbers, no whitespace):
      "0.01", "-7", "007", "1.", ".5", "-", "-a", "1.5e3", "\"a\\\"b\"", "\"\t\"", "12345678901234567",
      "123456789012345678", "0.0000000000000001", "-0.0", "00", "0.", "\"unterminated"};
  std::mt19937_64 rng(20261123);
  handlers::OrderValidator validator;
  // A first byte that cannot open an object settles the verdict at once; these can or nearly can.
  for (const std::string body :
       {"", " ", "x{}", "\xEF", "\xEF\xBB\xBF", "\xEF\xBB\xBF{\"order_id\":1,\"customer_id\":\"C\",\"amount\":1}",
        "\t{\"order_id\":1,\"customer_id\":\"C\",\"amount\":1}", "\xBB{}"})
    ASSERT_EQ(validator.valid(body), dom_verdict(body)) << body;
  int valid = 0;
  for (int i = 0; i < 20000; ++i) {
    // Half start from a valid order, so random fields after it (a duplicate key counts by its last value) can both
    // keep and break it.
    std::string body = rng() % 2 ? R"({"order_id":"A","customer_id":"C","amount":1)" : "{";
    const int fields = static_cast<int>(rng() % 4);
    for (int f = 0; f < fields; ++f) {
      if (body.size() > 1) body += ",";
      body += keys[rng() % keys.size()] + ":" + values[rng() % values.size()];
    }
    body += "}";
    switch (rng() % 10) {
      case 0:
        body = "[" + body + "]";
        break;  // not an object
      case 1:
        body.pop_back();
        break;  // truncated
      case 2:
        body += " x";
        break;  // trailing garbage
      case 3:
        body = values[rng() % values.size()];
        break;  // a bare value
      case 4:
        if (const auto colon = body.find(':'); colon != std::string::npos) body.replace(colon, 1, " : ");
        break;  // whitespace, outside the fast path's shape
      case 5:
        body = (rng() % 2 ? "\xEF\xBB\xBF" : "\r\n ") + body;
        break;  // a byte order mark or whitespace before the object
      case 6:
        body = "INVALID_JSON_" + std::to_string(i);
        break;  // the reference's poison body
      default:
        break;
    }
    const bool expected = dom_verdict(body);
    valid += expected ? 1 : 0;
    ASSERT_EQ(handlers::OrderProcessor::is_valid_order(body), expected) << body;
    ASSERT_EQ(validator.valid(body), expected) << "OrderValidator (simdjson): " << body;
  }
  // The generator must exercise both verdicts, or the comparison proves little.
  EXPECT_GT(valid, 200);
  EXPECT_LT(valid, 19000);
}

TEST(OrderProcessor, TheValidatorFindsAnySpecialByteWhereverItSitsInALongString) {
  // The fast path skips a string's plain characters sixteen at a time, then byte by byte: a byte that leaves its shape
  // (escape, control, non-ASCII) or ends the string must be found at every offset of a step. (The boundary bytes ' '
  // and '~' are plain; were one flagged, the byte loop would still decide, so the verdicts here cannot show it.)
  handlers::OrderValidator validator;
  for (const char special : {'\\', '\x01', '\x1f', '\t', '\x7f', '\x80', '\xff', '"', ' ', '~'}) {
    for (std::size_t at = 0; at < 26; ++at) {
      std::string id(26, 'A');
      id[at] = special;
      // The third body ends with the string, so its last bytes fall after the last whole step, to the byte loop.
      for (const std::string& body : {R"({"order_id":")" + id + R"(","customer_id":"C","amount":1})",
                                      R"({"customer_id":")" + id + R"(","order_id":7,"amount":2.5})",
                                      R"({"amount":1,"order_id":7,"customer_id":")" + id + R"("})"})
        ASSERT_EQ(validator.valid(body), dom_verdict(body))
            << "byte " << int(static_cast<unsigned char>(special)) << " at " << at << ": " << body;
    }
  }
}

TEST(OrderProcessor, TheValidatorsOnePassReaderDecidesEveryPlainBodyWhereverItsQuotesFall) {
  // Plain strings of every length from 0 to 40 (so each closing quote falls at every offset of a sixteen-byte step,
  // and in the bytes after the last whole step)
  // and bodies shaped as the producers write them: all decided by the one-pass reader, none sent on to simdjson.
  handlers::OrderValidator validator;
  std::uint64_t bodies = 0;
  for (std::size_t n = 0; n <= 40; ++n) {
    const std::string s(n, 'x');
    for (const std::string& body : {R"({"order_id":")" + s + R"(","customer_id":"C","amount":1})",
                                    R"({")" + s + R"(":1,"customer_id":")" + s + R"(","order_id":7,"amount":0.5})"}) {
      ASSERT_EQ(validator.valid(body), dom_verdict(body)) << body;
      ASSERT_EQ(validator.fast_path_verdicts(), ++bodies) << "sent on to simdjson: " << body;
    }
  }
  // The shape model::BodyGenerator writes: ids of 1 to 7 digits, customers 1 to 1000, amounts 1.00 to 500.00.
  std::mt19937_64 rng(5);
  for (std::uint64_t seq = 1; seq <= 20'000; seq = seq * 3 / 2 + 1) {
    const std::string body = R"({"order_id":"ORDER-order-producer-)" + std::to_string(seq) +
                             R"(","customer_id":"CUST-)" + std::to_string(rng() % 1000 + 1) + R"(","amount":)" +
                             std::to_string(rng() % 500 + 1) + "." + std::to_string(rng() % 90 + 10) + "}";
    ASSERT_TRUE(validator.valid(body)) << body;
    ASSERT_EQ(validator.fast_path_verdicts(), ++bodies) << "sent on to simdjson: " << body;
  }
}

TEST(OrderProcessor, IdempotencyForgetsOnlyBeyondItsCapacity) {
  handlers::OrderProcessor p(nlohmann::json{{"idempotency_capacity", 2}});
  const auto event_of = [](const std::string& id) {
    lambda::SqsEvent e;
    e.records.push_back(lambda::SqsMessage{});
    e.records[0].message_id = id;
    e.records[0].body = R"({"order_id":"O","customer_id":"C","amount":1})";
    return e;
  };
  const lambda::Context ctx;
  for (const char* id : {"a", "b", "a", "b"}) (void)p.handle(event_of(id), ctx);
  EXPECT_EQ(p.processed(), 2u);
  EXPECT_EQ(p.duplicates_skipped(), 2u);
  (void)p.handle(event_of("c"), ctx);  // forgets "a", the oldest
  (void)p.handle(event_of("b"), ctx);  // still remembered
  (void)p.handle(event_of("a"), ctx);  // processed again
  EXPECT_EQ(p.processed(), 4u);
  EXPECT_EQ(p.duplicates_skipped(), 3u);
  EXPECT_THROW((handlers::OrderProcessor{nlohmann::json{{"idempotency_capacity", 0}}}), std::invalid_argument);
  EXPECT_THROW((handlers::OrderProcessor{nlohmann::json{{"idempotency_capacity", -1}}}), std::invalid_argument);
}
