#include "reports/infracost.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

namespace reports {

std::string infracost_usage_yaml(const model::Simulation& sim) {
  const double window = std::max(sim.now().seconds(), 1e-6);
  const double month = 30.0 * 86400.0 / window;  // the cost model's monthly projection: 30 days at the window's rate
  std::string out = fmt::format(
      "# Infracost usage file written by sqsim from scenario \"{}\" (seed {}, replication {}):\n"
      "# {:.0f} simulated seconds projected to a 30-day month. Keys use the scenario's names; rename them to your\n"
      "# Terraform resource addresses if those differ.\n"
      "version: 0.1\n"
      "resource_usage:\n",
      sim.spec().name, sim.seed(), sim.replication(), window);
  for (const auto& f : sim.functions()) {
    const auto& c = f->counters();
    const double mean_ms =
        c.completed ? static_cast<double>(c.duration_us_total) / static_cast<double>(c.completed) / 1000.0 : 0.0;
    out += fmt::format("  aws_lambda_function.{}:\n    monthly_requests: {:.0f}\n    request_duration_ms: {:.0f}\n",
                       f->name(), std::round(static_cast<double>(c.invocations) * month), std::ceil(mean_ms));
  }
  for (const auto& q : sim.queues()) {
    const auto& c = q->counters();
    // sqsim already counts SQS requests the AWS way (64 KB chunks, empty receives, batch calls), so the size given
    // to Infracost stays within one chunk and its own chunking multiplies by 1.
    const double kb = c.sent ? static_cast<double>(c.sent_bytes) / static_cast<double>(c.sent) / 1024.0 : 1.0;
    out +=
        fmt::format("  aws_sqs_queue.{}:\n    monthly_requests: {:.0f}\n    request_size_kb: {:.0f}\n", q->name(),
                    std::round(static_cast<double>(c.billed_requests) * month), std::clamp(std::ceil(kb), 1.0, 64.0));
  }
  return out;
}

}  // namespace reports
