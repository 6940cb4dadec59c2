#include "model/dependencies.hpp"

#include <boost/random/bernoulli_distribution.hpp>
#include <cmath>

#include "model/publisher.hpp"
#include "sim/distribution.hpp"

namespace model {

void InvocationMeter::spend(sim::Time t) {
  if (deadline_hit) throw lambda::DeadlineExceeded("Task timed out");
  if (budget != sim::Time::max() && elapsed + t > budget) {
    elapsed = budget;
    deadline_hit = true;
    throw lambda::DeadlineExceeded("Task timed out");
  }
  elapsed = elapsed + t;
}

SimulatedDependencies::SimulatedDependencies(const FunctionSpec& spec, sim::RngEngine table_stream,
                                             sim::RngEngine downstream_stream)
    : spec_(spec), table_rng_(std::move(table_stream)), downstream_rng_(std::move(downstream_stream)) {
  clock_.d = this;
  table_.d = this;
  downstream_.d = this;
  publisher_.d = this;
}

lambda::Dependencies SimulatedDependencies::handles() {
  lambda::Dependencies h;
  h.clock = &clock_;
  h.logger = &logger_;
  if (spec_.table) h.table = &table_;
  if (spec_.downstream) h.downstream = &downstream_;
  if (spec_.handler_publishes) h.publisher = &publisher_;
  return h;
}

void SimulatedDependencies::begin_invocation(sim::Time now, sim::Time budget) {
  meter_ = InvocationMeter{now, sim::Time{0}, budget, false};
}

namespace {

sim::Time latency(const sim::DistributionSpec& d, sim::RngEngine& rng) {
  return sim::Time{std::max<std::int64_t>(1, sim::round_to_int64(std::max(0.0, sim::sample(d, rng)) * 1000.0))};
}

}  // namespace

lambda::CallStatus SimulatedDependencies::Table::request(bool write, double units) {
  const TableSpec& s = *d->spec_.table;
  // Each request's latency and outcome are drawn in the same order whatever happens next: one stream per table.
  const sim::Time t = latency(s.latency_ms, d->table_rng_);
  const bool error = s.error_probability > 0 &&
                     boost::random::bernoulli_distribution<double>(std::min(1.0, s.error_probability))(d->table_rng_);
  d->meter_.spend(t);
  // Provisioned capacity, per second of virtual time (DynamoDB also banks 300 s of unused capacity as burst; not
  // modelled: a conservative reading).
  const std::int64_t sec = d->meter_.now().us / 1'000'000;
  if (sec != second) {
    second = sec;
    reads_this_second = writes_this_second = 0;
  }
  const std::optional<double>& cap = write ? s.write_capacity_per_s : s.read_capacity_per_s;
  double& used = write ? writes_this_second : reads_this_second;
  if (cap && used + units > *cap) {
    ++counters.throttled;  // ProvisionedThroughputExceededException: no units consumed
    return lambda::CallStatus::Throttled;
  }
  used += units;
  if (error) {
    ++counters.errors;
    return lambda::CallStatus::Error;
  }
  return lambda::CallStatus::Ok;
}

lambda::KeyValueTable::PutResult SimulatedDependencies::Table::put_if_absent(const std::string& key,
                                                                             const std::string& value,
                                                                             std::int64_t ttl_s) {
  // DynamoDB: one write request unit per 1 KB of item; a failed condition still consumes them.
  const double units = std::max(1.0, std::ceil(static_cast<double>(key.size() + value.size() + 16) / 1024.0));
  PutResult r;
  r.status = request(true, units);
  if (r.status != lambda::CallStatus::Ok) return r;
  counters.write_units += units;
  ++counters.writes;
  const sim::Time now = d->meter_.now();
  auto it = items.find(key);
  // DynamoDB TTL: an expired item is as good as gone for the condition (its deletion is lazy in AWS; here at once).
  if (it != items.end() && it->second.expires_at <= now) {
    items.erase(it);
    ++counters.expired_items;
    it = items.end();
  }
  if (it != items.end()) {
    ++counters.conditional_check_failures;  // ConditionalCheckFailedException
    return r;
  }
  items.emplace(key, Item{value, ttl_s > 0 ? now + sim::seconds(ttl_s) : sim::Time::max()});
  r.written = true;
  return r;
}

lambda::KeyValueTable::GetResult SimulatedDependencies::Table::get(const std::string& key) {
  GetResult r;
  r.status = request(false, 1.0);  // a strongly consistent read of an item under 4 KB: 1 read request unit
  if (r.status != lambda::CallStatus::Ok) return r;
  counters.read_units += 1.0;
  ++counters.reads;
  const auto it = items.find(key);
  if (it != items.end() && it->second.expires_at > d->meter_.now()) r.value = it->second.value;
  return r;
}

lambda::Downstream::Response SimulatedDependencies::Downstream::call(const std::string&) {
  const DownstreamSpec& s = *d->spec_.downstream;
  ++counters.calls;
  const sim::Time drawn = latency(s.latency_ms, d->downstream_rng_) + d->downstream_faults_.added_latency;
  const bool error = s.error_probability > 0 && boost::random::bernoulli_distribution<double>(
                                                    std::min(1.0, s.error_probability))(d->downstream_rng_);
  Response r;
  // Unreachable, or slower than the client waits: the client gives up at its timeout.
  if (d->downstream_faults_.outage || drawn > s.timeout) {
    d->meter_.spend(s.timeout);
    ++counters.timeouts;
    r.status = lambda::CallStatus::Timeout;
    return r;
  }
  d->meter_.spend(drawn);
  const std::int64_t sec = d->meter_.now().us / 1'000'000;
  if (sec != second) {
    second = sec;
    this_second = 0;
  }
  if (s.max_requests_per_s && this_second + 1 > *s.max_requests_per_s) {
    ++counters.throttled;
    r.status = lambda::CallStatus::Throttled;
    return r;
  }
  this_second += 1;
  if (error) {
    ++counters.errors;
    r.status = lambda::CallStatus::Error;
    return r;
  }
  ++counters.ok;
  r.body = "{}";
  return r;
}

lambda::CallStatus SimulatedDependencies::EventPublisher::publish(const std::string& body) {
  if (d->publisher_target_ == nullptr) return lambda::CallStatus::Error;
  d->publisher_target_->publish(body, static_cast<std::uint32_t>(body.size()));
  ++published;
  return lambda::CallStatus::Ok;
}

void SimulatedDependencies::Logger::log(const std::string& level, const std::string&) {
  ++lines;
  ++by_level[level];
}

}  // namespace model
