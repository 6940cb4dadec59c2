// The S3 ingestion pipeline's processor (../shared/reference/systems/s3-ingestion-pipeline.md): each SQS record
// carries an S3 event notification; for every ObjectCreated record in it the object's metadata (bucket, s3_key,
// file_size, content type guessed from the extension, message_id) is written to the DynamoDB table, keyed by
// bucket/key/eTag so S3's at-least-once notifications do not write twice. S3's configuration test event
// ("Event": "s3:TestEvent") is acknowledged and ignored; a body that is not an S3 notification fails its record.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "handlers/dependencies.hpp"
#include "handlers/handler.hpp"

namespace handlers {

class S3ObjectProcessor final : public lambda::SqsHandler {
 public:
  // Needs the table. config: null or {} (no options). Throws std::invalid_argument otherwise.
  S3ObjectProcessor(const nlohmann::json& config, const lambda::Dependencies& deps);
  lambda::SqsBatchResponse handle(const lambda::SqsEvent& event, const lambda::Context& context) override;

  [[nodiscard]] std::uint64_t objects_written() const { return written_; }
  [[nodiscard]] std::uint64_t duplicates() const { return duplicates_; }
  [[nodiscard]] std::uint64_t test_events() const { return test_events_; }

 private:
  lambda::Dependencies deps_;
  std::uint64_t written_ = 0, duplicates_ = 0, test_events_ = 0;
};

// The library-sync importer (../shared/reference/systems/library-sync-event-source-mapping.md): one sync request per
// invocation (batch size 1) that calls the slow, rate-limited library API (Steam) and records the sync. A 429, an
// error or a timeout fails the record, which returns after the visibility timeout; after maxReceiveCount it goes to
// the DLQ. With a table, a finished sync is recorded (sync#<userId>) and a repeated request within an hour skipped.
class LibrarySyncImporter final : public lambda::SqsHandler {
 public:
  // Needs the downstream (the library API); the table is optional. config: {"resync_window_s": 3600}.
  LibrarySyncImporter(const nlohmann::json& config, const lambda::Dependencies& deps);
  lambda::SqsBatchResponse handle(const lambda::SqsEvent& event, const lambda::Context& context) override;

  [[nodiscard]] std::uint64_t synced() const { return synced_; }
  [[nodiscard]] std::uint64_t rate_limited() const { return rate_limited_; }

 private:
  lambda::Dependencies deps_;
  std::int64_t resync_window_s_ = 3600;
  std::uint64_t synced_ = 0, rate_limited_ = 0;
};

}  // namespace handlers
