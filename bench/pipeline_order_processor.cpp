// bench/pipeline_order_processor: the full model on the order-processor stack (scenarios/order-processor.json with a
// sustained load instead of its two tests), as simulated messages per wall-clock second and events per second, beside
// the bare engine's event rate (an M/M/4 hold model) measured in the same run.
// Usage: bench_pipeline_order_processor [messages] [rate_per_s] [bare_events] [noop]
//   (defaults 2,000,000, 2,000, 20,000,000; noop: a handler that does nothing, to see the model's own cost)
#include <boost/random/exponential_distribution.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "model/simulation.hpp"
#include "scenarios/scenario_loader.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The engine alone: a 4-server hold model, the same loop as bench/engine.
struct Hold : sim::EventSink {
  sim::Engine& eng;
  sim::TargetId self;
  sim::RngEngine rng = sim::make_stream(1, "bench/hold", 0);
  explicit Hold(sim::Engine& e) : eng(e), self(e.add_sink(*this)) {}
  void on_event(const sim::Event&) override {
    eng.schedule_in(sim::Time{static_cast<std::int64_t>(boost::random::exponential_distribution<double>(1.0)(rng) * 1e6) + 1},
                    self, 0);
  }
};

double bare_engine_rate(std::uint64_t events) {
  sim::Engine eng;
  Hold h(eng);
  for (int i = 0; i < 1000; ++i) eng.schedule_at(sim::Time{i}, h.self, 0);
  const auto t0 = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < events; ++i) eng.step();
  return static_cast<double>(events) / seconds_since(t0);
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
  // "noop" as a 4th argument replaces the order processor by a handler that does nothing: the model's own cost.
  if (argc > 4 && std::string(argv[4]) == "noop") spec.functions[0].handler = "always-succeed";

  const auto t0 = std::chrono::steady_clock::now();
  model::Simulation sim(spec, 1);
  sim.run();
  const double wall = seconds_since(t0);
  const double msgs_per_s = static_cast<double>(messages) / wall;
  const double events_per_s = static_cast<double>(sim.engine().events_processed()) / wall;
  const double bare = bare_engine_rate(argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 20'000'000);
  std::printf("order-processor stack: %llu messages at %.0f msg/s (Poisson), %.0f simulated s, %llu events, %.2f s wall\n",
              static_cast<unsigned long long>(messages), rate, sim.now().seconds(),
              static_cast<unsigned long long>(sim.engine().events_processed()), wall);
  std::printf("simulated messages per wall second: %.0f (target >= 1,000,000)\n", msgs_per_s);
  std::printf("events per second: %.2f M; bare engine: %.2f M; ratio %.3f\n", events_per_s / 1e6, bare / 1e6,
              events_per_s / bare);
  std::printf("accounting balanced: %s\n", sim.accounting().balanced() ? "yes" : "NO");
  return sim.accounting().balanced() ? 0 : 1;
}
