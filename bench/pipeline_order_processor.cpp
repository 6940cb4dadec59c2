// bench/pipeline_order_processor: the full model on the order-processor stack (scenarios/order-processor.json with a
// sustained load instead of its two tests), as simulated messages per wall-clock second and events per second, beside
// the bare engine's event rate (an M/M/4 hold model) measured in the same run.
// Usage: bench_pipeline_order_processor [messages] [rate_per_s] [bare_events] [noop|order]
//   (defaults 2,000,000, 2,000, 20,000,000; a fourth argument "noop" runs the no-op stack alone, "order" the order
//   processor's stack alone, for scripts/count_instructions.sh to count their instructions per message under
//   Cachegrind)
// It runs the stack twice in the same process: with a handler that does nothing (the model's own cost: SQS, event
// source mapping, Lambda, environments, metrics) and with the order processor (the handler's JSON validation and
// idempotency set on top), and times the order processor alone on the same bodies, so the report separates the
// model's cost from the handler's own work.
#include <boost/random/exponential_distribution.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/allocation_counter.hpp"
#include "bench/engine_baseline.hpp"
#include "handlers/order_processor.hpp"
#include "loader/scenario_loader.hpp"
#include "model/body_generator.hpp"
#include "model/simulation.hpp"

namespace {

using bench::seconds_since;

struct StackRun {
  double wall = 0;
  std::uint64_t events = 0;
  double simulated_s = 0;
  bool balanced = false;
  std::uint64_t allocations = 0;  // during the run (building the simulation excluded)
};

StackRun run_stack(const model::ScenarioSpec& spec) {
  model::Simulation sim(spec, 1);
  sim.draw_on_helper_thread(true);  // as `sqsim run` does
  const std::uint64_t allocations_before = bench::allocations();
  const auto t0 = std::chrono::steady_clock::now();
  sim.run();
  const double wall = seconds_since(t0);
  return StackRun{wall, sim.engine().events_processed(), sim.now().seconds(), sim.accounting().balanced(),
                  bench::allocations() - allocations_before};
}

// The order processor alone, on batches of 10 records with the producer's bodies: the handler's own work per record.
double handler_seconds_per_record(const model::ProducerSpec& producer, std::uint64_t records) {
  model::BodyGenerator bodies(producer.body, producer.name);
  sim::RngEngine rng = sim::make_stream(1, "bench/bodies", 0);
  std::vector<lambda::SqsEvent> batches(1000);
  std::uint64_t seq = 0;
  for (auto& e : batches) {
    e.records.resize(10);
    for (auto& r : e.records) r.body = bodies.body(seq++, rng);
  }
  handlers::OrderProcessor handler;
  const lambda::Context ctx;
  std::uint64_t failures = 0;
  std::uint64_t id = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (std::uint64_t done = 0; done < records; done += 10) {
    lambda::SqsEvent& e = batches[(done / 10) % batches.size()];
    for (auto& r : e.records) r.message_id = model::message_id_string(++id);  // new ids, as the queue would give
    failures += handler.handle(e, ctx).batch_item_failures.size();
  }
  const double wall = seconds_since(t0);
  // Formatting the ids is the event source mapping's work, not the handler's: time it alone and take it off.
  const auto t1 = std::chrono::steady_clock::now();
  std::string sink;
  for (std::uint64_t i = 0; i < records; ++i) model::format_message_id(++id, sink);
  const double ids = seconds_since(t1);
  if (failures == records) std::printf("(every record failed)\n");
  return (wall - ids) / static_cast<double>(records);
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t messages = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 2'000'000ULL;
  const double rate = argc > 2 ? std::strtod(argv[2], nullptr) : 2000.0;
  auto loaded = scenarios::load_scenario_file(std::string(SQSIM_SOURCE_DIR) + "/scenarios/order-processor.json");
  model::ScenarioSpec spec = loaded.spec;
  spec.producers.resize(1);
  spec.producers[0].count = messages;
  spec.producers[0].arrival.kind = model::ArrivalSpec::Kind::Poisson;
  spec.producers[0].arrival.rate_per_second = rate;
  spec.producers[0].body.invalid_fraction = 0.01;
  spec.duration = sim::hours(24 * 30);
  model::ScenarioSpec noop = spec;
  noop.functions[0].handler = "always-succeed";

  if (argc > 4 && (std::string(argv[4]) == "noop" || std::string(argv[4]) == "order")) {
    const bool no_handler = std::string(argv[4]) == "noop";
    const StackRun alone = run_stack(no_handler ? noop : spec);
    std::printf("%s stack alone: %llu messages, %llu events, accounting balanced: %s\n",
                no_handler ? "no-op" : "order-processor", static_cast<unsigned long long>(messages),
                static_cast<unsigned long long>(alone.events), alone.balanced ? "yes" : "NO");
    return alone.balanced ? 0 : 1;
  }
  const double bare = bench::bare_engine_rate(argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 20'000'000);
  const StackRun model_only = run_stack(noop);
  const StackRun full = run_stack(spec);
  const double handler_s = handler_seconds_per_record(spec.producers[0], messages);
  const auto m = static_cast<double>(messages);

  std::printf("order-processor stack: %llu messages at %.0f msg/s (Poisson, 1 %% invalid), batch 10, window 5 s\n",
              static_cast<unsigned long long>(messages), rate);
  std::printf("bare engine (baseline): %.2f M events/s\n", bare / 1e6);
  std::printf(
      "model, no-op handler:   %.2f M msg/s  %.2f M events/s (%.2f events/msg, ratio to bare %.3f), %.2f s wall, "
      "%.2f allocations/msg\n",
      m / model_only.wall / 1e6, static_cast<double>(model_only.events) / model_only.wall / 1e6,
      static_cast<double>(model_only.events) / m, static_cast<double>(model_only.events) / model_only.wall / bare,
      model_only.wall, static_cast<double>(model_only.allocations) / m);
  std::printf(
      "with order processor:   %.2f M msg/s  %.2f M events/s (%.2f events/msg, ratio to bare %.3f), %.2f s wall, "
      "%.2f allocations/msg, %.0f simulated s\n",
      m / full.wall / 1e6, static_cast<double>(full.events) / full.wall / 1e6, static_cast<double>(full.events) / m,
      static_cast<double>(full.events) / full.wall / bare, full.wall, static_cast<double>(full.allocations) / m,
      full.simulated_s);
  std::printf("order processor alone:  %.3f us/record (its JSON validation and idempotency set)\n", handler_s * 1e6);
  std::printf(
      "model cost per message: %.3f us with no-op handler; %.3f us with the order processor less its own work\n",
      model_only.wall / m * 1e6, (full.wall / m - handler_s) * 1e6);
  // Targets (issue 17): the model with a no-op handler >= 3 M msg/s; with the order processor >= 1.2 M msg/s.
  std::printf("target: no-op handler >= 3.0 M msg/s: %s (%.2f)\n", m / model_only.wall >= 3e6 ? "met" : "NOT met",
              m / model_only.wall / 1e6);
  std::printf("target: order processor >= 1.2 M msg/s: %s (%.2f)\n", m / full.wall >= 1.2e6 ? "met" : "NOT met",
              m / full.wall / 1e6);
  std::printf("accounting balanced: %s\n", model_only.balanced && full.balanced ? "yes" : "NO");
  return model_only.balanced && full.balanced ? 0 : 1;
}
