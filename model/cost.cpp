#include "model/cost.hpp"

#include <algorithm>

namespace model {

namespace {
constexpr double kMonthSeconds = 30.0 * 24 * 3600;

bool is_managed_zip(const FunctionSpec& f) {
  // Since Aug 2025 Lambda bills the init phase for ZIP packages on managed runtimes (not custom provided.* runtimes).
  return f.package_type == "Zip" && f.runtime.rfind("provided", 0) != 0;
}
}  // namespace

CostReport compute_cost(const Simulation& sim, const Pricing& p, bool free_tier) {
  CostReport r;
  r.free_tier = free_tier;
  r.window_seconds = std::max(1e-6, sim.now().seconds());
  const double to_month = kMonthSeconds / r.window_seconds;
  // The free tier is shared by all functions (and all queues) of the account: spread it in proportion.
  double all_requests = 0, all_gbs = 0, all_sqs = 0;
  struct FnUse {
    double requests, gbs, provisioned_gbs, provisioned_configured_gbs;
    bool arm64;
  };
  std::vector<FnUse> fns;
  for (const auto& f : sim.functions()) {
    const auto& c = f->counters();
    const double gb = f->spec().memory_size_mb / 1024.0;
    const double on_demand_ms = static_cast<double>(c.billed_duration_ms - c.provisioned_billed_duration_ms);
    const double init_ms =
        p.bill_init_for_managed_zip && is_managed_zip(f->spec()) ? static_cast<double>(c.init_duration_ms) : 0;
    FnUse u{static_cast<double>(c.invocations), (on_demand_ms + init_ms) / 1000.0 * gb,
            static_cast<double>(c.provisioned_billed_duration_ms) / 1000.0 * gb,
            f->spec().provisioned_concurrency * gb * r.window_seconds, f->spec().architecture == "arm64"};
    all_requests += u.requests;
    all_gbs += u.gbs;
    fns.push_back(u);
  }
  for (std::size_t i = 0; i < fns.size(); ++i) {
    const FnUse& u = fns[i];
    CostLine line{"lambda", sim.functions()[i]->name(), u.requests, u.gbs, 0, 0};
    const double provisioned = u.provisioned_gbs * p.provisioned_duration_per_gb_second +
                               u.provisioned_configured_gbs * p.provisioned_concurrency_per_gb_second;
    line.window_cost = lambda_monthly_cost(u.requests, u.gbs, u.arm64, false, p) + provisioned;
    // Monthly: this function's share of the account's monthly usage after the shared free tier.
    const double req_share = all_requests > 0 ? u.requests / all_requests : 0;
    const double gbs_share = all_gbs > 0 ? u.gbs / all_gbs : 0;
    const double month_requests = u.requests * to_month, month_gbs = u.gbs * to_month;
    const double free_req = free_tier ? p.free_requests * req_share : 0;
    const double free_gbs = free_tier ? p.free_gb_seconds * gbs_share : 0;
    line.monthly_cost =
        std::max(0.0, month_requests - free_req) / 1e6 * p.lambda_requests_per_million +
        tiered_duration_cost(std::max(0.0, month_gbs - free_gbs), u.arm64 ? p.lambda_arm64 : p.lambda_x86) +
        provisioned * to_month;
    r.lines.push_back(line);
  }
  for (const auto& q : sim.queues()) all_sqs += static_cast<double>(q->counters().billed_requests);
  for (const auto& q : sim.queues()) {
    const double req = static_cast<double>(q->counters().billed_requests);
    CostLine line{"sqs", q->name(), req, 0, sqs_monthly_cost(req, q->is_fifo(), false, p), 0};
    const double free_share = free_tier && all_sqs > 0 ? p.sqs_free_requests * req / all_sqs : 0;
    line.monthly_cost = std::max(0.0, req * to_month - free_share) / 1e6 *
                        (q->is_fifo() ? p.sqs_fifo_per_million : p.sqs_standard_per_million);
    r.lines.push_back(line);
  }
  for (const auto& m : sim.event_source_mappings()) {
    if (m->spec().scaling.mode != EsmScalingSpec::Mode::Provisioned) continue;
    // Provisioned mode is billed in Event Poller Unit hours (price unconfirmed by AWS docs).
    const double hours = static_cast<double>(m->counters().poller_seconds) / 3600.0;
    CostLine line{"esm-provisioned", m->spec().queue + "->" + m->spec().function, 0, 0, hours * p.epu_hour, 0};
    line.monthly_cost = line.window_cost * to_month;
    r.lines.push_back(line);
  }
  for (const auto& f : sim.functions()) {
    if (!f->spec().table) continue;
    // DynamoDB on-demand: request units (provisioned tables are billed by the hour instead; on-demand prices are
    // what a table that throttles nothing costs, so they are used for both).
    const TableCounters& t = f->dependencies().table_counters();
    CostLine line{"dynamodb",
                  f->spec().table->name,
                  t.write_units + t.read_units,
                  0,
                  dynamodb_cost(t.write_units, t.read_units, p),
                  0};
    line.monthly_cost = line.window_cost * to_month;
    r.lines.push_back(line);
  }
  for (const CostLine& l : r.lines) {
    r.window_total += l.window_cost;
    r.monthly_total += l.monthly_cost;
  }
  return r;
}

}  // namespace model
