// Nothing is lost silently: under randomised pipelines (standard and FIFO queues, throttling, timeouts, retention
// expiry, delays, failures, partial batch responses, oversize messages, duplicates, deduplication, DLQ redrives) the
// accounting identity holds after every single event:
//   produced = deleted + filtered + visible + in flight + delayed + in DLQ + expired + purged + dropped
// for each queue: sent + moved in = deleted + expired + moved to DLQ + redriven out + purged + stored,
// and each queue's invariants hold (FIFO: arrival order kept per group, in-flight messages a prefix of their group).
#include <gtest/gtest.h>

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cstdio>

#include "model/simulation.hpp"
#include "sim/rng.hpp"
#include "sqs_queue_invariants.hpp"

namespace {

model::ScenarioSpec random_scenario(sim::RngEngine& rng) {
  auto pick = [&](std::int64_t lo, std::int64_t hi) {
    return boost::random::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  auto coin = [&](double p) { return boost::random::bernoulli_distribution<double>(p)(rng); };
  model::ScenarioSpec s;
  s.name = "random";
  s.duration = sim::seconds(pick(60, 1800));
  s.stop_when_drained = coin(0.5);
  s.metrics_period = sim::seconds(pick(1, 120));
  s.account.concurrency_limit = static_cast<std::uint32_t>(pick(110, 1000));
  model::QueueSpec dlq;
  dlq.name = "dlq";
  dlq.message_retention_period = sim::seconds(pick(60, 3600));
  model::QueueSpec q;
  q.name = "q";
  q.visibility_timeout = sim::seconds(pick(0, 120));
  q.message_retention_period = sim::seconds(pick(60, 2000));
  q.delay_seconds = sim::seconds(coin(0.3) ? pick(0, 900) : 0);
  q.maximum_message_size = static_cast<std::uint32_t>(pick(1024, 1048576));
  if (coin(0.8)) q.redrive_policy = model::RedrivePolicy{"dlq", static_cast<std::uint32_t>(pick(1, 6))};
  if (coin(0.35)) {
    // FIFO: a FIFO DLQ, no per-message delay, batch <= 10 and no window for the event source mapping.
    q.fifo = dlq.fifo = true;
    q.name = "q.fifo";
    dlq.name = "dlq.fifo";
    q.content_based_deduplication = coin(0.5);
    q.fifo_send_limit_per_second = static_cast<double>(pick(5, 300));
    if (q.redrive_policy) q.redrive_policy->dead_letter_target = "dlq.fifo";
  } else {
    q.duplicate_delivery_probability = coin(0.3) ? static_cast<double>(pick(1, 30)) / 100.0 : 0.0;
  }
  q.in_flight_limit = static_cast<std::uint32_t>(coin(0.2) ? pick(1, 50) : 120000);
  model::QueueSpec parking;
  parking.name = q.fifo ? "parking.fifo" : "parking";
  parking.fifo = q.fifo;
  s.queues = {dlq, q, parking};
  model::FunctionSpec f;
  f.name = "f";
  const char* handlers[] = {"order-processor", "always-fail", "always-succeed"};
  f.handler = handlers[pick(0, 2)];
  f.timeout = sim::seconds(pick(1, 30));
  if (coin(0.6)) f.reserved_concurrency = static_cast<std::uint32_t>(pick(1, 10));
  f.duration.per_invocation_ms = sim::DistributionSpec::exponential(static_cast<double>(pick(1, 5000)));
  f.duration.per_record_ms = sim::DistributionSpec::uniform(0, static_cast<double>(pick(0, 3000)));
  f.cold_start.init_duration_ms = sim::DistributionSpec::lognormal(static_cast<double>(pick(10, 2000)), 0.5);
  f.keep_alive_s = sim::DistributionSpec::uniform(1, static_cast<double>(pick(1, 600)));
  s.functions = {f};
  model::EventSourceMappingSpec m;
  m.queue = q.name;
  m.function = "f";
  m.batch_size = static_cast<std::uint32_t>(q.fifo ? pick(1, 10) : pick(1, 50));
  m.maximum_batching_window = sim::seconds(q.fifo ? 0 : m.batch_size > 10 ? pick(1, 30) : pick(0, 10));
  m.report_batch_item_failures = coin(0.5);
  using Mode = model::EsmScalingSpec::Mode;
  const Mode modes[] = {Mode::Fixed, Mode::Auto, Mode::Legacy, Mode::Provisioned};
  m.scaling.mode = modes[pick(0, 3)];
  m.scaling.fixed = static_cast<std::uint32_t>(pick(1, 20));
  if (m.scaling.mode != Mode::Provisioned && coin(0.5))
    m.scaling.maximum_concurrency = static_cast<std::uint32_t>(pick(2, 50));
  m.scaling.minimum_pollers = static_cast<std::uint32_t>(pick(2, 4));
  m.scaling.maximum_pollers = static_cast<std::uint32_t>(pick(4, 10));
  f.provisioned_concurrency = coin(0.2) ? static_cast<std::uint32_t>(pick(0, 5)) : 0;
  if (f.reserved_concurrency) f.provisioned_concurrency = std::min(f.provisioned_concurrency, *f.reserved_concurrency);
  f.idle_choice = coin(0.5) ? model::FunctionSpec::IdleEnvironmentChoice::NewestCreated
                            : model::FunctionSpec::IdleEnvironmentChoice::MostRecentlyUsed;
  if (coin(0.5)) {
    // Service latencies: messages in transit to the queue and records waiting for their DeleteMessageBatch are
    // accounted for too.
    for (model::QueueSpec& qs : s.queues) {
      if (qs.name != q.name) continue;
      qs.api_latency.send_message_ms = sim::DistributionSpec::exponential(static_cast<double>(pick(1, 200)));
      qs.api_latency.receive_message_ms = sim::DistributionSpec::lognormal(static_cast<double>(pick(1, 50)), 1.0);
      qs.api_latency.delete_message_ms = sim::DistributionSpec::exponential(static_cast<double>(pick(1, 2000)));
    }
    m.invoke_overhead_ms = sim::DistributionSpec::uniform(0, static_cast<double>(pick(0, 100)));
  }
  s.functions = {f};
  s.event_source_mappings = {m};
  model::ProducerSpec p;
  p.name = "p";
  p.queue = q.name;
  p.message_groups = static_cast<std::uint32_t>(pick(1, 20));
  p.duplicate_fraction = coin(0.3) ? static_cast<double>(pick(1, 40)) / 100.0 : 0.0;
  if (!q.fifo && coin(0.2)) p.delay_s = sim::DistributionSpec::uniform(0, static_cast<double>(pick(0, 120)));
  p.arrival.kind = coin(0.5) ? model::ArrivalSpec::Kind::Poisson : model::ArrivalSpec::Kind::Constant;
  p.arrival.rate_per_second = static_cast<double>(pick(1, 200));
  p.count = static_cast<std::uint64_t>(pick(1, 250));
  p.body.invalid_fraction = static_cast<double>(pick(0, 10)) / 10.0;
  if (coin(0.2)) p.body.size_bytes = static_cast<std::uint32_t>(pick(1, 2'000'000));
  s.producers = {p};
  if (q.redrive_policy && coin(0.5)) {
    model::RedriveSpec r;
    r.kind = coin(0.5) ? model::RedriveSpec::Kind::MessageMoveTask : model::RedriveSpec::Kind::RedriveFunction;
    r.source = dlq.name;
    r.destination = coin(0.5) ? "" : parking.name;
    r.start = sim::seconds(pick(0, 900));
    r.max_messages_per_second = static_cast<double>(pick(1, 500));
    r.max_messages = static_cast<std::uint32_t>(pick(1, 1000));
    r.min_age = sim::seconds(pick(0, 300));
    r.per_message_delay_jitter = sim::seconds(pick(0, 60));
    s.redrives.push_back(r);
  }
  return s;
}

void expect_balanced(const model::Simulation& sim, int scenario, bool check_queue_invariants) {
  const model::Accounting a = sim.accounting();
  ASSERT_TRUE(a.balanced()) << "scenario " << scenario << " at t=" << sim.now().us << " us: produced " << a.produced
                            << " accounted " << a.accounted();
  for (const auto& q : sim.queues()) {
    const auto& c = q->counters();
    ASSERT_EQ(c.sent + c.moved_in, c.deleted + c.expired + c.moved_to_dlq + c.redriven_out + c.purged + q->stored())
        << "scenario " << scenario << " queue " << q->name();
    std::string why;
    if (check_queue_invariants) {
      ASSERT_TRUE(model::SqsQueueInvariants::check(*q, &why)) << "scenario " << scenario << ": " << why;
    }
  }
}

TEST(Conservation, AccountingIdentityHoldsAfterEveryEventInRandomScenarios) {
  sim::RngEngine rng = sim::make_stream(2024, "conservation/scenarios", 0);
  std::uint64_t total_events = 0, expired = 0, moved = 0, throttles = 0, timeouts = 0, rejected = 0, released = 0;
  std::uint64_t fifo_scenarios = 0, deduplicated = 0, duplicates = 0, redriven = 0;
  for (int i = 0; i < 1000; ++i) {
    const model::ScenarioSpec spec = random_scenario(rng);
    model::Simulation sim(spec, static_cast<std::uint64_t>(i));
    std::uint64_t steps = 0;
    while (sim.step()) {
      expect_balanced(sim, i, ++steps % 13 == 0);
      if (HasFatalFailure()) return;
    }
    expect_balanced(sim, i, true);
    if (HasFatalFailure()) return;
    fifo_scenarios += spec.queues[1].fifo;
    for (const auto& q : sim.queues()) {
      deduplicated += q->counters().deduplicated;
      duplicates += q->counters().duplicates_delivered;
      redriven += q->counters().redriven_out;
    }
    total_events += sim.engine().events_processed();
    for (const auto& q : sim.queues()) {
      expired += q->counters().expired;
      moved += q->counters().moved_to_dlq;
      rejected += q->counters().rejected_too_large;
    }
    throttles += sim.functions()[0]->counters().throttles;
    timeouts += sim.functions()[0]->counters().timeouts;
    released += sim.event_source_mappings()[0]->counters().released;
  }
  // The scenarios really exercised every path that moves a message somewhere.
  EXPECT_GT(total_events, 10000u);
  EXPECT_GT(expired, 0u);
  EXPECT_GT(moved, 0u);
  EXPECT_GT(throttles, 0u);
  EXPECT_GT(timeouts, 0u);
  EXPECT_GT(rejected, 0u);
  EXPECT_GT(released, 0u);
  EXPECT_GT(fifo_scenarios, 200u);
  EXPECT_GT(deduplicated, 0u);
  EXPECT_GT(duplicates, 0u);
  EXPECT_GT(redriven, 0u);
  std::printf(
      "conservation: %llu events; expired %llu, moved to DLQ %llu, throttles %llu, timeouts %llu, "
      "rejected %llu, released from throttled batches %llu\n",
      (unsigned long long)total_events, (unsigned long long)expired, (unsigned long long)moved,
      (unsigned long long)throttles, (unsigned long long)timeouts, (unsigned long long)rejected,
      (unsigned long long)released);
}

}  // namespace
