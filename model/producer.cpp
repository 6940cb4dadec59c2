#include "model/producer.hpp"

#include <boost/random/exponential_distribution.hpp>
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
  if (spec_.arrival.kind == ArrivalSpec::Kind::Constant) {
    engine_.schedule_at(spec_.start, self_, 0);
  } else {
    schedule_next(spec_.start);
  }
}

sim::Time Producer::next_gap() {
  // Poisson arrivals: exponential gaps, drawn from this producer's own stream.
  const double s = boost::random::exponential_distribution<double>(spec_.arrival.rate_per_second)(streams_.arrivals);
  return sim::Time{std::llround(s * 1e6)};
}

void Producer::schedule_next(sim::Time from) {
  sim::Time at;
  if (spec_.arrival.kind == ArrivalSpec::Kind::Constant) {
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
  const std::uint64_t seq = counters_.produced++;
  std::string body = bodies_.body(seq, streams_.bodies);
  const auto size = spec_.body.size_bytes ? *spec_.body.size_bytes : static_cast<std::uint32_t>(body.size());
  if (queue_.send_message(ids_.next(), std::move(body), size)) {
    ++counters_.accepted;
  } else {
    ++counters_.rejected;
  }
  if (spec_.count && counters_.produced >= *spec_.count) {
    finished_ = true;
    return;
  }
  schedule_next(engine_.now());
}

}  // namespace model
