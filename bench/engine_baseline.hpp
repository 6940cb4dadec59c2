// The baseline every benchmark reports against: the bare engine's event rate on a 4-server hold model (the same loop
// as bench/engine), measured in the same process so ratios survive a noisy, shared machine.
#pragma once

#include <boost/random/exponential_distribution.hpp>
#include <chrono>
#include <cstdint>

#include "sim/engine.hpp"
#include "sim/rng.hpp"

namespace bench {

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The engine alone: a 4-server hold model, the same loop as bench/engine.
struct Hold : sim::EventSink {
  sim::Engine& eng;
  sim::TargetId self;
  sim::RngEngine rng = sim::make_stream(1, "bench/hold", 0);
  explicit Hold(sim::Engine& e) : eng(e), self(e.add_sink(*this)) {}
  void on_event(const sim::Event&) override {
    eng.schedule_in(
        sim::Time{static_cast<std::int64_t>(boost::random::exponential_distribution<double>(1.0)(rng) * 1e6) + 1}, self,
        0);
  }
};

inline double bare_engine_rate(std::uint64_t events) {
  sim::Engine eng;
  Hold h(eng);
  for (int i = 0; i < 1000; ++i) eng.schedule_at(sim::Time{i}, h.self, 0);
  const auto t0 = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < events; ++i) eng.step();
  return static_cast<double>(events) / seconds_since(t0);
}

}  // namespace bench
