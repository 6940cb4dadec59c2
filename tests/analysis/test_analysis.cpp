// The analytic first cut: Erlang C and the M/M/c/K birth-death chain against closed forms, and analyze() reading a
// scenario the way the simulator runs it.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/analyze.hpp"
#include "loader/scenario_loader.hpp"
#include "model/simulation.hpp"

namespace {

TEST(Queueing, ErlangCAgainstClosedForms) {
  // M/M/1: P(wait) = rho, W = 1 / (mu - lambda).
  const auto m1 = analysis::mmc(0.5, 1.0, 1);
  EXPECT_NEAR(m1.p_wait, 0.5, 1e-12);
  EXPECT_NEAR(m1.mean_response, 2.0, 1e-12);
  EXPECT_NEAR(m1.mean_in_system, 1.0, 1e-12);  // Little: L = lambda W
  // M/M/2 with a = 1: C = a^2/2 / ((1 + a)(1 - a/2) + a^2/2) = 0.5 / 1.5 = 1/3; Wq = C / (2 mu - lambda) = 1/3.
  const auto m2 = analysis::mmc(1.0, 1.0, 2);
  EXPECT_NEAR(m2.p_wait, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(m2.mean_wait, 1.0 / 3.0, 1e-12);
  EXPECT_FALSE(analysis::mmc(3.0, 1.0, 2).stable);
}

TEST(Queueing, BirthDeathChainMatchesMM1KAndApproachesErlangC) {
  // M/M/1/K, rho = 0.5, K = 5: L = rho/(1-rho) - (K+1) rho^(K+1) / (1 - rho^(K+1)) = 1 - 6/63.
  const auto k5 = analysis::mmck(0.5, 1.0, 1, 5);
  EXPECT_NEAR(k5.mean_in_system, 1.0 - 6.0 / 63.0, 1e-10);
  EXPECT_NEAR(k5.p_block, std::pow(0.5, 5) * 0.5 / (1 - std::pow(0.5, 6)),
              1e-10);  // pi_K = (1-rho) rho^K / (1-rho^(K+1))
  // A large buffer: the finite chain becomes M/M/c.
  const auto big = analysis::mmck(7.0, 1.0, 10, 400);
  const auto inf = analysis::mmc(7.0, 1.0, 10);
  EXPECT_NEAR(big.mean_response, inf.mean_response, 1e-9);
  EXPECT_NEAR(big.p_wait, inf.p_wait, 1e-9);
}

TEST(Queueing, AnalyzeReadsRateServiceTimeAndServersFromTheScenario) {
  const auto loaded = scenarios::load_scenario_text(R"({"name": "mmc", "duration_s": 3600,
    "queues": [{"name": "q", "visibility_timeout_s": 120}],
    "functions": [{"name": "f", "timeout_s": 20, "memory_size_mb": 1769, "reserved_concurrency": 50,
                   "duration": {"per_invocation_ms": {"type": "exponential", "mean": 1000}}}],
    "event_source_mappings": [{"queue": "q", "function": "f", "batch_size": 1, "maximum_concurrency": 10}],
    "producers": [{"name": "p", "queue": "q", "arrival": {"type": "poisson", "rate_per_s": 7}, "count": 100}]})",
                                                    "t.json");
  const auto rows = analysis::analyze(loaded.spec);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(rows[0].lambda, 7.0);
  EXPECT_DOUBLE_EQ(rows[0].service_s, 1.0);
  EXPECT_EQ(rows[0].servers, 10u);  // MaximumConcurrency 10 below reserved concurrency 50
  EXPECT_NEAR(rows[0].mmc.mean_response, analysis::mmc(7.0, 1.0, 10).mean_response, 1e-12);
  // 128 MB with a CPU-bound duration: 1,769/128 times slower.
  auto spec = loaded.spec;
  spec.functions[0].memory_size_mb = 128;
  spec.functions[0].duration.cpu_bound_fraction = 1.0;
  EXPECT_NEAR(analysis::analyze(spec)[0].service_s, 1769.0 / 128.0, 1e-9);
}

}  // namespace
