#include "reports/metrics_csv.hpp"

namespace reports {

void write_metrics_csv(const model::Simulation& sim, std::ostream& out) {
  sim.metrics().write_csv(out);
}

}  // namespace reports
