#include "reports/infracost.hpp"

#include <vector>

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "model/cost.hpp"

namespace reports {

std::string infracost_key(const std::string& source) {
  if (source.starts_with("Resources.")) return source.substr(10);
  return source;
}

namespace {

// The "_source" of the entry of `array` whose "name" is `name`.
std::string source_of(const nlohmann::json& scenario, const char* array, const std::string& name) {
  if (!scenario.is_object() || !scenario.contains(array) || !scenario[array].is_array()) return "";
  for (const auto& x : scenario[array])
    if (x.is_object() && x.value("name", std::string()) == name && x.contains("_source") && x["_source"].is_string())
      return infracost_key(x["_source"].get<std::string>());
  return "";
}

}  // namespace

std::string infracost_usage_yaml(const model::Simulation& sim, const nlohmann::json& scenario) {
  // The cost model's month: the work per finished message times the month's offered messages.
  const model::CostReport cost = model::compute_cost(sim, model::Pricing{}, false);
  const double month =
      cost.monthly_messages && cost.completed_messages > 0 ? *cost.monthly_messages / cost.completed_messages : 0;
  std::string out = fmt::format(
      "# Infracost usage file written by sqsim from scenario \"{}\" (seed {}, replication {}):\n"
      "# {:.0f} simulated seconds; {}.\n"
      "# Keys are the Terraform addresses `sqsim import` recorded (\"_source\" in the scenario).\n",
      sim.spec().name, sim.seed(), sim.replication(), cost.window_seconds, cost.projection_note);
  std::string usage, unkeyed;
  std::vector<std::string> keyed;
  for (const auto& f : sim.functions()) {
    const std::string key = source_of(scenario, "functions", f->name());
    if (key.empty()) {
      unkeyed += " " + f->name();
      continue;
    }
    const auto& c = f->counters();
    const double mean_ms =
        c.completed ? static_cast<double>(c.duration_us_total) / static_cast<double>(c.completed) / 1000.0 : 0.0;
    keyed.push_back(key);
    usage += fmt::format("  {}:\n    monthly_requests: {:.0f}\n    request_duration_ms: {:.0f}\n", key,
                         std::round(static_cast<double>(c.invocations) * month), std::ceil(mean_ms));
  }
  for (const auto& q : sim.queues()) {
    const std::string key = source_of(scenario, "queues", q->name());
    if (key.empty()) {
      unkeyed += " " + q->name();
      continue;
    }
    const auto& c = q->counters();
    // sqsim already counts SQS requests the AWS way (64 KB chunks, empty receives, batch calls), so the size given
    // to Infracost stays within one chunk and its own chunking multiplies by 1.
    const double kb = c.sent ? static_cast<double>(c.sent_bytes) / static_cast<double>(c.sent) / 1024.0 : 1.0;
    keyed.push_back(key);
    usage +=
        fmt::format("  {}:\n    monthly_requests: {:.0f}\n    request_size_kb: {:.0f}\n", key,
                    std::round(static_cast<double>(c.billed_requests) * month), std::clamp(std::ceil(kb), 1.0, 64.0));
  }
  if (!unkeyed.empty()) out += "# Not in the imported config (no Terraform address), so not keyed:" + unkeyed + "\n";
  if (!cost.monthly_messages && !usage.empty()) {
    // No projection (the window or the message count is too small to scale): a 0 would tell Infracost the month is
    // free. The keys are listed as comments so the file shows what it would cover; Infracost uses its defaults.
    for (const std::string& key : keyed) out += "#   " + key + ": no usage written (no monthly projection)\n";
    usage.clear();
  }
  out += "version: 0.1\n";
  out += usage.empty() ? "resource_usage: {}\n" : "resource_usage:\n" + usage;
  return out;
}

}  // namespace reports
