// The default scenario (the order-processor stack, issue 2 point 5) and the determinism promise.
#include <gtest/gtest.h>

#include <sstream>
#include <thread>
#include <vector>

#include "loader/scenario_loader.hpp"
#include "model/simulation.hpp"
#include "reports/metrics_csv.hpp"
#include "reports/summary.hpp"

namespace {

const std::string kDefault = std::string(SQSIM_SOURCE_DIR) + "/scenarios/order-processor.json";

struct Outputs {
  std::string summary;
  std::string csv;
};

Outputs run_default(std::uint64_t seed) {
  const auto loaded = scenarios::load_scenario_file(kDefault);
  model::Simulation sim(loaded.spec, seed);
  sim.run();
  std::ostringstream csv;
  reports::write_metrics_csv(sim, csv);
  return {reports::summary_text_json(sim), csv.str()};
}

TEST(DefaultScenario, InvalidOrdersReachTheDlqAfterExactlyThreeReceivesAndValidOnesAreDeletedOnce) {
  const auto loaded = scenarios::load_scenario_file(kDefault);
  model::Simulation sim(loaded.spec, loaded.spec.seed);
  sim.run();
  const auto j = reports::summary_json(sim);
  const auto& acc = j["accounting"];
  EXPECT_EQ(acc["produced"], 1100);
  EXPECT_EQ(acc["deleted"], 1050);
  EXPECT_EQ(acc["in_dlq"], 50);
  EXPECT_EQ(acc["balanced"], true);
  const auto& source = j["queues"][1];
  ASSERT_EQ(source["name"], "order-processor-queue");
  // All 50 invalid messages moved on the receive after the 3rd: each carried exactly 3 receives.
  EXPECT_EQ(source["receive_count_at_move_to_dlq"], nlohmann::json({{"3", 50}}));
  // All 1,050 valid messages deleted after a single receive.
  EXPECT_EQ(source["receive_count_at_delete"], nlohmann::json({{"1", 1050}}));
  EXPECT_EQ(source["NumberOfMessagesDeleted"], 1050);
  EXPECT_EQ(j["totals"]["dlq_depth"], 50);
  EXPECT_EQ(j["totals"]["throttles"], 0);
  EXPECT_EQ(j["functions"][0]["Errors"], 0);  // partial batch responses: invalid records are not function errors
  // Three receives 300 s apart: the run ends after the third visibility timeout.
  EXPECT_GT(j["simulated_seconds"].get<double>(), 120.0 + 3 * 300.0);
}

TEST(Determinism, SameSeedGivesByteIdenticalOutputs) {
  const Outputs a = run_default(42);
  const Outputs b = run_default(42);
  EXPECT_EQ(a.summary, b.summary);
  EXPECT_EQ(a.csv, b.csv);
  const Outputs c = run_default(43);
  EXPECT_NE(a.summary, c.summary);  // a different seed really draws differently
}

}  // namespace

namespace {

TEST(Determinism, SimulationsOnSeveralThreadsMatchTheSerialRun) {
  // No globals: simulations on different threads neither interfere nor depend on thread timing.
  const Outputs serial = run_default(42);
  std::vector<Outputs> results(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < results.size(); ++i) threads.emplace_back([&, i] { results[i] = run_default(42); });
  for (auto& t : threads) t.join();
  for (const Outputs& r : results) {
    EXPECT_EQ(r.summary, serial.summary);
    EXPECT_EQ(r.csv, serial.csv);
  }
}

}  // namespace
