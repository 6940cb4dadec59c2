// Lambda keep-alive on sim::LazyTimer: an idle environment is reclaimed when the keep-alive drawn for *this* idle spell
// ends, even when an earlier spell drew a longer one whose timer is still pending.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>

#include "model/lambda_function.hpp"

namespace {

struct IgnoringCaller : model::InvocationCaller {
  void on_invocation_complete(std::uint64_t, const model::InvocationResult&) override {}
};

model::FunctionSpec keep_alive_spec() {
  model::FunctionSpec f;
  f.name = "f";
  f.timeout = sim::seconds(30);
  f.duration.per_invocation_ms = sim::DistributionSpec::fixed(1000);
  f.cold_start.init_duration_ms = sim::DistributionSpec::fixed(100);
  f.keep_alive_s = sim::DistributionSpec::uniform(10, 100);
  return f;
}

sim::Time draw_keep_alive(const model::FunctionSpec& f, sim::RngEngine& rng) {
  return sim::Time{static_cast<std::int64_t>(sim::sample(f.keep_alive_s, rng) * 1e6)};
}

TEST(KeepAliveTimer, ReclaimedAtTheLatestSpellsKeepAliveEvenWhenShorterThanAnEarlierOne) {
  const model::FunctionSpec spec = keep_alive_spec();
  // The first two keep-alive draws of the stream the function will use, found the same way it draws them: pick the
  // first seed whose second draw ends well before the first (the case a lazily re-armed timer got wrong).
  std::uint64_t seed = 1;
  sim::Time k1, k2;
  for (;; ++seed) {
    sim::RngEngine rng = sim::make_stream(seed, "keep-alive", 0);
    k1 = draw_keep_alive(spec, rng);
    k2 = draw_keep_alive(spec, rng);
    if (k2 + sim::seconds(5) < k1) break;
  }
  sim::Engine engine;
  model::LambdaAccount account{1000};
  const handlers::HandlerRegistry registry = handlers::builtin_handlers();
  model::LambdaFunction fn(
      engine, account, spec, registry,
      model::LambdaFunction::Streams{sim::make_stream(seed, "cold", 0), sim::make_stream(seed, "duration", 0),
                                     sim::make_stream(seed, "keep-alive", 0)});
  IgnoringCaller caller;
  const lambda::SqsEvent event;
  ASSERT_EQ(fn.invoke(event, caller, 0), model::InvokeStatus::Accepted);  // cold: idle at 1.1 s, draws k1
  engine.run_until(sim::seconds(2));
  ASSERT_EQ(fn.invoke(event, caller, 0), model::InvokeStatus::Accepted);  // warm: idle at 3 s, draws k2
  const sim::Time idle_again = sim::seconds(3);
  while (fn.counters().environments_reclaimed == 0 && engine.step()) {
  }
  ASSERT_EQ(fn.counters().environments_reclaimed, 1u);
  EXPECT_EQ(fn.counters().cold_starts, 1u);
  // Lambda: reclaimed k2 after the second idle spell began, not at the first spell's later deadline (1.1 s + k1).
  EXPECT_EQ(engine.now(), idle_again + k2);
  EXPECT_LT(engine.now(), sim::millis(1100) + k1);
}

TEST(KeepAliveTimer, AnEnvironmentBusyWhenItsOldTimerFiresIsNotReclaimed) {
  model::FunctionSpec spec = keep_alive_spec();
  spec.keep_alive_s = sim::DistributionSpec::fixed(10);
  sim::Engine engine;
  model::LambdaAccount account{1000};
  const handlers::HandlerRegistry registry = handlers::builtin_handlers();
  model::LambdaFunction fn(engine, account, spec, registry,
                           model::LambdaFunction::Streams{sim::make_stream(1, "c", 0), sim::make_stream(1, "d", 0),
                                                          sim::make_stream(1, "k", 0)});
  IgnoringCaller caller;
  const lambda::SqsEvent event;
  fn.invoke(event, caller, 0);  // idle at 1.1 s: reclaim due at 11.1 s
  // Busy from 10.5 s to 11.5 s, across the first deadline; idle again at 11.5 s: reclaim due at 21.5 s.
  engine.run_until(sim::millis(10500));
  ASSERT_EQ(fn.invoke(event, caller, 0), model::InvokeStatus::Accepted);
  engine.run_until(sim::millis(21499));
  EXPECT_EQ(fn.counters().environments_reclaimed, 0u);
  engine.run_until(sim::millis(21500));
  EXPECT_EQ(fn.counters().environments_reclaimed, 1u);
  EXPECT_EQ(fn.counters().cold_starts, 1u);
}

}  // namespace
