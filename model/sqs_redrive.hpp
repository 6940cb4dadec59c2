// The SQS-internal side of a dead-letter-queue redrive: taking messages out of a DLQ and storing them in a source queue
// as new messages. StartMessageMoveTask (model::MessageMoveTask) and a redrive function (model::RedriveFunction) use
// it; it is kept out of SqsQueue's public interface, which is shaped by the SQS API a client calls.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/message.hpp"
#include "sim/time.hpp"

namespace model {

class SqsQueue;

// What a redrive carries from the DLQ to the destination: the message as the destination stores it anew.
struct RedrivenMessage {
  std::string body;
  std::uint32_t size_bytes = 0;
  std::string group_id;
  std::uint32_t origin = 0;  // the source queue's index (recorded when the message moved to the DLQ)
  sim::Time sent_at{0};      // when it was first sent (the DLQ keeps the original enqueue time)
};

class SqsRedrive {
 public:
  // StartMessageMoveTask: takes the oldest visible message out of the DLQ (nullopt when none is visible); it counts as
  // redriven out. AWS: a redrive moves messages oldest first.
  static std::optional<RedrivenMessage> take_oldest(SqsQueue& dlq);
  // Stores a redriven message in `destination` as new (new MessageId and enqueue time, receive count 0, no
  // deduplication). Returns false if it is over the destination's size limit.
  static bool accept(SqsQueue& destination, std::uint64_t id, const RedrivenMessage& m, sim::Time delay);
  // A redrive function's copy of a message it received from the DLQ (it re-sends, then deletes).
  static RedrivenMessage copy(const SqsQueue& dlq, ReceiptHandle receipt);
  // A redrive function's DeleteMessage after it re-sent the message: counted as redriven out, not as processed.
  static bool delete_after_redrive(SqsQueue& dlq, ReceiptHandle receipt);
};

}  // namespace model
