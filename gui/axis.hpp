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

// Ticks for durations in milliseconds from 0 to at least max_ms, labelled in the unit that fits the top ("200 ms",
// "30 s", "5 min", "2 h") at round steps of that unit; Tick::value stays in ms. The last tick is the axis's top.
std::vector<Tick> duration_ticks(double max_ms, int max_ticks = 5);
// A duration in milliseconds in the unit that fits, three significant figures: "850 ms", "2.80 s", "2.94 min", "1.5 h".
std::string duration_label(double ms);

}  // namespace gui
