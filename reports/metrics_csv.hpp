// metrics.csv: one row per period, one column per CloudWatch-named metric ("<resource>/<MetricName>").
#pragma once

#include <ostream>

#include "model/simulation.hpp"

namespace reports {

void write_metrics_csv(const model::Simulation& sim, std::ostream& out);

}  // namespace reports
