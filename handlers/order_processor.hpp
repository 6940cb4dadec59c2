// The order processor of ../shared/reference/systems/order-processor.md, ported from its Go handler: validate each
// order, report invalid ones in batchItemFailures, skip messages this instance already processed (an in-memory
// idempotency set: per execution environment, lost on a cold start, as in production).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "handlers/handler.hpp"
#include "handlers/order_validator.hpp"
#include "handlers/recent_ids.hpp"

namespace handlers {

class OrderProcessor final : public lambda::SqsHandler {
 public:
  // config: null, {} or {"idempotency": true|false (default true), "idempotency_capacity": N (default 100,000)}.
  // Throws std::invalid_argument for anything else, so a misspelt key is an error rather than a silently ignored
  // setting.
  explicit OrderProcessor(const nlohmann::json& config = nullptr);

  lambda::SqsBatchResponse handle(const lambda::SqsEvent& event, const lambda::Context& context) override;

  // A valid order: a JSON object with "order_id" a non-empty string or an integer, "customer_id" a non-empty string
  // and "amount" a number > 0. Never throws. The reference definition (nlohmann); handle() uses OrderValidator,
  // which gives the same verdicts faster.
  static bool is_valid_order(const std::string& body);

  // This instance's (this execution environment's) counts since it was built.
  [[nodiscard]] std::uint64_t processed() const { return processed_; }
  [[nodiscard]] std::uint64_t duplicates_skipped() const { return duplicates_; }
  [[nodiscard]] std::uint64_t invalid() const { return invalid_; }

 private:
  bool idempotency_ = true;
  OrderValidator validator_;
  // The Go handler's processedMessages map grows without bound; an execution environment's memory does not (a
  // 128 MB function holds about a million ids), so this one forgets the oldest ids beyond a capacity. It keeps
  // 64-bit keys of the MessageIds (RecentIds::key_of): a false "already processed" needs a 64-bit collision.
  // Membership only, never iterated: a hash set cannot make results depend on hash order.
  RecentIds processed_ids_{100'000};
  std::vector<std::uint64_t> hashes_;  // the current batch's id hashes (kept to reuse its storage)
  std::uint64_t processed_ = 0;
  std::uint64_t duplicates_ = 0;
  std::uint64_t invalid_ = 0;
};

}  // namespace handlers
