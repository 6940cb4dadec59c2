// A floor for bench/simfaas_steady_state: SimFaaS's steady-state model hand-written over sim::Engine, with nothing but
// what that model needs (Poisson arrivals; the newest idle environment, else a cold start with an exponential init;
// an exponential duration; a 600 s keep-alive on a sim::LazyTimer; the busy count's time integral and a duration
// histogram). No accounting, no metrics periods, no stop condition, no outputs. Its time for the same run says how
// fast any model can be on this engine, so it tells a slow model apart from a target the engine itself cannot meet.
#pragma once

#include <boost/random/exponential_distribution.hpp>
#include <cstdint>
#include <vector>

#include "sim/engine.hpp"
#include "sim/lazy_timer.hpp"
#include "sim/log_histogram.hpp"
#include "sim/rng.hpp"
#include "sim/slot_pool.hpp"
#include "sim/sorted_ids.hpp"

namespace bench {

class SimfaasFloor final : public sim::EventSink {
 public:
  explicit SimfaasFloor(sim::Engine& engine) : engine_(engine), self_(engine.add_sink(*this)) {
    engine_.schedule_at(sim::Time{0}, self_, kArrival);
  }
  void on_event(const sim::Event& e) override {
    if (e.kind == kArrival) {
      arrive();
      return;
    }
    const std::uint32_t id = sim::slot_of(e.arg);
    Environment& env = envs_[id];
    if (e.kind == kReclaim) {
      if (!env.keep_alive.fire(engine_, e)) return;
      idle_.erase(env.created, id);
      ++env.generation;
      sim::release_slot(free_, id);
      return;
    }
    if (env.generation != sim::generation_of(e.arg)) return;
    if (e.kind == kInitDone) {
      start(id);
      return;
    }
    // The invocation ended: the environment waits for the next request, for up to its keep-alive.
    durations_.add((engine_.now() - env.started).us);
    level(-1);
    ++env.generation;
    idle_.insert(env.created, id);
    env.keep_alive.arm(engine_, engine_.now() + sim::seconds(600), self_, kReclaim, id);
  }
  [[nodiscard]] std::uint64_t requests() const { return requests_; }
  [[nodiscard]] std::uint64_t cold_starts() const { return cold_starts_; }
  // The time-averaged busy count up to now: read after the run, so its bookkeeping is real work, and printed beside
  // the model's, so the floor is seen to be the same model.
  [[nodiscard]] double mean_busy() const {
    const std::int64_t integral = busy_integral_ + busy_ * (engine_.now() - busy_since_).us;
    return engine_.now().us > 0 ? static_cast<double>(integral) / static_cast<double>(engine_.now().us) : 0.0;
  }
  [[nodiscard]] const sim::LogHistogram& durations() const { return durations_; }

 private:
  enum Kind : std::uint32_t { kArrival, kInitDone, kDone, kReclaim };
  struct Environment {
    std::uint32_t generation = 0;
    std::uint64_t created = 0;
    sim::Time started{0};
    sim::LazyTimer keep_alive;
  };
  static sim::Time millis(double ms) { return sim::Time{static_cast<std::int64_t>(ms * 1000.0 + 0.5)}; }
  void level(std::int64_t delta) {
    busy_integral_ += busy_ * (engine_.now() - busy_since_).us;
    busy_since_ = engine_.now();
    busy_ += delta;
  }
  void start(std::uint32_t id) {
    envs_[id].started = engine_.now();
    const double ms = boost::random::exponential_distribution<double>(1.0 / 1991.0)(duration_rng_);
    engine_.schedule_in(millis(ms), self_, kDone, sim::pack_slot(id, ++envs_[id].generation));
  }
  void arrive() {
    ++requests_;
    level(1);
    if (!idle_.empty()) {
      const std::uint32_t id = idle_.take_greatest();
      envs_[id].keep_alive.cancel();
      start(id);
    } else {
      const std::uint32_t id = sim::take_slot(free_, envs_);
      envs_[id].created = ++created_;
      ++cold_starts_;
      const double ms = boost::random::exponential_distribution<double>(1.0 / 253.0)(cold_rng_);
      engine_.schedule_in(millis(ms), self_, kInitDone, sim::pack_slot(id, ++envs_[id].generation));
    }
    const double gap = boost::random::exponential_distribution<double>(0.9)(arrival_rng_);
    engine_.schedule_in(sim::Time{static_cast<std::int64_t>(gap * 1e6 + 0.5)}, self_, kArrival);
  }

  sim::Engine& engine_;
  sim::TargetId self_;
  sim::RngEngine arrival_rng_ = sim::make_stream(1, "floor/arrivals", 0);
  sim::RngEngine duration_rng_ = sim::make_stream(1, "floor/duration", 0);
  sim::RngEngine cold_rng_ = sim::make_stream(1, "floor/cold-start", 0);
  std::vector<Environment> envs_;
  sim::FreeSlots<std::uint32_t> free_;
  sim::SortedIds idle_;  // key: creation order; the newest idle environment first, as SimFaaS chooses
  std::uint64_t created_ = 0, requests_ = 0, cold_starts_ = 0;
  std::int64_t busy_ = 0, busy_integral_ = 0;
  sim::Time busy_since_{0};
  sim::LogHistogram durations_;
};

}  // namespace bench
