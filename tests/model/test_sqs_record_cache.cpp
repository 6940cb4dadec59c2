// A record rebuilt in place through an SqsRecordCache must equal a record built fresh, message after message, also
// when the record moves (the event source mapping's records go to a spare pile and back) and when a FIFO message
// follows a standard one.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "model/sqs_record.hpp"

namespace {

model::Message message(std::uint64_t id, const std::string& group) {
  model::Message m;
  m.id = id;
  m.body = R"({"order_id":")" + std::to_string(id) + R"("})";
  m.sent_at = sim::millis(static_cast<std::int64_t>(1000 + id));
  m.first_received_at = sim::millis(static_cast<std::int64_t>(2000 + 3 * id));
  m.receive_count = static_cast<std::uint32_t>(1 + id % 4);
  m.group_id = group;
  return m;
}

}  // namespace

TEST(SqsRecordCache, ARecordRebuiltInPlaceEqualsOneBuiltFresh) {
  const std::string arn = model::queue_arn("orders");
  const std::string other_arn = model::queue_arn("orders.fifo");
  std::vector<lambda::SqsMessage> records(1);
  model::SqsRecordCache cache;
  for (std::uint64_t id = 1; id <= 40; ++id) {
    const std::string group = id >= 20 && id < 30 ? "customer-" + std::to_string(id % 3) : "";
    const std::string& use_arn = id >= 35 ? other_arn : arn;
    const model::Message m = message(id, group);
    const model::ReceiptHandle h{static_cast<std::uint32_t>(id), 7};
    if (id % 5 == 0) {
      // Moved away and back, as resize_reusing does: the map's nodes (and the cache's pointers) go with it.
      std::vector<lambda::SqsMessage> spare;
      spare.push_back(std::move(records[0]));
      records.clear();
      records.push_back(std::move(spare.back()));
    }
    model::build_sqs_record(m, h, use_arn, records[0], cache);
    lambda::SqsMessage fresh;
    model::build_sqs_record(m, h, use_arn, fresh);
    EXPECT_EQ(fresh.message_id, model::message_id_string(id));
    ASSERT_EQ(records[0], fresh) << "message " << id;
    EXPECT_EQ(records[0].attributes.at("ApproximateReceiveCount"), std::to_string(1 + id % 4));
    EXPECT_EQ(records[0].attributes.count("MessageGroupId"), group.empty() ? 0u : 1u);
  }
}
