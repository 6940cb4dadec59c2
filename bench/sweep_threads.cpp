// bench/sweep_threads: sweep throughput (simulation runs per wall-clock second) against the thread count, as a
// speed-up over one thread measured in the same run. The grid: the order-processor scenario over batch size ×
// batching window × memory, 2 replications (36 runs). Usage: bench_sweep_threads [max_threads] [replications]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <string>
#include <thread>

#include "bench/engine_baseline.hpp"
#include "sweep/sweep_runner.hpp"

int main(int argc, char** argv) {
  const unsigned max_threads = argc > 1 ? static_cast<unsigned>(std::strtoul(argv[1], nullptr, 10))
                                        : std::max(2U, std::thread::hardware_concurrency());
  const std::uint64_t replications = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 2;
  const sweep::SweepSpec s =
      sweep::make_sweep_spec(std::string(SQSIM_SOURCE_DIR) + "/scenarios/order-processor.json",
                             {"batch_size=1,5,10", "maximum_batching_window_s=0,1,5", "memory=128,1024"}, replications);
  const auto points = sweep::prepare_points(s);
  std::vector<std::size_t> tasks(points.size() * s.replications);
  std::iota(tasks.begin(), tasks.end(), std::size_t{0});
  std::printf("sweep: %zu configurations x %llu replications = %zu runs of the order-processor scenario\n",
              points.size(), static_cast<unsigned long long>(replications), tasks.size());
  double base = 0;
  std::vector<double> first;
  for (unsigned threads = 1; threads <= max_threads; threads *= 2) {
    double best = 1e30;
    std::vector<double> flat;
    for (int rep = 0; rep < 3; ++rep) {  // best of 3: the machine is shared
      const auto t0 = std::chrono::steady_clock::now();
      const auto records = sweep::run_tasks(s, points, tasks, threads, nullptr);
      best = std::min(best, bench::seconds_since(t0));
      flat.clear();
      for (const auto& r : records) {
        const auto x = r.to_doubles();
        flat.insert(flat.end(), x.begin(), x.end());
      }
    }
    if (threads == 1) {
      base = best;
      first = flat;
    }
    std::printf("%2u threads: %7.1f runs/s, speed-up %.2f over 1 thread, results %s\n", threads,
                static_cast<double>(tasks.size()) / best, base / best, flat == first ? "identical" : "DIFFER");
    if (flat != first) return 1;
  }
  return 0;
}
