// Arrival processes: per-period counts and replayed traces come out in time order, the right number per period, at
// uniform times within it, and a hostile count costs no memory (tests/reliability/counts-2p64-accepted-by-validate).
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "model/arrival_process.hpp"
#include "sim/rng.hpp"

namespace {

model::ArrivalProcess counts_process(std::vector<std::uint64_t> counts, double rate_multiplier = 1.0) {
  model::ArrivalSpec spec;
  spec.kind = model::ArrivalSpec::Kind::Counts;
  spec.counts = std::move(counts);
  spec.count_period = sim::seconds(60);
  spec.rate_multiplier = rate_multiplier;
  return model::ArrivalProcess(spec, sim::seconds(10), std::nullopt, std::nullopt, sim::make_stream(1, "p/gaps", 0),
                               sim::make_stream(1, "p/trace", 0));
}

TEST(ArrivalProcess, EachPeriodGetsItsCountInOrderWithinThePeriod) {
  auto p = counts_process({3, 0, 5, 1});
  std::array<int, 4> per_period{};
  sim::Time last{0};
  while (const auto at = p.next(sim::Time{0})) {
    ASSERT_GE(*at, last);
    last = *at;
    const auto period = (at->us - sim::seconds(10).us) / sim::seconds(60).us;
    ASSERT_GE(period, 0);
    ASSERT_LT(period, 4);
    ++per_period[static_cast<std::size_t>(period)];
  }
  EXPECT_EQ(per_period, (std::array<int, 4>{3, 0, 5, 1}));
  EXPECT_EQ(p.emitted(), 9U);
}

TEST(ArrivalProcess, ArrivalsInAPeriodAreUniformOverIt) {
  // 100,000 arrivals in one minute, counted in 10 bins of 6 s: Pearson's chi-square with 9 degrees of freedom
  // exceeds 27.88 with probability 0.001 when the times are uniform.
  constexpr int n = 100000;
  auto p = counts_process({n});
  std::array<double, 10> bins{};
  for (int i = 0; i < n; ++i) {
    const auto at = p.next(sim::Time{0});
    ASSERT_TRUE(at);
    bins[static_cast<std::size_t>((at->us - sim::seconds(10).us) / sim::seconds(6).us)] += 1;
  }
  EXPECT_FALSE(p.next(sim::Time{0}));
  double chi2 = 0;
  for (const double b : bins) chi2 += (b - n / 10.0) * (b - n / 10.0) / (n / 10.0);
  EXPECT_LT(chi2, 27.88);
}

TEST(ArrivalProcess, APeriodOfTwoToTheSixtyFourMessagesIsDrawnOneAtATime) {
  // Before: the period was drawn whole into memory and the process ran out of it (found by scenario_loader_fuzz).
  auto p = counts_process({std::numeric_limits<std::uint64_t>::max()}, 4.0);
  sim::Time last{0};
  for (int i = 0; i < 100000; ++i) {
    const auto at = p.next(sim::Time{0});
    ASSERT_TRUE(at);
    ASSERT_GE(*at, last);
    ASSERT_LT(at->us, sim::seconds(70).us);
    last = *at;
  }
}

TEST(ArrivalProcess, ATracedRequestBecomesRateMultiplierArrivalsOnAverage) {
  model::ArrivalSpec spec;
  spec.kind = model::ArrivalSpec::Kind::Trace;
  for (int i = 0; i < 10000; ++i) spec.trace.push_back(sim::millis(i));
  spec.rate_multiplier = 1.5;
  model::ArrivalProcess p(spec, sim::Time{0}, std::nullopt, std::nullopt, sim::make_stream(1, "p/gaps", 0),
                          sim::make_stream(1, "p/trace", 0));
  std::uint64_t n = 0;
  while (p.next(sim::Time{0})) ++n;
  // Each request gives 1 or 2 copies with probability 1/2: the total's standard deviation is 50; 4 sigma is 200.
  EXPECT_NEAR(static_cast<double>(n), 15000.0, 200.0);
}

// The end hook (a simulation arms its drained check with it) fires once, when next() first finds the process over,
// and not before: the count's last arrival still comes.
TEST(ArrivalProcess, TheEndHookFiresOnceWhenTheProcessIsOver) {
  model::ArrivalSpec spec;
  spec.kind = model::ArrivalSpec::Kind::Poisson;
  spec.rate_per_second = 10;
  model::ArrivalProcess p(spec, sim::Time{0}, 3, std::nullopt, sim::make_stream(1, "p/gaps", 0),
                          sim::make_stream(1, "p/trace", 0));
  int ended = 0;
  p.on_end([&ended] { ++ended; });
  sim::Time now{0};
  for (int i = 0; i < 3; ++i) {
    const auto at = p.next(now);
    ASSERT_TRUE(at.has_value());
    now = *at;
    EXPECT_EQ(ended, 0);
  }
  EXPECT_FALSE(p.next(now).has_value());
  EXPECT_EQ(ended, 1);
  EXPECT_FALSE(p.next(now).has_value());
  EXPECT_EQ(ended, 1);
}

// next_time() is next() with kOver for nullopt (the components' per-arrival path uses it): the same times from the
// same stream, kOver from the same point on, and the end hook once. Over stays over: a process that ended at its
// stop time does not draw again (it used to: a second call drew a new gap from the last arrival, before the stop).
TEST(ArrivalProcess, NextTimeGivesNextsTimesAndKOverWhenOver) {
  model::ArrivalSpec spec;
  spec.kind = model::ArrivalSpec::Kind::Poisson;
  spec.rate_per_second = 10;
  const auto make = [&] {
    return model::ArrivalProcess(spec, sim::Time{0}, std::nullopt, sim::seconds(5), sim::make_stream(1, "p/gaps", 0),
                                 sim::make_stream(1, "p/trace", 0));
  };
  model::ArrivalProcess a = make();
  model::ArrivalProcess b = make();
  int ended = 0;
  b.on_end([&ended] { ++ended; });
  sim::Time now{0};
  int n = 0;
  for (;;) {
    const std::optional<sim::Time> x = a.next(now);
    const sim::Time y = b.next_time(now);
    if (!x) {
      EXPECT_EQ(y, model::ArrivalProcess::kOver);
      break;
    }
    ASSERT_EQ(y, *x);
    EXPECT_EQ(ended, 0);
    now = *x;
    ++n;
  }
  EXPECT_GT(n, 30);  // about 50 arrivals in 5 s at 10/s
  EXPECT_EQ(ended, 1);
  EXPECT_EQ(b.next_time(now), model::ArrivalProcess::kOver);
  EXPECT_FALSE(a.next(now).has_value());
  EXPECT_EQ(ended, 1);
}

}  // namespace
