// bench/engine: events per second of sim::Engine on an M/M/c queue (hold model), beside the same workload on a bare
// std::priority_queue loop in the same process. Prints the ratio; target: engine within 1.5x of the bare loop.
// Usage: bench_engine [events]   (default 10,000,000)
#include <boost/random/exponential_distribution.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <queue>
#include <vector>

#include "sim/engine.hpp"
#include "sim/rng.hpp"

namespace {

constexpr int kServers = 4;
constexpr double kArrivalRate = 3.6;  // per time unit; service rate 1 per server: utilisation 0.9
constexpr double kServiceRate = 1.0;
constexpr double kUnit = 1e6;  // one time unit = 1 s = 1e6 us

std::int64_t draw(sim::RngEngine& rng, double rate) {
  return static_cast<std::int64_t>(boost::random::exponential_distribution<double>(rate)(rng) * kUnit) + 1;
}

// The model on the engine: arrivals and departures as plain events dispatched by kind.
struct MMc : sim::EventSink {
  enum : std::uint32_t { kArrival, kDeparture };
  sim::Engine& eng;
  sim::TargetId self;
  sim::RngEngine arrivals = sim::make_stream(1, "bench/arrivals", 0);
  sim::RngEngine services = sim::make_stream(1, "bench/services", 0);
  int busy = 0;
  std::uint64_t waiting = 0;
  std::uint64_t served = 0;
  explicit MMc(sim::Engine& e) : eng(e), self(e.add_sink(*this)) {}
  void on_event(const sim::Event& ev) override {
    if (ev.kind == kArrival) {
      eng.schedule_in(sim::Time{draw(arrivals, kArrivalRate)}, self, kArrival);
      if (busy < kServers) {
        ++busy;
        eng.schedule_in(sim::Time{draw(services, kServiceRate)}, self, kDeparture);
      } else {
        ++waiting;
      }
    } else {
      ++served;
      if (waiting > 0) {
        --waiting;
        eng.schedule_in(sim::Time{draw(services, kServiceRate)}, self, kDeparture);
      } else {
        --busy;
      }
    }
  }
};

struct BareEvent {
  std::int64_t at;
  std::uint64_t seq;
  std::uint32_t kind;
  bool operator>(const BareEvent& o) const { return at > o.at || (at == o.at && seq > o.seq); }
};

// The same model as a hand-written loop over std::priority_queue: the floor any engine is measured against.
std::uint64_t bare_loop(std::uint64_t events, std::uint64_t& served_out) {
  std::priority_queue<BareEvent, std::vector<BareEvent>, std::greater<>> pq;
  sim::RngEngine arrivals = sim::make_stream(1, "bench/arrivals", 0);
  sim::RngEngine services = sim::make_stream(1, "bench/services", 0);
  std::uint64_t seq = 0, n = 0, waiting = 0, served = 0;
  int busy = 0;
  pq.push({0, seq++, 0});
  while (n < events && !pq.empty()) {
    const BareEvent e = pq.top();
    pq.pop();
    ++n;
    if (e.kind == 0) {
      pq.push({e.at + draw(arrivals, kArrivalRate), seq++, 0});
      if (busy < kServers) {
        ++busy;
        pq.push({e.at + draw(services, kServiceRate), seq++, 1});
      } else {
        ++waiting;
      }
    } else {
      ++served;
      if (waiting > 0) {
        --waiting;
        pq.push({e.at + draw(services, kServiceRate), seq++, 1});
      } else {
        --busy;
      }
    }
  }
  served_out = served;
  return n;
}

std::uint64_t engine_loop(std::uint64_t events, std::uint64_t& served_out) {
  sim::Engine eng;
  MMc m(eng);
  eng.schedule_at(sim::Time{0}, m.self, MMc::kArrival);
  std::uint64_t n = 0;
  while (n < events && eng.step()) ++n;
  served_out = m.served;
  return n;
}

template <class F>
double timed(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t events = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'000ULL;
  std::uint64_t served_bare = 0, served_engine = 0;
  // Interleave three rounds each and keep the best: the machine is shared and noisy.
  double best_bare = 1e30, best_engine = 1e30;
  for (int round = 0; round < 3; ++round) {
    best_bare = std::min(best_bare, timed([&] { bare_loop(events, served_bare); }));
    best_engine = std::min(best_engine, timed([&] { engine_loop(events, served_engine); }));
  }
  if (served_bare != served_engine) {
    std::fprintf(stderr, "bench_engine: the two loops disagree (%llu vs %llu served): not the same workload\n",
                 static_cast<unsigned long long>(served_bare), static_cast<unsigned long long>(served_engine));
    return 1;
  }
  const double rate_bare = double(events) / best_bare;
  const double rate_engine = double(events) / best_engine;
  std::printf("workload: M/M/%d at utilisation %.2f, %llu events (best of 3)\n", kServers,
              kArrivalRate / (kServers * kServiceRate), static_cast<unsigned long long>(events));
  std::printf("bare std::priority_queue loop: %.2f M events/s\n", rate_bare / 1e6);
  std::printf("sim::Engine:                   %.2f M events/s\n", rate_engine / 1e6);
  std::printf("ratio engine time / bare time: %.3f (target <= 1.5)\n", best_engine / best_bare);
  return 0;
}
