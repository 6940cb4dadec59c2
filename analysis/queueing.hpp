// Queueing theory for a first cut in milliseconds: M/M/c with Erlang C, and the finite M/M/c/K birth-death chain
// solved as a linear system (Eigen). Rates per second, times in seconds.
#pragma once

#include <cstdint>

namespace analysis {

struct QueueMetrics {
  double utilisation = 0;     // rho = lambda / (c mu)
  double p_wait = 0;          // probability an arrival waits (Erlang C), or finds all servers busy (M/M/c/K)
  double mean_wait = 0;       // Wq
  double mean_response = 0;   // W = Wq + 1/mu
  double mean_in_queue = 0;   // Lq
  double mean_in_system = 0;  // L = lambda_effective W (Little's law)
  double p_block = 0;         // M/M/c/K: an arrival finds the system full (0 for M/M/c)
  bool stable = true;         // M/M/c: rho < 1
};

// Erlang C probability of waiting for c servers and offered load a = lambda / mu (a < c).
double erlang_c(std::uint32_t c, double a);
QueueMetrics mmc(double lambda, double mu, std::uint32_t c);
// The birth-death chain on states 0..K (K >= c): pi Q = 0, sum pi = 1, solved with Eigen.
QueueMetrics mmck(double lambda, double mu, std::uint32_t c, std::uint32_t k);

}  // namespace analysis
