// An SQS message as the queue holds it, and the receipt handle that names one receive of it.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "sim/time.hpp"

namespace model {

enum class MessageState : std::uint8_t { Free, Delayed, Visible, InFlight };

struct Message {
  std::uint64_t id = 0;             // unique in the simulation; kept when the message moves to a DLQ
  sim::Time sent_at;                // SentTimestamp: the original enqueue time, unchanged by a move to a DLQ
  sim::Time first_received_at{-1};  // ApproximateFirstReceiveTimestamp (-1: never received)
  std::uint32_t receive_count = 0;  // ApproximateReceiveCount
  std::uint32_t size_bytes = 0;
  std::uint32_t generation = 0;        // bumped on every state change: stale receipts and timers are ignored
  std::uint64_t enqueue_seq = 0;       // order of arrival in this queue (FIFO order is arrival order)
  std::uint32_t visibility_epoch = 0;  // bumped when the visibility clock restarts; the receipt stays valid
  MessageState state = MessageState::Free;
  std::uint32_t group = 0;  // FIFO: index of the MessageGroupId in the queue's group table
  std::string body;
  std::string group_id;               // FIFO: MessageGroupId (kept for a move to a FIFO DLQ)
  std::uint32_t origin = UINT32_MAX;  // index of the queue a DLQ message came from (redrive to the source)
};

// SQS: every receive returns a new receipt handle; only the latest one can delete the message or change its visibility.
struct ReceiptHandle {
  std::uint32_t slot = 0;
  std::uint32_t generation = 0;
};

}  // namespace model
