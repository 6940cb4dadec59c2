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
// Every reason, zeros included, in a fixed order (loss first, then the rest): kLossReasons lines.
std::vector<LossLine> loss_reasons(const Loss& l);
inline constexpr std::size_t kLossReasons = 9;
// The reasons with a non-zero count, in loss_reasons' order.
std::vector<LossLine> loss_lines(const Loss& l);

// "LOSS: 34579 refused at SendMessage: access denied (queue policy)" (a reason counted as loss) or "note: 3 in a
// dead-letter queue ..." (shown, not lost): one line per non-zero reason, as every command prints them.
std::vector<std::string> loss_text(const Loss& l);
// The inverse of loss_json (a summary.json's "loss" section; missing keys read as 0), for the commands that judge
// from summaries (check, compare).
Loss loss_from_json(const nlohmann::json& j);

// summary.json's "loss" section: every reason (zeros included, so the shape is fixed) and "lost".
nlohmann::json loss_json(const Loss& l);

}  // namespace judge
