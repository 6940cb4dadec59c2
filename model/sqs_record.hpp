// The SQS record Lambda hands a function for each message of a batch (the "Records" of an SQS event), built in one
// place: the event source mapping's invocations and its filter criteria see the same record.
// Lambda: https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html ("Example Amazon SQS message event"): messageId,
// receiptHandle, body, attributes (ApproximateReceiveCount, SentTimestamp, SenderId, ApproximateFirstReceiveTimestamp;
// FIFO queues add MessageGroupId), messageAttributes, md5OfBody, eventSource "aws:sqs", eventSourceARN, awsRegion.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "handlers/reads.hpp"
#include "handlers/sqs_event.hpp"
#include "model/message.hpp"

namespace model {

// The region and account every simulated resource lives in (one account, one region per simulation).
inline constexpr std::string_view kRegion = "us-east-1";
inline constexpr std::string_view kAccountId = "123456789012";

// arn:aws:sqs:<region>:<account>:<queue name>
std::string queue_arn(const std::string& queue_name);

// A receipt handle as the record carries it. AWS's handles are opaque strings that only the queue that issued them
// reads back (ChangeMessageVisibility, DeleteMessage); ours name the receive: "<slot>:<generation>".
void format_receipt_handle(ReceiptHandle h, std::string& out);
// The handle named by a string this queue issued; false for anything else.
bool parse_receipt_handle(std::string_view text, ReceiptHandle& out);

// The message id a handler sees: a deterministic UUID-shaped string made from the simulation's message id.
std::string message_id_string(std::uint64_t id);
void format_message_id(std::uint64_t id, std::string& out);  // the same, into a reused string

// Fills `out` with the record of message `m` received as `h` (its MessageId formatted from m.id), reusing out's
// storage (a steady-state batch allocates nothing).
void build_sqs_record(const Message& m, ReceiptHandle h, const std::string& queue_arn, lambda::SqsMessage& out);

// Where a record that is rebuilt again and again keeps its per-message attribute values: pointers into its attribute
// map's nodes, so the next message rewrites them without walking the map, and the ARN the constant fields
// (eventSourceARN, awsRegion, SenderId) were last written for, so they are not rewritten. Kept beside one record
// object for its whole life (moving the record keeps its map's nodes); only build_sqs_record may rebuild that map.
struct SqsRecordCache {
  std::string* first_received = nullptr;  // ApproximateFirstReceiveTimestamp
  std::string* receive_count = nullptr;   // ApproximateReceiveCount
  std::string* group_id = nullptr;        // MessageGroupId (FIFO records only)
  std::string* sent = nullptr;            // SentTimestamp
  const std::string* arn = nullptr;
};
// The same record as above, rebuilt in place through `cache` (which starts empty for a new record), with the fields a
// handler that `reads` so much looks at (handlers::Reads::IdsAndBodies: messageId, body, eventSourceARN and awsRegion;
// the receipt handle and attributes are left as they were).
void build_sqs_record(const Message& m, ReceiptHandle h, const std::string& queue_arn, lambda::SqsMessage& out,
                      SqsRecordCache& cache, handlers::Reads reads = handlers::Reads::EventAndContext);

}  // namespace model
