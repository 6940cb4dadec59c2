// A DLQ-consuming redrive function, as in ../shared/reference/systems/ingestion-lab.md: reads the DLQ, skips messages
// younger than a minimum age, re-sends at most max_messages to the source with a random per-message delay (so a fixed
// bug is not hit by a thundering herd), retries failed sends with full-jitter exponential backoff, then deletes.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "model/message_move_task.hpp"
#include "model/producer.hpp"
#include "model/spec.hpp"
#include "model/sqs_queue.hpp"
#include "sim/engine.hpp"
#include "sim/rng.hpp"

namespace model {

class RedriveFunction final : public sim::EventSink {
 public:
  RedriveFunction(sim::Engine& engine, RedriveSpec spec, SqsQueue& source, SqsQueue* destination, MessageIdSource& ids,
                  std::function<SqsQueue*(std::uint32_t)> queue_at, sim::RngEngine rng);
  void start();
  void on_event(const sim::Event& e) override;
  [[nodiscard]] const RedriveCounters& counters() const { return counters_; }
  [[nodiscard]] const RedriveSpec& spec() const { return spec_; }

 private:
  enum Kind : std::uint32_t { kRun = 0, kRetry = 1 };
  struct Pending {
    ReceiptHandle receipt;
    std::uint32_t attempt = 0;
  };
  void run();
  void try_send(std::uint32_t pending_index);

  sim::Engine& engine_;
  sim::TargetId self_;
  RedriveSpec spec_;
  SqsQueue& source_;
  SqsQueue* destination_;
  MessageIdSource& ids_;
  std::function<SqsQueue*(std::uint32_t)> queue_at_;
  sim::RngEngine rng_;
  std::vector<Pending> pending_;
  std::vector<ReceiptHandle> scratch_;
  std::uint64_t taken_ = 0;
  RedriveCounters counters_;
};

}  // namespace model
