#include "analysis/analyze.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace analysis {

std::uint32_t smallest_stable_servers(double lambda, double mu) {
  if (!(mu > 0) || !(lambda > 0)) return 1;
  return static_cast<std::uint32_t>(std::floor(lambda / mu)) + 1;
}

double response_quantile_bound(double lambda, double mu, std::uint32_t c, double p) {
  const double a = lambda / mu;
  if (a >= static_cast<double>(c)) return std::numeric_limits<double>::infinity();
  // M/M/c: P(Wq > t) = C(c, a) e^{-(c mu - lambda) t}; the service time is exponential with rate mu. The quantile of a
  // sum is at most the sum of the quantiles, so this bound is safe for an SLO.
  const double pw = erlang_c(c, a);
  const double wq = pw > 1 - p ? std::log(pw / (1 - p)) / (static_cast<double>(c) * mu - lambda) : 0.0;
  return wq - std::log(1 - p) / mu;
}

std::optional<std::uint32_t> smallest_servers_meeting(double lambda, double mu, double p, double bound_s,
                                                      std::uint32_t max_c) {
  for (std::uint32_t c = smallest_stable_servers(lambda, mu); c <= max_c; ++c)
    if (response_quantile_bound(lambda, mu, c, p) <= bound_s) return c;
  return std::nullopt;
}

std::vector<MappingAnalysis> analyze(const model::ScenarioSpec& spec) {
  std::vector<MappingAnalysis> out;
  for (const auto& m : spec.event_source_mappings) {
    MappingAnalysis a;
    a.queue = m.queue;
    a.function = m.function;
    const auto f =
        std::find_if(spec.functions.begin(), spec.functions.end(), [&](const auto& x) { return x.name == m.function; });
    if (f == spec.functions.end()) continue;
    for (const auto& p : spec.producers) {
      if (p.queue != m.queue) continue;
      const auto& ar = p.arrival;
      if (ar.kind == model::ArrivalSpec::Kind::Constant || ar.kind == model::ArrivalSpec::Kind::Poisson) {
        a.lambda += ar.rate_per_second;
      } else if (ar.kind == model::ArrivalSpec::Kind::Trace && ar.trace.size() > 1) {
        a.lambda +=
            static_cast<double>(ar.trace.size()) * ar.rate_multiplier / (ar.trace.back().seconds() * ar.time_scale);
      } else if (ar.kind == model::ArrivalSpec::Kind::Counts && !ar.counts.empty()) {
        double total = 0;
        for (const auto c : ar.counts) total += static_cast<double>(c);
        a.lambda += total * ar.rate_multiplier /
                    (static_cast<double>(ar.counts.size()) * ar.count_period.seconds() * ar.time_scale);
      }
      if (ar.kind != model::ArrivalSpec::Kind::Poisson)
        a.caveats.push_back("producer " + p.name + " is not Poisson: M/M/c assumes Poisson arrivals");
    }
    // Lambda: the CPU-bound part of the duration scales with 1,769 MB / memory (one vCPU at 1,769 MB).
    const double f_cpu = f->duration.cpu_bound_fraction;
    const double slowdown = (1.0 - f_cpu) + f_cpu * std::max(1.0, 1769.0 / static_cast<double>(f->memory_size_mb));
    // A server is one concurrent batch; under load batches fill, so a message costs 1/b of a batch's invocation.
    const auto service_s = [&](std::uint32_t batch) {
      const double b = static_cast<double>(std::max<std::uint32_t>(batch, 1));
      return (f->duration.per_invocation_ms.mean() / b + f->duration.per_record_ms.mean()) * slowdown / 1000.0;
    };
    a.batch_size = std::max<std::uint32_t>(m.batch_size, 1);
    a.service_s = service_s(a.batch_size);
    std::uint32_t c = f->reserved_concurrency.value_or(spec.account.concurrency_limit);
    if (m.scaling.mode == model::EsmScalingSpec::Mode::Fixed) c = std::min(c, m.scaling.fixed);
    if (m.scaling.maximum_concurrency) c = std::min(c, *m.scaling.maximum_concurrency);
    c = std::min(c, m.scaling.ceiling);
    a.servers = std::max<std::uint32_t>(c, 1);
    if (a.lambda > 0 && a.service_s > 0) {
      const double mu = 1.0 / a.service_s;
      a.mmc = mmc(a.lambda, mu, a.servers);
      const auto q =
          std::find_if(spec.queues.begin(), spec.queues.end(), [&](const auto& x) { return x.name == m.queue; });
      const std::uint32_t buffer = std::min<std::uint32_t>(q != spec.queues.end() ? q->in_flight_limit : 1000, 2000);
      a.mmck = mmck(a.lambda, mu, a.servers, a.servers + buffer);
      a.stable_servers = smallest_stable_servers(a.lambda, mu);
      // Batch sizes tried: 1..10 one by one, then doubling up to SQS's 10,000.
      const auto next_batch = [](std::uint32_t b) { return b < 10 ? b + 1 : b * 2; };
      // The scenario's first latency SLO (a GameDay's expectations are about faults, not capacity).
      for (const auto& x : spec.slos) {
        if (x.kind != model::GameDayExpectation::Kind::LatencyPercentileBelow) continue;
        a.slo_name = x.name;
        a.slo_servers = smallest_servers_meeting(a.lambda, mu, x.percentile / 100.0, x.threshold / 1000.0);
        for (std::uint32_t batch = 1; batch <= 10'000; batch = next_batch(batch))
          if (response_quantile_bound(a.lambda, 1.0 / service_s(batch), a.servers, x.percentile / 100.0) <=
              x.threshold / 1000.0) {
            a.slo_batch_size = batch;
            break;
          }
        break;
      }
      for (std::uint32_t batch = 1; batch <= 10'000 && !a.mmc.stable; batch = next_batch(batch)) {
        if (a.lambda * service_s(batch) < static_cast<double>(a.servers)) {
          a.stable_batch_size = batch;
          break;
        }
      }
    }
    if (m.batch_size > 1 || m.maximum_batching_window.us > 0)
      a.caveats.push_back("batching (batch size " + std::to_string(m.batch_size) + ", window " +
                          std::to_string(m.maximum_batching_window.us / 1'000'000) +
                          " s): the theory assumes full batches sharing one invocation's fixed cost; records also wait "
                          "for a batch to fill or its window to end");
    if (f->provisioned_concurrency < a.servers) a.caveats.push_back("cold starts add init time the theory leaves out");
    if (m.scaling.mode == model::EsmScalingSpec::Mode::Auto || m.scaling.mode == model::EsmScalingSpec::Mode::Legacy)
      a.caveats.push_back("the mapping starts with 5 concurrent batches and scales up by minutes, not instantly");
    if (f->duration.per_invocation_ms.kind != sim::DistributionSpec::Kind::Exponential)
      a.caveats.push_back("service times are not exponential (M/M/c assumes they are)");
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace analysis
