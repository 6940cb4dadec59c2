// Chart axes that read at a glance: time ticks in the unit that fits the span (seconds, minutes, hours, days) at
// round steps, and value ticks at round steps — whole numbers for counts (a queue never holds 2.5 messages).
#pragma once

#include <string>
#include <vector>

namespace gui {

struct Tick {
  double value = 0;  // in the axis's own unit (seconds for time; the series' unit for values)
  std::string label;
};

struct TimeAxis {
  std::string unit;  // "s", "min", "h" or "d"
  std::vector<Tick> ticks;
};

// Ticks for simulated time [t0, t1] seconds: at most max_ticks, at a round step of the unit that fits the span.
TimeAxis time_axis(double t0, double t1, int max_ticks = 6);

// Ticks from 0 to at least y_max: at most max_ticks at a round step (1, 2 or 5 x 10^k); counts: whole steps only.
// The last tick is the axis's top.
std::vector<Tick> value_ticks(double y_max, bool counts, int max_ticks = 5);

}  // namespace gui
