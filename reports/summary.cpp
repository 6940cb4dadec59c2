#include "reports/summary.hpp"

#include "reports/environment_figures.hpp"
#include "reports/gameday_report.hpp"

#include "judge/judgement.hpp"

#include <cmath>

#include <fmt/format.h>

namespace reports {

namespace {

using nlohmann::json;

double ms(std::int64_t us) {
  return static_cast<double>(us) / 1000.0;
}

json percentiles_ms(const sim::LogHistogram& h) {
  return json{{"count", h.count()},
              {"mean", h.count() ? h.mean() / 1000.0 : 0.0},
              {"min", ms(h.min())},
              {"p50", ms(h.quantile(0.50))},
              {"p90", ms(h.quantile(0.90))},
              {"p99", ms(h.quantile(0.99))},
              {"p99_9", ms(h.quantile(0.999))},
              {"max", ms(h.max())}};
}

json count_map(const std::map<std::uint32_t, std::uint64_t>& m) {
  json o = json::object();
  for (const auto& [k, v] : m) o[std::to_string(k)] = v;
  return o;
}

json accounting_json(const model::Accounting& a) {
  return {{"produced", a.produced},
          {"deleted", a.deleted},
          {"filtered", a.filtered},
          {"visible", a.visible},
          {"in_flight", a.in_flight},
          {"delayed", a.delayed},
          {"in_dlq", a.in_dlq},
          {"expired", a.expired},
          {"purged", a.purged},
          {"pending_send", a.pending_send},
          {"dropped",
           {{"message_too_large", a.dropped_too_large},
            {"fifo_deduplicated", a.dropped_deduplicated},
            {"fifo_send_refused", a.dropped_send_refused},
            {"redrive_refused", a.dropped_redrive_failed},
            {"access_denied", a.dropped_access_denied}}},
          {"balanced", a.balanced()}};
}

json queue_json(const model::SqsQueue& q) {
  const model::QueueCounters& c = q.counters();
  return {{"name", q.name()},
          {"type", q.is_fifo() ? "fifo" : "standard"},
          {"is_dead_letter_queue", q.is_dead_letter_queue()},
          {"duplicates_delivered", c.duplicates_delivered},
          {"fifo_deduplicated", c.deduplicated},
          {"fifo_send_refused", c.throttled_sends},
          {"redriven_out", c.redriven_out},
          {"purged", c.purged},
          {"over_limit_receives", c.over_limit_receives},
          {"NumberOfMessagesSent", c.sent},
          {"moved_in_from_source", c.moved_in},
          {"NumberOfMessagesReceived", c.received},
          {"NumberOfMessagesDeleted", c.deleted},
          {"NumberOfEmptyReceives", c.empty_receives},
          {"moved_to_dlq", c.moved_to_dlq},
          {"expired", c.expired},
          {"rejected_too_large", c.rejected_too_large},
          {"requests",
           {{"SendMessage", c.send_requests},
            {"ReceiveMessage", c.receive_requests},
            {"DeleteMessage", c.delete_requests}}},
          {"ApproximateNumberOfMessagesVisible", q.visible()},
          {"ApproximateNumberOfMessagesNotVisible", q.in_flight()},
          {"ApproximateNumberOfMessagesDelayed", q.delayed()},
          {"receive_count_at_delete", count_map(q.receives_at_delete())},
          {"receive_count_at_move_to_dlq", count_map(q.receives_at_dlq_move())},
          {"end_to_end_latency_ms", percentiles_ms(q.latency())}};
}

// What the handler called (only for functions with dependencies, so older summaries keep their shape).
std::optional<json> dependencies_json(const model::LambdaFunction& f) {
  const model::SimulatedDependencies& d = f.dependencies();
  if (!f.spec().table && !f.spec().downstream && d.log_lines() == 0 && d.published() == 0) return std::nullopt;
  json deps = json::object();
  if (f.spec().table) {
    const model::TableCounters& t = d.table_counters();
    deps["table"] = {{"name", f.spec().table->name},
                     {"reads", t.reads},
                     {"writes", t.writes},
                     {"conditional_check_failures", t.conditional_check_failures},
                     {"throttled", t.throttled},
                     {"errors", t.errors},
                     {"expired_items", t.expired_items},
                     {"read_request_units", t.read_units},
                     {"write_request_units", t.write_units}};
  }
  if (f.spec().downstream) {
    const model::DownstreamCounters& s = d.downstream_counters();
    deps["downstream"] = {
        {"name", f.spec().downstream->name}, {"calls", s.calls},      {"ok", s.ok}, {"errors", s.errors},
        {"throttled", s.throttled},          {"timeouts", s.timeouts}};
  }
  deps["published"] = d.published();
  deps["log_lines"] = d.log_levels();
  return deps;
}

json function_json(const model::LambdaFunction& f, sim::Time now) {
  const model::FunctionCounters& c = f.counters();
  json out = {{"name", f.name()},
              {"Invocations", c.invocations},
              {"Errors", c.errors},
              {"timeouts", c.timeouts},
              {"Throttles", c.throttles},
              {"cold_starts", c.cold_starts},
              {"peak_concurrency", f.peak_concurrency()},
              {"concurrency_limit", f.concurrency_limit()},
              {"environments_created", c.environments_created},
              {"environments_reclaimed", c.environments_reclaimed},
              {"records_processed", c.records_processed},
              {"billed_duration_ms", c.billed_duration_ms},
              {"billed_init_duration_ms", c.init_duration_ms},
              {"duration_ms", percentiles_ms(f.duration_histogram())}};
  // Broken execution environments by Lambda error type (only when there were any, so summaries keep their shape).
  if (!c.environment_failures.empty()) out["environment_failures"] = c.environment_failures;
  // Cold starts / invocations with its binomial 95 % interval, and the environment figures over the run.
  out["cold_start_probability"] = proportion_json(sim::binomial_interval(c.cold_starts, c.invocations));
  out["environments"] = environment_figures_json(f, now);
  if (auto deps = dependencies_json(f)) out["dependencies"] = std::move(*deps);
  return out;
}

json mapping_json(const model::EventSourceMapping& m) {
  const model::EsmCounters& c = m.counters();
  return {{"queue", m.spec().queue},
          {"function", m.spec().function},
          {"PolledEventCount", c.polled},
          {"InvokedEventCount", c.invoked},
          {"FailedInvokeEventCount", c.failed_invoke},
          {"DeletedEventCount", c.deleted},
          {"invocations", c.invocations},
          {"throttled_invokes", c.throttled_invokes},
          {"released_after_visibility_timeout", c.released},
          {"batch_item_failures", c.partial_failures}};
}

json redrive_json(const std::string& type, const model::RedriveSpec& s, const model::RedriveCounters& c) {
  return json{{"type", type},         {"source", s.source},    {"destination", s.destination},
              {"moved", c.moved},     {"failed", c.failed},    {"skipped_too_young", c.skipped_too_young},
              {"retries", c.retries}, {"finished", c.finished}};
}

json redrives_json(const model::Simulation& sim) {
  json redrives = json::array();
  for (const auto& t : sim.message_move_tasks())
    redrives.push_back(redrive_json("message_move_task", t->spec(), t->counters()));
  for (const auto& f : sim.redrive_functions())
    redrives.push_back(redrive_json("redrive_function", f->spec(), f->counters()));
  return redrives;
}

json invoker_json(const model::DirectInvoker& v) {
  const model::InvokerCounters& c = v.counters();
  json out = {{"name", v.spec().name},
              {"type", v.spec().type == model::InvokerSpec::Type::Sync ? "sync" : "async"},
              {"function", v.spec().function},
              {"requests", c.requests},
              {"succeeded", c.succeeded},
              {"function_errors", c.function_errors},
              {"throttled_429", c.throttled},
              {"caller_retries", c.caller_retries},
              {"failed", c.failed},
              {"async_retries", c.async_retries},
              {"expired_event_age", c.expired},
              {"to_on_failure_destination", c.to_destination},
              {"dropped", c.dropped},
              {"in_progress", c.in_progress()},
              {"latency_ms", percentiles_ms(v.latency())}};
  if (v.replays_cold_flags()) out["replay"] = replay_comparison_json(v.cold_flags());
  return out;
}

json producer_json(const model::Producer& p) {
  const model::ProducerCounters& c = p.counters();
  static constexpr const char* kPolicy[] = {"none", "sdk_retries", "outbox"};
  return {{"name", p.spec().name},
          {"queue", p.spec().queue},
          {"send_failure_policy", kPolicy[static_cast<int>(p.spec().send_failure.kind)]},
          {"produced", c.produced},
          {"accepted", c.accepted},
          {"refused", c.rejected},
          {"fifo_deduplicated", c.deduplicated},
          {"retries", c.retries},
          {"sent_after_retry", c.sent_after_retry},
          {"gave_up", c.gave_up},
          {"pending", c.pending}};
}

json totals_json(const model::Simulation& sim) {
  std::uint64_t invocations = 0, errors = 0, throttles = 0, cold = 0;
  double env_mean = 0, env_busy = 0, env_idle = 0;
  for (const auto& f : sim.functions()) {
    const model::FunctionCounters& c = f->counters();
    invocations += c.invocations;
    errors += c.errors;
    throttles += c.throttles;
    cold += c.cold_starts;
    env_mean += f->environment_stats().mean_all(sim.now());
    env_busy += f->environment_stats().mean_busy(sim.now());
    env_idle += f->environment_stats().mean_idle(sim.now());
  }
  std::uint64_t dlq_depth = 0;
  for (const auto& q : sim.queues()) {
    if (q->is_dead_letter_queue()) dlq_depth += q->stored();
  }
  return {{"invocations", invocations},
          {"errors", errors},
          {"throttles", throttles},
          {"cold_starts", cold},
          {"cold_start_probability", invocations ? double(cold) / double(invocations) : 0.0},
          {"environments_mean", env_mean},
          {"busy_environments_mean", env_busy},
          {"idle_environments_mean", env_idle},
          {"dlq_depth", dlq_depth}};
}

json cost_json(const model::Simulation& sim, const model::Pricing& pricing, bool free_tier,
               const judge::KeepsUp& keeps_up) {
  const model::CostReport cost = model::compute_cost(sim, pricing, free_tier);
  auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  json lines = json::array();
  for (const auto& l : cost.lines) {
    lines.push_back({{"service", l.service},
                     {"resource", l.resource},
                     {"requests", l.requests},
                     {"gb_seconds", l.gb_seconds},
                     {"window_usd", l.window_cost},
                     {"monthly_usd", opt(l.monthly_cost)}});
  }
  return {{"region", pricing.region},
          {"free_tier_in_monthly", free_tier},
          {"init_billing", pricing.bill_init_for_managed_zip ? "every configuration (since 1 Aug 2025)"
                                                             : "before 1 Aug 2025 (managed-runtime ZIP free)"},
          {"window_seconds", cost.window_seconds},
          {"window_usd", cost.window_total},
          {"offered_messages", cost.offered_messages},
          {"completed_messages", cost.completed_messages},
          {"usd_per_million_messages", opt(cost.cost_per_million_messages)},
          {"monthly_messages", opt(cost.monthly_messages)},
          {"monthly_projection_usd", opt(cost.monthly_total)},
          {"projection", judge::projection_note(cost.projection_note, keeps_up)},
          {"breakdown", lines}};
}

json slos_json(const model::Simulation& sim) {
  json slos = json::array();
  for (const auto& r : evaluate_slos(sim))
    slos.push_back({{"name", r.name},
                    {"type", r.type},
                    {"passed", r.passed},
                    {"measured", std::isfinite(r.measured) ? json(r.measured) : json(nullptr)},
                    {"bound", r.bound},
                    {"detail", r.detail}});
  return slos;
}

template <typename Components, typename ToJson>
json array_of(const Components& components, ToJson to_json) {
  json out = json::array();
  for (const auto& c : components) out.push_back(to_json(*c));
  return out;
}

}  // namespace

json summary_json(const model::Simulation& sim, const model::Pricing& pricing, bool free_tier) {
  json out;
  out["schema_version"] = kSummarySchemaVersion;
  out["scenario"] = sim.spec().name;
  out["seed"] = sim.seed();
  out["replication"] = sim.replication();
  out["simulated_seconds"] = sim.now().seconds();
  out["events_processed"] = sim.engine().events_processed();
  out["accounting"] = accounting_json(sim.accounting());
  out["queues"] = array_of(sim.queues(), queue_json);
  sim::LogHistogram e2e;
  for (const auto& q : sim.queues()) e2e.merge(q->latency());
  out["end_to_end_latency_ms"] = percentiles_ms(e2e);
  out["functions"] =
      array_of(sim.functions(), [&](const model::LambdaFunction& f) { return function_json(f, sim.now()); });
  out["event_source_mappings"] = array_of(sim.event_source_mappings(), mapping_json);
  out["redrives"] = redrives_json(sim);
  out["invokers"] = array_of(sim.invokers(), invoker_json);
  out["producers"] = array_of(sim.producers(), producer_json);
  out["totals"] = totals_json(sim);
  // Loss by reason (judge/loss.hpp) and every verdict: what a user acts on, judged once.
  const judge::Judgement verdicts = judge::judge(sim);
  out["cost"] = cost_json(sim, pricing, free_tier, verdicts.keeps_up);
  out["loss"] = judge::loss_json(verdicts.loss);
  out["verdicts"] = judge::judgement_json(verdicts);
  if (!sim.spec().alarms.empty()) out["alarms"] = alarms_json(sim);
  // The GameDay's timeline and expectations (only for scenarios that have one).
  if (!sim.spec().gameday.empty()) out["gameday"] = gameday_json(sim);
  // Service-level objectives (only for scenarios that state them).
  if (!sim.spec().slos.empty()) out["slos"] = slos_json(sim);
  return out;
}

std::string summary_text_json(const model::Simulation& sim, const model::Pricing& pricing, bool free_tier) {
  return summary_json(sim, pricing, free_tier).dump(2) + "\n";
}

void write_human_summary(const model::Simulation& sim, std::ostream& out, const model::Pricing& pricing,
                         bool free_tier) {
  const model::Accounting a = sim.accounting();
  out << fmt::format("scenario {} (seed {}): {:.1f} simulated s, {} events\n", sim.spec().name, sim.seed(),
                     sim.now().seconds(), sim.engine().events_processed());
  // FIFO deduplication is its own term: the send succeeded and SQS kept one copy (SQS: a repeated
  // MessageDeduplicationId within 5 minutes is accepted and not delivered again); it is not a message dropped.
  out << fmt::format(
      "  messages: {} produced = {} deleted + {} filtered + {} visible + {} in flight + {} delayed + "
      "{} in DLQ + {} expired + {} purged + {} waiting to resend + {} dropped{}  [{}]\n",
      a.produced, a.deleted, a.filtered, a.visible, a.in_flight, a.delayed, a.in_dlq, a.expired, a.purged,
      a.pending_send, a.dropped() - a.dropped_deduplicated,
      a.dropped_deduplicated ? fmt::format(" + {} deduplicated", a.dropped_deduplicated) : std::string(),
      a.balanced() ? "balanced" : "NOT BALANCED");
  sim::LogHistogram e2e;
  for (const auto& q : sim.queues()) e2e.merge(q->latency());
  out << fmt::format("  end-to-end latency ms: p50 {:.1f}  p90 {:.1f}  p99 {:.1f}  max {:.1f}\n",
                     e2e.quantile(0.5) / 1000.0, e2e.quantile(0.9) / 1000.0, e2e.quantile(0.99) / 1000.0,
                     e2e.max() / 1000.0);
  for (const auto& f : sim.functions()) {
    const auto& c = f->counters();
    out << fmt::format(
        "  function {}: {} invocations, {} errors ({} timeouts), {} throttles, {} cold starts, "
        "peak concurrency {} of {}\n",
        f->name(), c.invocations, c.errors, c.timeouts, c.throttles, c.cold_starts, f->peak_concurrency(),
        f->concurrency_limit());
    for (const auto& [type, n] : c.environment_failures)
      out << fmt::format("    {} invocations failed with {}: the environment was discarded\n", n, type);
    const sim::Proportion p = sim::binomial_interval(c.cold_starts, c.invocations);
    const model::EnvironmentStats& e = f->environment_stats();
    out << fmt::format(
        "    cold-start probability {:.4f} (95 % {:.4f}-{:.4f}); environments on average {:.2f} ({:.2f} busy, "
        "{:.2f} idle, {:.2f} initialising)\n",
        p.value, p.low, p.high, e.mean_all(sim.now()), e.mean_busy(sim.now()), e.mean_idle(sim.now()),
        e.mean_initializing(sim.now()));
  }
  for (const auto& v : sim.invokers()) {
    if (!v->replays_cold_flags()) continue;
    const model::ColdFlagComparison& c = v->cold_flags();
    const sim::Proportion m = sim::binomial_interval(c.measured_cold(), c.compared());
    const sim::Proportion p = sim::binomial_interval(c.predicted_cold(), c.compared());
    out << fmt::format(
        "  replay {}: cold flags agree on {} of {} requests; cold fraction measured {:.3f} ({:.3f}-{:.3f}), "
        "predicted {:.3f} ({:.3f}-{:.3f})\n",
        v->spec().name, c.both_cold + c.both_warm, c.compared(), m.value, m.low, m.high, p.value, p.low, p.high);
  }
  for (const auto& q : sim.queues()) {
    if (q->is_dead_letter_queue()) out << fmt::format("  DLQ {}: {} messages\n", q->name(), q->stored());
  }
  for (const auto& p : sim.producers()) {
    const model::ProducerCounters& c = p->counters();
    if (c.rejected == 0 && c.retries == 0) continue;
    out << fmt::format("  producer {}: {} of {} sends refused and given up; {} retries stored {} ({} gave up)\n",
                       p->spec().name, c.rejected, c.produced, c.retries, c.sent_after_retry, c.gave_up);
  }
  const model::CostReport cost = model::compute_cost(sim, pricing, free_tier);
  const judge::Judgement verdicts = judge::judge(sim);
  const std::string note = judge::projection_note(cost.projection_note, verdicts.keeps_up);
  out << fmt::format(
      "  cost ({}): ${:.6f} for the {:.0f} s simulated{}\n", pricing.region, cost.window_total, cost.window_seconds,
      cost.cost_per_million_messages ? fmt::format(" (${:.2f} per million messages)", *cost.cost_per_million_messages)
                                     : std::string());
  if (cost.monthly_total)
    out << fmt::format("  monthly: ${:.2f}{}; {}\n", *cost.monthly_total, free_tier ? " after the free tier" : "",
                       note);
  else
    out << "  " << note << "\n";
  // Loss by reason, whenever it is not zero (judge/loss.hpp): what an errors dashboard does not show.
  for (const std::string& l : judge::loss_text(verdicts.loss)) out << "  " << l << "\n";
  out << "  " << verdicts.keeps_up.detail << "\n";
  for (const auto& t : alarm_timelines(sim)) {
    const auto entered = t.entered_alarm();
    out << fmt::format("  alarm {}: {}\n", t.name,
                       entered.empty()
                           ? std::string("never in ALARM")
                           : fmt::format("ALARM at {:.0f} s ({} times), {:.0f} s in ALARM", entered.front().seconds(),
                                         entered.size(), t.time_in_alarm(sim.now()).seconds()));
  }
  if (sim.gameday()) {
    for (const auto& e : sim.gameday()->timeline())
      out << fmt::format("  gameday {:>8.0f} s  {} ({}): {}\n", e.started.seconds(), e.action, e.action_id, e.effect);
  }
  for (const auto& r : verdicts.expectations)
    out << fmt::format("  expectation {}: {} — {}\n", r.passed ? "PASS" : "FAIL", r.name, r.detail);
  for (const auto& r : verdicts.slos)
    out << fmt::format("  SLO {}: {} — {}\n", r.passed ? "met" : "MISSED", r.name, r.detail);
}

}  // namespace reports
