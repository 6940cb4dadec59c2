// CloudWatch alarm evaluation, from the CloudWatch user guide: datapoints per period by the statistic, "M out of N",
// the comparison operators at the threshold, the missing-data treatments, INSUFFICIENT_DATA at creation.
#include <gtest/gtest.h>

#include "model/alarm_evaluator.hpp"

namespace {

using model::AlarmSpec;
using model::AlarmState;

// One metrics period per value (60 s), for a queue metric and a Lambda function's metrics.
sim::TimeSeries series(const std::vector<double>& values, const std::vector<double>& invocations = {}) {
  sim::TimeSeries s(sim::seconds(60));
  const auto q = s.add_column("q/ApproximateNumberOfMessagesVisible", sim::Aggregation::Gauge);
  const auto e = s.add_column("f/Errors", sim::Aggregation::Sum);
  const auto inv = s.add_column("f/Invocations", sim::Aggregation::Sum);
  const auto thr = s.add_column("f/Throttles", sim::Aggregation::Sum);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const sim::Time at = sim::seconds(60) * static_cast<std::int64_t>(i);
    s.record(at, q, values[i]);
    s.record(at, e, values[i]);
    s.record(at, inv, invocations.empty() ? 1.0 : invocations[i]);
    s.record(at, thr, 0.0);
  }
  return s;
}

AlarmSpec queue_alarm(std::uint32_t n, std::uint32_t m, double threshold) {
  AlarmSpec a;
  a.name = "a";
  a.name_space = "AWS/SQS";
  a.metric_name = "ApproximateNumberOfMessagesVisible";
  a.resource = "q";
  a.evaluation_periods = n;
  a.datapoints_to_alarm = m;
  a.threshold = threshold;
  return a;
}

std::vector<std::pair<double, AlarmState>> states(const model::AlarmTimeline& t) {
  std::vector<std::pair<double, AlarmState>> out;
  for (const auto& x : t.transitions) out.emplace_back(x.at.seconds(), x.state);
  return out;
}

TEST(AlarmEvaluator, MOutOfNOverTheLastNDatapoints) {
  const auto s = series({0, 10, 0, 10, 10, 0, 0, 0});
  const auto t = model::evaluate_alarm(queue_alarm(3, 2, 5), s, sim::seconds(480));
  // [0]=OK at 60; [0,10,0,10] -> 2 of the last 3 breach at 240; [10,0,0] at 420 -> 1 of 3: OK.
  EXPECT_EQ(
      states(t),
      (std::vector<std::pair<double, AlarmState>>{
          {0, AlarmState::InsufficientData}, {60, AlarmState::Ok}, {240, AlarmState::Alarm}, {420, AlarmState::Ok}}));
  EXPECT_EQ(t.entered_alarm(), std::vector<sim::Time>{sim::seconds(240)});
  EXPECT_EQ(t.time_in_alarm(sim::seconds(480)), sim::seconds(180));
}

TEST(AlarmEvaluator, ComparisonOperatorsAtTheThreshold) {
  const auto s = series({5});
  auto a = queue_alarm(1, 1, 5);
  const auto last = [&](AlarmSpec::Comparison c) {
    a.comparison = c;
    return model::evaluate_alarm(a, s, sim::seconds(60)).transitions.back().state;
  };
  EXPECT_EQ(last(AlarmSpec::Comparison::GreaterThan), AlarmState::Ok);
  EXPECT_EQ(last(AlarmSpec::Comparison::GreaterThanOrEqual), AlarmState::Alarm);
  EXPECT_EQ(last(AlarmSpec::Comparison::LessThan), AlarmState::Ok);
  EXPECT_EQ(last(AlarmSpec::Comparison::LessThanOrEqual), AlarmState::Alarm);
}

TEST(AlarmEvaluator, AlarmPeriodAggregatesMetricPeriodsByTheStatistic) {
  const auto s = series({1, 1, 1, 1, 2, 0, 0, 0, 0, 0});
  AlarmSpec a = queue_alarm(1, 1, 5);
  a.name_space = "AWS/Lambda";
  a.metric_name = "Errors";
  a.resource = "f";
  a.period = sim::seconds(300);
  a.statistic = AlarmSpec::Statistic::Sum;  // "more than 5 errors in 5 minutes": 6 in the first
  EXPECT_EQ(model::evaluate_alarm(a, s, sim::seconds(600)).entered_alarm(), std::vector<sim::Time>{sim::seconds(300)});
  a.statistic = AlarmSpec::Statistic::Maximum;  // the largest one-minute value is 2
  EXPECT_TRUE(model::evaluate_alarm(a, s, sim::seconds(600)).entered_alarm().empty());
  a.statistic = AlarmSpec::Statistic::Average;
  a.threshold = 1.1;  // (1+1+1+1+2)/5 = 1.2
  EXPECT_EQ(model::evaluate_alarm(a, s, sim::seconds(600)).entered_alarm(), std::vector<sim::Time>{sim::seconds(300)});
  // A period that has not ended is not evaluated.
  EXPECT_EQ(model::evaluate_alarm(a, s, sim::seconds(599)).transitions.size(), 2u);
}

TEST(AlarmEvaluator, MissingDataTreatments) {
  // Lambda publishes nothing for a period without invocations: the last two periods are missing.
  const auto s = series({0, 0, 0}, {1, 0, 0});
  AlarmSpec a = queue_alarm(1, 1, 0);
  a.name_space = "AWS/Lambda";
  a.metric_name = "Errors";
  a.resource = "f";
  const auto last = [&](AlarmSpec::MissingData m) {
    a.treat_missing_data = m;
    return model::evaluate_alarm(a, s, sim::seconds(180)).transitions.back().state;
  };
  EXPECT_EQ(last(AlarmSpec::MissingData::Missing), AlarmState::InsufficientData);
  EXPECT_EQ(last(AlarmSpec::MissingData::NotBreaching), AlarmState::Ok);
  EXPECT_EQ(last(AlarmSpec::MissingData::Breaching), AlarmState::Alarm);
  EXPECT_EQ(last(AlarmSpec::MissingData::Ignore), AlarmState::Ok);  // keeps the state of the last real datapoint
}

TEST(AlarmEvaluator, RejectsAPeriodThatIsNotAMultipleOfTheMetricsPeriod) {
  auto a = queue_alarm(1, 1, 0);
  a.period = sim::seconds(90);
  EXPECT_THROW((void)model::evaluate_alarm(a, series({1}), sim::seconds(60)), std::invalid_argument);
}

}  // namespace
