// An optional per-message trace: one JSON line per change in a message's life in any queue (stored, received,
// visible again, deleted, filtered, moved to the DLQ, redriven out, expired, purged, or refused at SendMessage), in
// simulated-time order. Deterministic bytes; a size guard stops it cleanly instead of filling a disk.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "model/simulation.hpp"

namespace reports {

class MessageTraceWriter {
 public:
  // Attaches to every queue of `sim`. Stops after `max_bytes` (a last line says the trace was truncated).
  MessageTraceWriter(model::Simulation& sim, std::ostream& out, std::uint64_t max_bytes);
  ~MessageTraceWriter();
  MessageTraceWriter(const MessageTraceWriter&) = delete;
  MessageTraceWriter& operator=(const MessageTraceWriter&) = delete;

  [[nodiscard]] std::uint64_t lines() const { return lines_; }
  [[nodiscard]] std::uint64_t bytes() const { return bytes_; }
  [[nodiscard]] bool truncated() const { return truncated_; }

  // Used by the per-queue observers.
  void write(sim::Time at, const std::string& queue, const char* event, std::uint64_t message_id,
             std::uint32_t receive_count, const char* detail = nullptr);

 private:
  struct QueueTap;
  std::ostream& out_;
  std::uint64_t max_bytes_;
  std::uint64_t lines_ = 0;
  std::uint64_t bytes_ = 0;
  bool truncated_ = false;
  std::vector<std::unique_ptr<QueueTap>> taps_;
};

}  // namespace reports
