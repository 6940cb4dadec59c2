#include "gui/axis.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

namespace gui {

namespace {

// The smallest of 1, 2, 5 x 10^k that is at least `raw`.
double nice_step(double raw) {
  if (!(raw > 0)) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= raw * (1 - 1e-9)) return m * p;
  return 10 * p;
}

std::string number(double v) {
  // Whole numbers without a decimal point; thousands with a separator so 12000 reads as 12,000.
  if (std::abs(v - std::round(v)) < 1e-9) {
    const auto n = static_cast<long long>(std::llround(v));
    std::string digits = std::to_string(std::llabs(n)), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
      out += digits[i];
    }
    return n < 0 ? "-" + out : out;
  }
  return fmt::format("{:.3g}", v);
}

}  // namespace

TimeAxis time_axis(double t0, double t1, int max_ticks) {
  TimeAxis axis;
  const double span = std::max(1e-9, t1 - t0);
  struct Unit {
    const char* name;
    double seconds;
    std::vector<double> steps;  // round steps in this unit
  };
  // The unit that fits: at least three of them in the span (300 s reads as 5 min; 150 s stays in seconds).
  const Unit units[] = {{"s", 1, {1, 2, 5, 10, 15, 20, 30}},
                        {"min", 60, {1, 2, 5, 10, 15, 20, 30}},
                        {"h", 3600, {1, 2, 3, 6, 12}},
                        {"d", 86400, {1, 2, 5, 10, 20, 50, 100}}};
  std::size_t u = 0;
  while (u + 1 < std::size(units) && span >= 3 * units[u + 1].seconds) ++u;
  const Unit& unit = units[u];
  axis.unit = unit.name;
  const double in_unit = span / unit.seconds;
  double step = unit.steps.back();
  for (const double s : unit.steps)
    if (in_unit / s < max_ticks) {  // at most max_ticks ticks, both ends included
      step = s;
      break;
    }
  if (in_unit / step >= max_ticks) step = nice_step(in_unit / std::max(1, max_ticks - 1));
  const double first = std::ceil(t0 / unit.seconds / step - 1e-9) * step;
  for (double v = first; v * unit.seconds <= t1 + 1e-9; v += step)
    axis.ticks.push_back(Tick{v * unit.seconds, number(v) + " " + unit.name});
  return axis;
}

std::vector<Tick> value_ticks(double y_max, bool counts, int max_ticks) {
  // Nothing to show yet: a 0-to-1 axis rather than a microscopic one.
  const double top = counts ? std::max(y_max, 1.0) : (y_max > 0 ? y_max : 1.0);
  double step = nice_step(top / std::max(1, max_ticks - 1));
  if (counts) step = std::max(1.0, std::round(step));
  std::vector<Tick> out;
  for (double v = 0;; v += step) {
    out.push_back(Tick{v, number(v)});
    if (v >= top * (1 - 1e-12)) break;
  }
  return out;
}

namespace {

struct DurationUnit {
  const char* name;
  double ms;
};
// The unit a duration reads in: below 1 s in ms, below 2 min in s, below 2 h in min, then h.
DurationUnit duration_unit(double ms) {
  if (ms < 1000) return {"ms", 1};
  if (ms < 120'000) return {"s", 1000};
  if (ms < 7'200'000) return {"min", 60'000};
  return {"h", 3'600'000};
}

}  // namespace

std::vector<Tick> duration_ticks(double max_ms, int max_ticks) {
  const double top = max_ms > 0 ? max_ms : 1.0;
  const DurationUnit unit = duration_unit(top);
  const double step = nice_step(top / unit.ms / std::max(1, max_ticks - 1));
  std::vector<Tick> out;
  for (double v = 0;; v += step) {
    out.push_back(Tick{v * unit.ms, number(v) + " " + unit.name});
    if (v * unit.ms >= top * (1 - 1e-12)) break;
  }
  return out;
}

std::string duration_label(double ms) {
  const DurationUnit unit = duration_unit(std::abs(ms));
  return fmt::format("{:.3g} {}", ms / unit.ms, unit.name);
}

}  // namespace gui
