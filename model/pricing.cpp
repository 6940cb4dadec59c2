#include "model/pricing.hpp"

#include <algorithm>

namespace model {

double tiered_duration_cost(double gb_seconds, const std::vector<PriceTier>& tiers) {
  double cost = 0, done = 0;
  for (const PriceTier& t : tiers) {
    const double upper = t.up_to_gb_seconds > 0 ? t.up_to_gb_seconds : gb_seconds;
    const double in_tier = std::max(0.0, std::min(gb_seconds, upper) - done);
    cost += in_tier * t.price;
    done += in_tier;
    if (done >= gb_seconds) break;
  }
  return cost;
}

double lambda_monthly_cost(double requests, double gb_seconds, bool arm64, bool free_tier, const Pricing& p) {
  // Lambda free tier: 1M requests and 400,000 GB-seconds per month (x86 and arm64 together).
  const double billable_requests = free_tier ? std::max(0.0, requests - p.free_requests) : requests;
  const double billable_gbs = free_tier ? std::max(0.0, gb_seconds - p.free_gb_seconds) : gb_seconds;
  return billable_requests / 1e6 * p.lambda_requests_per_million +
         tiered_duration_cost(billable_gbs, arm64 ? p.lambda_arm64 : p.lambda_x86);
}

std::uint64_t sqs_request_units(std::uint64_t payload_bytes, std::uint32_t chunk_bytes) {
  // SQS: each 64 KB chunk of a payload is billed as one request; an empty payload is still one request.
  return std::max<std::uint64_t>(1, (payload_bytes + chunk_bytes - 1) / chunk_bytes);
}

double sqs_monthly_cost(double requests, bool fifo, bool free_tier, const Pricing& p) {
  const double billable = free_tier ? std::max(0.0, requests - p.sqs_free_requests) : requests;
  return billable / 1e6 * (fifo ? p.sqs_fifo_per_million : p.sqs_standard_per_million);
}

double dynamodb_cost(double write_units, double read_units, const Pricing& p) {
  return write_units / 1e6 * p.dynamodb_wru_per_million + read_units / 1e6 * p.dynamodb_rru_per_million;
}

}  // namespace model
