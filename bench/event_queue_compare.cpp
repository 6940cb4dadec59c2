// bench/event_queue_compare: the pending-event set as the engine uses it (pop the earliest, schedule one later event:
// the classic "hold" model) with 100, 500 (the order-processor stack's usual size), 10,000 and 1,000,000 events
// pending, on the engine's 4-ary heap (sim::EventHeap, the baseline) and on a monotone radix heap
// (bench/radix_heap.hpp), in one run. Both see the same delays (10 % of them zero, so ties at one time are exercised)
// and must pop the same (time, sequence) order: the run checks it. Prints operations per second and the radix heap's
// ratio to the 4-ary heap at each size.
//
// Usage: bench_event_queue_compare [operations per size]   (default 10,000,000; CI passes fewer)
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "bench/engine_baseline.hpp"
#include "bench/radix_heap.hpp"
#include "sim/event_heap.hpp"
#include "sim/rng.hpp"

namespace {

struct Result {
  double ops_per_s = 0;
  std::uint64_t order_digest = 0;  // FNV-1a over the popped (time, sequence) pairs
};

// Delays in microseconds: exponential with a mean of 1 s, 10 % of them zero (an event for "now").
std::vector<std::int64_t> make_delays(std::size_t n) {
  sim::RngEngine rng = sim::make_stream(1, "bench:event_queue/delays", 0);
  boost::random::exponential_distribution<double> exp(1.0);
  boost::random::uniform_01<double> u;
  std::vector<std::int64_t> d(n);
  for (auto& x : d) x = u(rng) < 0.1 ? 0 : static_cast<std::int64_t>(exp(rng) * 1e6) + 1;
  return d;
}

template <class Queue>
Result hold(std::size_t pending, std::uint64_t ops, const std::vector<std::int64_t>& delays) {
  Queue q;
  std::uint64_t seq = 0;
  std::size_t next = 0;
  const auto delay = [&] {
    const std::int64_t d = delays[next];
    next = next + 1 == delays.size() ? 0 : next + 1;
    return d;
  };
  for (std::size_t i = 0; i < pending; ++i) q.push(sim::Event{sim::Time{delay()}, seq++, 0, 0, 0});
  std::uint64_t digest = 1469598103934665603ULL;
  const auto t0 = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < ops; ++i) {
    const sim::Event e = q.pop();
    digest = (digest ^ static_cast<std::uint64_t>(e.at.us)) * 1099511628211ULL;
    digest = (digest ^ e.seq) * 1099511628211ULL;
    q.push(sim::Event{sim::Time{e.at.us + delay()}, seq++, 0, 0, 0});
  }
  const double s = bench::seconds_since(t0);
  return {static_cast<double>(ops) / s, digest};
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t ops = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'000ULL;
  const std::vector<std::int64_t> delays = make_delays(std::size_t{1} << 22);
  std::printf("hold model: pop the earliest event, push one a random delay later; %llu operations per size\n",
              static_cast<unsigned long long>(ops));
  std::printf("%10s %22s %22s %8s %11s\n", "pending", "4-ary heap (baseline)", "radix heap", "ratio", "same order");
  bool all_same = true;
  for (const std::size_t pending : {std::size_t{100}, std::size_t{500}, std::size_t{10'000}, std::size_t{1'000'000}}) {
    const Result heap = hold<sim::EventHeap>(pending, ops, delays);
    const Result radix = hold<bench::RadixEventHeap>(pending, ops, delays);
    const bool same = heap.order_digest == radix.order_digest;
    all_same = all_same && same;
    std::printf("%10zu %16.2f M/s %16.2f M/s %8.2f %11s\n", pending, heap.ops_per_s / 1e6, radix.ops_per_s / 1e6,
                radix.ops_per_s / heap.ops_per_s, same ? "yes" : "NO");
  }
  if (!all_same) std::printf("error: the radix heap popped events in another order than the 4-ary heap\n");
  return all_same ? 0 : 1;
}
