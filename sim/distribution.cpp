#include "sim/distribution.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace sim {

namespace {
// Inverse CDF of sorted samples with linear interpolation between order statistics.
double empirical_quantile(const std::vector<double>& x, double u) {
  if (x.size() == 1) return x.front();
  const double pos = std::clamp(u, 0.0, 1.0) * static_cast<double>(x.size() - 1);
  const auto i = std::min(static_cast<std::size_t>(pos), x.size() - 2);
  return x[i] + (pos - static_cast<double>(i)) * (x[i + 1] - x[i]);
}
}  // namespace

DistributionSpec DistributionSpec::empirical(std::vector<double> values) {
  if (values.empty()) throw std::invalid_argument("an empirical distribution needs at least one sample");
  for (const double v : values)
    if (!std::isfinite(v) || v < 0) throw std::invalid_argument("empirical samples must be finite and >= 0");
  std::sort(values.begin(), values.end());
  DistributionSpec d;
  d.kind = Kind::Empirical;
  d.a = values.front();
  d.b = values.back();
  d.samples = std::make_shared<const std::vector<double>>(std::move(values));
  return d;
}

double DistributionSpec::quantile(double q) const {
  switch (kind) {
    case Kind::Fixed:
      return a;
    case Kind::Uniform:
      return a + q * (b - a);
    case Kind::Exponential:
      return -a * std::log1p(-q);
    case Kind::LogNormal:
      return b <= 0.0 ? a : a * std::exp(b * boost::math::quantile(boost::math::normal_distribution<double>(), q));
    case Kind::Normal:
      return b <= 0.0 ? a : std::max(0.0, boost::math::quantile(boost::math::normal_distribution<double>(a, b), q));
    case Kind::Empirical:
      return samples ? empirical_quantile(*samples, q) : 0.0;
  }
  return a;
}

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
    case Kind::Empirical: {
      // The mean of the piecewise-linear quantile function: trapezoids between neighbouring order statistics.
      if (!samples || samples->empty()) return 0.0;
      const std::vector<double>& x = *samples;
      if (x.size() == 1) return x.front();
      double sum = (x.front() + x.back()) / 2.0;
      for (std::size_t i = 1; i + 1 < x.size(); ++i) sum += x[i];
      return sum / static_cast<double>(x.size() - 1);
    }
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
    case Kind::Empirical:
      out << "empirical(" << (samples ? samples->size() : 0) << " samples, " << a << " to " << b << ")";
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
    case DistributionSpec::Kind::Empirical:
      // Inverse CDF: one uniform draw from the component's own stream, so an empirical field draws as often as a
      // parametric one and swapping one for the other shifts no other stream.
      v = !spec.samples ? 0.0
          : spec.samples->size() == 1
              ? spec.samples->front()
              : empirical_quantile(*spec.samples, boost::random::uniform_real_distribution<double>(0.0, 1.0)(rng));
      break;
  }
  return v < 0.0 ? 0.0 : v;
}

double add_drawn_samples(double total, const DistributionSpec& spec, std::size_t n, RngEngine& rng) {
  if (spec.kind == DistributionSpec::Kind::LogNormal && spec.a > 0.0 && spec.b > 0.0) {
    // The same Boost distribution sample() builds per draw; it keeps no state between draws.
    boost::random::lognormal_distribution<double> lognormal(std::log(spec.a), spec.b);
    for (std::size_t i = 0; i < n; ++i) total += lognormal(rng);  // positive: sample()'s clamp at 0 never applies
    return total;
  }
  for (std::size_t i = 0; i < n; ++i) total += sample(spec, rng);
  return total;
}

double UnitExponential::operator()(RngEngine& rng) const {
  // Boost returns its unit draw divided by lambda; divided by 1.0 it is that draw, bit for bit.
  return boost::random::exponential_distribution<double>(1.0)(rng);
}

Time sample_millis(const DistributionSpec& spec, RngEngine& rng) {
  return Time{round_to_int64(sample(spec, rng) * 1000.0)};
}

}  // namespace sim
