// Side by side: two runs of the same scenario with different settings (the pitfall and its fix; batch size 1 and
// 10) advancing together, so their charts share time axes and their counters can be compared at the same instant.
// The left run keeps the clock; the right run is brought to the same simulated time after each advance. When the left
// run is over first (a scenario that stops once drained), the right one goes on at the same speed.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gui/session.hpp"

namespace gui {

// One counter in both runs. differs: the values are not equal (the dashboard highlights the row).
struct CounterDifference {
  std::string resource;
  std::string metric;
  double left = 0, right = 0;
  bool in_left = true, in_right = true;  // a resource only one scenario has
  [[nodiscard]] bool differs() const { return !in_left || !in_right || left != right; }
};

class SideBySide {
 public:
  SideBySide(std::unique_ptr<Session> left, std::string left_label, std::unique_ptr<Session> right,
             std::string right_label);

  [[nodiscard]] Session& left() { return *left_; }
  [[nodiscard]] Session& right() { return *right_; }
  [[nodiscard]] const Session& left() const { return *left_; }
  [[nodiscard]] const Session& right() const { return *right_; }
  [[nodiscard]] const std::string& left_label() const { return left_label_; }
  [[nodiscard]] const std::string& right_label() const { return right_label_; }

  // Play, pause and speed act on both runs.
  void play();
  void pause();
  void set_speed(double simulated_per_wall_second);
  [[nodiscard]] bool playing() const { return left_->playing() || right_->playing(); }
  // Advances the left run as Session::advance does (half the budget), then the right run to the same time; once the
  // left run is over, the right run alone.
  std::uint64_t advance(double wall_dt_s, double budget_s);
  // Both runs to simulated time t.
  void run_to(double t_s);
  void restart();  // both from zero, each with its own seed and without its changes
  // Ends the comparison keeping the left run as it stands (the pair is empty afterwards).
  [[nodiscard]] std::unique_ptr<Session> release_left() { return std::move(left_); }

  // Every counter of either run, matched by resource and AWS metric name, in the left run's order (then the right
  // run's own).
  [[nodiscard]] std::vector<CounterDifference> counter_differences() const;

 private:
  std::unique_ptr<Session> left_, right_;
  std::string left_label_, right_label_;
};

}  // namespace gui
