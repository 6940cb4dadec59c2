#include "reports/environment_figures.hpp"

namespace reports {

using nlohmann::json;

json proportion_json(const sim::Proportion& p) {
  return json{{"value", p.value},
              {"ci95_low", p.low},
              {"ci95_high", p.high},
              {"cold_starts", p.successes},
              {"invocations", p.trials}};
}

json replay_comparison_json(const model::ColdFlagComparison& c) {
  const std::uint64_t n = c.compared();
  const auto fraction = [](const sim::Proportion& p) {
    return json{{"value", p.value}, {"ci95_low", p.low}, {"ci95_high", p.high}, {"count", p.successes}};
  };
  return json{{"requests_compared", n},
              {"agreement", n ? static_cast<double>(c.both_cold + c.both_warm) / static_cast<double>(n) : 0.0},
              {"confusion",
               {{"both_cold", c.both_cold},
                {"both_warm", c.both_warm},
                {"predicted_cold_measured_warm", c.predicted_cold_measured_warm},
                {"predicted_warm_measured_cold", c.predicted_warm_measured_cold}}},
              {"measured_cold_fraction", fraction(sim::binomial_interval(c.measured_cold(), n))},
              {"predicted_cold_fraction", fraction(sim::binomial_interval(c.predicted_cold(), n))}};
}

json environment_figures_json(const model::LambdaFunction& f, sim::Time now) {
  const model::EnvironmentStats& e = f.environment_stats();
  const sim::LogHistogram& life = e.lifespans_us();
  const auto s = [](std::int64_t us) { return static_cast<double>(us) / 1e6; };
  // Share of the run with exactly k environments, as [k, share] pairs for the counts that occurred.
  json shares = json::array();
  const std::vector<std::int64_t> at = e.time_at_counts(now);
  for (std::size_t k = 0; k < at.size(); ++k)
    if (at[k] > 0 && now.us > 0)
      shares.push_back(json::array({k, static_cast<double>(at[k]) / static_cast<double>(now.us)}));
  return json{{"mean", e.mean_all(now)},
              {"busy_mean", e.mean_busy(now)},
              {"idle_mean", e.mean_idle(now)},
              {"initializing_mean", e.mean_initializing(now)},
              {"alive_at_end", e.alive()},
              {"time_share_by_count", shares},
              {"lifespan_s",
               {{"count", life.count()},
                {"mean", life.count() ? life.mean() / 1e6 : 0.0},
                {"p50", s(life.quantile(0.5))},
                {"p99", s(life.quantile(0.99))}}}};
}

}  // namespace reports
