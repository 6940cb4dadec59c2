#include "model/publisher.hpp"

namespace model {

void Publisher::publish(const std::string& body, std::uint32_t size_bytes) {
  for (SqsQueue* q : targets_) {
    SendRequest r;
    r.id = ids_.next();
    r.body = body;
    r.size_bytes = size_bytes;
    if (q->is_fifo()) {
      // SQS FIFO: the publisher's messages form one group in publish order; the message id deduplicates.
      r.group_id = function_;
      r.deduplication_id = std::to_string(r.id);
    }
    ++counters_.published;
    if (q->send_message(std::move(r)) == SendResult::Stored)
      ++counters_.stored;
    else
      ++counters_.refused;
  }
}

}  // namespace model
