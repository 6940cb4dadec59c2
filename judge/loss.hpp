// Messages lost, by reason: what a user must see whenever it is not zero, in every output. A message in a DLQ is
// listed (someone must act on it) but is not lost: it can be redriven. FIFO deduplication is SQS working as designed
// (the send succeeded), so it has its own line and is never loss.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/simulation.hpp"

namespace judge {

struct Loss {
  std::uint64_t refused_access_denied = 0;  // SendMessage refused by a deny-all queue policy (AccessDenied)
  std::uint64_t refused_over_limits = 0;  // SendMessage refused: over MaximumMessageSize, FIFO throttled or ids missing
  std::uint64_t expired = 0;              // MessageRetentionPeriod passed
  std::uint64_t filtered = 0;             // deleted by Lambda: no FilterCriteria pattern matched (never processed)
  std::uint64_t deleted_unprocessed = 0;  // acknowledged without the handler running (an injected response)
  std::uint64_t redrive_refused = 0;      // a message move task's destination refused the message
  std::uint64_t purged = 0;               // PurgeQueue
  std::uint64_t in_dlq = 0;               // waiting in a dead-letter queue at the end (not lost: can be redriven)
  std::uint64_t fifo_deduplicated = 0;    // not loss: a repeated MessageDeduplicationId within 5 minutes

  // What "no message lost" counts: refused at send, expired, deleted unprocessed and refused by a redrive. Filtered
  // messages were deleted by a rule the user wrote, purged ones by a user's action, DLQ ones can come back: each is
  // shown, none is counted here.
  [[nodiscard]] std::uint64_t lost() const {
    return refused_access_denied + refused_over_limits + expired + deleted_unprocessed + redrive_refused;
  }
  [[nodiscard]] std::uint64_t refused_at_send() const { return refused_access_denied + refused_over_limits; }
};

Loss loss_of(const model::Simulation& sim);

struct LossLine {
  std::string key;    // summary.json's name for the reason
  std::string words;  // "refused at SendMessage: access denied (queue policy)"
  std::uint64_t count = 0;
  bool is_loss = true;  // false for in_dlq, filtered, purged and fifo_deduplicated (shown, not counted as lost)
};
// The reasons with a non-zero count, in a fixed order (loss first, then the rest).
std::vector<LossLine> loss_lines(const Loss& l);

// summary.json's "loss" section: every reason (zeros included, so the shape is fixed) and "lost".
nlohmann::json loss_json(const Loss& l);

}  // namespace judge
