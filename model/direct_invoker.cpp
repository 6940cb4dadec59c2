#include "model/direct_invoker.hpp"

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <utility>

#include "sim/slot_pool.hpp"

namespace model {

DirectInvoker::DirectInvoker(sim::Engine& engine, InvokerSpec spec, LambdaFunction& function, SqsQueue* destination,
                             MessageIdSource& ids, Streams streams)
    : engine_(engine),
      self_(engine.add_sink(*this)),
      spec_(std::move(spec)),
      function_(function),
      destination_(destination),
      ids_(ids),
      streams_(std::move(streams)),
      arrivals_(spec_.arrival, spec_.start, spec_.count, spec_.stop, std::move(streams_.arrivals),
                std::move(streams_.trace)) {}

void DirectInvoker::start() {
  const sim::Time at = arrivals_.next_time(engine_.now());
  if (at == ArrivalProcess::kOver) {
    arrivals_done_ = true;
    return;
  }
  engine_.schedule_at(at, self_, kArrival);
}

sim::Time DirectInvoker::jitter_backoff(sim::Time base, std::uint32_t n, sim::Time cap) {
  // Full jitter: uniform in [0, min(cap, base * 2^n)].
  const std::int64_t ceiling = std::min(cap.us, base.us << std::min<std::uint32_t>(n, 30));
  return sim::Time{
      boost::random::uniform_int_distribution<std::int64_t>(0, std::max<std::int64_t>(0, ceiling))(streams_.backoff)};
}

void DirectInvoker::on_event(const sim::Event& e) {
  if (e.kind == kArrival) {
    const std::uint32_t r = sim::take_slot(free_, requests_);
    requests_[r] = Request{engine_.now(), 0, 0, true, counters_.requests, false};
    ++counters_.requests;
    attempt(r);
    const sim::Time at = arrivals_.next_time(engine_.now());
    if (at != ArrivalProcess::kOver) [[likely]] {
      engine_.schedule_at(at, self_, kArrival);
    } else {
      arrivals_done_ = true;
    }
    return;
  }
  attempt(static_cast<std::uint32_t>(e.arg));
}

void DirectInvoker::attempt(std::uint32_t r) {
  Request& q = requests_[r];
  if (spec_.type == InvokerSpec::Type::Async && engine_.now() - q.arrived > spec_.maximum_event_age) {
    ++counters_.expired;
    fail_async(r, "EventAgeExceeded");
    return;
  }
  const bool fails = spec_.error_probability > 0.0 &&
                     boost::random::bernoulli_distribution<double>(spec_.error_probability)(streams_.outcomes);
  // A replayed log's request runs for its own measured duration (rows in arrival order, one arrival per row).
  const std::vector<double>& given = spec_.arrival.trace_duration_ms;
  const InvokeStatus status =
      q.index < given.size()
          ? function_.invoke_direct(*this, r, fails, sim::Time{sim::round_to_int64(given[q.index] * 1000.0)})
          : function_.invoke_direct(*this, r, fails);
  if (status == InvokeStatus::Accepted) return;
  ++counters_.throttled;
  ++q.throttles;
  if (spec_.type == InvokerSpec::Type::Sync) {
    // The caller got a 429 TooManyRequestsException; its own policy decides whether to retry.
    if (q.throttles > spec_.caller_max_retries) {
      ++counters_.failed;
      finish(r);
      return;
    }
    ++counters_.caller_retries;
    engine_.schedule_in(jitter_backoff(spec_.caller_backoff_base, q.throttles, sim::seconds(20)), self_, kAttempt, r);
    return;
  }
  // Lambda retries throttled asynchronous events with exponential backoff (1 s up to 5 min) until the event's age
  // passes the maximum event age.
  engine_.schedule_in(
      std::min(sim::minutes(5), sim::seconds(1) * (std::int64_t{1} << std::min<std::uint32_t>(q.throttles - 1, 9))),
      self_, kAttempt, r);
}

void DirectInvoker::on_invocation_complete(std::uint64_t token, const InvocationResult& result) {
  const auto r = static_cast<std::uint32_t>(token);
  Request& q = requests_[r];
  q.throttles = 0;
  const std::vector<std::int8_t>& flags = spec_.arrival.trace_cold;
  if (!q.compared && q.index < flags.size()) {
    q.compared = true;
    const bool measured = flags[q.index] != 0;
    if (result.cold_start) {
      ++(measured ? cold_flags_.both_cold : cold_flags_.predicted_cold_measured_warm);
    } else {
      ++(measured ? cold_flags_.predicted_warm_measured_cold : cold_flags_.both_warm);
    }
  }
  if (!result.function_error) {
    ++counters_.succeeded;
    latency_.add((engine_.now() - q.arrived).us);
    finish(r);
    return;
  }
  ++counters_.function_errors;
  if (spec_.type == InvokerSpec::Type::Sync) {
    ++counters_.failed;  // the error goes back to the caller; Lambda does not retry synchronous invocations
    finish(r);
    return;
  }
  // Lambda: an asynchronous invocation that errors is retried up to twice, 1 minute then 2 minutes later.
  if (q.errors < spec_.maximum_retry_attempts) {
    ++q.errors;
    ++counters_.async_retries;
    engine_.schedule_in(sim::minutes(q.errors), self_, kAttempt, r);
    return;
  }
  fail_async(r, "RetriesExhausted");
}

void DirectInvoker::fail_async(std::uint32_t r, const char* condition) {
  // Lambda sends a record of the failed event to the on-failure destination (or DLQ); without one it is dropped.
  if (destination_ != nullptr) {
    SendRequest m;
    m.id = ids_.next();
    m.body = std::string("{\"requestContext\":{\"condition\":\"") + condition + "\",\"functionArn\":\"" +
             spec_.function + "\"},\"requestPayload\":{\"invoker\":\"" + spec_.name + "\"}}";
    m.size_bytes = static_cast<std::uint32_t>(m.body.size()) + spec_.payload_bytes;
    if (destination_->is_fifo()) {
      m.group_id = spec_.name;
      m.deduplication_id = std::to_string(m.id);
    }
    ++counters_.destination_sends;
    if (destination_->send_message(std::move(m)) == SendResult::Stored) {
      ++counters_.to_destination;
      finish(r);
      return;
    }
  }
  ++counters_.dropped;
  finish(r);
}

void DirectInvoker::finish(std::uint32_t r) {
  requests_[r].live = false;
  sim::release_slot(free_, r);
}

}  // namespace model
