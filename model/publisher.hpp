// A function's downstream stage: for each record it processes successfully, one message to each queue it publishes to,
// directly (SQS SendMessage) or through an SNS topic that fans out to its subscribed queues. This is how a pipeline
// chains: worker -> topic -> queues -> other workers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/producer.hpp"
#include "model/sqs_queue.hpp"

namespace model {

struct PublisherCounters {
  std::uint64_t published = 0;  // SendMessage calls made (each a message entering SQS accounting)
  std::uint64_t stored = 0;
  std::uint64_t refused = 0;  // refused by the target queue (counted there as dropped, with the reason)
};

class Publisher {
 public:
  Publisher(std::string function, std::vector<SqsQueue*> targets, MessageIdSource& ids)
      : function_(std::move(function)), targets_(std::move(targets)), ids_(ids) {}

  // One copy of `body` to every target (an SNS topic delivers to each subscription).
  void publish(const std::string& body, std::uint32_t size_bytes);
  [[nodiscard]] const PublisherCounters& counters() const { return counters_; }
  [[nodiscard]] const std::vector<SqsQueue*>& targets() const { return targets_; }

 private:
  std::string function_;
  std::vector<SqsQueue*> targets_;
  MessageIdSource& ids_;
  PublisherCounters counters_;
  SendRequest request_;  // reused for every send: its strings keep their storage (no allocation per message)
};

}  // namespace model
