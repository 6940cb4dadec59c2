// Prices as plain data (an editable file: scenarios/pricing/us-east-1.json; defaults: aws-semantics.md section 8),
// and the pure arithmetic of AWS billing, kept apart from the simulation so it can be checked against hand sums.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace model {

struct PriceTier {
  double up_to_gb_seconds = 0;  // 0: no upper bound (the last tier)
  double price = 0;
};

struct Pricing {
  std::string region = "us-east-1";
  double lambda_requests_per_million = 0.20;
  std::vector<PriceTier> lambda_x86 = {{6e9, 0.0000166667}, {15e9, 0.000015}, {0, 0.0000133334}};
  std::vector<PriceTier> lambda_arm64 = {{7.5e9, 0.0000133334}, {18.75e9, 0.0000120001}, {0, 0.0000106667}};
  double provisioned_concurrency_per_gb_second = 0.0000041667;
  double provisioned_duration_per_gb_second = 0.0000097222;
  double free_requests = 1e6;
  double free_gb_seconds = 400000;
  // Lambda bills the INIT phase of every configuration since 1 Aug 2025 (true); false: the older rule, where only
  // on-demand ZIP functions on managed runtimes had it free (custom runtimes and container images always paid).
  bool bill_init_for_managed_zip = true;
  double epu_hour = 0.185;
  double sqs_standard_per_million = 0.40;
  double sqs_fifo_per_million = 0.50;
  double sqs_free_requests = 1e6;
  double dynamodb_wru_per_million = 0.625;
  double dynamodb_rru_per_million = 0.125;
  double cloudwatch_custom_metric_month = 0.30;
  double cloudwatch_logs_per_gb = 0.50;
};

// Monthly GB-seconds priced through the tiers (each tier's threshold is cumulative GB-seconds in the month).
double tiered_duration_cost(double gb_seconds, const std::vector<PriceTier>& tiers);

// Lambda cost of a month: requests and GB-seconds after the free tier (if applied), through the tiers.
double lambda_monthly_cost(double requests, double gb_seconds, bool arm64, bool free_tier, const Pricing& p);

// SQS billing: every 64 KB chunk of a payload is one request.
std::uint64_t sqs_request_units(std::uint64_t payload_bytes, std::uint32_t chunk_bytes);
double sqs_monthly_cost(double requests, bool fifo, bool free_tier, const Pricing& p);
// DynamoDB on-demand: write and read request units.
double dynamodb_cost(double write_units, double read_units, const Pricing& p);

}  // namespace model
