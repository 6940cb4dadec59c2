// Lambda's rule for a partial batch response (FunctionResponseTypes=["ReportBatchItemFailures"]; AWS "Handling errors
// for an SQS event source in Lambda", ../shared/reference/aws-semantics.md section 4). One test per clause of the rule,
// each checked through the JSON path (any runtime) and, where it can be expressed, the typed fast path.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "handlers/sqs_event.hpp"

namespace {

using lambda::BatchOutcomeKind;
using lambda::interpret_batch_response;
using lambda::SqsBatchResponse;

const std::vector<std::string> kBatch = {"m1", "m2", "m3"};

BatchOutcomeKind kind_of(std::string_view payload) {
  return interpret_batch_response(payload, kBatch).kind;
}

// ---- complete success ----------------------------------------------------------------------------------------------

TEST(PartialBatchResponse, AwsEmptyResponseIsCompleteSuccess) {
  // A handler that returns nothing: the Runtime API receives an empty body.
  EXPECT_EQ(kind_of(""), BatchOutcomeKind::AllSucceeded);
  EXPECT_EQ(kind_of("  \n"), BatchOutcomeKind::AllSucceeded);
}

TEST(PartialBatchResponse, AwsNullEventResponseIsCompleteSuccess) {
  EXPECT_EQ(kind_of("null"), BatchOutcomeKind::AllSucceeded);
}

TEST(PartialBatchResponse, AwsEmptyEventResponseObjectIsCompleteSuccess) {
  EXPECT_EQ(kind_of("{}"), BatchOutcomeKind::AllSucceeded);
  // Other keys do not matter: without batchItemFailures nothing is reported as failed.
  EXPECT_EQ(kind_of(R"({"processed": 3})"), BatchOutcomeKind::AllSucceeded);
}

TEST(PartialBatchResponse, AwsNullBatchItemFailuresIsCompleteSuccess) {
  EXPECT_EQ(kind_of(R"({"batchItemFailures":null})"), BatchOutcomeKind::AllSucceeded);
}

TEST(PartialBatchResponse, AwsEmptyBatchItemFailuresIsCompleteSuccess) {
  EXPECT_EQ(kind_of(R"({"batchItemFailures":[]})"), BatchOutcomeKind::AllSucceeded);
  EXPECT_EQ(interpret_batch_response(SqsBatchResponse{}, kBatch).kind, BatchOutcomeKind::AllSucceeded);
}

TEST(PartialBatchResponse, KeyNamesAreCaseSensitiveSoBatchItemFailuresInPascalCaseIsMissing) {
  // aws-lambda-developer-guide issue 320: {"BatchItemFailures":[{"ItemIdentifier":...}]} "didn't work" - Lambda reads
  // no list under that key, so nothing failed.
  EXPECT_EQ(kind_of(R"({"BatchItemFailures":[{"ItemIdentifier":"m1"}]})"), BatchOutcomeKind::AllSucceeded);
}

// ---- complete failure ----------------------------------------------------------------------------------------------

TEST(PartialBatchResponse, AwsInvalidJsonIsCompleteFailure) {
  const auto o = interpret_batch_response("{not json", kBatch);
  EXPECT_EQ(o.kind, BatchOutcomeKind::AllFailed);
  EXPECT_NE(o.reason.find("not valid JSON"), std::string::npos) << o.reason;
  EXPECT_TRUE(o.failed_ids.empty());
}

TEST(PartialBatchResponse, AResponseThatIsNotAnObjectIsAnInvalidResponse) {
  // Our reading of "invalid JSON response": no partial batch response can be read from a non-object.
  for (const char* p : {"[]", R"("ok")", "42", "true"}) EXPECT_EQ(kind_of(p), BatchOutcomeKind::AllFailed) << p;
}

TEST(PartialBatchResponse, ABatchItemFailuresThatIsNotAnArrayOfObjectsIsAnInvalidResponse) {
  EXPECT_EQ(kind_of(R"({"batchItemFailures":{"itemIdentifier":"m1"}})"), BatchOutcomeKind::AllFailed);
  EXPECT_EQ(kind_of(R"({"batchItemFailures":"m1"})"), BatchOutcomeKind::AllFailed);
  EXPECT_EQ(kind_of(R"({"batchItemFailures":["m1"]})"), BatchOutcomeKind::AllFailed);
}

TEST(PartialBatchResponse, AwsNullItemIdentifierIsCompleteFailure) {
  const auto o =
      interpret_batch_response(R"({"batchItemFailures":[{"itemIdentifier":"m1"},{"itemIdentifier":null}]})", kBatch);
  EXPECT_EQ(o.kind, BatchOutcomeKind::AllFailed);
  EXPECT_NE(o.reason.find("batchItemFailures[1].itemIdentifier is null"), std::string::npos) << o.reason;
}

TEST(PartialBatchResponse, AwsEmptyStringItemIdentifierIsCompleteFailure) {
  const auto o = interpret_batch_response(R"({"batchItemFailures":[{"itemIdentifier":""}]})", kBatch);
  EXPECT_EQ(o.kind, BatchOutcomeKind::AllFailed);
  EXPECT_NE(o.reason.find("empty string"), std::string::npos) << o.reason;
  // The typed fast path applies the same rule.
  EXPECT_EQ(interpret_batch_response(SqsBatchResponse{{{"m1"}, {""}}}, kBatch).kind, BatchOutcomeKind::AllFailed);
}

TEST(PartialBatchResponse, AwsItemIdentifierWithABadKeyNameIsCompleteFailure) {
  EXPECT_EQ(kind_of(R"({"batchItemFailures":[{"ItemIdentifier":"m1"}]})"), BatchOutcomeKind::AllFailed);
  EXPECT_EQ(kind_of(R"({"batchItemFailures":[{"id":"m1"}]})"), BatchOutcomeKind::AllFailed);
  EXPECT_EQ(kind_of(R"({"batchItemFailures":[{}]})"), BatchOutcomeKind::AllFailed);
}

TEST(PartialBatchResponse, AnItemIdentifierThatIsNotAStringIsCompleteFailure) {
  // A messageId is a string, so a number or object cannot name a message of the batch.
  const auto o = interpret_batch_response(R"({"batchItemFailures":[{"itemIdentifier":2}]})", kBatch);
  EXPECT_EQ(o.kind, BatchOutcomeKind::AllFailed);
  EXPECT_NE(o.reason.find("not a string"), std::string::npos) << o.reason;
  EXPECT_EQ(kind_of(R"({"batchItemFailures":[{"itemIdentifier":{"id":"m1"}}]})"), BatchOutcomeKind::AllFailed);
}

TEST(PartialBatchResponse, AwsItemIdentifierNotInTheBatchIsCompleteFailure) {
  const auto o =
      interpret_batch_response(R"({"batchItemFailures":[{"itemIdentifier":"m1"},{"itemIdentifier":"nope"}]})", kBatch);
  EXPECT_EQ(o.kind, BatchOutcomeKind::AllFailed);
  EXPECT_NE(o.reason.find("\"nope\""), std::string::npos) << "the reason names the identifier: " << o.reason;
  const auto typed = interpret_batch_response(SqsBatchResponse{{{"m9"}}}, kBatch);
  EXPECT_EQ(typed.kind, BatchOutcomeKind::AllFailed);
  EXPECT_NE(typed.reason.find("\"m9\""), std::string::npos) << typed.reason;
}

// ---- partial failure -----------------------------------------------------------------------------------------------

TEST(PartialBatchResponse, AwsListedItemsFailAndTheRestSucceed) {
  const auto o = interpret_batch_response(R"({"batchItemFailures":[{"itemIdentifier":"m2"}]})", kBatch);
  ASSERT_EQ(o.kind, BatchOutcomeKind::SomeFailed);
  EXPECT_EQ(o.failed_ids, (std::vector<std::string>{"m2"}));
  EXPECT_TRUE(o.reason.empty());
}

TEST(PartialBatchResponse, FailedIdsAreDeduplicatedAndInBatchOrder) {
  const auto o = interpret_batch_response(
      R"({"batchItemFailures":[{"itemIdentifier":"m3"},{"itemIdentifier":"m1"},{"itemIdentifier":"m3"}]})", kBatch);
  ASSERT_EQ(o.kind, BatchOutcomeKind::SomeFailed);
  EXPECT_EQ(o.failed_ids, (std::vector<std::string>{"m1", "m3"}));
  const auto typed = interpret_batch_response(SqsBatchResponse{{{"m3"}, {"m1"}, {"m3"}}}, kBatch);
  EXPECT_EQ(typed.kind, BatchOutcomeKind::SomeFailed);
  EXPECT_EQ(typed.failed_ids, o.failed_ids);
}

TEST(PartialBatchResponse, ListingEveryMessageIsStillAPartialResponseFailingAll) {
  const auto o = interpret_batch_response(SqsBatchResponse{{{"m1"}, {"m2"}, {"m3"}}}, kBatch);
  ASSERT_EQ(o.kind, BatchOutcomeKind::SomeFailed);
  EXPECT_EQ(o.failed_ids, kBatch);
}

TEST(PartialBatchResponse, TypedAndJsonPathsAgreeThroughToJson) {
  // The simulator's fast path and a real runtime's serialised response must settle a batch identically.
  const std::vector<SqsBatchResponse> responses = {{},       {{{"m2"}}}, {{{"m3"}, {"m1"}}},
                                                   {{{""}}}, {{{"m4"}}}, {{{"m1"}, {"zz"}}}};
  for (const SqsBatchResponse& r : responses) {
    const auto typed = interpret_batch_response(r, kBatch);
    const auto json = interpret_batch_response(lambda::to_json(r), kBatch);
    EXPECT_EQ(typed.kind, json.kind) << lambda::to_json(r);
    EXPECT_EQ(typed.failed_ids, json.failed_ids) << lambda::to_json(r);
  }
}

TEST(PartialBatchResponse, LargeBatchesStayInBatchOrder) {
  // Standard queues allow batches of 10,000: membership must not depend on a scan, and order must hold.
  std::vector<std::string> batch;
  SqsBatchResponse r;
  for (int i = 0; i < 10000; ++i) batch.push_back("id-" + std::to_string(i));
  for (int i = 9999; i >= 0; i -= 3) r.batch_item_failures.push_back({batch[static_cast<std::size_t>(i)]});
  const auto o = interpret_batch_response(r, batch);
  ASSERT_EQ(o.kind, BatchOutcomeKind::SomeFailed);
  ASSERT_EQ(o.failed_ids.size(), r.batch_item_failures.size());
  EXPECT_EQ(o.failed_ids.front(), "id-0");
  EXPECT_EQ(o.failed_ids.back(), "id-9999");
}

TEST(PartialBatchResponse, TheMappingsSettlementAgreesWithTheRuleOnSmallAndLargeBatches) {
  // settle_batch (what the event source mapping calls, reading the records' MessageIds) against the typed rule, on
  // random responses naming ids in and out of batches that hold some ids twice: the small batches are scanned, the
  // large ones searched through a sorted index.
  std::mt19937_64 rng(20261201);
  for (const std::size_t size : {1u, 3u, 10u, 32u, 33u, 200u}) {
    for (int round = 0; round < 200; ++round) {
      std::vector<lambda::SqsMessage> records(size);
      std::vector<std::string> ids(size);
      for (std::size_t k = 0; k < size; ++k) {
        ids[k] = "m" + std::to_string(rng() % (size + 2));  // repeats: a message delivered twice in one batch
        records[k].message_id = ids[k];
      }
      SqsBatchResponse r;
      const auto named = rng() % 5;
      for (std::uint64_t i = 0; i < named; ++i) {
        const auto pick = rng() % 20;
        r.batch_item_failures.push_back({pick == 0   ? std::string()
                                         : pick == 1 ? std::string("absent")
                                                     : ids[static_cast<std::size_t>(rng() % size)]});
      }
      // The rule, written out: nothing named is a success; an empty or unknown id fails the whole batch; otherwise
      // each named id fails the first record holding it.
      BatchOutcomeKind expected_kind = named == 0 ? BatchOutcomeKind::AllSucceeded : BatchOutcomeKind::SomeFailed;
      std::vector<bool> expected(size, false);
      for (const auto& f : r.batch_item_failures) {
        const auto at = std::find(ids.begin(), ids.end(), f.item_identifier);
        if (f.item_identifier.empty() || at == ids.end()) {
          expected_kind = BatchOutcomeKind::AllFailed;
          break;
        }
        expected[static_cast<std::size_t>(at - ids.begin())] = true;
      }
      const auto rule = interpret_batch_response(r, ids);
      ASSERT_EQ(rule.kind, expected_kind) << lambda::to_json(r);
      std::vector<bool> failed(3, true);  // stale, of another size: settle_batch resizes and clears it
      ASSERT_EQ(lambda::settle_batch(r, records, failed), expected_kind) << lambda::to_json(r);
      ASSERT_EQ(failed.size(), size);
      if (expected_kind != BatchOutcomeKind::SomeFailed) continue;
      ASSERT_EQ(failed, expected) << lambda::to_json(r);
      std::vector<std::string> in_order;
      for (std::size_t k = 0; k < size; ++k)
        if (expected[k]) in_order.push_back(ids[k]);
      ASSERT_EQ(rule.failed_ids, in_order) << lambda::to_json(r);
    }
  }
}

}  // namespace
