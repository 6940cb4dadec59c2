#include "sim/distribution.hpp"

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <sstream>

namespace sim {

double DistributionSpec::mean() const {
  switch (kind) {
    case Kind::Fixed:
      return a;
    case Kind::Uniform:
      return (a + b) / 2.0;
    case Kind::Exponential:
      return a;
    case Kind::LogNormal:
      return a * std::exp(b * b / 2.0);
    case Kind::Normal:
      return a;
  }
  return a;
}

std::string DistributionSpec::describe() const {
  std::ostringstream out;
  switch (kind) {
    case Kind::Fixed:
      out << "fixed(" << a << ")";
      break;
    case Kind::Uniform:
      out << "uniform(" << a << ", " << b << ")";
      break;
    case Kind::Exponential:
      out << "exponential(mean " << a << ")";
      break;
    case Kind::LogNormal:
      out << "lognormal(median " << a << ", sigma " << b << ")";
      break;
    case Kind::Normal:
      out << "normal(mean " << a << ", sd " << b << ")";
      break;
  }
  return out.str();
}

double sample(const DistributionSpec& spec, RngEngine& rng) {
  double v = 0.0;
  switch (spec.kind) {
    case DistributionSpec::Kind::Fixed:
      v = spec.a;
      break;
    case DistributionSpec::Kind::Uniform:
      v = spec.a == spec.b ? spec.a : boost::random::uniform_real_distribution<double>(spec.a, spec.b)(rng);
      break;
    case DistributionSpec::Kind::Exponential:
      v = spec.a <= 0.0 ? 0.0 : boost::random::exponential_distribution<double>(1.0 / spec.a)(rng);
      break;
    case DistributionSpec::Kind::LogNormal:
      // Boost's lognormal takes the mean and sigma of the underlying normal: median = exp(m).
      v = spec.a <= 0.0   ? 0.0
          : spec.b <= 0.0 ? spec.a
                          : boost::random::lognormal_distribution<double>(std::log(spec.a), spec.b)(rng);
      break;
    case DistributionSpec::Kind::Normal:
      v = spec.b <= 0.0 ? spec.a : boost::random::normal_distribution<double>(spec.a, spec.b)(rng);
      break;
  }
  return v < 0.0 ? 0.0 : v;
}

Time sample_millis(const DistributionSpec& spec, RngEngine& rng) {
  return Time{std::llround(sample(spec, rng) * 1000.0)};
}

}  // namespace sim
