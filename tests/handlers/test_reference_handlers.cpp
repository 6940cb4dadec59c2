// The S3-object processor and the library-sync importer against hand-made dependencies.
#include <gtest/gtest.h>

#include <stdexcept>

#include "handlers/s3_object_processor.hpp"
#include "tests/handlers/fake_dependencies.hpp"

namespace {

using namespace fakes;  // NOLINT(google-build-using-namespace): test doubles

lambda::SqsEvent records(const std::vector<std::string>& bodies) {
  lambda::SqsEvent e;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    lambda::SqsMessage m;
    m.message_id = "m" + std::to_string(i);
    m.body = bodies[i];
    e.records.push_back(m);
  }
  return e;
}

std::string s3_notification(const std::string& key, const std::string& etag) {
  return R"({"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Put",
    "s3":{"bucket":{"name":"uploads"},"object":{"key":")" +
         key + R"(","size":13,"eTag":")" + etag + R"("}}}]})";
}

TEST(S3ObjectProcessor, WritesObjectMetadataOnceAndIgnoresTestEvents) {
  Rig rig;
  handlers::S3ObjectProcessor p(nullptr, rig.deps());
  const auto r = p.handle(records({s3_notification("data/a.csv", "e1"), s3_notification("data/a.csv", "e1"),
                                   R"({"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":"uploads"})", "not json",
                                   s3_notification("b.txt", "e2")}),
                          {});
  ASSERT_EQ(r.batch_item_failures.size(), 1U);
  EXPECT_EQ(r.batch_item_failures[0].item_identifier, "m3");
  EXPECT_EQ(p.objects_written(), 2U);
  EXPECT_EQ(p.duplicates(), 1U);  // S3 notified twice for the same object version
  EXPECT_EQ(p.test_events(), 1U);
  const auto item = nlohmann::json::parse(rig.table.items.at("uploads/data/a.csv#e1"));
  EXPECT_EQ(item["content_type"], "text/csv");
  EXPECT_EQ(item["file_size"], 13);
  EXPECT_EQ(item["message_id"], "m0");
  EXPECT_EQ(rig.table.last_ttl_s, 0);  // metadata does not expire
  // A throttled write fails the record, to be retried.
  rig.table.next = CallStatus::Throttled;
  EXPECT_EQ(p.handle(records({s3_notification("c.json", "e3")}), {}).batch_item_failures.size(), 1U);
  lambda::Dependencies none;
  EXPECT_THROW(handlers::S3ObjectProcessor(nullptr, none), std::invalid_argument);
}

TEST(LibrarySyncImporter, RateLimitedCallsAreRetriedAndFinishedSyncsRecorded) {
  Rig rig;
  rig.downstream.script = {CallStatus::Throttled, CallStatus::Timeout};
  handlers::LibrarySyncImporter imp({{"resync_window_s", 3600}}, rig.deps());
  EXPECT_EQ(imp.handle(records({R"({"userId":"u1"})"}), {}).batch_item_failures.size(), 1U);  // 429
  EXPECT_EQ(imp.handle(records({R"({"userId":"u1"})"}), {}).batch_item_failures.size(), 1U);  // timeout
  EXPECT_TRUE(imp.handle(records({R"({"userId":"u1"})"}), {}).batch_item_failures.empty());
  EXPECT_EQ(imp.synced(), 1U);
  EXPECT_EQ(imp.rate_limited(), 1U);
  EXPECT_EQ(rig.table.last_ttl_s, 3600);
  // A second request for the same user within the window is skipped without calling the API.
  const int calls = rig.downstream.calls;
  EXPECT_TRUE(imp.handle(records({R"({"userId":"u1"})"}), {}).batch_item_failures.empty());
  EXPECT_EQ(rig.downstream.calls, calls);
  lambda::Dependencies none;
  EXPECT_THROW(handlers::LibrarySyncImporter(nullptr, none), std::invalid_argument);
  EXPECT_THROW(handlers::LibrarySyncImporter({{"window", 1}}, rig.deps()), std::invalid_argument);
}

}  // namespace
