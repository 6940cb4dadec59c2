#include "model/producer.hpp"

#include <algorithm>
#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <utility>

#include "sim/slot_pool.hpp"

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
  const sim::DistributionSpec& latency = queue_.spec().api_latency.send_message_ms;
  if (latency.kind == sim::DistributionSpec::Kind::Fixed)
    shift_ = sim::Time{sim::round_to_int64(std::max(0.0, latency.a) * 1e3)};
  schedule_next();
}

void Producer::schedule_next() {
  const sim::Time at = arrivals_.next_time(engine_.now() - shift_);
  if (at == ArrivalProcess::kOver) {
    finished_ = true;
    return;
  }
  engine_.schedule_at(at + shift_, self_, kArrival);
}

void Producer::on_event(const sim::Event& e) {
  if (e.kind == kRetry) {
    retry(e.arg);
    return;
  }
  if (e.kind == kSendArrives) {
    const PendingSend& p = unpark(e.arg);
    attempt(p.request, 1, p.first_attempt);
    return;
  }
  ++counters_.produced;
  // A retrying client sends the same message again: same body, same MessageDeduplicationId.
  const bool duplicate = logical_seq_ > 0 && spec_.duplicate_fraction > 0.0 &&
                         boost::random::bernoulli_distribution<double>(spec_.duplicate_fraction)(streams_.duplicates);
  // The body is written straight into the reused request; a duplicate send leaves it as it is (poison bodies go
  // through their own request).
  if (duplicate) {
    ++counters_.duplicate_sends;
  } else {
    bodies_.body(logical_seq_++, streams_.bodies, request_.body);
  }
  send(request_, logical_seq_ - 1, true);
  schedule_next();
}

void Producer::send(SendRequest& r, std::uint64_t seq, bool shifted) {
  r.id = ids_.next();
  r.size_bytes = spec_.body.size_bytes ? *spec_.body.size_bytes : static_cast<std::uint32_t>(r.body.size());
  r.delay = sim::Time{-1};
  r.group_id.clear();
  r.deduplication_id.clear();
  if (queue_.is_fifo()) {
    // Groups by a hash of the message number, not round-robin: round-robin aliases with evenly spread invalid bodies
    // (every 100th invalid and 20 groups would put every poison message in one group).
    r.group_id = spec_.name + "-g" + std::to_string(sim::splitmix64(seq) % spec_.message_groups);
    r.deduplication_id = spec_.name + "-" + std::to_string(seq);
  } else if (spec_.delay_s) {
    r.delay = sim::Time{sim::round_to_int64(sim::sample(*spec_.delay_s, streams_.delays) * 1e6)};
  }
  // SQS: the message is stored when the SendMessage request reaches the queue, a moment after the client sent it.
  if (shifted && shift_.us > 0) {
    attempt(r, 1, engine_.now() - shift_);  // the arrival event is already that moment
    return;
  }
  const sim::Time latency = sim::sample_millis(queue_.spec().api_latency.send_message_ms, streams_.latency);
  if (latency.us <= 0) {
    attempt(r, 1, engine_.now());
    return;
  }
  last_send_arrives_ = std::max(last_send_arrives_, engine_.now() + latency);
  const sim::Time now = engine_.now();
  ++counters_.pending;
  engine_.schedule_at(last_send_arrives_, self_, kSendArrives, park(r, 0, now));
}

std::uint64_t Producer::park(const SendRequest& r, std::uint32_t attempts, sim::Time first_attempt) {
  const std::uint64_t slot = sim::take_slot(free_slots_, pending_);
  PendingSend& p = pending_[slot];
  p.request = r;
  p.attempts = attempts;
  p.first_attempt = first_attempt;
  return slot;
}

Producer::PendingSend& Producer::unpark(std::uint64_t slot) {
  // Swapped, not moved: the slot keeps the previous unparked request's storage for its next use.
  std::swap(unparked_, pending_[slot]);
  sim::release_slot(free_slots_, slot);
  --counters_.pending;
  return unparked_;
}

namespace {

// Which refusals a policy retries. SQS: AccessDenied (a deny-all queue policy) is a client error the AWS SDKs do not
// retry; throttling is. Too large and missing FIFO ids can never succeed, so nobody retries them.
bool retryable(SendFailurePolicy::Kind policy, SendResult r) {
  switch (policy) {
    case SendFailurePolicy::Kind::None:
      return false;
    case SendFailurePolicy::Kind::SdkRetries:
      return r == SendResult::Throttled;
    case SendFailurePolicy::Kind::Outbox:
      return r == SendResult::Throttled || r == SendResult::AccessDenied;
  }
  return false;
}

}  // namespace

void Producer::attempt(const SendRequest& r, std::uint32_t attempts, sim::Time first_attempt) {
  const SendFailurePolicy& policy = spec_.send_failure;
  const SendResult result = queue_.send_message(r);  // the queue copies what it stores; r stays for a retry
  switch (result) {
    case SendResult::Stored:
      ++counters_.accepted;
      if (attempts > 1) ++counters_.sent_after_retry;
      return;
    case SendResult::Deduplicated:
      ++counters_.deduplicated;
      return;
    default:
      break;
  }
  // Refused. Sleep before retry i: a uniform fraction (full jitter) of min(base * 2^(i-1), cap).
  const sim::Time cap =
      std::min(policy.max_backoff, policy.base_backoff * (std::int64_t{1} << std::min(attempts - 1, 30U)));
  const sim::Time sleep{sim::round_to_int64(
      boost::random::uniform_real_distribution<double>(0.0, 1.0)(streams_.retries) * static_cast<double>(cap.us))};
  const bool in_time = policy.kind == SendFailurePolicy::Kind::Outbox
                           ? engine_.now() + sleep - first_attempt <= policy.deadline
                           : attempts < policy.max_attempts;
  if (!retryable(policy.kind, result) || !in_time) {
    ++counters_.rejected;
    if (attempts > 1) ++counters_.gave_up;
    return;
  }
  ++(result == SendResult::AccessDenied ? counters_.retried_access_denied : counters_.retried_throttled);
  ++counters_.pending;
  engine_.schedule_in(sleep, self_, kRetry, park(r, attempts, first_attempt));
}

void Producer::retry(std::uint64_t slot) {
  const PendingSend& p = unpark(slot);
  ++counters_.retries;
  attempt(p.request, p.attempts + 1, p.first_attempt);
}

void Producer::send_poison(std::uint64_t n) {
  // A bad client release: bodies no consumer can parse, each a new message (its own sequence number and group).
  for (std::uint64_t i = 0; i < n; ++i) {
    ++counters_.produced;
    ++counters_.poison_sent;
    const std::uint64_t seq = logical_seq_++;
    poison_request_.body = "INVALID_JSON_POISON_" + std::to_string(seq + 1);
    send(poison_request_, seq, false);
  }
}

}  // namespace model
