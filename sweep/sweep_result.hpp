// A sweep's results: per grid point the mean of each metric over the replications with its 95 % confidence interval
// (Student's t, Boost.Math), each SLO judged, and the cheapest configuration meeting every SLO.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sweep/parameter_grid.hpp"
#include "sweep/sweep_runner.hpp"

namespace sweep {

struct Estimate {
  std::size_t n = 0;
  double mean = 0;
  std::optional<double> ci_low, ci_high;  // 95 % t interval of the mean; needs n >= 2 and finite values
};
// NaN values (a metric a summary lacked) are left out.
Estimate estimate(const std::vector<double>& x);

struct SloVerdict {
  std::string name;
  std::string type;
  double bound = 0;
  Estimate measured;
  std::size_t replications_passed = 0;
  // Met when the interval's upper end (the value itself with one replication) is within the bound: a configuration
  // is not called safe on the strength of a lucky mean.
  bool met = false;
};

// Messages of one reason (judge::loss_reasons) over the replications.
struct LossEstimate {
  std::string key;    // summary.json's loss key ("refused_access_denied")
  std::string words;  // "refused at SendMessage: access denied (queue policy)"
  bool is_loss = true;
  Estimate count;
};

struct PointResult {
  GridPoint point;
  std::vector<Estimate> metrics;  // reports::comparable_metrics() order
  std::vector<SloVerdict> slos;
  std::vector<SloVerdict> expectations;  // the GameDay's, judged like SLOs
  std::vector<LossEstimate> loss;        // every reason, judge::loss_reasons() order (empty: skipped)
  // Every SLO and GameDay expectation is met and the accounting balances: the whole judgement, as `sqsim run` and
  // `check` judge it (keeping up is judged apart).
  bool meets_slos = true;
  bool balanced = true;  // every replication's message accounting balanced
  double events = 0;     // summed over replications
  std::vector<std::string> warnings;
  std::string skipped;              // non-empty: an invalid configuration, not run (the loader's errors)
  bool keeps_up = true;             // every replication keeps up (judge::KeepsUp); never recommended otherwise
  Estimate backlog_per_min;         // the backlog's growth at the end
  std::vector<std::string> missed;  // the SLOs and expectations this configuration misses, by name
  // With --headroom F: the SLOs and expectations missed at F x the load (and whether it keeps up there); empty/true
  // without.
  std::vector<std::string> missed_at_headroom;
  bool keeps_up_at_headroom = true;

  // Can be recommended: ran, meets every SLO, balanced, and keeps up.
  [[nodiscard]] bool qualifies() const {
    return skipped.empty() && meets_slos && keeps_up && missed_at_headroom.empty() && keeps_up_at_headroom;
  }
  // "met", "missed: <names>", "falls behind", "skipped: invalid".
  [[nodiscard]] std::string verdict() const;
  // Mean messages lost (judge::Loss::lost: the reasons that count as loss); 0 for a skipped point.
  [[nodiscard]] double lost() const;
  // "34579 refused at SendMessage: access denied (queue policy); 12 expired": the non-zero reasons counted as loss
  // (means over the replications), "" when nothing is lost.
  [[nodiscard]] std::string lost_reasons() const;
};

struct SweepResult {
  std::string scenario_name;
  std::string scenario_file;
  std::vector<Dimension> dims;
  std::uint64_t replications = 1;
  std::uint64_t seed = 0;
  double headroom = 1.0;
  std::vector<std::string> slo_names;
  std::vector<std::string> expectation_names;  // the GameDay's
  std::vector<PointResult> points;
  // Lowest mean cost_monthly_usd among the points that qualify (meet every SLO and keep up); costs are projected to
  // the same offered load for every point, so they compare.
  std::optional<std::size_t> cheapest;

  [[nodiscard]] std::size_t metric_index(const std::string& name) const;  // into PointResult::metrics
};

// `records`: every task's record, in task order (point-major).
SweepResult aggregate(const SweepSpec& s, const std::vector<PreparedPoint>& points,
                      const std::vector<RunRecord>& records);

}  // namespace sweep
