#include "model/producer.hpp"

#include <boost/random/bernoulli_distribution.hpp>
#include <cmath>
#include <utility>

namespace model {

Producer::Producer(sim::Engine& engine, ProducerSpec spec, SqsQueue& queue, MessageIdSource& ids, Streams streams)
    : engine_(engine),
      self_(engine.add_sink(*this)),
      spec_(std::move(spec)),
      queue_(queue),
      ids_(ids),
      streams_(std::move(streams)),
      bodies_(spec_.body, spec_.name),
      arrivals_(spec_.arrival, spec_.start, spec_.count, spec_.stop, std::move(streams_.arrivals),
                std::move(streams_.trace)) {}

void Producer::start() {
  schedule_next();
}

void Producer::schedule_next() {
  const auto at = arrivals_.next(engine_.now());
  if (!at) {
    finished_ = true;
    return;
  }
  engine_.schedule_at(*at, self_, 0);
}

void Producer::on_event(const sim::Event&) {
  ++counters_.produced;
  // A retrying client sends the same message again: same body, same MessageDeduplicationId.
  const bool duplicate = logical_seq_ > 0 && spec_.duplicate_fraction > 0.0 &&
                         boost::random::bernoulli_distribution<double>(spec_.duplicate_fraction)(streams_.duplicates);
  if (duplicate) {
    ++counters_.duplicate_sends;
  } else {
    bodies_.body(logical_seq_++, streams_.bodies, last_body_);
  }
  send(last_body_, logical_seq_ - 1);
  schedule_next();
}

void Producer::send(const std::string& body, std::uint64_t seq) {
  SendRequest r;
  r.id = ids_.next();
  r.body = body;
  r.size_bytes = spec_.body.size_bytes ? *spec_.body.size_bytes : static_cast<std::uint32_t>(r.body.size());
  if (queue_.is_fifo()) {
    // Groups by a hash of the message number, not round-robin: round-robin aliases with evenly spread invalid bodies
    // (every 100th invalid and 20 groups would put every poison message in one group).
    r.group_id = spec_.name + "-g" + std::to_string(sim::splitmix64(seq) % spec_.message_groups);
    r.deduplication_id = spec_.name + "-" + std::to_string(seq);
  } else if (spec_.delay_s) {
    r.delay = sim::Time{std::llround(sim::sample(*spec_.delay_s, streams_.delays) * 1e6)};
  }
  switch (queue_.send_message(std::move(r))) {
    case SendResult::Stored:
      ++counters_.accepted;
      break;
    case SendResult::Deduplicated:
      ++counters_.deduplicated;
      break;
    default:
      ++counters_.rejected;
      break;
  }
}

void Producer::send_poison(std::uint64_t n) {
  // A bad client release: bodies no consumer can parse, each a new message (its own sequence number and group).
  for (std::uint64_t i = 0; i < n; ++i) {
    ++counters_.produced;
    ++counters_.poison_sent;
    const std::uint64_t seq = logical_seq_++;
    send("INVALID_JSON_POISON_" + std::to_string(seq + 1), seq);
  }
}

}  // namespace model
