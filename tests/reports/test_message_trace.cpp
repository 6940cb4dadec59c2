// The per-message trace: every message's life, line by line, consistent with the accounting; byte-identical across
// runs; stopped cleanly by its size guard.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "loader/scenario_loader.hpp"
#include "model/simulation.hpp"
#include "reports/message_trace.hpp"

namespace {

model::ScenarioSpec default_scenario() {
  return scenarios::load_scenario_file(std::string(SQSIM_SOURCE_DIR) + "/scenarios/order-processor.json").spec;
}

std::string trace_of(const model::ScenarioSpec& spec, std::uint64_t max_bytes) {
  model::Simulation sim(spec, spec.seed);
  std::ostringstream out;
  reports::MessageTraceWriter w(sim, out, max_bytes);
  sim.run();
  return out.str();
}

TEST(MessageTrace, EveryMessageLifeMatchesTheAccounting) {
  const auto spec = default_scenario();
  const std::string text = trace_of(spec, 1ull << 40);
  std::map<std::string, std::uint64_t> events;
  std::map<std::string, std::vector<std::string>> life;  // message id -> its events in order
  double last_t = -1;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    ++events[j.at("event").get<std::string>()];
    life[j.at("message_id").get<std::string>()].push_back(j.at("event").get<std::string>() + "@" +
                                                          j.at("queue").get<std::string>());
    EXPECT_GE(j.at("t").get<double>(), last_t);  // simulated-time order
    last_t = j.at("t").get<double>();
  }
  // The default scenario: 1,100 sent; 1,050 deleted after one receive; 50 moved to the DLQ after three.
  EXPECT_EQ(events["stored"], 1100u + 50u);
  EXPECT_EQ(events["deleted"], 1050u);
  EXPECT_EQ(events["moved_to_dlq"], 50u);
  EXPECT_EQ(life.size(), 1100u);
  std::uint64_t to_dlq = 0;
  for (const auto& [id, ev] : life) {
    ASSERT_EQ(ev.front(), "stored@order-processor-queue") << id;
    if (ev.back() == "stored@order-processor-dlq") {
      // SQS redrive: received maxReceiveCount (3) times, visible again after each failure, then moved on the 4th try.
      ++to_dlq;
      EXPECT_EQ(std::count(ev.begin(), ev.end(), "received@order-processor-queue"), 3) << id;
      EXPECT_EQ(ev[ev.size() - 2], "moved_to_dlq@order-processor-queue") << id;
    } else {
      EXPECT_EQ(ev, (std::vector<std::string>{"stored@order-processor-queue", "received@order-processor-queue",
                                              "deleted@order-processor-queue"}))
          << id;
    }
  }
  EXPECT_EQ(to_dlq, 50u);
}

TEST(MessageTrace, SameSeedSameBytesAndTheSizeGuardStopsCleanly) {
  const auto spec = default_scenario();
  EXPECT_EQ(trace_of(spec, 1ull << 40), trace_of(spec, 1ull << 40));
  const std::string cut = trace_of(spec, 5000);
  ASSERT_FALSE(cut.empty());
  const std::string last = cut.substr(cut.rfind('\n', cut.size() - 2) + 1);
  EXPECT_NE(last.find("\"event\":\"trace_truncated\""), std::string::npos) << last;
  EXPECT_LE(cut.size() - last.size(), 5000u);
  EXPECT_TRUE(nlohmann::json::accept(last));
}

}  // namespace
