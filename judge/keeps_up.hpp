// "Keeps up": is the pipeline still falling behind when the run ends? A run whose source queues' backlog
// (ApproximateNumberOfMessagesVisible) or oldest-message age (ApproximateAgeOfOldestMessage) is still growing over its
// last metric periods is flagged "falls behind: backlog +N/min at the end", whatever its SLOs say: its latency
// figures only cover the messages that got through, and a longer window would make them worse.
#pragma once

#include <string>
#include <string_view>

#include "judge/verdict.hpp"
#include "sim/time_series.hpp"

namespace model {
class Simulation;
}

namespace judge {

struct KeepsUp {
  bool judged = false;            // false: fewer than kMinPeriods metric periods, nothing to judge on
  bool keeps_up = true;           // false: falls behind
  double backlog_per_min = 0;     // least-squares growth of the summed backlog over the window, messages/min
  double age_growth_per_min = 0;  // growth of the worst oldest-message age over the window, seconds/min
  double backlog_at_end = 0;
  double window_s = 0;  // the window judged: the last quarter of the run, 3 to 15 metric periods
  std::string detail;   // "keeps up: backlog +0.4/min ..." or "falls behind: backlog +850/min at the end"
};

inline constexpr std::size_t kMinPeriods = 3;
inline constexpr std::size_t kMaxPeriods = 15;

// From the run's metrics: every column "<queue>/ApproximateNumberOfMessagesVisible" and
// "<queue>/ApproximateAgeOfOldestMessage" of a source queue (dead-letter queues are left out: filling a DLQ is not
// falling behind, its own verdicts say so).
KeepsUp keeps_up(const model::Simulation& sim);
// The same from a metrics table and the names of the source queues (for tests and other front-ends).
KeepsUp keeps_up(const sim::TimeSeries& metrics, const std::vector<std::string>& source_queues);

Verdict keeps_up_verdict(const KeepsUp& k);

// A run that falls behind finished fewer messages than it was offered, so its cost per message (and the monthly
// projection scaled from it) is not the steady state's: every cost note says so (run, report.html, sweep).
inline constexpr std::string_view kFallsBehindCostNote =
    "the run falls behind: its cost per message is not the steady state's";
// `note` (model::CostReport::projection_note), with kFallsBehindCostNote appended when the run falls behind.
std::string projection_note(const std::string& note, const KeepsUp& k);

}  // namespace judge
