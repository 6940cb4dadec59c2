// sim::EventSet against one ordered set of (time, sequence): whatever the mix of events due now, the small sorted set,
// the soonest slot, the near heap and the far heap (beyond EventSet::kFarHorizon), events come out in exactly the
// reference's order, also when far events come due while nearer ones scheduled later are still pending, and while
// the pending count crosses the small set's limits both ways.
#include <gtest/gtest.h>

#include <boost/random/uniform_int_distribution.hpp>
#include <cstdint>
#include <set>
#include <tuple>

#include "sim/event_set.hpp"
#include "sim/rng.hpp"

namespace {

// Runs `steps` pops against the reference. Between pops it schedules 0-2 events, and more or none while the pending
// count is below or above the wave's target, which moves between `low` and `high` every `wave` steps (0: no waves,
// the count stays near its start of 50). Counts in `moves` the times the events moved between the small set and the
// heaps.
void check_against_reference(std::uint64_t seed, int steps, std::size_t low, std::size_t high, int wave, int& moves) {
  sim::EventSet set;
  std::set<std::tuple<std::int64_t, std::uint64_t>> reference;  // (time, sequence); control events have low sequences
  sim::RngEngine rng = sim::make_stream(seed, "event_set/order", 0);
  const auto draw = [&rng](std::int64_t lo, std::int64_t hi) {
    return boost::random::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  std::uint64_t next_model_seq = std::uint64_t{1} << 62;
  std::uint64_t next_control_seq = 0;
  sim::Time now{0};
  const std::int64_t horizon = sim::EventSet::kFarHorizon.us;
  const auto schedule = [&](int n) {
    for (int i = 0; i < n; ++i) {
      const std::int64_t r = draw(0, 99);
      // 30 % due now, 40 % within a millisecond, 15 % up to 0.9 s, 15 % up to 3 s (past the far horizon).
      const std::int64_t delay = r < 30   ? 0
                                 : r < 70 ? draw(1, 1000)
                                 : r < 85 ? draw(1, horizon * 9 / 10)
                                          : draw(horizon, 3 * horizon);
      const bool control = draw(0, 19) == 0;
      const std::uint64_t seq = control ? next_control_seq++ : next_model_seq++;
      set.push(sim::Event{now + sim::Time{delay}, seq, 0, 0, seq}, now, control);
      reference.emplace(now.us + delay, seq);
    }
  };
  schedule(50);
  moves = 0;
  bool small = set.in_small_set();
  for (int step = 0; step < steps && !reference.empty(); ++step) {
    ASSERT_EQ(set.size(), reference.size());
    const auto [at, seq] = *reference.begin();
    reference.erase(reference.begin());
    ASSERT_EQ(set.top().at.us, at) << step;
    ASSERT_EQ(set.top().seq, seq) << step;
    sim::Event e;
    if (at > now.us) {
      ASSERT_FALSE(set.pop_due(sim::Time{at - 1}, e)) << step;  // not before its time
    }
    ASSERT_TRUE(set.pop_due(sim::Time::max(), e)) << step;
    ASSERT_EQ(e.at.us, at) << step;
    ASSERT_EQ(e.seq, seq) << step;
    now = e.at;
    int n = static_cast<int>(draw(0, 2));  // one on average: the pending set stays near its size
    if (wave > 0) {
      const std::size_t target = (step / wave) % 2 == 0 ? high : low;
      if (reference.size() < target) n += static_cast<int>(draw(0, 3));
      if (reference.size() > target) n = static_cast<int>(draw(0, 1));
    }
    schedule(n);
    if (reference.empty()) schedule(10);
    if (set.in_small_set() != small) {
      small = !small;
      ++moves;
    }
  }
  EXPECT_EQ(set.empty(), reference.empty());
  sim::Event e;
  while (set.pop_due(sim::Time::max(), e)) {
  }
  EXPECT_TRUE(set.empty());
}

TEST(EventSet, NearFarSlotAndDueNowKeepTheTotalOrderOfOnePriorityQueue) {
  int moves = 0;
  check_against_reference(5, 200'000, 0, 0, 0, moves);
}

// The pending count rises past kSmallMax (the events move to the slot and the heaps) and falls to kSmallReturn and
// below (they move back), again and again, and also hovers around each limit.
TEST(EventSet, OrderHoldsWhileThePendingCountCrossesTheSmallSetsLimitsBothWays) {
  constexpr std::size_t kMax = sim::EventSet::kSmallMax;
  constexpr std::size_t kReturn = sim::EventSet::kSmallReturn;
  static_assert(kReturn < kMax);
  // Each wave of the first two crosses both limits; the last two hover around one limit.
  int moves = 0;
  check_against_reference(11, 100'000, 0, 3 * kMax, 300, moves);
  EXPECT_GT(moves, 100);
  check_against_reference(12, 100'000, kReturn - 2, kMax + 2, 80, moves);
  EXPECT_GT(moves, 100);
  check_against_reference(13, 100'000, kReturn, kReturn + 3, 25, moves);
  check_against_reference(14, 100'000, kMax - 3, kMax + 3, 25, moves);
}

}  // namespace
