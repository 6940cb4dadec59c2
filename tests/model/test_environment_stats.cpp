// EnvironmentStats keeps no idle level of its own: the idle count is the environments in existence less those
// initialising or busy. Its means over the run and over each period must be exactly those of a level that tracked
// the idle count directly, under any sequence of state changes and period rolls.
#include <gtest/gtest.h>

#include <array>
#include <boost/random/uniform_int_distribution.hpp>
#include <cstdint>
#include <vector>

#include "model/environment_stats.hpp"
#include "sim/rng.hpp"
#include "sim/time_weighted_level.hpp"

namespace {

using model::EnvironmentState;

TEST(EnvironmentStats, IdleMeansAreThoseOfADirectlyTrackedIdleLevel) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    model::EnvironmentStats stats;
    sim::TimeWeightedLevel idle;  // the reference: the idle count tracked directly
    std::vector<EnvironmentState> envs;
    sim::RngEngine rng = sim::make_stream(seed, "test/environment-stats", 0);
    const auto pick = [&](std::int64_t lo, std::int64_t hi) {
      return boost::random::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    };
    sim::Time now{0};
    for (int step = 0; step < 2000; ++step) {
      now += sim::Time{pick(0, 3) == 0 ? 0 : pick(1, 5'000'000)};  // ties at one time too
      const std::int64_t action = pick(0, 9);
      if (action == 0) {
        stats.roll_period(now);
        idle.roll_period(now);
      } else if (envs.empty() || action == 1) {
        stats.change(now, EnvironmentState::Reclaimed, EnvironmentState::Initializing);
        envs.push_back(EnvironmentState::Initializing);
      } else {
        auto& e = envs[static_cast<std::size_t>(pick(0, static_cast<std::int64_t>(envs.size()) - 1))];
        // Lambda's moves: initialising or idle to busy, busy to idle, idle or busy to reclaimed.
        EnvironmentState to = EnvironmentState::Busy;
        if (e == EnvironmentState::Busy) to = pick(0, 4) == 0 ? EnvironmentState::Reclaimed : EnvironmentState::Idle;
        if (e == EnvironmentState::Idle && pick(0, 3) == 0) to = EnvironmentState::Reclaimed;
        if (e == EnvironmentState::Idle) idle.add(now, -1);
        if (to == EnvironmentState::Idle) idle.add(now, 1);
        stats.change(now, e, to);
        e = to;
        if (to == EnvironmentState::Reclaimed) {
          e = envs.back();
          envs.pop_back();
        }
      }
      // Read a little later than the last change too: the levels' tails since their last change count.
      for (const sim::Time at : {now, now + sim::Time{pick(0, 1'000'000)}}) {
        ASSERT_EQ(stats.mean_idle(at), idle.mean(at)) << "seed " << seed << " step " << step;
        ASSERT_EQ(stats.period_means(at).idle, idle.period_mean(at)) << "seed " << seed << " step " << step;
      }
    }
  }
}

}  // namespace
