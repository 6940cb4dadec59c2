#include "model/redrive_function.hpp"

#include <boost/random/uniform_int_distribution.hpp>
#include <utility>

#include "model/sqs_redrive.hpp"

namespace model {

RedriveFunction::RedriveFunction(sim::Engine& engine, RedriveSpec spec, SqsQueue& source, SqsQueue* destination,
                                 MessageIdSource& ids, std::function<SqsQueue*(std::uint32_t)> queue_at,
                                 sim::RngEngine rng)
    : engine_(engine),
      self_(engine.add_sink(*this)),
      spec_(std::move(spec)),
      source_(source),
      destination_(destination),
      ids_(ids),
      queue_at_(std::move(queue_at)),
      rng_(std::move(rng)) {}

void RedriveFunction::start() {
  engine_.schedule_at(spec_.start, self_, kRun);
}

void RedriveFunction::run() {
  // Receive as many as a ReceiveMessage returns (10) until max_messages were taken or nothing is visible.
  while (taken_ < spec_.max_messages) {
    scratch_.clear();
    const std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(SqsQueue::kMaxNumberOfMessages, spec_.max_messages - taken_));
    if (source_.receive_message(want, scratch_) == 0) break;
    for (const ReceiptHandle h : scratch_) {
      const Message& m = source_.message(h);
      // Minimum age filter: leave recent failures alone (the message returns after the DLQ's visibility timeout).
      if (engine_.now() - m.sent_at < spec_.min_age) {
        ++counters_.skipped_too_young;
        continue;
      }
      ++taken_;
      pending_.push_back(Pending{h, 0});
      try_send(static_cast<std::uint32_t>(pending_.size() - 1));
    }
  }
  counters_.finished = true;
}

void RedriveFunction::try_send(std::uint32_t i) {
  Pending& p = pending_[i];
  if (!source_.is_current(p.receipt)) return;  // its DLQ visibility ran out meanwhile: someone else may have it
  const RedrivenMessage copy = SqsRedrive::copy(source_, p.receipt);
  SqsQueue* dest = destination_ != nullptr ? destination_ : queue_at_(copy.origin);
  const auto jitter_us =
      boost::random::uniform_int_distribution<std::int64_t>(0, spec_.per_message_delay_jitter.us)(rng_);
  const sim::Time delay{std::min<std::int64_t>(jitter_us, sim::seconds(900).us)};
  if (dest != nullptr && SqsRedrive::accept(*dest, ids_.next(), copy, delay)) {
    SqsRedrive::delete_after_redrive(source_, p.receipt);
    ++counters_.moved;
    return;
  }
  // The send failed: exponential backoff with full jitter, up to max_attempts (AWS Architecture Blog's advice).
  if (++p.attempt >= spec_.max_attempts || dest == nullptr) {
    ++counters_.failed;  // left in the DLQ: it becomes visible there again
    return;
  }
  ++counters_.retries;
  const std::int64_t cap = spec_.backoff_base.us << std::min<std::uint32_t>(p.attempt, 20);
  engine_.schedule_in(sim::Time{boost::random::uniform_int_distribution<std::int64_t>(0, cap)(rng_)}, self_, kRetry, i);
}

void RedriveFunction::on_event(const sim::Event& e) {
  if (e.kind == kRun) {
    run();
  } else {
    try_send(static_cast<std::uint32_t>(e.arg));
  }
}

}  // namespace model
