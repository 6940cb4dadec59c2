// The SQS event Lambda hands a handler and the partial batch response it may return, with AWS's JSON field names
// (../shared/fixtures/events/sqs-event.json), and the rule Lambda applies to a partial batch response.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lambda {

struct SqsMessageAttribute {
  std::optional<std::string> string_value;
  std::optional<std::string> binary_value;
  std::vector<std::string> string_list_values;
  std::vector<std::string> binary_list_values;
  std::string data_type;
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
  std::map<std::string, std::string> attributes;  // ApproximateReceiveCount, SentTimestamp, ...
  std::map<std::string, SqsMessageAttribute> message_attributes;
};

struct SqsEvent {
  std::vector<SqsMessage> records;
};

struct BatchItemFailure {
  std::string item_identifier;
};

struct SqsBatchResponse {
  std::vector<BatchItemFailure> batch_item_failures;
};

// Throws std::invalid_argument naming the JSON path on a bad shape.
SqsEvent parse_sqs_event(std::string_view json);
std::string to_json(const SqsEvent& event);
std::string to_json(const SqsBatchResponse& response);

enum class BatchOutcomeKind { AllSucceeded, SomeFailed, AllFailed };
struct BatchOutcome {
  BatchOutcomeKind kind = BatchOutcomeKind::AllSucceeded;
  std::vector<std::string> failed_ids;  // SomeFailed: deduplicated, in batch order
  std::string reason;                   // AllFailed: why
};

// Lambda's ReportBatchItemFailures rule (services-sqs-errorhandling):
//  - empty payload, null, {}, missing/null/empty batchItemFailures: complete success;
//  - invalid JSON; an itemIdentifier null, empty, not a string or not in the batch: the whole batch fails;
//  - otherwise the listed messages failed and the rest succeeded.
BatchOutcome interpret_batch_response(std::string_view response_payload, const std::vector<std::string>& batch_ids);
// The same rule for a typed response (the simulator's in-process fast path).
BatchOutcome interpret_batch_response(const SqsBatchResponse& response, const std::vector<std::string>& batch_ids);

}  // namespace lambda
