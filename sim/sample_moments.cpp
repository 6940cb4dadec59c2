#include "sim/sample_moments.hpp"

#include <boost/math/distributions/students_t.hpp>

namespace sim {

SampleMoments sample_moments(std::span<const double> values) {
  SampleMoments m;
  double sum = 0;
  for (const double v : values) {
    if (std::isnan(v)) continue;
    ++m.n;
    sum += v;
  }
  if (m.n == 0) return m;
  m.mean = sum / static_cast<double>(m.n);
  if (m.n < 2) return m;
  double ss = 0;
  for (const double v : values)
    if (!std::isnan(v)) ss += (v - m.mean) * (v - m.mean);
  m.variance = ss / static_cast<double>(m.n - 1);
  return m;
}

double student_t_975(double degrees_of_freedom) {
  return boost::math::quantile(boost::math::complement(boost::math::students_t(degrees_of_freedom), 0.025));
}

DifferenceInterval welch_95(const SampleMoments& a, const SampleMoments& b) {
  const double d = b.mean - a.mean;
  const double va = a.variance / static_cast<double>(a.n), vb = b.variance / static_cast<double>(b.n);
  const double se = std::sqrt(va + vb);
  if (se == 0) return {d, d};
  const double df =
      (va + vb) * (va + vb) / (va * va / static_cast<double>(a.n - 1) + vb * vb / static_cast<double>(b.n - 1));
  const double t = student_t_975(df);
  return {d - t * se, d + t * se};
}

}  // namespace sim
