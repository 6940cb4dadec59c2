// `sqsim analyze`: each event source mapping of a scenario seen as an M/M/c queue — arrival rate from its producers,
// service time per message from the duration model (memory's CPU share applied), servers from the concurrency limits —
// so users see the theory beside the simulated result, and where it stops holding.
#pragma once

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
};

std::vector<MappingAnalysis> analyze(const model::ScenarioSpec& spec);

}  // namespace analysis
