// The dashboard's view-model: a steppable model::Simulation with play/pause/step/speed controls, what-if changes and
// fault buttons (GameDay actions injected at the current simulated time), live samples for the charts, the views
// (execution environments, pollers, batch flow, AWS counters), the event log, and the session's export (the scenario
// plus a timeline of the changes, which `sqsim run` replays to the same numbers). No graphics: headless tests drive
// it, and gui/app draws it with Dear ImGui.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gui/event_log.hpp"
#include "gui/goal_judge.hpp"
#include "model/simulation.hpp"
#include "sim/log_histogram.hpp"

namespace gui {

struct Control;  // gui/controls.hpp

// One point of the live charts, taken every sample period of simulated time.
struct Sample {
  double t = 0;                               // simulated seconds
  float visible = 0, in_flight = 0, dlq = 0;  // ApproximateNumberOfMessages{Visible,NotVisible} and the DLQs' depth
  float oldest_age_s = 0;                     // ApproximateAgeOfOldestMessage (its last CloudWatch period)
  float concurrency = 0, concurrency_limit = 0, pollers = 0, max_pollers = 0;
  float throttles_per_s = 0, errors_per_s = 0, cold_starts_per_s = 0, deleted_per_s = 0, received_per_s = 0;
  float p50_ms = 0, p99_ms = 0;  // end-to-end latency of the messages deleted since the previous sample
};

struct EnvironmentCounts {
  std::uint32_t initializing = 0, busy = 0, idle = 0, reclaimed = 0;
};

struct Counter {
  std::string resource;
  std::string metric;  // the AWS metric name (NumberOfMessagesSent, Throttles, PolledEventCount...)
  double value = 0;
};

// A change made during the session, as the exported scenario's GameDay holds it.
struct Change {
  std::string name;  // the GameDay action's name (gui-1, gui-2...)
  double at_s = 0;
  std::string description;
  nlohmann::json action;  // {"actionId", "at_s", "targets", "parameters"}
};

// An exercise attempt as the exported timeline records it: the seed, when it was judged, the changes the learner made,
// and the verdict (each part of the goal, and any rule of the exercise the changes broke).
struct Attempt {
  std::uint64_t seed = 0;
  double judged_at_s = 0;
  std::vector<Change> changes;
  bool passed = false;
  std::vector<GoalPart> parts;
  std::vector<std::string> rule_breaks;
};

enum class Fault {
  ErrorRate,           // sim:error-rate 50 % for 60 s
  BadDeploy,           // sim:bad-deploy for 60 s
  DownstreamSlowdown,  // sim:downstream-slowdown +1,000 ms per record for 120 s
  DownstreamOutage,    // sim:downstream-outage (3 s connect timeout) for 60 s
  InvocationDelay,     // aws:lambda:invocation-add-delay 2,000 ms for 60 s
  PoisonBurst,         // sim:poison-burst 100 invalid messages
  TrafficSpike,        // sim:traffic-multiplier x10 for 120 s
  DuplicateSubmit,     // sim:duplicate-submit 30 % for 120 s
};
const char* fault_label(Fault f);
// The action a fault button injects, in one sentence from the action table (the dashboard's tooltip).
std::string fault_summary(Fault f);

class Session {
 public:
  // Loads the scenario (throws scenarios::ScenarioError with every problem, std::runtime_error when unreadable).
  explicit Session(std::string scenario_file, std::optional<std::uint64_t> seed = std::nullopt);
  // An exercise's session: the scenario as scenario_with_goal makes it (the goal as its "slos", without the lesson's
  // GameDay expectations, with the exercise's alarms and starting point).
  Session(std::string scenario_file, std::optional<std::uint64_t> seed, const GoalScenario& exercise);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // --- controls
  void play() { playing_ = true; }
  void pause() { playing_ = false; }
  [[nodiscard]] bool playing() const { return playing_ && !finished(); }
  // Simulated seconds per wall-clock second (1: real time); 0: as fast as the budget allows.
  void set_speed(double simulated_per_wall_second) {
    speed_ = simulated_per_wall_second < 0 ? 0 : simulated_per_wall_second;
  }
  [[nodiscard]] double speed() const { return speed_; }
  // One event, then paused. False when the run is over.
  bool step();
  // Called once per frame: when playing, runs events for wall_dt seconds at the speed, spending at most budget_s of
  // wall-clock time (the simulation falls behind the speed rather than the frame rate). Returns the events run.
  std::uint64_t advance(double wall_dt_s, double budget_s);
  // Runs to simulated time t (tests, scripts), sampling on the way.
  void run_to(double t_s);
  // The same scenario from the start, with a new seed (default: the next one). The changes are forgotten.
  void restart(std::optional<std::uint64_t> seed = std::nullopt);

  // --- what the what-if controls and fault buttons act on: one event source mapping, its queue and its function
  void select_mapping(std::size_t i);
  [[nodiscard]] std::size_t selected_mapping() const { return selected_; }
  [[nodiscard]] std::size_t mapping_count() const { return sim_->event_source_mappings().size(); }

  // --- what-if, applied 1 us from now (see model::Simulation::inject_action). Each is written as a GameDay action's
  // JSON and read through the scenario loader, so it is checked as a scenario file's action is; they throw
  // std::invalid_argument with the loader's message (the path, the value, the AWS range) when it refuses one.
  // The control's setting (gui/controls.hpp) on the selected mapping, its function or its queue, as its action
  // targets; a count's fraction is refused rather than truncated.
  void change(const Control& control, double value);
  // The control's setting as it is now on that target (the control's `unset` value when it is unset; nullopt when
  // the scenario has nothing for it to act on, e.g. a mapping's setting in a scenario of direct invocations).
  [[nodiscard]] std::optional<double> current(const Control& control) const;
  void trigger(Fault f);
  [[nodiscard]] const std::vector<Change>& changes() const { return changes_; }

  // --- views
  [[nodiscard]] const model::Simulation& simulation() const { return *sim_; }
  [[nodiscard]] const std::deque<Sample>& samples() const { return samples_; }
  [[nodiscard]] EnvironmentCounts environment_counts(std::size_t function) const;
  [[nodiscard]] std::vector<Counter> counters() const;
  [[nodiscard]] const EventLog& log() const { return *log_; }
  [[nodiscard]] double now_s() const { return sim_->now().seconds(); }
  [[nodiscard]] bool finished() const { return sim_->finished(); }
  [[nodiscard]] std::uint64_t seed() const { return seed_; }
  [[nodiscard]] const std::string& scenario_file() const { return file_; }
  [[nodiscard]] double sample_period_s() const { return sample_period_.seconds(); }

  // --- exercise attempts: kept across restarts (a learner tries again), exported in the timeline with the goal.
  void record_attempt(Attempt a) { attempts_.push_back(std::move(a)); }
  [[nodiscard]] const std::vector<Attempt>& attempts() const { return attempts_; }
  [[nodiscard]] const nlohmann::json& goal() const { return goal_; }

  // --- export: the scenario as loaded, with this session's seed, its changes in the GameDay (at_s), and duration_s
  // set to now when the run is not over; `sqsim run` on it gives the numbers the session shows.
  [[nodiscard]] nlohmann::json exported_scenario() const;
  [[nodiscard]] nlohmann::json exported_timeline() const;
  // Runs what is left at the current instant (a single step can stop between two events at the same time; the
  // replay runs both), then writes DIR/session-scenario.json, DIR/session-timeline.json and DIR/session-player.html
  // (the session animated in a browser, gui/session_player); returns the scenario's path.
  std::filesystem::path export_to(const std::filesystem::path& dir);

 private:
  class LatencyWindow;
  void build();
  void sample_until_now();
  void take_sample();
  void inject(const std::string& action_id, nlohmann::json targets, nlohmann::json parameters, std::string description);
  [[nodiscard]] const model::EventSourceMappingSpec& mapping() const;
  [[nodiscard]] std::string selected_mapping_name() const;  // "queue->function"
  [[nodiscard]] std::string target_of(const Control& c) const;
  [[nodiscard]] const std::string& function_name() const;  // the function the memory/reserved controls act on

  std::string file_;
  nlohmann::json document_;  // the scenario file as read
  model::ScenarioSpec spec_;
  std::uint64_t seed_ = 0;
  std::unique_ptr<model::Simulation> sim_;
  std::unique_ptr<EventLog> log_;
  std::unique_ptr<LatencyWindow> latency_;
  std::deque<Sample> samples_;
  std::vector<Change> changes_;
  nlohmann::json goal_;  // the exercise's goal (null: not an exercise)
  std::vector<Attempt> attempts_;
  sim::Time sample_period_;
  sim::Time next_sample_;
  // Counter values at the previous sample, for the per-second rates.
  double last_throttles_ = 0, last_errors_ = 0, last_cold_ = 0, last_deleted_ = 0, last_received_ = 0;
  bool playing_ = false;
  double speed_ = 60;
  double lag_s_ = 0;  // simulated time owed when the budget ran out (not carried beyond one second of wall time)
  std::size_t selected_ = 0;
  std::uint64_t change_counter_ = 0;
  static constexpr std::size_t kMaxSamples = 3000;
};

}  // namespace gui
