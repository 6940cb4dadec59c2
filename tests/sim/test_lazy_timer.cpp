// sim::LazyTimer: one live engine event per timer whatever the deadline does; later deadlines ride on the pending
// event, earlier ones supersede it by generation, cancel() turns it into a no-op.
#include <gtest/gtest.h>

#include <vector>

#include "sim/engine.hpp"
#include "sim/lazy_timer.hpp"

namespace {

struct Owner : sim::EventSink {
  sim::Engine& engine;
  sim::TargetId self;
  sim::LazyTimer timer;
  std::vector<std::int64_t> fired;  // times (us) at which the deadline came
  explicit Owner(sim::Engine& e) : engine(e), self(e.add_sink(*this)) {}
  void arm(sim::Time at) { timer.arm(engine, at, self, 7, 3); }
  void on_event(const sim::Event& e) override {
    EXPECT_EQ(e.kind, 7u);
    EXPECT_EQ(sim::slot_of(e.arg), 3u);  // the owner's slot comes back
    if (timer.fire(engine, e)) fired.push_back(engine.now().us);
  }
};

TEST(LazyTimer, FiresOnceAtItsDeadline) {
  sim::Engine eng;
  Owner o(eng);
  o.arm(sim::seconds(5));
  EXPECT_TRUE(o.timer.armed());
  eng.run();
  EXPECT_EQ(o.fired, std::vector<std::int64_t>{5'000'000});
  EXPECT_FALSE(o.timer.armed());
  EXPECT_EQ(eng.events_processed(), 1u);
}

TEST(LazyTimer, ALaterDeadlineRidesOnThePendingEvent) {
  // Moved from 5 s to 9 s, then 12 s, while pending: no event is scheduled by the moves; the 5 s event re-arms once
  // for 12 s. Two events in all, and the deadline comes at 12 s only.
  sim::Engine eng;
  Owner o(eng);
  o.arm(sim::seconds(5));
  o.arm(sim::seconds(9));
  o.arm(sim::seconds(12));
  EXPECT_EQ(eng.pending(), 1u);
  eng.run();
  EXPECT_EQ(o.fired, std::vector<std::int64_t>{12'000'000});
  EXPECT_EQ(eng.events_processed(), 2u);
}

TEST(LazyTimer, AnEarlierDeadlineSupersedesThePendingEventByGeneration) {
  // 10 s pending, moved to 4 s: a new event at 4 s; the 10 s one still runs but is ignored (stale generation).
  sim::Engine eng;
  Owner o(eng);
  o.arm(sim::seconds(10));
  o.arm(sim::seconds(4));
  EXPECT_EQ(eng.pending(), 2u);
  EXPECT_EQ(o.timer.pending_at(), sim::seconds(4));
  eng.run();
  EXPECT_EQ(o.fired, std::vector<std::int64_t>{4'000'000});
  EXPECT_EQ(eng.events_processed(), 2u);
}

TEST(LazyTimer, CancelTurnsThePendingEventIntoANoOpAndRearmingReusesIt) {
  sim::Engine eng;
  Owner o(eng);
  o.arm(sim::seconds(3));
  o.timer.cancel();
  EXPECT_FALSE(o.timer.armed());
  eng.run_until(sim::seconds(3));
  EXPECT_TRUE(o.fired.empty());
  // Cancelled, then armed again before the old event ran: that event serves the new deadline.
  o.arm(sim::seconds(6));
  o.timer.cancel();
  o.arm(sim::seconds(8));
  eng.run();
  EXPECT_EQ(o.fired, std::vector<std::int64_t>{8'000'000});
  // 3 s (the cancelled no-op), 6 s (scheduled by the arm, re-armed for 8 s), 8 s.
  EXPECT_EQ(eng.events_processed(), 3u);
}

TEST(LazyTimer, APastDeadlineFiresNowAndCountsAsEarlierThanAnyPending) {
  sim::Engine eng;
  Owner o(eng);
  eng.run_until(sim::seconds(20));
  o.arm(sim::seconds(30));
  o.arm(sim::seconds(5));  // already past: fires at once (20 s), superseding the 30 s event
  eng.run();
  EXPECT_EQ(o.fired, std::vector<std::int64_t>{20'000'000});
}

TEST(LazyTimer, FiringDisarmsSoTheNextArmSchedulesAfresh) {
  sim::Engine eng;
  Owner o(eng);
  o.arm(sim::seconds(1));
  eng.run();
  o.arm(sim::seconds(2));
  eng.run();
  EXPECT_EQ(o.fired, (std::vector<std::int64_t>{1'000'000, 2'000'000}));
  EXPECT_EQ(eng.events_processed(), 2u);
}

}  // namespace
