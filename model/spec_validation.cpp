#include "model/spec_validation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "model/aws_ranges.hpp"

namespace model {

namespace {

// 10000 as "10000", 0.5 as "0.5" (the loader's range_text style).
std::string num(double v) {
  if (v == std::floor(v) && std::abs(v) < 1e15) return fmt::format("{:.0f}", v);
  return fmt::format("{:g}", v);
}

void check(Diagnostics& d, const std::string& path, const char* key, double v, const AwsRange& r) {
  if (!r.contains(v))
    d.error(path + "." + key,
            fmt::format("got {}, expected a number from {} to {} ({})", num(v), num(r.lo), num(r.hi), r.rule));
}

std::string at(const char* array, std::size_t i) {
  return fmt::format("$.{}[{}]", array, i);
}

}  // namespace

bool Diagnostics::has_errors() const {
  return std::any_of(findings_.begin(), findings_.end(), [](const Finding& f) { return f.error; });
}

void validate(const QueueSpec& q, Diagnostics& d, const std::string& p) {
  using namespace ranges;
  check(d, p, "visibility_timeout_s", q.visibility_timeout.seconds(), kVisibilityTimeoutS);
  check(d, p, "message_retention_period_s", q.message_retention_period.seconds(), kMessageRetentionPeriodS);
  check(d, p, "delay_seconds", q.delay_seconds.seconds(), kDelaySeconds);
  check(d, p, "receive_message_wait_time_s", q.receive_message_wait_time.seconds(), kReceiveMessageWaitTimeS);
  check(d, p, "maximum_message_size", q.maximum_message_size, kMaximumMessageSize);
  if (q.redrive_policy)
    check(d, p + ".redrive_policy", "max_receive_count", q.redrive_policy->max_receive_count, kMaxReceiveCount);
  // SQS: a FIFO queue's name ends in ".fifo", and only FIFO queues may have that suffix.
  if (q.fifo && !q.name.ends_with(".fifo"))
    d.error(p + ".name",
            "got \"" + q.name + "\", expected a name ending in \".fifo\" (SQS requires it for FIFO queues)");
  if (!q.fifo && q.name.ends_with(".fifo"))
    d.error(p + ".type",
            "a queue named \"" + q.name + "\" must have \"type\": \"fifo\" (SQS reserves the .fifo suffix)");
  if (q.content_based_deduplication && !q.fifo)
    d.error(p + ".content_based_deduplication", "is only valid for FIFO queues");
  // SQS: FIFO queues deliver exactly once.
  if (q.fifo && q.duplicate_delivery_probability > 0.0)
    d.error(p + ".duplicate_delivery_probability", "FIFO queues deliver exactly once; expected 0");
}

void validate(const FunctionSpec& f, Diagnostics& d, const std::string& p) {
  using namespace ranges;
  check(d, p, "memory_size_mb", f.memory_size_mb, kMemorySizeMb);
  check(d, p, "timeout_s", f.timeout.seconds(), kTimeoutS);
  if (f.reserved_concurrency) check(d, p, "reserved_concurrency", *f.reserved_concurrency, kReservedConcurrency);
  check(d, p, "provisioned_concurrency", f.provisioned_concurrency, kProvisionedConcurrency);
  // Lambda: provisioned concurrency comes out of the function's reserved concurrency.
  if (f.reserved_concurrency && f.provisioned_concurrency > *f.reserved_concurrency)
    d.error(p + ".provisioned_concurrency", fmt::format("got {}, expected at most the reserved concurrency ({})",
                                                        f.provisioned_concurrency, *f.reserved_concurrency));
}

void validate(const EventSourceMappingSpec& m, const QueueSpec* source, Diagnostics& d, const std::string& p) {
  using namespace ranges;
  check(d, p, "batch_size", m.batch_size, kBatchSize);
  check(d, p, "maximum_batching_window_s", m.maximum_batching_window.seconds(), kMaximumBatchingWindowS);
  if (m.scaling.maximum_concurrency)
    check(d, p, "maximum_concurrency", *m.scaling.maximum_concurrency, kMaximumConcurrency);
  check(d, p + ".scaling", "minimum_pollers", m.scaling.minimum_pollers, kMinimumPollers);
  check(d, p + ".scaling", "maximum_pollers", m.scaling.maximum_pollers, kMaximumPollers);
  // Lambda: a batch size above 10 requires MaximumBatchingWindowInSeconds >= 1.
  if (m.batch_size > 10 && m.maximum_batching_window < sim::seconds(1))
    d.error(p + ".batch_size",
            fmt::format("got {}, expected at most 10 unless maximum_batching_window_s is at least 1 "
                        "(Lambda: a batch size above 10 requires MaximumBatchingWindowInSeconds >= 1)",
                        m.batch_size));
  if (m.scaling.maximum_pollers < m.scaling.minimum_pollers)
    d.error(p + ".scaling.maximum_pollers", "expected at least minimum_pollers");
  if (m.scaling.mode == EsmScalingSpec::Mode::Provisioned && m.scaling.maximum_concurrency)
    d.error(p + ".maximum_concurrency",
            "Lambda: provisioned mode excludes ScalingConfig.MaximumConcurrency (set maximum_pollers instead)");
  if (source != nullptr && source->fifo) {
    // Lambda: FIFO event sources take at most 10 records per batch and no batching window.
    if (m.batch_size > kFifoBatchSize.hi)
      d.error(p + ".batch_size", fmt::format("got {}, expected 1 to 10 for a FIFO queue", m.batch_size));
    if (m.maximum_batching_window.us > 0)
      d.error(p + ".maximum_batching_window_s",
              "expected 0: Lambda does not support a batching window for FIFO queues");
  }
}

void validate(const ArrivalSpec& a, Diagnostics& d, const std::string& p) {
  const AwsRange& bound = ranges::kArrivalRatePerS;
  if (a.kind == ArrivalSpec::Kind::Constant || a.kind == ArrivalSpec::Kind::Poisson) {
    if (!bound.contains(a.rate_per_second))
      d.error(p + ".rate_per_s", fmt::format("got {:.3g} arrivals per second after rate_multiplier, expected {}",
                                             a.rate_per_second, bound.rule));
  } else if (a.kind == ArrivalSpec::Kind::Counts) {
    // The busiest period, replayed, must stay within the rate a constant arrival may have.
    const double period_s = std::max(1e-6, a.count_period.seconds() * a.time_scale);
    for (std::size_t i = 0; i < a.counts.size(); ++i) {
      const double rate = static_cast<double>(a.counts[i]) * a.rate_multiplier / period_s;
      if (rate <= bound.hi) continue;
      d.error(p + ".counts", fmt::format("period {} holds {} arrivals, {:.3g} per second after time_scale and "
                                         "rate_multiplier; expected {}",
                                         i, a.counts[i], rate, bound.rule));
      break;
    }
  }
}

void validate(const ProducerSpec& pr, Diagnostics& d, const std::string& p) {
  check(d, p, "duplicate_fraction", pr.duplicate_fraction, ranges::kDuplicateFraction);
  validate(pr.arrival, d, p + ".arrival");
}

void validate(const ScenarioSpec& s, Diagnostics& d) {
  for (std::size_t i = 0; i < s.queues.size(); ++i) validate(s.queues[i], d, at("queues", i));
  for (std::size_t i = 0; i < s.functions.size(); ++i) validate(s.functions[i], d, at("functions", i));
  for (std::size_t i = 0; i < s.producers.size(); ++i) {
    const ProducerSpec& pr = s.producers[i];
    validate(pr, d, at("producers", i));
    const auto q =
        std::find_if(s.queues.begin(), s.queues.end(), [&](const QueueSpec& x) { return x.name == pr.queue; });
    // SQS: FIFO queues have no per-message DelaySeconds.
    if (q != s.queues.end() && q->fifo && pr.delay_s)
      d.error(at("producers", i) + ".delay_s",
              "FIFO queues do not support per-message DelaySeconds; set the queue's delay_seconds instead");
  }
  for (std::size_t i = 0; i < s.invokers.size(); ++i)
    validate(s.invokers[i].arrival, d, at("invokers", i) + ".arrival");
  // Lambda: reserved concurrency can take up to the account limit minus 100 (kept for unreserved functions).
  std::uint64_t reserved = 0;
  for (const FunctionSpec& f : s.functions) reserved += f.reserved_concurrency.value_or(0);
  const std::uint64_t limit = s.account.concurrency_limit;
  if (reserved > 0 && reserved + 100 > limit)
    d.error("$.functions", fmt::format("reserved concurrency totals {}, expected at most {} (Lambda keeps 100 of the "
                                       "account's {} unreserved)",
                                       reserved, limit > 100 ? limit - 100 : 0, limit));
  for (std::size_t i = 0; i < s.event_source_mappings.size(); ++i) {
    const EventSourceMappingSpec& m = s.event_source_mappings[i];
    const std::string p = at("event_source_mappings", i);
    const auto q =
        std::find_if(s.queues.begin(), s.queues.end(), [&](const QueueSpec& x) { return x.name == m.queue; });
    const auto f = std::find_if(s.functions.begin(), s.functions.end(),
                                [&](const FunctionSpec& x) { return x.name == m.function; });
    validate(m, q == s.queues.end() ? nullptr : &*q, d, p);
    if (q == s.queues.end() || f == s.functions.end()) continue;
    // AWS: set the queue's visibility timeout to at least 6 x the function timeout, plus the batching window.
    const sim::Time advised = f->timeout * 6 + m.maximum_batching_window;
    if (q->visibility_timeout < advised)
      d.warning(p, fmt::format("queue \"{}\" has visibility_timeout_s {} but AWS advises at least 6 x the function "
                               "timeout + the batching window = {} s, or messages may be retried while still being "
                               "processed (services-sqs-configure)",
                               q->name, q->visibility_timeout.us / 1000000, advised.us / 1000000));
  }
}

}  // namespace model
