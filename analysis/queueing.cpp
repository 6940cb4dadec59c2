#include "analysis/queueing.hpp"

#include <Eigen/Dense>
#include <Eigen/Sparse>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace analysis {

double erlang_c(std::uint32_t c, double a) {
  if (c == 0 || a < 0) throw std::invalid_argument("erlang_c: need c >= 1 and a >= 0");
  if (a >= c) return 1.0;
  // Erlang B by its stable recurrence, then C = B / (1 - rho (1 - B)).
  double b = 1.0;
  for (std::uint32_t k = 1; k <= c; ++k) b = a * b / (static_cast<double>(k) + a * b);
  const double rho = a / c;
  return b / (1.0 - rho * (1.0 - b));
}

QueueMetrics mmc(double lambda, double mu, std::uint32_t c) {
  QueueMetrics m;
  const double a = lambda / mu;
  m.utilisation = a / c;
  if (m.utilisation >= 1.0) {
    m.stable = false;
    m.p_wait = 1.0;
    m.mean_wait = m.mean_response = m.mean_in_queue = m.mean_in_system = std::numeric_limits<double>::infinity();
    return m;
  }
  m.p_wait = erlang_c(c, a);
  m.mean_wait = m.p_wait / (c * mu - lambda);
  m.mean_response = m.mean_wait + 1.0 / mu;
  m.mean_in_queue = lambda * m.mean_wait;       // Little's law on the queue
  m.mean_in_system = lambda * m.mean_response;  // and on the whole system
  return m;
}

QueueMetrics mmck(double lambda, double mu, std::uint32_t c, std::uint32_t k) {
  if (k < c) throw std::invalid_argument("mmck: need K >= c");
  const Eigen::Index n = static_cast<Eigen::Index>(k) + 1;
  // The balance equations pi Q = 0 (Q: birth lambda below K, death min(i, c) mu) are tridiagonal: a sparse LU solves
  // thousands of states in microseconds. The last equation is replaced by the normalisation sum(pi) = 1.
  std::vector<Eigen::Triplet<double>> t;
  const auto death = [&](Eigen::Index i) { return static_cast<double>(std::min<Eigen::Index>(i, c)) * mu; };
  for (Eigen::Index j = 0; j + 1 < n; ++j) {  // column j of Q^T: flows out of state j and into it
    const double out = (j + 1 < n ? lambda : 0.0) + (j > 0 ? death(j) : 0.0);
    t.emplace_back(j, j, -out);
    if (j + 1 < n) t.emplace_back(j, j + 1, death(j + 1));  // from j+1 down to j
    if (j > 0) t.emplace_back(j, j - 1, lambda);            // from j-1 up to j
  }
  for (Eigen::Index j = 0; j < n; ++j) t.emplace_back(n - 1, j, 1.0);
  Eigen::SparseMatrix<double> a(n, n);
  a.setFromTriplets(t.begin(), t.end());
  Eigen::SparseLU<Eigen::SparseMatrix<double>> lu;
  lu.compute(a);
  if (lu.info() != Eigen::Success) throw std::runtime_error("mmck: the balance equations could not be factorised");
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(n);
  rhs(n - 1) = 1.0;
  const Eigen::VectorXd pi = lu.solve(rhs);
  QueueMetrics m;
  double busy = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    m.mean_in_system += static_cast<double>(i) * pi(i);
    if (i > c) m.mean_in_queue += static_cast<double>(i - c) * pi(i);
    busy += static_cast<double>(std::min<Eigen::Index>(i, c)) * pi(i);
    if (i >= c) m.p_wait += pi(i);
  }
  m.p_block = std::max(0.0, pi(n - 1));  // round-off can leave a tiny negative
  const double lambda_eff = lambda * (1.0 - m.p_block);
  m.utilisation = busy / c;
  m.mean_response = lambda_eff > 0 ? m.mean_in_system / lambda_eff : 0;  // Little's law
  m.mean_wait = lambda_eff > 0 ? m.mean_in_queue / lambda_eff : 0;
  return m;
}

}  // namespace analysis
