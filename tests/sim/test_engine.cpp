// The engine's contract: events run in (time, scheduling order); stepping and run_until expose every intermediate
// state; several engines are independent values.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "sim/engine.hpp"
#include "sim/event_heap.hpp"

namespace {

struct Recorder : sim::EventSink {
  sim::Engine* engine = nullptr;
  std::vector<std::pair<std::int64_t, std::uint64_t>> seen;  // (time, arg)
  void on_event(const sim::Event& e) override { seen.emplace_back(engine->now().us, e.arg); }
};

TEST(Engine, RunsEventsInTimeOrder) {
  sim::Engine eng;
  Recorder r;
  r.engine = &eng;
  const auto t = eng.add_sink(r);
  eng.schedule_at(sim::seconds(3), t, 0, 3);
  eng.schedule_at(sim::seconds(1), t, 0, 1);
  eng.schedule_at(sim::seconds(2), t, 0, 2);
  eng.run();
  ASSERT_EQ(r.seen.size(), 3u);
  EXPECT_EQ(r.seen[0].second, 1u);
  EXPECT_EQ(r.seen[1].second, 2u);
  EXPECT_EQ(r.seen[2].second, 3u);
  EXPECT_EQ(eng.now(), sim::seconds(3));
}

TEST(Engine, SimultaneousEventsRunInSchedulingOrder) {
  // The tie-break is the scheduling sequence, never heap position: 1,000 events at one instant keep their order.
  sim::Engine eng;
  Recorder r;
  r.engine = &eng;
  const auto t = eng.add_sink(r);
  for (std::uint64_t i = 0; i < 1000; ++i) eng.schedule_at(sim::seconds(5), t, 0, i);
  eng.schedule_at(sim::seconds(1), t, 0, 9999);
  eng.run();
  ASSERT_EQ(r.seen.size(), 1001u);
  EXPECT_EQ(r.seen[0].second, 9999u);
  for (std::uint64_t i = 0; i < 1000; ++i) EXPECT_EQ(r.seen[i + 1].second, i);
}

TEST(EventHeap, PopsInTotalOrderUnderRandomInserts) {
  sim::EventHeap h;
  std::uint64_t x = 12345;
  for (std::uint64_t seq = 0; seq < 20000; ++seq) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    h.push(sim::Event{sim::Time{static_cast<std::int64_t>((x >> 33) % 500)}, seq, 0, 0, 0});
  }
  sim::Event prev = h.pop();
  while (!h.empty()) {
    const sim::Event e = h.pop();
    EXPECT_TRUE(sim::fires_before(prev, e));
    prev = e;
  }
}

TEST(Engine, StepRunsOneEventAndReportsIt) {
  sim::Engine eng;
  Recorder r;
  r.engine = &eng;
  const auto t = eng.add_sink(r);
  eng.schedule_at(sim::millis(10), t, 7, 1);
  eng.schedule_at(sim::millis(20), t, 7, 2);
  auto e = eng.step();
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->arg, 1u);
  EXPECT_EQ(e->kind, 7u);
  EXPECT_EQ(eng.now(), sim::millis(10));
  EXPECT_EQ(eng.pending(), 1u);
  ASSERT_TRUE(eng.step().has_value());
  EXPECT_FALSE(eng.step().has_value());
  EXPECT_EQ(eng.events_processed(), 2u);
}

TEST(Engine, RunUntilStopsAtTheLimitAndAdvancesTheClock) {
  sim::Engine eng;
  Recorder r;
  r.engine = &eng;
  const auto t = eng.add_sink(r);
  eng.schedule_at(sim::seconds(1), t, 0, 1);
  eng.schedule_at(sim::seconds(2), t, 0, 2);  // exactly at the limit: runs
  eng.schedule_at(sim::seconds(3), t, 0, 3);
  EXPECT_EQ(eng.run_until(sim::seconds(2)), 2u);
  EXPECT_EQ(eng.now(), sim::seconds(2));
  EXPECT_EQ(eng.run_until(sim::millis(2500)), 0u);
  EXPECT_EQ(eng.now(), sim::millis(2500));
  EXPECT_EQ(eng.run_until(sim::seconds(10)), 1u);
}

TEST(Engine, StopConditionEndsTheRunAfterTheCurrentEvent) {
  sim::Engine eng;
  Recorder r;
  r.engine = &eng;
  const auto t = eng.add_sink(r);
  for (int i = 1; i <= 10; ++i) eng.schedule_at(sim::seconds(i), t, 0, static_cast<std::uint64_t>(i));
  eng.set_stop_condition([&] { return r.seen.size() == 4; });
  eng.run();
  EXPECT_EQ(r.seen.size(), 4u);
  EXPECT_EQ(eng.now(), sim::seconds(4));
  EXPECT_TRUE(eng.stop_requested());
}

TEST(Engine, SchedulingInThePastIsABug) {
  sim::Engine eng;
  Recorder r;
  r.engine = &eng;
  const auto t = eng.add_sink(r);
  eng.schedule_at(sim::seconds(5), t, 0, 0);
  eng.run();
  EXPECT_THROW(eng.schedule_at(sim::seconds(4), t, 0, 0), std::logic_error);
}

// A self-rescheduling chain: each event schedules the next after a fixed gap.
struct Chain : sim::EventSink {
  sim::Engine* engine = nullptr;
  sim::TargetId self = 0;
  std::uint64_t sum = 0;
  void on_event(const sim::Event& e) override {
    sum = sum * 31 + static_cast<std::uint64_t>(engine->now().us) + e.arg;
    if (e.arg < 100000) engine->schedule_in(sim::micros(static_cast<std::int64_t>(e.arg % 7 + 1)), self, 0, e.arg + 1);
  }
};

TEST(Engine, IndependentEnginesOnThreadsGiveTheSameResult) {
  // No globals: engines on different threads never interfere.
  auto run_one = [] {
    sim::Engine eng;
    Chain c;
    c.engine = &eng;
    c.self = eng.add_sink(c);
    eng.schedule_at(sim::Time{0}, c.self, 0, 0);
    eng.run();
    return c.sum;
  };
  const std::uint64_t expected = run_one();
  std::vector<std::uint64_t> results(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < results.size(); ++i) threads.emplace_back([&, i] { results[i] = run_one(); });
  for (auto& th : threads) th.join();
  for (const auto v : results) EXPECT_EQ(v, expected);
}

}  // namespace
