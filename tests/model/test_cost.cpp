// The cost model reproduces the arithmetic of the reference systems' cost tables when given their assumptions, and
// AWS's billing rules (aws-semantics.md section 8).
#include <gtest/gtest.h>

#include "model/cost.hpp"
#include "model/pricing.hpp"
#include "test_support.hpp"

namespace {

const model::Pricing kP;

TEST(Cost, LibrarySyncEstimate) {
  // library-sync-event-source-mapping.md: 1,000 syncs/day x 30 days, 30 s at 512 MB = 450,000 GB-s; "$7.50/month"
  // without the free tier; production (10x): "$75 Lambda".
  const double gbs = 30000 * 30 * 0.5;
  EXPECT_DOUBLE_EQ(gbs, 450000);
  EXPECT_NEAR(model::lambda_monthly_cost(30000, gbs, false, false, kP), 7.50 + 0.006, 0.001);
  EXPECT_NEAR(model::lambda_monthly_cost(300000, 10 * gbs, false, false, kP), 75.0 + 0.06, 0.01);
  // With the free tier the dev volume costs only the 50,000 GB-s above 400,000 ("~$0 ... within free tier" rounds it).
  EXPECT_NEAR(model::lambda_monthly_cost(30000, gbs, false, true, kP), 50000 * 0.0000166667, 1e-9);
  // SQS: 30,000 requests a month are inside the 1M free requests.
  EXPECT_EQ(model::sqs_monthly_cost(30000, false, true, kP), 0.0);
}

TEST(Cost, IngestionLabTable) {
  // ingestion-lab.md: SQS 1M messages "~$0.40"; Lambda 1M invocations at 512 MB "~$8.40" (duration not stated: the
  // figure implies 0.985 s on average, i.e. 492,500 GB-s).
  EXPECT_NEAR(model::sqs_monthly_cost(1e6, false, false, kP), 0.40, 1e-9);
  EXPECT_NEAR(model::lambda_monthly_cost(1e6, 1e6 * 0.5 * 0.985, false, false, kP), 8.41, 0.01);
  // DynamoDB 1M writes + 100K reads: $0.6375 at the Nov 2024 on-demand prices. The table's "~$1.50" predates them
  // (and even the old $1.25/$0.25 prices give $1.275): the table is stale, not the model.
  EXPECT_NEAR(model::dynamodb_cost(1e6, 1e5, kP), 0.6375, 1e-9);
}

TEST(Cost, LambdaDurationTiers) {
  // x86: first 6B GB-s at $0.0000166667, next 9B at $0.000015, over 15B at $0.0000133334.
  EXPECT_NEAR(model::tiered_duration_cost(7e9, kP.lambda_x86), 6e9 * 0.0000166667 + 1e9 * 0.000015, 1e-3);
  EXPECT_NEAR(model::tiered_duration_cost(16e9, kP.lambda_x86),
              6e9 * 0.0000166667 + 9e9 * 0.000015 + 1e9 * 0.0000133334, 1e-3);
  EXPECT_NEAR(model::tiered_duration_cost(1e6, kP.lambda_arm64), 1e6 * 0.0000133334, 1e-9);
}

TEST(Cost, SqsBillsEvery64KbChunk) {
  EXPECT_EQ(model::sqs_request_units(0, 65536), 1u);
  EXPECT_EQ(model::sqs_request_units(65536, 65536), 1u);
  EXPECT_EQ(model::sqs_request_units(65537, 65536), 2u);
  EXPECT_EQ(model::sqs_request_units(1048576, 65536), 16u);
}

TEST(Cost, RunCostFollowsTheCounters) {
  // 100 messages of 100 KB (2 request units each to send), one batch per message, a 1 s handler at 1,024 MB.
  auto s = testing_support::basic_pipeline("always-succeed", 5, sim::seconds(30), 100);
  s.producers[0].body.size_bytes = 100 * 1024;
  s.functions[0].memory_size_mb = 1024;
  s.functions[0].runtime = "python3.13";
  s.functions[0].duration.per_invocation_ms = sim::DistributionSpec::fixed(1000);
  s.event_source_mappings[0].batch_size = 1;
  s.monthly_messages = 100'000;  // the stated month: a thousand times the 100 messages of the run
  model::Simulation sim(s, 1);
  sim.run();
  const auto report = model::compute_cost(sim, kP, false);
  const auto& fc = sim.functions()[0]->counters();
  ASSERT_EQ(fc.invocations, 100u);
  const double expected_gbs =
      (static_cast<double>(fc.billed_duration_ms) + static_cast<double>(fc.init_duration_ms)) / 1000.0;
  const auto& lambda = report.lines[0];
  EXPECT_EQ(lambda.service, "lambda");
  EXPECT_NEAR(lambda.gb_seconds, expected_gbs, 1e-9);  // init billed: python3.13 is a managed runtime
  EXPECT_NEAR(lambda.window_cost, 100 * 0.2e-6 + expected_gbs * 0.0000166667, 1e-12);
  const auto& q = report.lines[2];
  ASSERT_EQ(q.resource, "q");
  // 100 sends x 2 units + receives (each 100 KB message: 2 units) + 100 DeleteMessageBatch calls + idle long polls.
  EXPECT_GE(q.requests, 100 * 2 + 100 * 2 + 100);
  EXPECT_NEAR(q.window_cost, q.requests * 0.40e-6, 1e-12);
  // Without the free tier and below the first price tier, the month is the window's bill per finished message
  // times the stated monthly messages.
  ASSERT_TRUE(report.monthly_total);
  EXPECT_EQ(report.completed_messages, 100);
  EXPECT_NEAR(*report.monthly_total, report.window_total * 1000, 1e-9 * *report.monthly_total);
  ASSERT_TRUE(report.cost_per_million_messages);
  EXPECT_NEAR(*report.cost_per_million_messages, report.window_total / 100 * 1e6, 1e-9);
}

// The init phase is billed for every runtime and package type since 1 Aug 2025 (aws-semantics.md section 6); before,
// on-demand ZIP functions on managed runtimes had it free, while custom runtimes and container images always paid.
TEST(Cost, InitIsBilledForACustomRuntimeAndUnderTheOlderRuleOnlyManagedZipIsFree) {
  auto gb_seconds = [](const std::string& runtime, const std::string& package, bool current_rule) {
    auto s = testing_support::basic_pipeline("always-succeed", 5, sim::seconds(30), 20);
    s.functions[0].runtime = runtime;
    s.functions[0].package_type = package;
    s.functions[0].memory_size_mb = 1024;
    model::Simulation sim(s, 1);
    sim.run();
    model::Pricing p = kP;
    p.bill_init_for_managed_zip = current_rule;
    const auto& c = sim.functions()[0]->counters();
    const double billed = static_cast<double>(c.billed_duration_ms) / 1000.0;
    const double init = static_cast<double>(c.init_duration_ms) / 1000.0;
    EXPECT_GT(init, 0) << "cold starts happened";
    const double gbs = model::compute_cost(sim, p, false).lines[0].gb_seconds;
    return std::pair{gbs - billed, init};  // the init GB-seconds billed, and the init seconds run (at 1 GB)
  };
  for (const bool current : {true, false}) {
    const auto [custom, custom_init] = gb_seconds("provided.al2023", "Zip", current);
    EXPECT_NEAR(custom, custom_init, 1e-9) << "custom runtimes always pay for init";
    const auto [image, image_init] = gb_seconds("python3.13", "Image", current);
    EXPECT_NEAR(image, image_init, 1e-9) << "container images always pay for init";
  }
  const auto [zip_now, zip_init] = gb_seconds("python3.13", "Zip", true);
  EXPECT_NEAR(zip_now, zip_init, 1e-9) << "managed ZIP pays for init since 1 Aug 2025";
  EXPECT_NEAR(gb_seconds("python3.13", "Zip", false).first, 0.0, 1e-9) << "and did not before";
}

}  // namespace
