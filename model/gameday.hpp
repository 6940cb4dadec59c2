// Runs a GameDay's actions on the simulation's components at their times (FIS semantics: actions without startAfter
// start with the experiment; an action starts when every action it names in startAfter has completed; an action
// completes when its duration ends, at once when it has none) and keeps the timeline for the reports.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/event_source_mapping.hpp"
#include "model/gameday_spec.hpp"
#include "model/lambda_function.hpp"
#include "model/producer.hpp"
#include "model/sqs_queue.hpp"
#include "sim/engine.hpp"

namespace model {

struct GameDayEvent {
  std::string action;     // the action's name
  std::string action_id;  // aws:... or sim:...
  sim::Time started;
  std::optional<sim::Time> completed;
  std::string effect;  // what it did, in words
};

class GameDay final : public sim::EventSink {
 public:
  // The components actions may target, by name (an event source mapping as "queue->function").
  struct Targets {
    std::map<std::string, LambdaFunction*> functions;
    std::map<std::string, SqsQueue*> queues;
    std::map<std::string, Producer*> producers;
    std::map<std::string, EventSourceMapping*> mappings;
  };
  // Throws std::invalid_argument for an unknown target or startAfter name (the loader reports those first).
  GameDay(sim::Engine& engine, GameDaySpec spec, Targets targets);

  void start();
  void on_event(const sim::Event& e) override;
  // Adds an action while the simulation runs (a change made from the GUI): it starts at action.at (now when unset)
  // as a control event, before any ordinary event at that time, exactly as the same action with "at_s" does when the
  // exported session is replayed. Throws std::invalid_argument for unknown targets or a duplicate name.
  void inject(GameDayAction action);

  // Every action started so far, in start order (ties in spec order).
  [[nodiscard]] const std::vector<GameDayEvent>& timeline() const { return timeline_; }
  // True once every action has completed (a run that stops when drained waits for this).
  [[nodiscard]] bool finished() const { return completed_count_ == spec_.actions.size(); }
  [[nodiscard]] const GameDaySpec& spec() const { return spec_; }

 private:
  enum Kind : std::uint32_t { kStart = 1, kEnd = 2 };
  struct State {
    bool started = false;
    bool completed = false;
    std::size_t timeline_index = 0;
    // A setting action (sim:set-*): each target's value before it started, restored when its duration ends.
    std::vector<std::optional<double>> previous;
  };

  void check(const GameDayAction& a) const;
  void begin(std::size_t i);
  void complete(std::size_t i);
  [[nodiscard]] bool in_force_on(std::size_t k, const std::string& target) const;
  void apply_function_faults(const std::string& function);
  void apply_combined(const GameDayAction& a, const std::string& target);
  void apply_setting(std::size_t i, bool starting);
  std::string apply(std::size_t i, bool starting);

  sim::Engine& engine_;
  sim::TargetId self_;
  GameDaySpec spec_;
  Targets targets_;
  std::vector<State> state_;
  std::vector<GameDayEvent> timeline_;
  std::size_t completed_count_ = 0;
};

}  // namespace model
