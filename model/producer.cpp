#include "model/producer.hpp"

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <algorithm>
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
      bodies_(spec_.body, spec_.name) {}

void Producer::start() {
  if (spec_.count && *spec_.count == 0) {
    finished_ = true;
    return;
  }
  switch (spec_.arrival.kind) {
    case ArrivalSpec::Kind::Constant: engine_.schedule_at(spec_.start, self_, 0); break;
    case ArrivalSpec::Kind::Poisson: schedule_next(spec_.start); break;
    case ArrivalSpec::Kind::Trace:
    case ArrivalSpec::Kind::Counts: schedule_next(spec_.start); break;
  }
}

std::uint64_t Producer::copies(double multiplier) {
  // Stochastic rounding keeps the mean exact: 1.5 gives one copy or two, equally often.
  const auto whole = static_cast<std::uint64_t>(multiplier);
  const double frac = multiplier - static_cast<double>(whole);
  return whole + (frac > 0.0 && boost::random::bernoulli_distribution<double>(frac)(streams_.trace) ? 1 : 0);
}

bool Producer::refill_pending() {
  // Draws the next traced arrivals into pending_ (absolute times). False when the trace is exhausted.
  const ArrivalSpec& a = spec_.arrival;
  pending_.clear();
  pending_next_ = 0;
  while (pending_.empty()) {
    if (a.kind == ArrivalSpec::Kind::Trace) {
      if (trace_index_ >= a.trace.size()) return false;
      const sim::Time at = spec_.start + sim::Time{std::llround(static_cast<double>(a.trace[trace_index_++].us) * a.time_scale)};
      pending_.assign(copies(a.rate_multiplier), at);
    } else {
      if (trace_index_ >= a.counts.size()) return false;
      const double period_us = static_cast<double>(a.count_period.us) * a.time_scale;
      const sim::Time begin = spec_.start + sim::Time{std::llround(period_us * static_cast<double>(trace_index_))};
      const std::uint64_t n = copies(static_cast<double>(a.counts[trace_index_++]) * a.rate_multiplier);
      boost::random::uniform_int_distribution<std::int64_t> within(0, std::max<std::int64_t>(0, std::llround(period_us) - 1));
      for (std::uint64_t i = 0; i < n; ++i) pending_.push_back(begin + sim::Time{within(streams_.trace)});
      std::sort(pending_.begin(), pending_.end());
    }
  }
  return true;
}

sim::Time Producer::next_gap() {
  // Poisson arrivals: exponential gaps, drawn from this producer's own stream.
  const double s = boost::random::exponential_distribution<double>(spec_.arrival.rate_per_second)(streams_.arrivals);
  return sim::Time{std::llround(s * 1e6)};
}

void Producer::schedule_next(sim::Time from) {
  sim::Time at;
  if (spec_.arrival.kind == ArrivalSpec::Kind::Trace || spec_.arrival.kind == ArrivalSpec::Kind::Counts) {
    if (pending_next_ >= pending_.size() && !refill_pending()) {
      finished_ = true;
      return;
    }
    at = std::max(pending_[pending_next_++], engine_.now());
  } else if (spec_.arrival.kind == ArrivalSpec::Kind::Constant) {
    ++constant_index_;
    at = spec_.start + sim::Time{static_cast<std::int64_t>(
                           std::floor(static_cast<double>(constant_index_) * 1e6 / spec_.arrival.rate_per_second))};
  } else {
    at = from + next_gap();
  }
  if (spec_.stop && at >= *spec_.stop) {
    finished_ = true;
    return;
  }
  engine_.schedule_at(at, self_, 0);
}

void Producer::on_event(const sim::Event&) {
  ++counters_.produced;
  // A retrying client sends the same message again: same body, same MessageDeduplicationId.
  const bool duplicate = logical_seq_ > 0 && spec_.duplicate_fraction > 0.0 &&
                         boost::random::bernoulli_distribution<double>(spec_.duplicate_fraction)(streams_.duplicates);
  if (duplicate) {
    ++counters_.duplicate_sends;
  } else {
    last_body_ = bodies_.body(logical_seq_++, streams_.bodies);
  }
  const std::uint64_t seq = logical_seq_ - 1;
  SendRequest r;
  r.id = ids_.next();
  r.body = last_body_;
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
    case SendResult::Stored: ++counters_.accepted; break;
    case SendResult::Deduplicated: ++counters_.deduplicated; break;
    default: ++counters_.rejected; break;
  }
  if (spec_.count && counters_.produced >= *spec_.count) {
    finished_ = true;
    return;
  }
  schedule_next(engine_.now());
}

}  // namespace model
