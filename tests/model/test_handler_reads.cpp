// handlers::Reads: for a handler registered as reading nothing of its invocation, the event source mapping hands it the
// right number of records without writing their strings, and Lambda writes no request id unless an observer asks for
// one. Nothing a run reports may change because of it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/simulation.hpp"
#include "tests/model/test_support.hpp"

namespace {

// Reads nothing, and checks it was given nothing to read: records of the batch's size, none of them written.
class Blind final : public lambda::SqsHandler {
 public:
  explicit Blind(std::uint64_t* unwritten) : unwritten_(unwritten) {}
  lambda::SqsBatchResponse handle(const lambda::SqsEvent& event, const lambda::Context& ctx) override {
    EXPECT_FALSE(event.records.empty());
    EXPECT_TRUE(ctx.aws_request_id.empty());
    for (const auto& r : event.records) *unwritten_ += r.message_id.empty() && r.body.empty() ? 1 : 0;
    return {};
  }

 private:
  std::uint64_t* unwritten_;
};

// Names a record of its batch as failed although it is registered as reading nothing.
class BlindButFailing final : public lambda::SqsHandler {
 public:
  lambda::SqsBatchResponse handle(const lambda::SqsEvent&, const lambda::Context&) override {
    return {{{"not-a-message-id-it-could-know"}}};
  }
};

struct Invocation {
  std::string request_id;
  std::int64_t duration_us;
  bool error;
  bool operator==(const Invocation&) const = default;
};

class Collect final : public model::FunctionObserver {
 public:
  void on_invocation_end(const std::string&, const std::string& request_id, std::uint32_t, std::uint32_t,
                         const model::InvocationResult& r) override {
    seen.push_back({request_id, r.duration.us, r.function_error});
  }
  std::vector<Invocation> seen;
};

struct RunResult {
  std::vector<Invocation> invocations;
  std::uint64_t events = 0, deleted = 0, dead_lettered = 0;
};

RunResult run_pipeline(const handlers::HandlerRegistry& registry, bool with_observer,
                       const std::string& handler = "always-succeed") {
  auto s = testing_support::basic_pipeline(handler, 3, sim::seconds(30), 500);
  s.event_source_mappings[0].report_batch_item_failures = true;
  s.producers[0].body.invalid_fraction = 0.1;  // poison orders, for a handler that reads bodies
  model::Simulation sim(s, 7, 0, registry);
  Collect c;
  if (with_observer) sim.functions()[0]->add_observer(&c);
  sim.run();
  return {c.seen, sim.engine().events_processed(), sim.queues()[1]->counters().deleted,
          sim.queues()[0]->counters().moved_in};
}

TEST(HandlerReads, TheSyntheticHandlersReadNothingAndTheRealOnesTheirWholeEvent) {
  const handlers::HandlerRegistry r = handlers::builtin_handlers();
  for (const std::string name : {"always-succeed", "always-fail"}) EXPECT_EQ(r.reads(name), handlers::Reads::Nothing);
  EXPECT_EQ(r.reads("order-processor"), handlers::Reads::IdsAndBodies);
  for (const std::string name : {"ingestion-worker", "s3-object-processor", "library-sync-importer", "external"})
    EXPECT_EQ(r.reads(name), handlers::Reads::EventAndContext) << name;
  EXPECT_THROW((void)r.reads("nope"), std::invalid_argument);
}

// Runs the pipeline with Checker (which counts the records that pass its checks) registered as reading `reads`.
template <class Checker>
std::uint64_t records_passing(handlers::Reads reads) {
  std::uint64_t passed = 0;
  handlers::HandlerRegistry reg = handlers::builtin_handlers();
  reg.add(
      "always-succeed", [&](const nlohmann::json&) { return std::make_unique<Checker>(&passed); }, reads);
  EXPECT_EQ(run_pipeline(reg, false).deleted, 500u);
  return passed;
}

TEST(HandlerReads, AHandlerThatReadsNothingIsGivenItsRecordsUnwritten) {
  EXPECT_EQ(records_passing<Blind>(handlers::Reads::Nothing), 500u);  // every record handed over, none written
}

TEST(HandlerReads, ReadingNothingChangesNothingARunReports) {
  // The same run with always-succeed registered as reading its whole event: every invocation's request id, duration
  // and outcome, the event count and the queues' counters are the same.
  handlers::HandlerRegistry reading = handlers::builtin_handlers();
  reading.add("always-succeed",
              [](const nlohmann::json&) { return handlers::builtin_handlers().create("always-succeed", nullptr); });
  ASSERT_EQ(reading.reads("always-succeed"), handlers::Reads::EventAndContext);
  const RunResult skipped = run_pipeline(handlers::builtin_handlers(), true);
  const RunResult written = run_pipeline(reading, true);
  ASSERT_FALSE(skipped.invocations.empty());
  EXPECT_EQ(skipped.invocations, written.invocations);
  EXPECT_EQ(skipped.invocations.front().request_id.size(), 36u);  // UUID-shaped, written for the observer
  EXPECT_EQ(std::set<std::string>({skipped.invocations[0].request_id, skipped.invocations[1].request_id}).size(), 2u);
  EXPECT_EQ(skipped.events, written.events);
  EXPECT_EQ(skipped.deleted, written.deleted);
  EXPECT_EQ(skipped.dead_lettered, written.dead_lettered);
}

// Reads what the order processor reads, and checks that this is what it was given: ids, bodies and the source ARN,
// no receipt handle, attributes or request id.
class IdsAndBodies final : public lambda::SqsHandler {
 public:
  explicit IdsAndBodies(std::uint64_t* checked) : checked_(checked) {}
  lambda::SqsBatchResponse handle(const lambda::SqsEvent& event, const lambda::Context& ctx) override {
    EXPECT_TRUE(ctx.aws_request_id.empty());
    for (const auto& r : event.records) {
      EXPECT_EQ(r.message_id.size(), 36u);
      EXPECT_FALSE(r.body.empty());
      EXPECT_TRUE(r.event_source_arn.starts_with("arn:aws:sqs:us-east-1:")) << r.event_source_arn;
      EXPECT_EQ(r.aws_region, "us-east-1");
      EXPECT_TRUE(r.receipt_handle.empty());
      EXPECT_TRUE(r.attributes.empty());
      ++*checked_;
    }
    return {};
  }

 private:
  std::uint64_t* checked_;
};

TEST(HandlerReads, AHandlerThatReadsIdsAndBodiesIsGivenThoseAndTheSourceOnly) {
  EXPECT_EQ(records_passing<IdsAndBodies>(handlers::Reads::IdsAndBodies), 500u);
}

TEST(HandlerReads, TheOrderProcessorReadingIdsAndBodiesChangesNothingARunReports) {
  // The order processor (poison bodies, partial batch responses naming MessageIds, retries to the DLQ) registered as
  // reading its whole event and context, against the built-in registration: the same run in every respect.
  handlers::HandlerRegistry reading = handlers::builtin_handlers();
  reading.add("order-processor",
              [](const nlohmann::json& c) { return handlers::builtin_handlers().create("order-processor", c); });
  ASSERT_EQ(reading.reads("order-processor"), handlers::Reads::EventAndContext);
  const RunResult skipped = run_pipeline(handlers::builtin_handlers(), true, "order-processor");
  const RunResult written = run_pipeline(reading, true, "order-processor");
  ASSERT_FALSE(skipped.invocations.empty());
  EXPECT_EQ(skipped.invocations, written.invocations);
  EXPECT_EQ(skipped.events, written.events);
  EXPECT_EQ(skipped.deleted, written.deleted);
  EXPECT_EQ(skipped.dead_lettered, written.dead_lettered);
  EXPECT_EQ(skipped.dead_lettered, 50u);  // every poison order, after its receives
}

// Reads its context: keeps every request id it is given.
class RequestIds final : public lambda::SqsHandler {
 public:
  explicit RequestIds(std::vector<std::string>* seen) : seen_(seen) {}
  lambda::SqsBatchResponse handle(const lambda::SqsEvent&, const lambda::Context& ctx) override {
    seen_->push_back(ctx.aws_request_id);
    return {};
  }

 private:
  std::vector<std::string>* seen_;
};

TEST(HandlerReads, TheRequestIdAHandlerSeesIsTheOneItsInvocationReports) {
  std::vector<std::string> seen;
  handlers::HandlerRegistry reg = handlers::builtin_handlers();
  reg.add("always-succeed", [&](const nlohmann::json&) { return std::make_unique<RequestIds>(&seen); });
  const RunResult r = run_pipeline(reg, true);
  std::vector<std::string> reported;
  for (const Invocation& i : r.invocations) reported.push_back(i.request_id);
  ASSERT_FALSE(seen.empty());
  std::sort(seen.begin(), seen.end());
  std::sort(reported.begin(), reported.end());
  EXPECT_EQ(seen, reported);
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());  // unique per invocation
}

TEST(HandlerReads, AnInvocationRunningAtTimeZeroReportsNoRequestId) {
  // FunctionSpec::initial: two invocations started before the run, ending at 50 ms, before the first message (0.1 s).
  auto s = testing_support::basic_pipeline("always-succeed", 3, sim::seconds(30), 20);
  s.functions[0].initial.busy = 2;
  s.functions[0].initial.busy_remaining_ms = sim::DistributionSpec::fixed(50);
  model::Simulation sim(s, 7, 0, handlers::builtin_handlers());
  Collect c;
  sim.functions()[0]->add_observer(&c);
  sim.run();
  ASSERT_GT(c.seen.size(), 2u);
  EXPECT_EQ(c.seen[0].request_id, "");
  EXPECT_EQ(c.seen[1].request_id, "");
  for (std::size_t i = 2; i < c.seen.size(); ++i) EXPECT_EQ(c.seen[i].request_id.size(), 36u) << i;
}

TEST(HandlerReads, AHandlerRegisteredAsReadingNothingCannotNameFailedRecords) {
  // It could only name ids it never saw: the run stops with the cause rather than settling the batch on guesses.
  handlers::HandlerRegistry reg = handlers::builtin_handlers();
  reg.add(
      "always-succeed", [](const nlohmann::json&) { return std::make_unique<BlindButFailing>(); },
      handlers::Reads::Nothing);
  try {
    run_pipeline(reg, false);
    FAIL() << "expected std::logic_error";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("reading nothing"), std::string::npos) << e.what();
  }
}

}  // namespace
