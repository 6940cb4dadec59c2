// Sweeps: every configuration validated up front, results independent of the thread count and of task order,
// Student-t intervals, SLO verdicts on the interval's upper end, and the cheapest configuration meeting them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "reports/compare.hpp"
#include "sweep/sweep_report.hpp"
#include "sweep/sweep_result.hpp"
#include "sweep/sweep_runner.hpp"
#include "sweep_test_support.hpp"

namespace {

using sweep_test::kDefault;

std::vector<std::size_t> all_tasks(const sweep::SweepSpec& s, const std::vector<sweep::PreparedPoint>& p) {
  std::vector<std::size_t> t(p.size() * s.replications);
  std::iota(t.begin(), t.end(), std::size_t{0});
  return t;
}

struct Outputs {
  std::string csv, json, html;
};

Outputs sweep_with(unsigned threads, bool reversed = false) {
  const sweep::SweepSpec s = sweep::make_sweep_spec(kDefault, {"batch_size=1,10", "maximum_batching_window_s=0,2"}, 2);
  const auto points = sweep::prepare_points(s);
  auto tasks = all_tasks(s, points);
  if (reversed) std::reverse(tasks.begin(), tasks.end());
  auto records = sweep::run_tasks(s, points, tasks, threads, nullptr);
  if (reversed) std::reverse(records.begin(), records.end());
  const auto r = sweep::aggregate(s, points, records);
  return {sweep::sweep_csv(r), sweep::sweep_json(r).dump(), sweep::sweep_html(r)};
}

TEST(Sweep, OutputsAreByteIdenticalForOneTwoAndFourThreadsAndAnyTaskOrder) {
  const Outputs one = sweep_with(1);
  for (const unsigned threads : {2U, 4U}) {
    const Outputs n = sweep_with(threads);
    EXPECT_EQ(one.csv, n.csv) << threads << " threads";
    EXPECT_EQ(one.json, n.json) << threads << " threads";
    EXPECT_EQ(one.html, n.html) << threads << " threads";
  }
  EXPECT_EQ(one.csv, sweep_with(3, true).csv);
  // And the grid did something: batch size 1 costs more than 10 (ten times the invocations and receives).
  const auto j = nlohmann::json::parse(one.json);
  ASSERT_EQ(j["points"].size(), 4U);
  EXPECT_GT(j["points"][0]["metrics"]["invocations"]["mean"].get<double>(),
            5 * j["points"][3]["metrics"]["invocations"]["mean"].get<double>());
  EXPECT_EQ(j["points"][3]["parameters"]["batch_size"], 10);
  EXPECT_EQ(j["points"][3]["parameters"]["maximum_batching_window_s"], 2);
}

TEST(Sweep, ReplicationRHasTheSameSeedInEveryConfigurationAndDiffersAcrossReplications) {
  const sweep::SweepSpec s = sweep::make_sweep_spec(kDefault, {"memory=128,129"}, 2);
  const auto points = sweep::prepare_points(s);
  const auto a0 = sweep::run_one(s, points[0], 0), a1 = sweep::run_one(s, points[0], 1);
  EXPECT_NE(a0.metrics, a1.metrics);
  const auto again = sweep::run_one(s, points[0], 0);
  EXPECT_EQ(a0.to_doubles(), again.to_doubles());
  EXPECT_EQ(a0.balanced, 1.0);
  // The record survives its flat form (how MPI ranks send it).
  const auto flat = a0.to_doubles();
  ASSERT_EQ(flat.size(), sweep::RunRecord::width(sweep::verdict_count(points)));
  EXPECT_EQ(sweep::RunRecord::from_doubles(flat.data(), sweep::verdict_count(points)).to_doubles(), flat);
}

TEST(Sweep, AnInvalidConfigurationIsSkippedWithItsReasonAndTheRestOfTheGridRuns) {
  // One invalid grid point (batch 20,000 is above SQS's 10,000) no longer aborts the sweep: it is skipped, listed
  // with the loader's reason, marked in every output, and never recommended.
  const sweep::SweepSpec s = sweep::make_sweep_spec(kDefault, {"batch_size=10,20000"}, 1);
  const auto points = sweep::prepare_points(s);
  ASSERT_EQ(points.size(), 2U);
  EXPECT_TRUE(points[0].invalid.empty());
  EXPECT_NE(points[1].invalid.find("$.event_source_mappings[0].batch_size"), std::string::npos) << points[1].invalid;
  const auto records = sweep::run_tasks(s, points, all_tasks(s, points), 1, nullptr);
  const auto r = sweep::aggregate(s, points, records);
  EXPECT_TRUE(r.points[0].skipped.empty());
  EXPECT_FALSE(r.points[1].skipped.empty());
  EXPECT_EQ(r.points[1].verdict(), "skipped: invalid");
  ASSERT_TRUE(r.cheapest);
  EXPECT_EQ(*r.cheapest, 0U);
  EXPECT_NE(sweep::sweep_csv(r).find("skipped: invalid"), std::string::npos);
  EXPECT_NE(sweep::sweep_json(r)["points"][1]["skipped"].get<std::string>().find("batch_size"), std::string::npos);
  EXPECT_NE(sweep::sweep_html(r).find("Skipped (invalid configurations, not run)"), std::string::npos);
  // A grid with no valid point at all is bad input, naming the point and the path.
  try {
    sweep::prepare_points(sweep::make_sweep_spec(kDefault, {"batch_size=20000"}, 1));
    FAIL() << "every point is invalid";
  } catch (const sweep::SweepError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("batch_size=20000"), std::string::npos) << m;
    EXPECT_NE(m.find("$.event_source_mappings[0].batch_size"), std::string::npos) << m;
  }
  EXPECT_THROW(sweep::make_sweep_spec(kDefault, {"batch_size=1", "batch_size=2"}, 1), sweep::SweepError);
  EXPECT_THROW(sweep::make_sweep_spec(kDefault, {"batch_size=1"}, 0), sweep::SweepError);
  EXPECT_THROW(sweep::make_sweep_spec("/nonexistent.json", {"batch_size=1"}, 1), sweep::SweepError);
}

TEST(Estimate, StudentTIntervalMatchesTheTable) {
  // {1, 2, 3}: mean 2, s = 1, t(0.975, 2 df) = 4.303 (any t table): half-width 4.303 / sqrt(3) = 2.484.
  const auto e = sweep::estimate({1, 2, 3});
  EXPECT_EQ(e.n, 3U);
  EXPECT_DOUBLE_EQ(e.mean, 2.0);
  ASSERT_TRUE(e.ci_low && e.ci_high);
  EXPECT_NEAR(*e.ci_high - 2.0, 4.302653 / std::sqrt(3.0), 1e-5);
  // 30 values: t(0.975, 29) = 2.045.
  std::vector<double> x(30);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = (i % 2 == 0) ? 1.0 : -1.0;
  const auto f = sweep::estimate(x);
  const double sd = std::sqrt(30.0 / 29.0);
  EXPECT_NEAR(*f.ci_high - f.mean, 2.045230 * sd / std::sqrt(30.0), 1e-5);
  // One value: no interval. NaN (a metric the summary lacked) is left out; infinity has no interval.
  EXPECT_FALSE(sweep::estimate({5}).ci_high);
  EXPECT_EQ(sweep::estimate({1, NAN, 3}).n, 2U);
  EXPECT_FALSE(sweep::estimate({1, INFINITY}).ci_high);
}

// A synthetic sweep: two points, the SLO (p99 < 100 ms) judged on made-up records.
struct Synthetic {
  sweep::SweepSpec spec;
  std::vector<sweep::PreparedPoint> points;
};

Synthetic synthetic(std::uint64_t replications) {
  Synthetic s;
  s.spec = sweep::make_sweep_spec(kDefault, {"memory=128,256,512"}, replications);
  s.points = sweep::prepare_points(s.spec);
  for (auto& p : s.points) {
    model::GameDayExpectation slo;
    slo.name = "p99 < 100 ms";
    slo.kind = model::GameDayExpectation::Kind::LatencyPercentileBelow;
    slo.threshold = 100;
    p.spec.slos = {slo};
  }
  return s;
}

sweep::RunRecord record(double p99, double cost) {
  sweep::RunRecord r;
  r.metrics.assign(reports::comparable_metrics().size(), NAN);
  for (std::size_t i = 0; i < r.metrics.size(); ++i) {
    if (std::string(reports::comparable_metrics()[i].name) == "latency_p99_ms") r.metrics[i] = p99;
    if (std::string(reports::comparable_metrics()[i].name) == "cost_monthly_usd") r.metrics[i] = cost;
    if (std::string(reports::comparable_metrics()[i].name) == "cost_per_million_usd") r.metrics[i] = cost / 4;
  }
  r.slo_measured = {p99};
  r.slo_bound = {100};
  r.slo_passed = {p99 < 100 ? 1.0 : 0.0};
  return r;
}

TEST(Aggregate, AnSloIsMetOnlyWhenTheIntervalsUpperEndIsWithinTheBound) {
  const Synthetic s = synthetic(3);
  // Point 0: cheapest, mean 90 but one run at 120: not met. Point 1: mean 95, tight: met, and cheaper than
  // point 2 (mean 50).
  const std::vector<sweep::RunRecord> recs = {record(60, 1), record(90, 1), record(120, 1),  //
                                              record(94, 2), record(95, 2), record(96, 2),   //
                                              record(50, 3), record(50, 3), record(50, 3)};
  const auto r = sweep::aggregate(s.spec, s.points, recs);
  EXPECT_FALSE(r.points[0].meets_slos);
  EXPECT_EQ(r.points[0].slos[0].replications_passed, 2U);
  EXPECT_TRUE(r.points[1].meets_slos);
  EXPECT_TRUE(r.points[2].meets_slos);
  ASSERT_TRUE(r.cheapest);
  EXPECT_EQ(*r.cheapest, 1U);
  // A mean under the bound is not enough: 80, 90, 99 all pass, but the interval's upper end is above 100.
  const std::vector<sweep::RunRecord> lucky = {record(80, 1),  record(90, 1),  record(99, 1),  //
                                               record(94, 2),  record(95, 2),  record(96, 2),  //
                                               record(150, 3), record(150, 3), record(150, 3)};
  const auto r2 = sweep::aggregate(s.spec, s.points, lucky);
  EXPECT_EQ(r2.points[0].slos[0].replications_passed, 3U);
  EXPECT_FALSE(r2.points[0].meets_slos);
  EXPECT_EQ(*r2.cheapest, 1U);
  // Nothing meets: no cheapest, and the report says so.
  const std::vector<sweep::RunRecord> none(9, record(500, 1));
  const auto r3 = sweep::aggregate(s.spec, s.points, none);
  EXPECT_FALSE(r3.cheapest);
  EXPECT_EQ(sweep::sweep_json(r3)["cheapest_meeting_slos"], nullptr);
  EXPECT_NE(sweep::sweep_html(r3).find("No configuration in the grid meets every SLO"), std::string::npos);
}

TEST(Aggregate, AnUnbalancedRunDisqualifiesItsConfiguration) {
  const Synthetic s = synthetic(1);
  std::vector<sweep::RunRecord> recs = {record(10, 1), record(10, 2), record(10, 3)};
  recs[0].balanced = 0;
  const auto r = sweep::aggregate(s.spec, s.points, recs);
  EXPECT_FALSE(r.points[0].balanced);
  EXPECT_FALSE(r.points[0].meets_slos);
  EXPECT_EQ(*r.cheapest, 1U);
}

TEST(Aggregate, AConfigurationThatFallsBehindIsNeverRecommendedAndSaysWhichSloItMisses) {
  const Synthetic s = synthetic(1);
  // Point 0 is the cheapest and meets the SLO, but its backlog still grows at the end: point 1 is the answer.
  std::vector<sweep::RunRecord> recs = {record(50, 1), record(60, 2), record(500, 0.5)};
  recs[0].keeps_up = 0;
  recs[0].backlog_per_min = 850;
  const auto r = sweep::aggregate(s.spec, s.points, recs);
  EXPECT_TRUE(r.points[0].meets_slos);
  EXPECT_FALSE(r.points[0].keeps_up);
  EXPECT_EQ(r.points[0].verdict(), "falls behind");
  ASSERT_TRUE(r.cheapest);
  EXPECT_EQ(*r.cheapest, 1U);
  // The cheaper point 2 misses the SLO, and says which.
  EXPECT_EQ(r.points[2].missed, std::vector<std::string>{"p99 < 100 ms"});
  EXPECT_EQ(r.points[2].verdict(), "missed: p99 < 100 ms");
  EXPECT_EQ(sweep::sweep_json(r)["points"][0]["keeps_up"], false);
  // Its cost per message is not the steady state's, and every output says so.
  EXPECT_EQ(sweep::sweep_json(r)["points"][0]["cost_note"],
            "the run falls behind: its cost per message is not the steady state's");
  EXPECT_EQ(sweep::sweep_json(r)["points"][1]["cost_note"], nullptr);
  std::ostringstream table;
  sweep::write_sweep_table(r, table, 0);
  EXPECT_NE(table.str().find("#0 memory=128: falls behind; the run falls behind: its cost per message"),
            std::string::npos)
      << table.str();
  EXPECT_NE(sweep::sweep_html(r).find("title=\"the run falls behind: its cost per message"), std::string::npos);
}

TEST(Aggregate, WithHeadroomTheAnswerAlsoMeetsEverySloAtTheHigherLoad) {
  Synthetic s = synthetic(1);
  s.spec.headroom = 2;
  // --headroom 2 runs every point twice: the records of the second pass (at 2 x the load) follow the first pass's.
  EXPECT_EQ(sweep::task_count(s.spec, s.points.size()), 2 * s.points.size());
  // At 1 x the load point 0 is the cheapest meeting the SLO; at 2 x its p99 is 150 ms, so point 1 is the answer.
  std::vector<sweep::RunRecord> recs = {record(50, 1),  record(60, 2), record(70, 3),   // 1 x the load
                                        record(150, 1), record(80, 2), record(90, 3)};  // 2 x the load
  recs[5].keeps_up = 0;  // point 2 falls behind at 2 x the load
  const auto r = sweep::aggregate(s.spec, s.points, recs);
  EXPECT_TRUE(r.points[0].meets_slos);
  EXPECT_EQ(r.points[0].missed_at_headroom, std::vector<std::string>{"p99 < 100 ms"});
  EXPECT_FALSE(r.points[0].qualifies());
  EXPECT_NE(r.points[0].verdict().find("at headroom load: p99 < 100 ms"), std::string::npos) << r.points[0].verdict();
  EXPECT_TRUE(r.points[1].qualifies());
  EXPECT_TRUE(r.points[2].missed_at_headroom.empty());
  EXPECT_FALSE(r.points[2].keeps_up_at_headroom);
  EXPECT_FALSE(r.points[2].qualifies());
  ASSERT_TRUE(r.cheapest);
  EXPECT_EQ(*r.cheapest, 1U);
  EXPECT_EQ(sweep::sweep_json(r)["points"][0]["missed_at_headroom"][0], "p99 < 100 ms");
  // One record per task or aggregate refuses: the second pass cannot be left out.
  recs.resize(3);
  EXPECT_THROW(sweep::aggregate(s.spec, s.points, recs), std::invalid_argument);
}

TEST(Aggregate, AGameDayExpectationDisqualifiesLikeAnSloAndLossShowsInEveryOutput) {
  // The order-processor GameDay as an auditor swept it: every point met its p99 SLO but lost 34,579 orders refused
  // at SendMessage, so its "no order lost" expectation failed, and `sqsim run` exits 1. The sweep judges the whole
  // judgement: no such point is recommended, each names the expectation it missed, and the loss is in every output.
  Synthetic s = synthetic(1);
  model::GameDayExpectation none_lost;
  none_lost.name = "no order lost";
  none_lost.kind = model::GameDayExpectation::Kind::NoMessageLost;
  for (auto& p : s.points) p.spec.gameday.expectations = {none_lost};
  const auto with = [](sweep::RunRecord r, double lost) {
    r.slo_measured.push_back(lost);
    r.slo_bound.push_back(0);
    r.slo_passed.push_back(lost == 0 ? 1.0 : 0.0);
    r.loss[0] = lost;  // judge::loss_reasons()[0]: refused at SendMessage, access denied
    r.loss[7] = 3;     // in a DLQ: shown, not lost
    return r;
  };
  const std::vector<sweep::RunRecord> recs = {with(record(50, 1), 34579), with(record(60, 2), 0),
                                              with(record(70, 3), 0)};
  const auto r = sweep::aggregate(s.spec, s.points, recs);
  EXPECT_EQ(r.expectation_names, std::vector<std::string>{"no order lost"});
  EXPECT_FALSE(r.points[0].meets_slos);
  EXPECT_FALSE(r.points[0].qualifies());
  EXPECT_EQ(r.points[0].verdict(), "missed: no order lost");
  EXPECT_DOUBLE_EQ(r.points[0].lost(), 34579);
  EXPECT_EQ(r.points[0].lost_reasons(), "34579 refused at SendMessage: access denied (queue policy)");
  EXPECT_DOUBLE_EQ(r.points[1].lost(), 0);
  ASSERT_TRUE(r.cheapest);
  EXPECT_EQ(*r.cheapest, 1U);
  const auto j = sweep::sweep_json(r);
  EXPECT_EQ(j["points"][0]["missed_expectations"][0], "no order lost");
  EXPECT_TRUE(j["points"][0]["missed_slos"].empty());
  EXPECT_EQ(j["points"][0]["lost"]["messages"], 34579.0);
  EXPECT_EQ(j["points"][0]["lost"]["by_reason"]["refused_access_denied"]["messages"], 34579.0);
  EXPECT_EQ(j["points"][0]["lost"]["by_reason"]["in_dlq"]["is_loss"], false);
  EXPECT_EQ(j["points"][0]["expectations"][0]["met"], false);
  const std::string csv = sweep::sweep_csv(r);
  EXPECT_NE(csv.find(",expectation1_measured,expectation1_met,lost_reasons\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",34579,0,34579 refused at SendMessage: access denied (queue policy)\n"), std::string::npos)
      << csv;
  std::ostringstream table;
  sweep::write_sweep_table(r, table, 0);
  EXPECT_NE(table.str().find("#0 memory=128: missed: no order lost; LOSS: 34579 refused at SendMessage"),
            std::string::npos)
      << table.str();
  EXPECT_NE(table.str().find("cheapest configuration meeting every SLO and expectation: memory=256"), std::string::npos)
      << table.str();
  // Cost per million messages beside the monthly figure, in every output.
  EXPECT_NE(table.str().find("$/M msgs"), std::string::npos);
  EXPECT_EQ(j["cheapest_meeting_slos"]["cost_per_million_usd"], 0.5);
  EXPECT_EQ(j["points"][1]["metrics"]["cost_per_million_usd"]["mean"], 0.5);
  const std::string html = sweep::sweep_html(r);
  EXPECT_NE(html.find("<th>$ per million messages</th>"), std::string::npos);
  EXPECT_NE(html.find("<td>2.00</td><td>0.50</td>"), std::string::npos);
  EXPECT_NE(html.find("<th>lost</th>"), std::string::npos);
  EXPECT_NE(html.find("title=\"34579 refused at SendMessage"), std::string::npos);
}

TEST(Report, CsvHasOneRowPerConfigurationWithMeansAndIntervals) {
  const Synthetic s = synthetic(3);
  const std::vector<sweep::RunRecord> recs = {record(60, 1), record(90, 1), record(120, 1),
                                              record(94, 2), record(95, 2), record(96, 2),
                                              record(50, 3), record(50, 3), record(50, 3)};
  const std::string csv = sweep::sweep_csv(sweep::aggregate(s.spec, s.points, recs));
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4);
  EXPECT_EQ(csv.rfind("point,memory,replications,meets_slos,cheapest,balanced,keeps_up,verdict,latency_p50_ms,", 0),
            0U);
  // Point 1: p99 mean 95, s = 1, t(0.975, 2) = 4.303 -> 95 ± 2.484.
  EXPECT_NE(csv.find("\n1,256,3,1,1,1,1,met,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",95,92.51"), std::string::npos) << csv;
}

}  // namespace
