// The SQS event shape Lambda delivers (../shared/fixtures/events/sqs-event.json, the aws-lambda-go test event), its
// JSON round trip, and errors that name the JSON path.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "handlers/sqs_event.hpp"

namespace {

std::string read_fixture() {
  std::ifstream in(std::string(SQSIM_SHARED_DIR) + "/fixtures/events/sqs-event.json");
  EXPECT_TRUE(in) << "fixture missing under " << SQSIM_SHARED_DIR;
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// The message of the std::invalid_argument parse_sqs_event throws, or "" if it does not.
std::string parse_error(std::string_view json) {
  try {
    (void)lambda::parse_sqs_event(json);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(SqsEvent, ParsesEveryFieldOfTheAwsFixture) {
  const lambda::SqsEvent e = lambda::parse_sqs_event(read_fixture());
  ASSERT_EQ(e.records.size(), 1u);
  const lambda::SqsMessage& r = e.records[0];
  EXPECT_EQ(r.message_id, "MessageID_1");
  EXPECT_EQ(r.receipt_handle, "MessageReceiptHandle");
  EXPECT_EQ(r.body, "Message Body");
  EXPECT_EQ(r.md5_of_body, "fce0ea8dd236ccb3ed9b37dae260836f");
  EXPECT_EQ(r.md5_of_message_attributes, "582c92c5c5b6ac403040a4f3ab3115c9");
  EXPECT_EQ(r.event_source_arn, "arn:aws:sqs:us-west-2:123456789012:SQSQueue");
  EXPECT_EQ(r.event_source, "aws:sqs");
  EXPECT_EQ(r.aws_region, "us-west-2");
  const std::map<std::string, std::string> attrs = {{"ApproximateReceiveCount", "2"},
                                                    {"SentTimestamp", "1520621625029"},
                                                    {"SenderId", "AROAIWPX5BD2BHG722MW4:sender"},
                                                    {"ApproximateFirstReceiveTimestamp", "1520621634884"}};
  EXPECT_EQ(r.attributes, attrs);
  ASSERT_EQ(r.message_attributes.size(), 3u);

  const lambda::SqsMessageAttribute& a1 = r.message_attributes.at("Attribute1");
  EXPECT_EQ(a1.string_value, "AttributeValue1");
  EXPECT_FALSE(a1.binary_value.has_value());
  EXPECT_TRUE(a1.string_list_values.empty());
  EXPECT_TRUE(a1.binary_list_values.empty());
  EXPECT_EQ(a1.data_type, "String");

  const lambda::SqsMessageAttribute& a2 = r.message_attributes.at("Attribute2");
  EXPECT_EQ(a2.string_value, "123");
  EXPECT_EQ(a2.binary_list_values, (std::vector<std::string>{"MQ==", "MA=="}));
  EXPECT_EQ(a2.data_type, "Number");

  const lambda::SqsMessageAttribute& a3 = r.message_attributes.at("Attribute3");
  EXPECT_FALSE(a3.string_value.has_value());
  EXPECT_EQ(a3.binary_value, "MTEwMA==");
  EXPECT_EQ(a3.string_list_values, (std::vector<std::string>{"abc", "123"}));
  EXPECT_EQ(a3.binary_list_values, (std::vector<std::string>{"MA==", "MQ==", "MA=="}));
  EXPECT_EQ(a3.data_type, "Binary");
}

TEST(SqsEvent, FixtureRoundTripsThroughToJson) {
  const lambda::SqsEvent e = lambda::parse_sqs_event(read_fixture());
  const std::string json = lambda::to_json(e);
  const lambda::SqsEvent back = lambda::parse_sqs_event(json);
  EXPECT_EQ(back, e);                      // every field equal
  EXPECT_EQ(lambda::to_json(back), json);  // and the bytes are stable
}

TEST(SqsEvent, ToJsonUsesAwsFieldNames) {
  const std::string json = lambda::to_json(lambda::parse_sqs_event(read_fixture()));
  for (const char* key :
       {"\"Records\"", "\"messageId\"", "\"receiptHandle\"", "\"body\"", "\"md5OfBody\"", "\"md5OfMessageAttributes\"",
        "\"eventSourceARN\"", "\"eventSource\"", "\"awsRegion\"", "\"attributes\"", "\"messageAttributes\"",
        "\"stringValue\"", "\"binaryValue\"", "\"stringListValues\"", "\"binaryListValues\"", "\"dataType\""})
    EXPECT_NE(json.find(key), std::string::npos) << key;
}

TEST(SqsEvent, AnEmptyBatchRoundTrips) {
  EXPECT_EQ(lambda::to_json(lambda::SqsEvent{}), R"({"Records":[]})");
  EXPECT_TRUE(lambda::parse_sqs_event(R"({"Records":[]})").records.empty());
}

TEST(SqsEvent, OptionalFieldsMayBeAbsentOrNull) {
  // Go's aws-lambda-go serialises nil maps as null; a minimal record has only messageId and body.
  const auto e = lambda::parse_sqs_event(
      R"({"Records":[{"messageId":"a","body":"b"},
                     {"messageId":"c","body":"d","attributes":null,"messageAttributes":null,
                      "md5OfMessageAttributes":null,"eventSource":null}]})");
  ASSERT_EQ(e.records.size(), 2u);
  for (const auto& r : e.records) {
    EXPECT_EQ(r.event_source, "aws:sqs") << "eventSource keeps its default when absent";
    EXPECT_TRUE(r.attributes.empty());
    EXPECT_TRUE(r.message_attributes.empty());
    EXPECT_TRUE(r.md5_of_message_attributes.empty());
  }
}

TEST(SqsEvent, BadShapesNameTheJsonPath) {
  EXPECT_NE(parse_error("{oops").find("$: invalid JSON"), std::string::npos);
  EXPECT_NE(parse_error("[]").find("$: expected an object"), std::string::npos);
  EXPECT_NE(parse_error("{}").find("$.Records: missing"), std::string::npos);
  EXPECT_NE(parse_error(R"({"Records":{}})").find("$.Records: expected an array"), std::string::npos);
  EXPECT_NE(parse_error(R"({"Records":[5]})").find("$.Records[0]: expected an object"), std::string::npos);
  EXPECT_NE(parse_error(R"({"Records":[{"messageId":"a","body":5}]})").find("$.Records[0].body: expected a string"),
            std::string::npos);
  EXPECT_NE(
      parse_error(R"({"Records":[{"messageId":"a","body":"b"},{"body":"c"}]})").find("$.Records[1].messageId: missing"),
      std::string::npos);
  EXPECT_NE(parse_error(R"({"Records":[{"messageId":"a","body":"b","attributes":{"SentTimestamp":1}}]})")
                .find("$.Records[0].attributes.SentTimestamp: expected a string"),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"Records":[{"messageId":"a","body":"b","messageAttributes":{"k":{"stringValue":"v"}}}]})")
                .find("$.Records[0].messageAttributes.k.dataType: missing"),
            std::string::npos);
  EXPECT_NE(parse_error(
                R"({"Records":[{"messageId":"a","body":"b",
                          "messageAttributes":{"k":{"dataType":"String","stringListValues":[1]}}}]})")
                .find("$.Records[0].messageAttributes.k.stringListValues[0]: expected a string"),
            std::string::npos);
}

TEST(SqsBatchResponse, ToJsonUsesAwsFieldNames) {
  EXPECT_EQ(lambda::to_json(lambda::SqsBatchResponse{}), R"({"batchItemFailures":[]})");
  EXPECT_EQ(lambda::to_json(lambda::SqsBatchResponse{{{"m1"}, {"m2"}}}),
            R"({"batchItemFailures":[{"itemIdentifier":"m1"},{"itemIdentifier":"m2"}]})");
}

}  // namespace
