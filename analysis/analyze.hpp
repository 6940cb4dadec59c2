// `sqsim analyze`: each event source mapping of a scenario seen as an M/M/c queue — arrival rate from its producers,
// service time per message from the duration model (memory's CPU share applied), servers from the concurrency limits —
// so users see the theory beside the simulated result, and where it stops holding.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/queueing.hpp"
#include "model/spec.hpp"

namespace analysis {

struct MappingAnalysis {
  std::string queue, function;
  double lambda = 0;          // messages per second offered to the queue (constant/Poisson producers; traces averaged)
  double service_s = 0;       // mean seconds of one server (a concurrent batch) per message, batches assumed full
  std::uint32_t servers = 0;  // min(reserved or account concurrency, MaximumConcurrency, the mapping's ceiling)
  QueueMetrics mmc;
  QueueMetrics mmck;                 // with K = servers + the queue's in-flight limit (a finite buffer)
  std::vector<std::string> caveats;  // where the model departs from M/M/c (batching, cold starts, retries...)

  // The capacity answer under M/M/c. At utilisation >= 1 the queue grows without bound: these say what would fix it.
  std::uint32_t batch_size = 1;
  std::uint32_t stable_servers = 0;  // the smallest c with rho < 1 at this batch size
  // The smallest c whose latency percentile (conservatively: the waiting-time percentile plus the service-time
  // percentile, both exponential) is within the scenario's first latency SLO; unset without one, or beyond 100,000.
  std::optional<std::uint32_t> slo_servers;
  std::string slo_name;
  // At the current c, the smallest batch size (1..10,000) that makes it stable; unset: none does.
  std::optional<std::uint32_t> stable_batch_size;
  // At the current c, the smallest batch size (1..10,000) whose latency percentile (the same conservative bound as
  // slo_servers) is within the first latency SLO; unset without one, or when none does.
  std::optional<std::uint32_t> slo_batch_size;
};

std::vector<MappingAnalysis> analyze(const model::ScenarioSpec& spec);

// The smallest c with lambda < c mu (rho < 1).
std::uint32_t smallest_stable_servers(double lambda, double mu);
// The p-quantile of the M/M/c response time, bounded above by quantile(Wq) + quantile(S); infinity when unstable.
double response_quantile_bound(double lambda, double mu, std::uint32_t c, double p);
// The smallest c (up to max_c) whose response_quantile_bound is <= bound_s.
std::optional<std::uint32_t> smallest_servers_meeting(double lambda, double mu, double p, double bound_s,
                                                      std::uint32_t max_c = 100'000);

}  // namespace analysis
