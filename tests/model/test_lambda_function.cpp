// Lambda function rules (aws-semantics.md section 6 and 7), each tested from the AWS rule, driving the function
// directly through LambdaFunction::invoke.
#include <gtest/gtest.h>

#include <cmath>

#include "model/cold_start_defaults.hpp"
#include "model/lambda_function.hpp"

namespace {

struct Caller : model::InvocationCaller {
  std::vector<model::InvocationResult> results;
  void on_invocation_complete(std::uint64_t, const model::InvocationResult& r) override { results.push_back(r); }
};

struct Rig {
  sim::Engine engine;
  model::LambdaAccount account{1000};
  handlers::HandlerRegistry registry = handlers::builtin_handlers();
  Caller caller;
  lambda::SqsEvent event;  // outlives every invocation, as invoke() requires
  std::unique_ptr<model::LambdaFunction> fn;
  explicit Rig(model::FunctionSpec spec, std::uint32_t account_limit = 1000) : account(account_limit) {
    fn = std::make_unique<model::LambdaFunction>(
        engine, account, std::move(spec), registry,
        model::LambdaFunction::Streams{sim::make_stream(1, "c", 0), sim::make_stream(1, "d", 0),
                                       sim::make_stream(1, "k", 0)});
  }
  model::InvokeStatus invoke() { return fn->invoke(event, caller, 0); }
};

model::FunctionSpec fn_spec() {
  model::FunctionSpec f;
  f.name = "f";
  f.timeout = sim::seconds(30);
  f.duration.per_invocation_ms = sim::DistributionSpec::fixed(1000);
  f.cold_start.init_duration_ms = sim::DistributionSpec::fixed(100);
  f.keep_alive_s = sim::DistributionSpec::fixed(60);
  return f;
}

TEST(LambdaFunction, WarmEnvironmentsAreReusedAndReclaimedAfterKeepAlive) {
  Rig rig(fn_spec());
  ASSERT_EQ(rig.invoke(), model::InvokeStatus::Accepted);
  rig.engine.run_until(sim::seconds(5));
  ASSERT_EQ(rig.invoke(), model::InvokeStatus::Accepted);  // warm: idle since 1.1 s
  rig.engine.run_until(sim::seconds(10));
  EXPECT_EQ(rig.fn->counters().cold_starts, 1u);
  rig.engine.run_until(sim::seconds(200));  // idle 60 s: reclaimed
  ASSERT_EQ(rig.invoke(), model::InvokeStatus::Accepted);
  rig.engine.run_until(sim::seconds(210));
  EXPECT_EQ(rig.fn->counters().cold_starts, 2u);
  ASSERT_EQ(rig.caller.results.size(), 3u);
  EXPECT_TRUE(rig.caller.results[0].cold_start);
  EXPECT_FALSE(rig.caller.results[1].cold_start);
  EXPECT_EQ(rig.caller.results[0].init_duration, sim::millis(100));
}

TEST(LambdaFunction, ReservedConcurrencyThrottlesWith429) {
  auto s = fn_spec();
  s.reserved_concurrency = 2;
  Rig rig(s);
  EXPECT_EQ(rig.invoke(), model::InvokeStatus::Accepted);
  EXPECT_EQ(rig.invoke(), model::InvokeStatus::Accepted);
  EXPECT_EQ(rig.invoke(), model::InvokeStatus::Throttled);
  EXPECT_EQ(rig.fn->counters().throttles, 1u);
  EXPECT_EQ(rig.fn->counters().invocations, 2u);  // Invocations excludes throttles
}

TEST(LambdaFunction, AccountConcurrencyIsSharedByUnreservedFunctions) {
  Rig rig(fn_spec(), 3);
  auto other = fn_spec();
  other.name = "g";
  model::LambdaFunction g(rig.engine, rig.account, other, rig.registry,
                          {sim::make_stream(2, "c", 0), sim::make_stream(2, "d", 0), sim::make_stream(2, "k", 0)});
  EXPECT_EQ(rig.invoke(), model::InvokeStatus::Accepted);
  EXPECT_EQ(rig.invoke(), model::InvokeStatus::Accepted);
  EXPECT_EQ(g.invoke(rig.event, rig.caller, 0), model::InvokeStatus::Accepted);
  EXPECT_EQ(g.invoke(rig.event, rig.caller, 0), model::InvokeStatus::Throttled);  // the pool of 3 is used up
}

TEST(LambdaFunction, ProvisionedConcurrencyHasNoColdStartsAndCountsSpillover) {
  auto s = fn_spec();
  s.provisioned_concurrency = 3;
  Rig rig(s);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(rig.invoke(), model::InvokeStatus::Accepted);
  rig.engine.run_until(sim::seconds(5));
  EXPECT_EQ(rig.fn->counters().provisioned_invocations, 3u);
  EXPECT_EQ(rig.fn->counters().spillover_invocations, 2u);
  EXPECT_EQ(rig.fn->counters().cold_starts, 2u);  // only the spillover
  rig.engine.run_until(sim::hours(3));            // provisioned environments are never reclaimed
  for (int i = 0; i < 3; ++i) rig.invoke();
  rig.engine.run_until(sim::hours(3) + sim::seconds(5));
  EXPECT_EQ(rig.fn->counters().cold_starts, 2u);
}

TEST(LambdaFunction, ScalingRateIsAThousandNewEnvironmentsPerTenSeconds) {
  // Lambda: 1,000 new execution environments per 10 s per function, refilled continuously, not banked.
  auto s = fn_spec();
  s.duration.per_invocation_ms = sim::DistributionSpec::fixed(60000);
  s.timeout = sim::seconds(120);
  Rig rig(s, 10000);
  int accepted = 0;
  for (int i = 0; i < 1500; ++i) accepted += rig.invoke() == model::InvokeStatus::Accepted;
  EXPECT_EQ(accepted, 1000);
  EXPECT_EQ(rig.fn->counters().scaling_rate_throttles, 500u);
  rig.engine.run_until(sim::seconds(1));  // 1 s later: 100 more
  accepted = 0;
  for (int i = 0; i < 500; ++i) accepted += rig.invoke() == model::InvokeStatus::Accepted;
  EXPECT_EQ(accepted, 100);
}

TEST(LambdaFunction, TimeoutIsAnErrorAndResetsTheEnvironment) {
  auto s = fn_spec();
  s.timeout = sim::seconds(1);
  s.duration.per_invocation_ms = sim::DistributionSpec::fixed(5000);
  Rig rig(s);
  rig.invoke();
  rig.engine.run_until(sim::seconds(3));
  ASSERT_EQ(rig.caller.results.size(), 1u);
  EXPECT_TRUE(rig.caller.results[0].timed_out);
  EXPECT_TRUE(rig.caller.results[0].function_error);
  EXPECT_EQ(rig.caller.results[0].duration, sim::seconds(1));  // stopped at the timeout
  EXPECT_EQ(rig.fn->counters().errors, 1u);
  rig.invoke();  // the environment was reset: a cold start again
  EXPECT_EQ(rig.fn->counters().cold_starts, 2u);
}

TEST(LambdaFunction, MemorySetsTheCpuShareOfTheDuration) {
  // Lambda: CPU is proportional to memory, 1,769 MB = 1 vCPU. A fully CPU-bound 1 s at 1,769 MB takes 1769/128 s
  // at 128 MB, and no less than 1 s above 1,769 MB (single-threaded).
  for (const auto& [mb, expected_ms] : {std::pair{128u, 1000.0 * 1769 / 128}, {1769u, 1000.0}, {3538u, 1000.0}}) {
    auto s = fn_spec();
    s.memory_size_mb = mb;
    s.duration.cpu_bound_fraction = 1.0;
    s.timeout = sim::seconds(60);
    Rig rig(s);
    rig.invoke();
    rig.engine.run_until(sim::seconds(30));
    ASSERT_EQ(rig.caller.results.size(), 1u);
    EXPECT_NEAR(rig.caller.results[0].duration.millis(), expected_ms, 0.01) << mb << " MB";
  }
}

TEST(LambdaFunction, IdleEnvironmentChoiceIsSelectable) {
  // Which idle environment Lambda picks is undocumented: most recently used (default) or newest created.
  for (const auto choice : {model::FunctionSpec::IdleEnvironmentChoice::MostRecentlyUsed,
                            model::FunctionSpec::IdleEnvironmentChoice::NewestCreated}) {
    auto s = fn_spec();
    s.idle_choice = choice;
    s.keep_alive_s = sim::DistributionSpec::fixed(3600);
    Rig rig(s);
    rig.invoke();  // env 0, created first, ends at 1.1 s
    rig.engine.run_until(sim::millis(500));
    rig.invoke();  // env 1, created second, ends at 1.6 s
    rig.engine.run_until(sim::seconds(1));
    rig.engine.run_until(sim::seconds(2));  // both idle; env 1 most recently used AND newest: separate them
    rig.invoke();                           // takes env 1 either way (busy till 3 s)
    rig.engine.run_until(sim::millis(2500));
    rig.invoke();                           // only env 0 idle
    rig.engine.run_until(sim::seconds(5));  // env 1 idle at 3 s, env 0 idle at 3.5 s: MRU = env 0, newest = env 1
    rig.invoke();
    const auto& envs = rig.fn->environments();
    const bool newest = choice == model::FunctionSpec::IdleEnvironmentChoice::NewestCreated;
    EXPECT_EQ(envs[newest ? 1 : 0].state, model::EnvironmentState::Busy) << (newest ? "newest" : "mru");
    EXPECT_EQ(envs[newest ? 0 : 1].state, model::EnvironmentState::Idle);
  }
}

TEST(ColdStartDefaults, MatchTheRuntimeTable) {
  // aws-semantics.md section 7: python3.13 x86 mean 87 ms, p95 108 ms; arm64 mean 78 ms.
  const auto x86 = model::default_init_duration_ms("python3.13", "x86_64");
  EXPECT_NEAR(x86.mean(), 87.0, 0.01);
  const double p95 = x86.a * std::exp(1.6448536 * x86.b);
  EXPECT_NEAR(p95, 108.0, 0.5);
  EXPECT_NEAR(model::default_init_duration_ms("python3.13", "arm64").mean(), 78.0, 0.01);
  EXPECT_NEAR(model::default_init_duration_ms("java21", "x86_64").mean(), 249.0, 0.01);
  EXPECT_NEAR(model::default_init_duration_ms("provided.al2023", "x86_64").mean(), 50.0, 0.01);
}

TEST(ColdStartDefaults, ContainerImagesAndVpcAddToTheInit) {
  auto s = fn_spec();
  s.cold_start.init_duration_ms = sim::DistributionSpec::fixed(100);
  s.package_type = "Image";
  s.cold_start.image_adder_ms = sim::DistributionSpec::fixed(200);
  s.vpc = true;
  s.cold_start.vpc_adder_ms = sim::DistributionSpec::fixed(50);
  Rig rig(s);
  rig.invoke();
  rig.engine.run_until(sim::seconds(5));
  EXPECT_EQ(rig.caller.results.at(0).init_duration, sim::millis(350));
}

}  // namespace

// An invocation's result is taken out of its environment's slot when it ends, and the slot is reset for the next
// invocation: nothing of one invocation (an error text, batch item failures) may reach the next.
TEST(InvocationResult, TakeMovesEveryFieldAndLeavesTheSourceAsNew) {
  model::InvocationResult from;
  from.function_error = from.timed_out = from.environment_failed = from.cold_start = true;
  from.duration = sim::millis(7);
  from.init_duration = sim::millis(3);
  from.response.batch_item_failures.push_back({"m-1"});
  from.error_type = "Task timed out after a long enough text to leave the short-string buffer";
  model::InvocationResult to;
  to.error_type = "stale";
  to.response.batch_item_failures.push_back({"stale"});
  to.take(from);
  EXPECT_TRUE(to.function_error && to.timed_out && to.environment_failed && to.cold_start);
  EXPECT_EQ(to.duration, sim::millis(7));
  EXPECT_EQ(to.init_duration, sim::millis(3));
  ASSERT_EQ(to.response.batch_item_failures.size(), 1u);
  EXPECT_EQ(to.response.batch_item_failures[0].item_identifier, "m-1");
  EXPECT_EQ(to.error_type, "Task timed out after a long enough text to leave the short-string buffer");
  const model::InvocationResult fresh;
  EXPECT_EQ(from.function_error || from.timed_out || from.environment_failed || from.cold_start, false);
  EXPECT_EQ(from.duration, fresh.duration);
  EXPECT_EQ(from.init_duration, fresh.init_duration);
  EXPECT_EQ(from.response, fresh.response);
  EXPECT_EQ(from.error_type, fresh.error_type);
  // Taking an empty result clears what the destination held.
  to.take(from);
  EXPECT_FALSE(to.function_error);
  EXPECT_TRUE(to.error_type.empty());
  EXPECT_TRUE(to.response.batch_item_failures.empty());
}
