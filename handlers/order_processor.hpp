// The order processor of ../shared/reference/systems/order-processor.md, ported from its Go handler: validate each
// order, report invalid ones in batchItemFailures, skip messages this instance already processed (an in-memory
// idempotency set: per execution environment, lost on a cold start, as in production).
#pragma once

#include <cstdint>
#include <unordered_set>
#include <string>

#include <nlohmann/json.hpp>

#include "handlers/handler.hpp"

namespace handlers {

class OrderProcessor final : public lambda::SqsHandler {
 public:
  // config: {"idempotency": true|false} (default true).
  explicit OrderProcessor(const nlohmann::json& config = nullptr);

  lambda::SqsBatchResponse handle(const lambda::SqsEvent& event, const lambda::Context& context) override;

  // A valid order: "order_id" a non-empty string or an integer, "customer_id" a non-empty string, "amount" > 0.
  static bool is_valid_order(const std::string& body);

  [[nodiscard]] std::uint64_t processed() const { return processed_; }
  [[nodiscard]] std::uint64_t duplicates_skipped() const { return duplicates_; }
  [[nodiscard]] std::uint64_t invalid() const { return invalid_; }

 private:
  bool idempotency_ = true;
  // Membership only, never iterated: a hash set cannot make results depend on hash order.
  std::unordered_set<std::string> processed_ids_;
  std::uint64_t processed_ = 0;
  std::uint64_t duplicates_ = 0;
  std::uint64_t invalid_ = 0;
};

}  // namespace handlers
