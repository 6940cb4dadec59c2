#include "model/cold_start_defaults.hpp"

#include <array>
#include <cmath>
#include <string_view>

namespace model {

namespace {

struct Row {
  std::string_view prefix;  // runtime name prefix
  double x86_mean;
  double x86_p95;
  double arm_mean;
};

// aws-semantics.md section 7.
constexpr std::array<Row, 7> kTable{{{"rust", 18, 25, 15},
                                     {"go", 50, 54, 41},
                                     {"provided", 50, 54, 41},  // custom runtimes: Go/Rust-like bootstraps
                                     {"python", 87, 108, 78},
                                     {"nodejs", 143, 175, 125},
                                     {"java", 249, 291, 243},
                                     {"dotnet", 279, 580, 321}}};

}  // namespace

sim::DistributionSpec default_init_duration_ms(const std::string& runtime, const std::string& architecture) {
  const Row* row = &kTable[2];
  for (const Row& r : kTable) {
    if (runtime.rfind(r.prefix, 0) == 0) {
      row = &r;
      break;
    }
  }
  // Lognormal with mean m and p95 q: median = m exp(-s^2/2), q = median exp(1.645 s). Solve for s by bisection
  // (q/m = exp(1.645 s - s^2/2) is increasing for s < 1.645).
  const double ratio = row->x86_p95 / row->x86_mean;
  double lo = 0.0, hi = 1.6;
  for (int i = 0; i < 60; ++i) {
    const double mid = (lo + hi) / 2;
    if (std::exp(1.645 * mid - mid * mid / 2) < ratio)
      lo = mid;
    else
      hi = mid;
  }
  const double sigma = (lo + hi) / 2;
  const double mean = architecture == "arm64" ? row->arm_mean : row->x86_mean;
  return sim::DistributionSpec::lognormal(mean * std::exp(-sigma * sigma / 2), sigma);
}

}  // namespace model
