// One verdict: what was judged, the figure measured, its bound, and the reason in words. Every command (run, check,
// sweep, compare), the reports and the dashboard show these same values; none of them judges on its own.
#pragma once

#include <string>

namespace judge {

struct Verdict {
  enum class Kind { Slo, Expectation, Accounting, KeepsUp };
  Kind kind = Kind::Expectation;
  std::string name;  // as the scenario names it ("no order lost"), or "message accounting" / "keeps up"
  std::string type;  // "latency_percentile_below", ..., "accounting", "keeps_up"
  bool passed = false;
  std::string figure;   // what was measured, in words ("p99 end-to-end latency")
  double measured = 0;  // the number judged, in `unit` (infinity: never happened, e.g. an alarm that never fired)
  double bound = 0;     // its limit, in `unit`
  std::string unit;     // "ms", "s", "messages", "throttles", "alarm entries"
  std::string detail;   // the reason: measured against bound, in words
};

// "SLO", "expectation", "accounting", "keeps up".
const char* kind_name(Verdict::Kind k);

}  // namespace judge
