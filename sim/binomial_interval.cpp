#include "sim/binomial_interval.hpp"

#include <boost/math/distributions/binomial.hpp>

namespace sim {

Proportion binomial_interval(std::uint64_t successes, std::uint64_t trials, double confidence) {
  Proportion p;
  p.successes = successes;
  p.trials = trials;
  if (trials == 0) return p;
  const double n = static_cast<double>(trials), k = static_cast<double>(successes);
  p.value = k / n;
  const double alpha = (1.0 - confidence) / 2.0;
  using B = boost::math::binomial_distribution<double>;
  p.low = successes == 0 ? 0.0 : B::find_lower_bound_on_p(n, k, alpha, B::clopper_pearson_exact_interval);
  p.high = successes == trials ? 1.0 : B::find_upper_bound_on_p(n, k, alpha, B::clopper_pearson_exact_interval);
  return p;
}

}  // namespace sim
