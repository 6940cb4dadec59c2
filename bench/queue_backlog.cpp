// bench/queue_backlog: does a deep queue slow the simulation down? The same send/receive/delete workload runs against
// an SQS queue that starts empty and one that starts with 1,000,000 visible messages; the event rates are printed
// with their ratio (target, issue 17: the deep queue keeps at least 0.8 of the empty-queue rate).
// Usage: bench_queue_backlog [backlog] [simulated_seconds]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "model/sqs_queue.hpp"
#include "sim/engine.hpp"

namespace {

// Every millisecond: send 10 messages, receive up to 10 and delete them (a consumer keeping pace with the producer).
struct Workload : sim::EventSink {
  sim::Engine& eng;
  model::SqsQueue& q;
  sim::TargetId self;
  std::uint64_t next_id;
  std::vector<model::ReceiptHandle> got;
  Workload(sim::Engine& e, model::SqsQueue& queue, std::uint64_t first_id)
      : eng(e), q(queue), self(e.add_sink(*this)), next_id(first_id) {}
  void on_event(const sim::Event& e) override {
    if (e.kind == 0) {
      for (int i = 0; i < 10; ++i) q.send_message(next_id++, "{\"order_id\":\"x\"}", 17);
    } else {
      got.clear();
      q.receive_message(10, got);
      for (const auto h : got) q.delete_message(h);
    }
    eng.schedule_in(sim::millis(1), self, e.kind);
  }
};

struct Result {
  double seconds;
  std::uint64_t events;
};

Result run(std::uint64_t backlog, std::int64_t simulated_s) {
  sim::Engine eng;
  model::QueueSpec spec;
  spec.name = "bench";
  spec.visibility_timeout = sim::seconds(30);
  model::SqsQueue q(eng, spec);
  for (std::uint64_t i = 0; i < backlog; ++i) q.send_message(i + 1, "{\"order_id\":\"x\"}", 17);
  Workload w(eng, q, backlog + 1);
  eng.schedule_at(sim::Time{0}, w.self, 0);
  eng.schedule_at(sim::Time{0}, w.self, 1);
  const auto t0 = std::chrono::steady_clock::now();
  eng.run_until(sim::seconds(simulated_s));
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (q.stored() < backlog) std::fprintf(stderr, "backlog shrank: %llu\n", static_cast<unsigned long long>(q.stored()));
  return {s, eng.events_processed()};
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t backlog = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000ULL;
  const std::int64_t simulated = argc > 2 ? std::strtoll(argv[2], nullptr, 10) : 300;
  double best_empty = 1e30, best_deep = 1e30;
  std::uint64_t ev_empty = 0, ev_deep = 0;
  // Interleaved, best of 7: the machine is shared, and with 3 rounds one burst of load on the other core moved the
  // ratio between 0.73 and 1.05. Under Cachegrind the deep queue runs 2 % more instructions per event than the empty
  // one (docs/performance.md): the spread is the machine's, not the queue's.
  for (int round = 0; round < 7; ++round) {
    const Result e = run(0, simulated);
    const Result d = run(backlog, simulated);
    best_empty = std::min(best_empty, e.seconds);
    best_deep = std::min(best_deep, d.seconds);
    ev_empty = e.events;
    ev_deep = d.events;
  }
  const double rate_empty = double(ev_empty) / best_empty, rate_deep = double(ev_deep) / best_deep;
  std::printf("workload: 10 sends + 10 receives/deletes per simulated ms, %lld simulated s (best of 7)\n",
              static_cast<long long>(simulated));
  std::printf("empty queue:              %.2f M events/s (%llu events)\n", rate_empty / 1e6,
              static_cast<unsigned long long>(ev_empty));
  std::printf("%llu visible messages: %.2f M events/s (%llu events)\n", static_cast<unsigned long long>(backlog),
              rate_deep / 1e6, static_cast<unsigned long long>(ev_deep));
  const double ratio = rate_deep / rate_empty;
  std::printf("ratio deep / empty event rate: %.3f\n", ratio);
  std::printf("target: ratio >= 0.8: %s\n", ratio >= 0.8 ? "met" : "NOT met");
  return 0;
}
