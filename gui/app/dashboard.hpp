// Draws a gui::Session with Dear ImGui: controls, live charts, the execution-environment grid, pollers and the batch
// flow, AWS counters, the event log, lessons and export. Holds only UI state (inputs being edited); everything shown
// comes from the session.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "gui/lessons.hpp"
#include "gui/session.hpp"

namespace gui {

class Dashboard {
 public:
  Dashboard(std::unique_ptr<Session> session, std::vector<Lesson> lessons, std::filesystem::path export_dir);
  // One frame: advances the session by wall_dt (within a budget) and draws every window.
  void frame(double wall_dt_s);
  [[nodiscard]] Session& session() { return *session_; }
  // Replaces the session (a lesson picked, or a script's "open"); keeps the speed.
  void open(const std::string& scenario_file);

 private:
  void controls();
  void charts();
  void environments();
  void pollers_and_flow();
  void counters();
  void event_log();
  void sync_inputs();

  std::unique_ptr<Session> session_;
  std::vector<Lesson> lessons_;
  std::filesystem::path export_dir_;
  int lesson_ = -1;
  std::string status_;
  double wall_time_ = 0;
  // What-if inputs, initialised from the selected mapping, its queue and function.
  int batch_size_ = 10, max_concurrency_ = 2, reserved_ = 0, memory_ = 128, max_receive_ = 3;
  float window_s_ = 0, visibility_s_ = 30;
  int seed_input_ = 0;
  float speed_log10_ = 1.78F;  // 60x
  bool max_speed_ = false;
  bool follow_log_ = true;
};

}  // namespace gui
