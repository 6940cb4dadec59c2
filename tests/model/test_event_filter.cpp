// Lambda event filtering (FilterCriteria) for SQS, from the AWS pages "Control which events Lambda sends to your
// function" (filter rule syntax table) and "Filtering events from Amazon SQS" (body rules and examples), and the
// event source mapping's handling of records that match no filter (deleted, counted: aws-semantics.md section 10).
#include <gtest/gtest.h>

#include <random>

#include "model/event_filter.hpp"
#include "model/simulation.hpp"
#include "test_support.hpp"

namespace {

using nlohmann::json;

bool match(const char* pattern, const json& event) {
  return model::EventFilter::parse(pattern).matches(event);
}

lambda::SqsMessage record(const std::string& body) {
  lambda::SqsMessage r;
  r.message_id = "059f36b4-87a3-44ab-83d2-661975830a7d";
  r.body = body;
  r.attributes = {{"ApproximateReceiveCount", "1"}, {"SenderId", "AIDASQSIMPRODUCER"}};
  r.message_attributes["Priority"] = lambda::SqsMessageAttribute{std::string("high"), {}, {}, {}, "String"};
  return r;
}

bool criteria(const std::vector<std::string>& patterns, const std::string& body) {
  return model::FilterCriteria::parse(patterns).matches(record(body));
}

// The filter rule syntax table, row by row.
TEST(EventFilter, RuleSyntaxTable) {
  EXPECT_TRUE(match(R"({"UserID": [null]})", {{"UserID", nullptr}}));
  EXPECT_FALSE(match(R"({"UserID": [null]})", {{"UserID", "x"}}));
  EXPECT_TRUE(match(R"({"LastName": [""]})", {{"LastName", ""}}));
  EXPECT_TRUE(match(R"({"Name": ["Alice"]})", {{"Name", "Alice"}}));
  EXPECT_FALSE(match(R"({"Name": ["Alice"]})", {{"Name", "alice"}}));
  EXPECT_TRUE(match(R"({"Name": [{"equals-ignore-case": "alice"}]})", {{"Name", "ALICE"}}));
  EXPECT_TRUE(match(R"({"Location": ["New York"], "Day": ["Monday"]})", {{"Location", "New York"}, {"Day", "Monday"}}));
  EXPECT_FALSE(
      match(R"({"Location": ["New York"], "Day": ["Monday"]})", {{"Location", "New York"}, {"Day", "Friday"}}));
  EXPECT_TRUE(match(R"({"PaymentType": ["Credit", "Debit"]})", {{"PaymentType", "Debit"}}));
  EXPECT_TRUE(match(R"({"$or": [{"Location": ["New York"]}, {"Day": ["Monday"]}]})", {{"Day", "Monday"}}));
  EXPECT_FALSE(match(R"({"$or": [{"Location": ["New York"]}, {"Day": ["Monday"]}]})", {{"Day", "Sunday"}}));
  EXPECT_TRUE(match(R"({"Weather": [{"anything-but": ["Raining"]}]})", {{"Weather", "Sunny"}}));
  EXPECT_FALSE(match(R"({"Weather": [{"anything-but": ["Raining"]}]})", {{"Weather", "Raining"}}));
  EXPECT_FALSE(match(R"({"Weather": [{"anything-but": ["Raining"]}]})", json::object()));  // absent: no match
  EXPECT_TRUE(match(R"({"Price": [{"numeric": ["=", 100]}]})", {{"Price", 100.0}}));       // 100 and 100.0 are equal
  EXPECT_TRUE(match(R"({"Price": [{"numeric": [">", 10, "<=", 20]}]})", {{"Price", 20}}));
  EXPECT_FALSE(match(R"({"Price": [{"numeric": [">", 10, "<=", 20]}]})", {{"Price", 10}}));
  EXPECT_FALSE(match(R"({"Price": [{"numeric": [">", 10, "<=", 20]}]})", {{"Price", "15"}}));  // a string
  EXPECT_TRUE(match(R"({"ProductName": [{"exists": true}]})", {{"ProductName", "x"}}));
  EXPECT_FALSE(match(R"({"ProductName": [{"exists": true}]})", json::object()));
  EXPECT_TRUE(match(R"({"ProductName": [{"exists": false}]})", json::object()));
  EXPECT_FALSE(match(R"({"ProductName": [{"exists": false}]})", {{"ProductName", "x"}}));
  EXPECT_TRUE(match(R"({"Region": [{"prefix": "us-"}]})", {{"Region", "us-east-1"}}));
  EXPECT_FALSE(match(R"({"Region": [{"prefix": "us-"}]})", {{"Region", "eu-west-1"}}));
  EXPECT_TRUE(match(R"({"FileName": [{"suffix": ".png"}]})", {{"FileName", "cat.png"}}));
  EXPECT_TRUE(match(R"({"FileName": [{"wildcard": "*/images/*.png"}]})", {{"FileName", "a/images/cat.png"}}));
  EXPECT_FALSE(match(R"({"FileName": [{"wildcard": "*/images/*.png"}]})", {{"FileName", "a/docs/cat.png"}}));
  EXPECT_TRUE(match(R"({"ip": [{"cidr": "10.0.0.0/24"}]})", {{"ip", "10.0.0.255"}}));
  EXPECT_FALSE(match(R"({"ip": [{"cidr": "10.0.0.0/24"}]})", {{"ip", "10.0.1.0"}}));
  EXPECT_TRUE(match(R"({"ip": [{"cidr": "2001:db8::/32"}]})", {{"ip", "2001:db8:1::7"}}));
  EXPECT_TRUE(match(R"({"F": [{"anything-but": {"prefix": "tmp/"}}]})", {{"F", "data/x"}}));
  EXPECT_FALSE(match(R"({"F": [{"anything-but": {"prefix": "tmp/"}}]})", {{"F", "tmp/x"}}));
  EXPECT_FALSE(match(R"({"F": [{"anything-but": {"equals-ignore-case": ["A", "b"]}}]})", {{"F", "B"}}));
  EXPECT_TRUE(match(R"({"F": [{"prefix": {"equals-ignore-case": "TMP/"}}]})", {{"F", "tmp/x"}}));
}

TEST(EventFilter, ArraysNestingAndOr) {
  // An event array matches if any element does.
  EXPECT_TRUE(match(R"({"tags": ["red"]})", {{"tags", {"blue", "red"}}}));
  EXPECT_FALSE(match(R"({"tags": ["red"]})", {{"tags", {"blue"}}}));
  // Nested objects descend.
  EXPECT_TRUE(match(R"({"a": {"b": {"c": [1]}}})", {{"a", {{"b", {{"c", 1}}}}}}));
  EXPECT_FALSE(match(R"({"a": {"b": {"c": [1]}}})", {{"a", {{"b", 1}}}}));
  // A nested pattern over an array of objects (an S3 notification's Records): any element may match.
  const json s3 =
      json::parse(R"({"Records": [{"s3": {"object": {"key": "a.png"}}}, {"s3": {"object": {"key": "b.csv"}}}]})");
  EXPECT_TRUE(match(R"({"Records": {"s3": {"object": {"key": [{"suffix": ".csv"}]}}}})", s3));
  EXPECT_FALSE(match(R"({"Records": {"s3": {"object": {"key": [{"suffix": ".gz"}]}}}})", s3));
  // $or together with other keys: both must hold.
  EXPECT_FALSE(match(R"({"x": ["1"], "$or": [{"y": ["2"]}, {"z": ["3"]}]})", {{"x", "0"}, {"z", "3"}}));
  EXPECT_TRUE(match(R"({"x": ["1"], "$or": [{"y": ["2"]}, {"z": ["3"]}]})", {{"x", "1"}, {"z", "3"}}));
  EXPECT_TRUE(match(R"({})", {{"x", 1}}));  // an empty pattern has no condition
}

TEST(EventFilter, SqsBodyIsFilteredAsJsonOrAsPlainString) {
  // "Filtering events from Amazon SQS": the example body and its filters.
  const std::string json_body = R"({"RecordNumber": 1234, "TimeStamp": "yyyy-mm-ddThh:mm:ss", "RequestCode": "AAAA"})";
  EXPECT_TRUE(criteria({R"({"body": {"RequestCode": ["AAAA"]}})"}, json_body));
  EXPECT_FALSE(criteria({R"({"body": {"RequestCode": ["BBBB"]}})"}, json_body));
  EXPECT_TRUE(criteria({R"({"body": {"RecordNumber": [{"numeric": [">", 0, "<=", 5000]}]}})"}, json_body));
  // Plain string body + plain string pattern: filtered on the string.
  EXPECT_TRUE(criteria({R"({"body": ["This is a plain string"]})"}, "This is a plain string"));
  EXPECT_TRUE(criteria({R"({"body": [{"prefix": "This is"}]})"}, "This is a plain string"));
  // Plain string body + JSON pattern: Lambda drops the message (no match), even with exists:false inside.
  EXPECT_FALSE(criteria({R"({"body": {"RequestCode": ["AAAA"]}})"}, "This is a plain string"));
  EXPECT_FALSE(criteria({R"({"body": {"RequestCode": [{"exists": false}]}})"}, "not json"));
  // JSON body + plain string pattern: no match.
  EXPECT_FALSE(criteria({R"({"body": ["AAAA"]})"}, json_body));
  // Metadata: attributes and message attributes.
  EXPECT_TRUE(criteria({R"({"attributes": {"ApproximateReceiveCount": ["1"]}})"}, "x"));
  EXPECT_TRUE(criteria({R"({"messageAttributes": {"Priority": {"stringValue": ["high"]}}})"}, "x"));
  // Several filters: any one passes the record.
  EXPECT_TRUE(
      criteria({R"({"body": {"RequestCode": ["BBBB"]}})", R"({"body": {"RequestCode": ["AAAA"]}})"}, json_body));
  EXPECT_TRUE(model::FilterCriteria::parse({}).matches(record("anything")));
}

TEST(EventFilter, BadPatternsNameThePathAndWhatWasExpected) {
  const auto error = [](const std::string& p, std::size_t i = 0) {
    try {
      (void)model::EventFilter::parse(p, i);
    } catch (const model::FilterPatternError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(error(R"({"name": "value"})").find("Filters[0].Pattern.name: got \"value\", expected an array"),
            std::string::npos);
  EXPECT_NE(error("[1]", 2).find("Filters[2].Pattern: got [1], expected a JSON object pattern"), std::string::npos);
  EXPECT_NE(error("{nope").find("not valid JSON"), std::string::npos);
  EXPECT_NE(error(R"({"a": [{"numeric": [">", "x"]}]})")
                .find("Filters[0].Pattern.a[0].numeric[1]: got \"x\", expected a number"),
            std::string::npos);
  EXPECT_NE(error(R"({"a": [{"numeric": [">", 1, ">=", 2]}]})").find("at most one lower bound"), std::string::npos);
  EXPECT_NE(error(R"({"a": [{"exists": "yes"}]})").find("a[0].exists: got \"yes\", expected true or false"),
            std::string::npos);
  EXPECT_NE(error(R"({"a": [{"cidr": "10.0.0.0/33"}]})").find("CIDR"), std::string::npos);
  EXPECT_NE(error(R"({"a": [{"regex": "x"}]})").find("a[0].regex"), std::string::npos);
  EXPECT_NE(error(R"({"a": []})").find("a non-empty array"), std::string::npos);
  EXPECT_NE(error(R"({"$or": [{"a": ["1"]}]})").find("at least two patterns"), std::string::npos);
  try {
    (void)model::FilterCriteria::parse(std::vector<std::string>(11, "{}"));
    ADD_FAILURE() << "11 filters accepted";
  } catch (const model::FilterPatternError& e) {
    EXPECT_NE(std::string(e.what()).find("at most 10"), std::string::npos);
  }
}

TEST(EventFilter, MatchingNeverThrowsOnJunkRecords) {
  const auto f = model::FilterCriteria::parse(
      {R"({"body": {"a": [{"numeric": [">", 1]}], "b": [{"prefix": "x"}]}})", R"({"body": [{"wildcard": "*z*"}]})"});
  std::mt19937_64 rng(5);
  const std::string alphabet = "{}[]\":,0123456789abcxz \\nte-.";
  for (int i = 0; i < 5000; ++i) {
    std::string body;
    const std::size_t n = rng() % 40;
    for (std::size_t k = 0; k < n; ++k) body += alphabet[rng() % alphabet.size()];
    EXPECT_NO_THROW((void)f.matches(record(body))) << body;
  }
}

// Through the event source mapping: records that match no filter are deleted and counted, never invoked.
TEST(EventFilter, NonMatchingMessagesAreDeletedAndCountedBeforeBatching) {
  auto s = testing_support::basic_pipeline("order-processor", 3, sim::seconds(30), 200);
  s.producers[0].body.invalid_fraction = 0.25;  // INVALID_JSON_<n>: plain strings
  s.event_source_mappings[0].filter_patterns = {R"({"body": {"order_id": [{"exists": true}]}})"};
  model::Simulation sim(s, 1);
  sim.run();
  const auto a = sim.accounting();
  EXPECT_EQ(a.filtered, 50u);  // the plain-string bodies never reach the handler
  EXPECT_EQ(a.deleted, 150u);
  EXPECT_EQ(a.in_dlq, 0u);  // without the filter they would go to the DLQ after 3 receives
  EXPECT_TRUE(a.balanced());
  const auto& c = sim.event_source_mappings()[0]->counters();
  EXPECT_EQ(c.filtered_out, 50u);  // FilteredOutEventCount
  EXPECT_EQ(c.invoked, 150u);      // InvokedEventCount: filtered records are not invoked
  EXPECT_EQ(sim.functions()[0]->counters().records_processed, 150u);
  EXPECT_EQ(sim.queues()[1]->receives_at_delete().at(1), 150u);
}

}  // namespace
