#include "model/publisher.hpp"

namespace model {

void Publisher::publish(const std::string& body, std::uint32_t size_bytes) {
  for (SqsQueue* q : targets_) {
    SendRequest& r = request_;
    r.id = ids_.next();
    r.body = body;
    r.size_bytes = size_bytes;
    if (q->is_fifo()) {
      // SQS FIFO: the publisher's messages form one group in publish order; the message id deduplicates.
      r.group_id = function_;
      r.deduplication_id = std::to_string(r.id);
    } else {
      r.group_id.clear();
      r.deduplication_id.clear();
    }
    ++counters_.published;
    if (q->send_message(r) == SendResult::Stored)
      ++counters_.stored;
    else
      ++counters_.refused;
  }
}

}  // namespace model
