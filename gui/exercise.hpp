// Exercises: a lesson's goal written as SLOs/expectations, the controls the learner may touch (and any change the
// answer must include), hints revealed in turn, a worked answer and a common mistake. A Coach runs one exercise on a
// gui::Session: it refuses controls the exercise does not allow, reveals hints one at a time, and on "check" runs
// the session to its end, judges the goal with the judgement `sqsim run` uses (gui/goal_judge), says which part
// failed and why, and records the attempt in the session (exported with it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gui/session.hpp"

namespace gui {

// One change of a scripted answer: at simulated time at_s, set the control to value.
struct AnswerStep {
  double at_s = 0;
  std::string control;
  double value = 0;
};

// A change the answer must make: the control's last value must lie within [min, max].
struct Requirement {
  std::string control;
  std::optional<double> min, max;
  [[nodiscard]] std::string describe() const;  // "reserved concurrency at most 10"
};

struct Exercise {
  std::string task;                                 // what to achieve, in words
  nlohmann::json goal;                              // SLOs, the scenario "slos" format
  nlohmann::json alarms = nlohmann::json::array();  // CloudWatch alarms the goal names (added to the scenario)
  nlohmann::json start = nlohmann::json::array();   // JSON Patch to the scenario: the exercise's starting point
  [[nodiscard]] GoalScenario goal_scenario() const { return {goal, alarms, start}; }
  std::vector<std::string> controls;  // what the learner may touch (gui/controls names)
  std::vector<Requirement> require;
  std::vector<std::string> hints;   // revealed one at a time
  std::vector<AnswerStep> answer;   // a worked answer (shown after the last hint; tests/gui solves with it)
  std::vector<AnswerStep> mistake;  // a common wrong answer, and why it fails (tests/gui checks it is rejected)
  std::string mistake_why;
};

// Reads a lesson's "exercise" object. Throws std::runtime_error "FILE: error: PATH.key: expected ..." naming the
// first problem (the goal itself is checked by the scenario loader, see load_lessons).
Exercise read_exercise(const nlohmann::json& j, const std::string& file, const std::string& path);

// The verdict on a session as it stands: judge::judge on its simulation (every part of the goal, the accounting), and
// the exercise's rules the changes broke (a control it does not allow, a required change missing or out of its
// bounds). The rules are the dashboard's alone (`sqsim run` cannot see them): a reference lesson's goal never relies
// on one, so the export's `sqsim run` says what the goal's parts say.
struct Verdict {
  bool passed = false;
  judge::Judgement judgement;  // the run's single judgement (what `sqsim run` on the export gates on)
  std::vector<GoalPart> parts;
  std::vector<std::string> rule_breaks;
  // Which part failed and why, in words ("not yet: 283 throttles (bound 0) — ..."), or that the goal is met.
  [[nodiscard]] std::string explanation() const;
};
Verdict judge(const Exercise& e, const Session& s);

class Coach {
 public:
  explicit Coach(Exercise e) : exercise_(std::move(e)) {}
  [[nodiscard]] const Exercise& exercise() const { return exercise_; }

  // A new session for this exercise: the scenario with the goal as its "slos".
  [[nodiscard]] std::unique_ptr<Session> open(const std::string& scenario_file,
                                              std::optional<std::uint64_t> seed = std::nullopt) const;

  [[nodiscard]] bool allows(std::string_view control) const;
  // Makes the change if the exercise allows the control; otherwise throws std::invalid_argument saying what it allows.
  void apply(Session& s, std::string_view control, double value) const;
  // Runs a scripted answer: to each step's time, then the change. Not through apply: a scripted mistake may break
  // the exercise's rules on purpose, and the judge says so.
  void play(Session& s, const std::vector<AnswerStep>& steps) const;

  // The next hint (nullptr once all are shown); hints_shown() of them are visible.
  const std::string* reveal_hint();
  [[nodiscard]] std::size_t hints_shown() const { return hints_shown_; }
  [[nodiscard]] bool answer_unlocked() const { return hints_shown_ >= exercise_.hints.size(); }

  // Runs the session to the scenario's end, judges it and records the attempt in the session.
  Verdict check(Session& s) const;

 private:
  Exercise exercise_;
  std::size_t hints_shown_ = 0;
};

}  // namespace gui
