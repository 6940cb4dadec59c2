// Draws a gui::Session with Dear ImGui: controls, live charts, the execution-environment grid, pollers and the batch
// flow, AWS counters, the event log, lessons and their exercises, a message's story, side-by-side runs, and export.
// Holds only UI state (inputs being edited, what is open); everything shown comes from the view-model (gui/).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui/exercise.hpp"
#include "gui/lessons.hpp"
#include "gui/live_verdict.hpp"
#include "gui/message_story.hpp"
#include "gui/session.hpp"
#include "gui/side_by_side.hpp"

namespace gui {

class Dashboard {
 public:
  Dashboard(std::unique_ptr<Session> session, std::vector<Lesson> lessons, std::filesystem::path export_dir);
  // One frame: advances the session(s) by wall_dt (within a budget) and draws every window.
  void frame(double wall_dt_s);
  // The session the controls act on (side by side: the run picked with side()).
  [[nodiscard]] Session& session();
  // The run that keeps the clock: the session, or side by side the left run. Play, pause and speed act on both.
  [[nodiscard]] Session& clock() { return pair_ ? pair_->left() : *session_; }
  void play();
  void pause();
  void set_speed(double simulated_per_wall_second);
  // Runs to simulated time t (both runs side by side).
  void run_to(double t_s);
  // Replaces the session (a lesson picked, or a script's "open"); keeps the speed. Ends an exercise or a comparison.
  void open(const std::string& scenario_file);

  // Exercises: starts the current lesson's exercise (a fresh session with its goal), reveals the next hint, checks.
  void start_exercise();
  void reveal_hint();
  void check_exercise();
  // A message's story (replays the session up to now).
  void open_story(std::uint64_t message_id);
  // Side by side: the current session on the left, `scenario_file` (empty: the same scenario) on the right.
  void start_side_by_side(const std::string& scenario_file);
  void side(bool right);  // which run the what-if controls act on
  void single();          // back to one run (the left one)
  // A what-if change (a script's step) on session(): the control's input shows the new value at once (the session's
  // current() shows it only once the change applies, 1 us later).
  void change(const Control& c, double value);
  // session() from the start (same seed by default); the inputs show its settings again.
  void restart(std::optional<std::uint64_t> seed);
  // The what-if inputs as shown ("BatchSize 10, ..."): scripted runs print them.
  [[nodiscard]] std::string inputs_text() const;
  // What the Verdict tab showed last (its overall line) and how many times it judged (scripted runs print both: the
  // panel is drawn, and judged per sample rather than per frame).
  [[nodiscard]] const std::string& verdict_shown() const { return verdict_shown_; }
  [[nodiscard]] std::uint64_t verdicts_judged() const { return live_[0].judged() + live_[1].judged(); }

 private:
  void controls();
  void playback_panel(Session& s);
  void lessons_panel();
  void side_by_side_panel();
  void what_if_panel(Session& s);
  void faults_panel(Session& s);
  void session_panel(Session& s);
  void exercise_window();
  void charts();
  void environments();
  void pollers_and_flow();
  void counters();  // the window: the Verdict and Counters tabs
  void verdict_panel();
  void counter_table();
  void event_log();
  void story_window();
  void sync_inputs();
  [[nodiscard]] std::vector<const Session*> runs() const;  // one, or the two side by side
  [[nodiscard]] const Lesson* current_lesson() const;

  std::unique_ptr<Session> session_;  // one run (null while side by side)
  std::unique_ptr<SideBySide> pair_;  // two runs
  bool target_right_ = false;
  int compare_with_ = -1;  // lesson index for side by side (-1: the same scenario)
  std::vector<Lesson> lessons_;
  std::filesystem::path export_dir_;
  int lesson_ = -1;
  std::unique_ptr<Coach> coach_;
  std::optional<Verdict> verdict_;
  LiveVerdict live_[2];  // the Verdict tab's judgement of each run (one, or left and right)
  std::string verdict_shown_;
  bool show_counters_ = false;  // select the Counters tab on the next frame (side by side starts)
  std::optional<MessageStory> story_;
  bool story_open_ = false;
  std::string status_;
  double wall_time_ = 0;
  // What-if inputs, one per gui::controls(), initialised from the selected mapping, its queue and function.
  std::vector<double> what_if_;
  int seed_input_ = 0;
  float speed_log10_ = 1.78F;  // 60x
  bool max_speed_ = false;
  bool follow_log_ = true;
};

}  // namespace gui
