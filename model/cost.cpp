#include "model/cost.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace model {

namespace {
constexpr double kMonthSeconds = 30.0 * 24 * 3600;

// Lambda: the INIT phase is billed for every configuration since 1 Aug 2025; before, on-demand ZIP functions on
// managed runtimes did not pay for it, while custom runtimes (provided.*) and container images always did
// (aws-semantics.md section 6; Pricing::bill_init_for_managed_zip = false selects the older rule).
bool init_billed(const FunctionSpec& f, const Pricing& p) {
  const bool managed_zip = f.package_type == "Zip" && !f.runtime.starts_with("provided");
  return !managed_zip || p.bill_init_for_managed_zip;
}

struct Load {
  double offered = 0;
  double completed = 0;
};

Load load_of(const Simulation& sim) {
  const Accounting a = sim.accounting();
  Load l;
  double invoker_requests = 0, invoker_in_progress = 0;
  for (const auto& p : sim.producers()) l.offered += static_cast<double>(p->counters().produced);
  for (const auto& v : sim.invokers()) {
    invoker_requests += static_cast<double>(v->counters().requests);
    invoker_in_progress += static_cast<double>(v->counters().in_progress());
  }
  l.offered += invoker_requests;
  // The share of everything that entered the pipeline (fan-out included) that is no longer waiting.
  const double entered = static_cast<double>(a.produced) + invoker_requests;
  const double waiting =
      static_cast<double>(a.visible + a.in_flight + a.delayed + a.pending_send) + invoker_in_progress;
  l.completed = entered > 0 ? l.offered * std::max(0.0, entered - waiting) / entered : 0;
  return l;
}
}  // namespace

CostReport compute_cost(const Simulation& sim, const Pricing& p, bool free_tier) {
  CostReport r;
  r.free_tier = free_tier;
  r.window_seconds = sim.now().seconds();
  const double window = std::max(1e-6, r.window_seconds);
  const Load load = load_of(sim);
  r.offered_messages = load.offered;
  r.completed_messages = load.completed;
  const std::optional<double> stated = sim.spec().monthly_messages;
  const bool enough_window = stated || r.window_seconds >= kMinProjectionWindowSeconds;
  const bool enough_messages = load.completed >= kMinProjectionMessages;
  if (enough_window && enough_messages) {
    r.monthly_messages = stated.value_or(load.offered / window * kMonthSeconds);
    r.projection_note = stated ? fmt::format("projected to the stated {:.0f} messages a month", *stated)
                               : fmt::format(
                                     "projected to {:.0f} messages a month: the offered rate ({:.3g}/s) for 30 "
                                     "days",
                                     *r.monthly_messages, load.offered / window);
  } else {
    r.projection_note = fmt::format(
        "no monthly projection: the run covers {:.3g} s and {:.0f} finished messages; scaling to 30 days needs at "
        "least {:.0f} s and {:.0f} messages (or state monthly_messages in the scenario)",
        r.window_seconds, load.completed, kMinProjectionWindowSeconds, kMinProjectionMessages);
  }
  // Work scales per finished message to the month's offered messages; configured capacity scales with time.
  const double work_to_month = r.monthly_messages ? *r.monthly_messages / load.completed : 0;
  const double time_to_month = kMonthSeconds / window;
  const bool projected = r.monthly_messages.has_value();
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
    const double init_ms = init_billed(f->spec(), p) ? static_cast<double>(c.init_duration_ms) : 0;
    FnUse u{static_cast<double>(c.invocations), (on_demand_ms + init_ms) / 1000.0 * gb,
            static_cast<double>(c.provisioned_billed_duration_ms) / 1000.0 * gb,
            f->spec().provisioned_concurrency * gb * r.window_seconds, f->spec().architecture == "arm64"};
    all_requests += u.requests;
    all_gbs += u.gbs;
    fns.push_back(u);
  }
  for (std::size_t i = 0; i < fns.size(); ++i) {
    const FnUse& u = fns[i];
    CostLine line{"lambda", sim.functions()[i]->name(), u.requests, u.gbs, 0, std::nullopt};
    const double provisioned_duration = u.provisioned_gbs * p.provisioned_duration_per_gb_second;
    const double provisioned_configured = u.provisioned_configured_gbs * p.provisioned_concurrency_per_gb_second;
    line.window_cost =
        lambda_monthly_cost(u.requests, u.gbs, u.arm64, false, p) + provisioned_duration + provisioned_configured;
    if (projected) {
      // Monthly: this function's share of the account's monthly usage after the shared free tier.
      const double req_share = all_requests > 0 ? u.requests / all_requests : 0;
      const double gbs_share = all_gbs > 0 ? u.gbs / all_gbs : 0;
      const double month_requests = u.requests * work_to_month, month_gbs = u.gbs * work_to_month;
      const double free_req = free_tier ? p.free_requests * req_share : 0;
      const double free_gbs = free_tier ? p.free_gb_seconds * gbs_share : 0;
      line.monthly_cost =
          std::max(0.0, month_requests - free_req) / 1e6 * p.lambda_requests_per_million +
          tiered_duration_cost(std::max(0.0, month_gbs - free_gbs), u.arm64 ? p.lambda_arm64 : p.lambda_x86) +
          provisioned_duration * work_to_month + provisioned_configured * time_to_month;
    }
    r.lines.push_back(line);
  }
  for (const auto& q : sim.queues()) all_sqs += static_cast<double>(q->counters().billed_requests);
  for (const auto& q : sim.queues()) {
    const double req = static_cast<double>(q->counters().billed_requests);
    CostLine line{"sqs", q->name(), req, 0, sqs_monthly_cost(req, q->is_fifo(), false, p), std::nullopt};
    const double free_share = free_tier && all_sqs > 0 ? p.sqs_free_requests * req / all_sqs : 0;
    if (projected)
      line.monthly_cost = std::max(0.0, req * work_to_month - free_share) / 1e6 *
                          (q->is_fifo() ? p.sqs_fifo_per_million : p.sqs_standard_per_million);
    r.lines.push_back(line);
  }
  for (const auto& m : sim.event_source_mappings()) {
    if (m->spec().scaling.mode != EsmScalingSpec::Mode::Provisioned) continue;
    // Provisioned mode is billed in Event Poller Unit hours (price unconfirmed by AWS docs): capacity, so by time.
    const double hours = static_cast<double>(m->counters().poller_seconds) / 3600.0;
    CostLine line{"esm-provisioned", m->spec().queue + "->" + m->spec().function, 0, 0, hours * p.epu_hour,
                  std::nullopt};
    if (projected) line.monthly_cost = line.window_cost * time_to_month;
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
                  std::nullopt};
    if (projected) line.monthly_cost = line.window_cost * work_to_month;
    r.lines.push_back(line);
  }
  double monthly = 0;
  for (const CostLine& l : r.lines) {
    r.window_total += l.window_cost;
    monthly += l.monthly_cost.value_or(0);
  }
  if (projected) r.monthly_total = monthly;
  if (load.completed > 0) r.cost_per_million_messages = r.window_total / load.completed * 1e6;
  return r;
}

}  // namespace model
