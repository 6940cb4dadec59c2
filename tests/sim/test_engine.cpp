// The engine's contract: events run in (time, scheduling order); stepping and run_until expose every intermediate
// state; several engines are independent values.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>
#include <tuple>
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

// The engine keeps events due now in a FIFO beside its heap. Whatever the mix (zero delays, constant delays, random
// delays, several targets and kinds, control events), the run must follow exactly the total order of one
// (time, sequence) priority queue: a reference loop over a std::set runs the same randomised model, and the two must
// agree event for event.
struct RandomModel {
  std::uint64_t x = 0x9e3779b97f4a7c15ULL;
  std::uint64_t next() {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  }
  struct Child {
    std::int64_t delay;
    bool control;
    std::uint32_t kind;
  };
  // What an event schedules: up to three children, 10 % of them control events. Kinds 0 and 100 draw their delay (40 %
  // of them zero), kinds 1 and 2 always wait 30 and 7.
  std::vector<Child> children() {
    std::vector<Child> out;
    const std::uint64_t n = next() % 4;
    for (std::uint64_t i = 0; i < n; ++i) {
      const auto kind = static_cast<std::uint32_t>(next() % 4);
      const std::uint64_t r = next() % 100;
      const std::int64_t drawn = r < 40 ? 0 : static_cast<std::int64_t>(next() % 50);
      const std::int64_t delay = kind == 1 ? 30 : kind == 2 ? 7 : drawn;
      out.push_back({delay, next() % 10 == 0, kind == 3 ? 100u : kind});
    }
    return out;
  }
};

struct RandomSink : sim::EventSink {
  sim::Engine& engine;
  sim::TargetId self;
  RandomModel& model;
  std::vector<std::pair<std::int64_t, std::uint64_t>>& ran;  // (time, arg), shared by the sinks
  std::uint64_t& next_arg;
  RandomSink(sim::Engine& e, RandomModel& m, std::vector<std::pair<std::int64_t, std::uint64_t>>& r, std::uint64_t& a)
      : engine(e), self(e.add_sink(*this)), model(m), ran(r), next_arg(a) {}
  void on_event(const sim::Event& e) override {
    ran.emplace_back(engine.now().us, e.arg);
    if (ran.size() > 20000) return;
    for (const RandomModel::Child& c : model.children()) {
      // Children alternate between the two sinks by argument, so the events of two targets interleave.
      const sim::TargetId to = static_cast<sim::TargetId>(next_arg % 2) + (self - self % 2);
      if (c.control) {
        engine.schedule_control_at(engine.now() + sim::Time{c.delay}, to, c.kind, next_arg++);
      } else {
        engine.schedule_in(sim::Time{c.delay}, to, c.kind, next_arg++);
      }
    }
  }
};

TEST(Engine, EventsDueNowKeepTheTotalOrderOfOnePriorityQueue) {
  sim::Engine eng;
  RandomModel engine_model;
  std::vector<std::pair<std::int64_t, std::uint64_t>> ran;
  std::uint64_t engine_arg = 100;
  RandomSink a(eng, engine_model, ran, engine_arg);
  RandomSink b(eng, engine_model, ran, engine_arg);
  ASSERT_EQ(a.self, 0u);
  ASSERT_EQ(b.self, 1u);
  for (std::uint64_t i = 0; i < 30; ++i)
    eng.schedule_at(sim::Time{static_cast<std::int64_t>(i % 7)}, static_cast<sim::TargetId>(i % 2),
                    static_cast<std::uint32_t>(i % 3), i);
  std::size_t most_pending = 0;
  while (eng.step()) most_pending = std::max(most_pending, eng.pending());

  // The reference: one ordered set of (time, control first, sequence), the engine's documented order.
  struct Pending {
    std::int64_t at;
    int lane;  // 0: control, 1: model
    std::uint64_t seq;
    std::uint64_t arg;
    bool operator<(const Pending& o) const { return std::tie(at, lane, seq) < std::tie(o.at, o.lane, o.seq); }
  };
  std::set<Pending> pending;
  std::uint64_t seq = 0;
  for (std::uint64_t i = 0; i < 30; ++i) pending.insert({static_cast<std::int64_t>(i % 7), 1, seq++, i});
  RandomModel model;
  std::vector<std::pair<std::int64_t, std::uint64_t>> expected;
  std::uint64_t next_arg = 100;
  std::size_t most_expected = 0;
  while (!pending.empty()) {
    const Pending e = *pending.begin();
    pending.erase(pending.begin());
    expected.emplace_back(e.at, e.arg);
    if (expected.size() <= 20000) {
      for (const RandomModel::Child& c : model.children())
        pending.insert({e.at + c.delay, c.control ? 0 : 1, seq++, next_arg++});
    }
    most_expected = std::max(most_expected, pending.size());
  }
  ASSERT_GT(expected.size(), 1000u);
  EXPECT_EQ(ran, expected);
  EXPECT_EQ(most_pending, most_expected);
}

TEST(Engine, AnEventDueNowRunsAfterThoseAlreadyPendingForNowAndAfterControlEvents) {
  sim::Engine eng;
  Recorder r;
  r.engine = &eng;
  const auto t = eng.add_sink(r);
  struct Spawner : sim::EventSink {
    sim::Engine* engine = nullptr;
    sim::TargetId recorder = 0;
    void on_event(const sim::Event&) override {
      engine->schedule_in(sim::Time{0}, recorder, 0, 3);           // due now: after everything already pending now
      engine->schedule_control_at(engine->now(), recorder, 0, 2);  // control: before every model event now
    }
  } spawner;
  spawner.engine = &eng;
  spawner.recorder = t;
  const auto s = eng.add_sink(spawner);
  eng.schedule_at(sim::seconds(1), s, 0, 0);
  eng.schedule_at(sim::seconds(1), t, 0, 1);  // scheduled before the clock got to 1 s
  eng.run();
  ASSERT_EQ(r.seen.size(), 3u);
  EXPECT_EQ(r.seen[0].second, 2u);
  EXPECT_EQ(r.seen[1].second, 1u);
  EXPECT_EQ(r.seen[2].second, 3u);
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
