// model::validate: each component spec's AWS ranges and cross-field rules, every rule run even when others failed, so
// one call lists every problem (the loader, GameDay actions, the dashboard and sweeps all go through it).
#include <gtest/gtest.h>

#include <algorithm>

#include "model/spec_validation.hpp"
#include "tests/model/test_support.hpp"

namespace {

bool has(const model::Diagnostics& d, const std::string& path, const std::string& text) {
  return std::any_of(d.findings().begin(), d.findings().end(), [&](const model::Finding& f) {
    return f.error && f.path == path && f.message.find(text) != std::string::npos;
  });
}

TEST(SpecValidation, AValidPipelineHasNoErrors) {
  model::Diagnostics d;
  model::validate(testing_support::basic_pipeline("always-succeed", 5, sim::seconds(60), 10), d);
  EXPECT_FALSE(d.has_errors());
}

TEST(SpecValidation, CrossFieldRulesRunBesideFieldErrors) {
  auto s = testing_support::basic_pipeline("always-succeed", 5, sim::seconds(60), 10);
  s.queues[1].name = "q.fifo";
  s.queues[1].fifo = true;
  s.queues[0].name = "dlq.fifo";
  s.queues[0].fifo = true;
  s.queues[1].redrive_policy->dead_letter_target = "dlq.fifo";
  s.queues[1].visibility_timeout = sim::hours(13);  // a field error (SQS: at most 12 h)
  auto& m = s.event_source_mappings[0];
  m.queue = "q.fifo";
  m.batch_size = 20000;                         // a field error (1 to 10,000)...
  m.maximum_batching_window = sim::seconds(0);  // ...which also breaks "batch > 10 needs a window >= 1 s"
  s.functions[0].reserved_concurrency = 2;
  s.functions[0].provisioned_concurrency = 3;  // more than reserved
  model::Diagnostics d;
  model::validate(s, d);
  EXPECT_TRUE(has(d, "$.queues[1].visibility_timeout_s", "got 46800, expected a number from 0 to 43200"));
  EXPECT_TRUE(has(d, "$.event_source_mappings[0].batch_size", "expected a number from 1 to 10000"));
  EXPECT_TRUE(has(d, "$.event_source_mappings[0].batch_size", "unless maximum_batching_window_s is at least 1"));
  EXPECT_TRUE(has(d, "$.event_source_mappings[0].batch_size", "expected 1 to 10 for a FIFO queue"));
  EXPECT_TRUE(has(d, "$.functions[0].provisioned_concurrency", "expected at most the reserved concurrency (2)"));
  EXPECT_EQ(std::count_if(d.findings().begin(), d.findings().end(), [](const auto& f) { return f.error; }), 5);
}

TEST(SpecValidation, FifoNamesAndExactlyOnceDelivery) {
  model::QueueSpec q;
  q.name = "orders";
  q.fifo = true;
  q.duplicate_delivery_probability = 0.1;
  model::Diagnostics d;
  model::validate(q, d, "$.queues[0]");
  EXPECT_TRUE(has(d, "$.queues[0].name", "expected a name ending in \".fifo\""));
  EXPECT_TRUE(has(d, "$.queues[0].duplicate_delivery_probability", "FIFO queues deliver exactly once"));
}

TEST(SpecValidation, VisibilityTimeoutBelowSixFunctionTimeoutsIsAWarning) {
  auto s = testing_support::basic_pipeline("always-succeed", 5, sim::seconds(30), 10);  // timeout 10 s
  model::Diagnostics d;
  model::validate(s, d);
  EXPECT_FALSE(d.has_errors());
  ASSERT_EQ(d.findings().size(), 1u);
  EXPECT_EQ(d.findings()[0].path, "$.event_source_mappings[0]");
  EXPECT_NE(d.findings()[0].message.find("= 60 s"), std::string::npos) << d.findings()[0].message;
}

}  // namespace
