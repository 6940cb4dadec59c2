#include "loader/pricing_loader.hpp"

#include <fstream>
#include <sstream>

#include "loader/json_reader.hpp"

namespace scenarios {

namespace {

using nlohmann::json;

std::vector<model::PriceTier> read_tiers(JsonReader& r, const json& j, const std::string& p,
                                         std::vector<model::PriceTier> fallback) {
  if (!j.is_array() || j.empty()) {
    r.error(p, "expected a non-empty array of {\"up_to_gb_seconds\": n, \"price\": p} (the last without up_to)");
    return fallback;
  }
  std::vector<model::PriceTier> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string tp = JsonReader::index(p, i);
    if (!r.expect_object(j[i], tp, {"up_to_gb_seconds", "price"})) continue;
    model::PriceTier t;
    t.up_to_gb_seconds = r.number(j[i], tp, "up_to_gb_seconds", 0, 0, 1e15, "monthly GB-seconds where the tier ends");
    t.price = r.number(j[i], tp, "price", 0, 0, 1, "USD per GB-second");
    out.push_back(t);
  }
  return out;
}

}  // namespace

model::Pricing load_pricing_text(const std::string& text, const std::string& file) {
  JsonReader r(file);
  const json root = json::parse(text, nullptr, false);
  if (root.is_discarded()) {
    r.error("$", "invalid JSON");
    throw ScenarioError(r.diagnostics());
  }
  model::Pricing p;
  if (!r.expect_object(root, "$", {"region", "lambda", "esm_provisioned_mode", "sqs", "dynamodb", "cloudwatch"}))
    throw ScenarioError(r.diagnostics());
  p.region = r.string(root, "$", "region", p.region);
  if (root.contains("lambda")) {
    const json& l = root.at("lambda");
    const std::string lp = "$.lambda";
    if (r.expect_object(l, lp,
                        {"requests_per_million", "duration_per_gb_second", "provisioned_concurrency_per_gb_second",
                         "provisioned_duration_per_gb_second", "free_tier", "bill_init_for_managed_zip"})) {
      p.lambda_requests_per_million =
          r.number(l, lp, "requests_per_million", p.lambda_requests_per_million, 0, 100, "USD");
      if (l.contains("duration_per_gb_second")) {
        const json& d = l.at("duration_per_gb_second");
        const std::string dp = lp + ".duration_per_gb_second";
        if (r.expect_object(d, dp, {"x86_64", "arm64"})) {
          if (d.contains("x86_64")) p.lambda_x86 = read_tiers(r, d.at("x86_64"), dp + ".x86_64", p.lambda_x86);
          if (d.contains("arm64")) p.lambda_arm64 = read_tiers(r, d.at("arm64"), dp + ".arm64", p.lambda_arm64);
        }
      }
      p.provisioned_concurrency_per_gb_second = r.number(l, lp, "provisioned_concurrency_per_gb_second",
                                                         p.provisioned_concurrency_per_gb_second, 0, 1, "USD");
      p.provisioned_duration_per_gb_second =
          r.number(l, lp, "provisioned_duration_per_gb_second", p.provisioned_duration_per_gb_second, 0, 1, "USD");
      if (l.contains("free_tier") &&
          r.expect_object(l.at("free_tier"), lp + ".free_tier", {"requests", "gb_seconds"})) {
        p.free_requests =
            r.number(l.at("free_tier"), lp + ".free_tier", "requests", p.free_requests, 0, 1e12, "requests");
        p.free_gb_seconds =
            r.number(l.at("free_tier"), lp + ".free_tier", "gb_seconds", p.free_gb_seconds, 0, 1e12, "GB-s");
      }
      p.bill_init_for_managed_zip = r.boolean(l, lp, "bill_init_for_managed_zip", p.bill_init_for_managed_zip);
    }
  }
  if (root.contains("esm_provisioned_mode") &&
      r.expect_object(root.at("esm_provisioned_mode"), "$.esm_provisioned_mode", {"event_poller_unit_hour"}))
    p.epu_hour = r.number(root.at("esm_provisioned_mode"), "$.esm_provisioned_mode", "event_poller_unit_hour",
                          p.epu_hour, 0, 100, "USD");
  if (root.contains("sqs")) {
    const json& s = root.at("sqs");
    if (r.expect_object(s, "$.sqs", {"standard_per_million", "fifo_per_million", "free_tier_requests"})) {
      p.sqs_standard_per_million =
          r.number(s, "$.sqs", "standard_per_million", p.sqs_standard_per_million, 0, 100, "USD");
      p.sqs_fifo_per_million = r.number(s, "$.sqs", "fifo_per_million", p.sqs_fifo_per_million, 0, 100, "USD");
      p.sqs_free_requests = r.number(s, "$.sqs", "free_tier_requests", p.sqs_free_requests, 0, 1e12, "requests");
    }
  }
  if (root.contains("dynamodb") &&
      r.expect_object(root.at("dynamodb"), "$.dynamodb",
                      {"write_request_units_per_million", "read_request_units_per_million"})) {
    p.dynamodb_wru_per_million = r.number(root.at("dynamodb"), "$.dynamodb", "write_request_units_per_million",
                                          p.dynamodb_wru_per_million, 0, 100, "USD");
    p.dynamodb_rru_per_million = r.number(root.at("dynamodb"), "$.dynamodb", "read_request_units_per_million",
                                          p.dynamodb_rru_per_million, 0, 100, "USD");
  }
  if (root.contains("cloudwatch") &&
      r.expect_object(root.at("cloudwatch"), "$.cloudwatch", {"custom_metric_month", "logs_ingestion_per_gb"})) {
    p.cloudwatch_custom_metric_month = r.number(root.at("cloudwatch"), "$.cloudwatch", "custom_metric_month",
                                                p.cloudwatch_custom_metric_month, 0, 100, "USD");
    p.cloudwatch_logs_per_gb = r.number(root.at("cloudwatch"), "$.cloudwatch", "logs_ingestion_per_gb",
                                        p.cloudwatch_logs_per_gb, 0, 100, "USD");
  }
  if (r.has_errors()) throw ScenarioError(r.diagnostics());
  return p;
}

model::Pricing load_pricing_file(const std::string& path) {
  std::string why;
  const std::optional<std::string> text = read_input_text(path, why);
  if (!text) throw ScenarioError({Diagnostic{Diagnostic::Severity::Error, path, "$", why}});
  return load_pricing_text(*text, path);
}

}  // namespace scenarios
