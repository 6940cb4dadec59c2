// A CloudWatch metric alarm as a scenario declares it (PutMetricAlarm's fields).
#pragma once

#include <cstdint>
#include <string>

#include "sim/time.hpp"

namespace model {

struct AlarmSpec {
  enum class Statistic { Sum, Average, Maximum, Minimum, SampleCount };
  enum class Comparison { GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual };
  enum class MissingData { Missing, Ignore, Breaching, NotBreaching };
  std::string name;
  std::string name_space;   // "AWS/SQS" or "AWS/Lambda"
  std::string metric_name;  // e.g. ApproximateNumberOfMessagesVisible, Errors, Duration
  std::string resource;     // the QueueName or FunctionName dimension
  Statistic statistic = Statistic::Maximum;
  std::string extended_statistic;  // "p99" (Lambda Duration only); overrides statistic
  sim::Time period = sim::seconds(60);
  std::uint32_t evaluation_periods = 1;
  std::uint32_t datapoints_to_alarm = 1;
  double threshold = 0;
  Comparison comparison = Comparison::GreaterThan;
  MissingData treat_missing_data = MissingData::Missing;
  // The metrics.csv column the alarm reads ("<resource>/<metric>", or Duration.p99 / Duration.Maximum).
  [[nodiscard]] std::string column() const {
    if (metric_name == "Duration" && extended_statistic == "p99") return resource + "/Duration.p99";
    if (metric_name == "Duration" && statistic == Statistic::Maximum) return resource + "/Duration.Maximum";
    return resource + "/" + metric_name;
  }
};

}  // namespace model
