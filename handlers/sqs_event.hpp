// The SQS event Lambda hands a handler and the partial batch response it may return, with AWS's JSON field names
// (../shared/fixtures/events/sqs-event.json), and the rule Lambda applies to a partial batch response.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lambda {

// SQS message attribute (String, Number or Binary data types; the list values are reserved by AWS and usually empty).
struct SqsMessageAttribute {
  std::optional<std::string> string_value;  // "stringValue"
  std::optional<std::string> binary_value;  // "binaryValue", base64
  std::vector<std::string> string_list_values;
  std::vector<std::string> binary_list_values;
  std::string data_type;  // "String", "Number", "Binary", or with a custom suffix ("Number.int")
  bool operator==(const SqsMessageAttribute&) const = default;
};

struct SqsMessage {
  std::string message_id;
  std::string receipt_handle;
  std::string body;
  std::string md5_of_body;
  std::string md5_of_message_attributes;
  std::string event_source_arn;
  std::string event_source = "aws:sqs";
  std::string aws_region;
  // System attributes: ApproximateReceiveCount, SentTimestamp, SenderId, ApproximateFirstReceiveTimestamp, and for
  // FIFO MessageGroupId, MessageDeduplicationId, SequenceNumber. Ordered maps: serialisation order is deterministic.
  std::map<std::string, std::string> attributes;
  std::map<std::string, SqsMessageAttribute> message_attributes;
  bool operator==(const SqsMessage&) const = default;
};

struct SqsEvent {
  std::vector<SqsMessage> records;  // "Records"
  bool operator==(const SqsEvent&) const = default;
};

struct BatchItemFailure {
  std::string item_identifier;  // the messageId of a record to retry
  bool operator==(const BatchItemFailure&) const = default;
};

struct SqsBatchResponse {
  std::vector<BatchItemFailure> batch_item_failures;  // empty: the whole batch succeeded
  bool operator==(const SqsBatchResponse&) const = default;
};

// Parses a Lambda SQS event. Throws std::invalid_argument naming the JSON path ("$.Records[0].body: ...") on a bad
// shape. Required: Records (array), and per record messageId and body (strings); every other field is optional
// (absent or null reads as empty; eventSource then stays "aws:sqs").
SqsEvent parse_sqs_event(std::string_view json);
// AWS's field names; keys in sorted order, so the same value always gives the same bytes.
std::string to_json(const SqsEvent& event);
std::string to_json(const SqsBatchResponse& response);

// How Lambda settles a batch from the function's response when the mapping has
// FunctionResponseTypes=["ReportBatchItemFailures"] (AWS "Handling errors for an SQS event source in Lambda"):
//  - complete success: an empty payload, JSON null, {}, or batchItemFailures missing, null or empty;
//  - complete failure: invalid JSON (including a response that is not a JSON object, or a batchItemFailures that is
//    not an array of objects); an itemIdentifier that is null, empty, not a string, under a bad key name (missing),
//    or not the messageId of a message in the batch;
//  - otherwise SomeFailed: the listed messages are retried, the rest deleted.
// A function error (a thrown exception) fails the whole batch before this rule is consulted.
enum class BatchOutcomeKind { AllSucceeded, SomeFailed, AllFailed };
struct BatchOutcome {
  BatchOutcomeKind kind = BatchOutcomeKind::AllSucceeded;
  std::vector<std::string> failed_ids;  // SomeFailed only: deduplicated, in batch order
  std::string reason;                   // AllFailed only: why, naming the offending entry
};
BatchOutcome interpret_batch_response(std::string_view response_payload, const std::vector<std::string>& batch_ids);
// The same rule for a typed response (the simulator's in-process fast path): an empty itemIdentifier or one not in
// the batch fails the whole batch, exactly as in the JSON form.
BatchOutcome interpret_batch_response(const SqsBatchResponse& response, const std::vector<std::string>& batch_ids);
// The same rule once more, for the simulator's event source mapping, read against the records the function was given:
// sets failed (resized to the batch) true for each record the response names and returns the outcome. No copies of
// the ids, and for a batch of up to 32 records no allocation once `failed` has grown.
BatchOutcomeKind settle_batch(const SqsBatchResponse& response, const std::vector<SqsMessage>& records,
                              std::vector<bool>& failed);

}  // namespace lambda
