#include "gui/side_by_side.hpp"

#include <algorithm>

namespace gui {

SideBySide::SideBySide(std::unique_ptr<Session> left, std::string left_label, std::unique_ptr<Session> right,
                       std::string right_label)
    : left_(std::move(left)),
      right_(std::move(right)),
      left_label_(std::move(left_label)),
      right_label_(std::move(right_label)) {}

void SideBySide::play() {
  left_->play();
  right_->play();
}

void SideBySide::pause() {
  left_->pause();
  right_->pause();
}

void SideBySide::set_speed(double simulated_per_wall_second) {
  left_->set_speed(simulated_per_wall_second);
  right_->set_speed(simulated_per_wall_second);
}

std::uint64_t SideBySide::advance(double wall_dt_s, double budget_s) {
  if (left_->finished()) return right_->advance(wall_dt_s, budget_s);
  const std::uint64_t events = left_->advance(wall_dt_s, budget_s / 2);
  // The right run follows the left run's clock: it is never ahead, so the two share each chart's time axis.
  if (right_->now_s() < left_->now_s()) right_->run_to(left_->now_s());
  return events;
}

void SideBySide::run_to(double t_s) {
  left_->run_to(t_s);
  right_->run_to(t_s);
}

void SideBySide::restart() {
  left_->restart(left_->seed());
  right_->restart(right_->seed());
}

std::vector<CounterDifference> SideBySide::counter_differences() const {
  const std::vector<Counter> a = left_->counters(), b = right_->counters();
  std::vector<CounterDifference> out;
  std::vector<bool> matched(b.size(), false);
  for (const Counter& c : a) {
    CounterDifference d{c.resource, c.metric, c.value, 0, true, false};
    for (std::size_t j = 0; j < b.size(); ++j) {
      if (!matched[j] && b[j].resource == c.resource && b[j].metric == c.metric) {
        d.right = b[j].value;
        d.in_right = true;
        matched[j] = true;
        break;
      }
    }
    out.push_back(d);
  }
  for (std::size_t j = 0; j < b.size(); ++j)
    if (!matched[j]) out.push_back(CounterDifference{b[j].resource, b[j].metric, 0, b[j].value, false, true});
  return out;
}

}  // namespace gui
