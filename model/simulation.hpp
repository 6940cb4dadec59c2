// A Simulation is one run of one scenario: an engine plus the AWS components built from the spec. It is a value with
// no globals, so sweeps run many at once on threads, and a GUI can step one and read its state between events.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "handlers/handler_registry.hpp"
#include "model/account.hpp"
#include "model/cloudwatch_recorder.hpp"
#include "model/direct_invoker.hpp"
#include "model/event_source_mapping.hpp"
#include "model/gameday.hpp"
#include "model/lambda_function.hpp"
#include "model/message_move_task.hpp"
#include "model/producer.hpp"
#include "model/redrive_function.hpp"
#include "model/spec.hpp"
#include "model/sqs_queue.hpp"
#include "sim/engine.hpp"
#include "sim/helper_thread.hpp"

namespace model {

// Where every message is at one instant. The identity
//   produced = deleted + filtered + visible + in_flight + delayed + in_dlq + expired + purged + pending_send
//              + dropped (by reason)
// holds at every event; balanced() checks it. A message redriven out of a DLQ is the same message, back in a source.
struct Accounting {
  std::uint64_t produced = 0;
  std::uint64_t deleted = 0;   // processed and deleted (filtered ones not included)
  std::uint64_t filtered = 0;  // deleted by an event filter that did not match
  std::uint64_t visible = 0;   // in source queues
  std::uint64_t in_flight = 0;
  std::uint64_t delayed = 0;
  std::uint64_t in_dlq = 0;  // stored in queues that are a redrive target
  std::uint64_t expired = 0;
  std::uint64_t purged = 0;                  // PurgeQueue
  std::uint64_t dropped_too_large = 0;       // refused by SendMessage: over MaximumMessageSize
  std::uint64_t dropped_deduplicated = 0;    // FIFO: a duplicate within the deduplication interval
  std::uint64_t dropped_send_refused = 0;    // FIFO: throttled, or MessageGroupId/deduplication id missing
  std::uint64_t dropped_redrive_failed = 0;  // a message move task's destination refused the message
  std::uint64_t dropped_access_denied = 0;   // SendMessage refused by a deny-all queue policy (GameDay impairment)
  std::uint64_t pending_send = 0;            // refused, waiting in a producer for a retry (SDK back-off or outbox)

  [[nodiscard]] std::uint64_t dropped() const {
    return dropped_too_large + dropped_deduplicated + dropped_send_refused + dropped_redrive_failed +
           dropped_access_denied;
  }
  [[nodiscard]] std::uint64_t accounted() const {
    return deleted + filtered + visible + in_flight + delayed + in_dlq + expired + purged + pending_send + dropped();
  }
  [[nodiscard]] bool balanced() const { return produced == accounted(); }
};

class Simulation {
 public:
  // Builds the pipeline. Throws std::invalid_argument when the spec names something that does not exist
  // (the scenario loader reports those with file and JSON path before this point).
  Simulation(const ScenarioSpec& spec, std::uint64_t seed, std::uint64_t replication = 0);
  Simulation(const ScenarioSpec& spec, std::uint64_t seed, std::uint64_t replication,
             handlers::HandlerRegistry registry);
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Runs to the end: the scenario's duration, or earlier once drained when stop_when_drained is set.
  void run();
  // Runs one event. Returns false once the run has ended (nothing left before the end time, or drained).
  bool step();
  // Runs every event up to t (capped at the scenario's end); for GUIs that advance by wall-clock frames.
  void run_until(sim::Time t);
  [[nodiscard]] bool finished() const { return finished_; }
  // Closes the metrics at the current time; run() does it. Idempotent.
  void finish();

  [[nodiscard]] sim::Time now() const { return engine_.now(); }
  [[nodiscard]] const ScenarioSpec& spec() const { return spec_; }
  [[nodiscard]] std::uint64_t seed() const { return seed_; }
  [[nodiscard]] std::uint64_t replication() const { return replication_; }
  [[nodiscard]] const sim::Engine& engine() const { return engine_; }
  [[nodiscard]] Accounting accounting() const;
  [[nodiscard]] bool drained() const;
  // drained(), and (with alarms) at the end of an alarm period: when a run with stop_when_drained ends.
  [[nodiscard]] bool can_stop() const;

  [[nodiscard]] const std::vector<std::unique_ptr<SqsQueue>>& queues() const { return queues_; }
  [[nodiscard]] const std::vector<std::unique_ptr<LambdaFunction>>& functions() const { return functions_; }
  [[nodiscard]] const std::vector<std::unique_ptr<EventSourceMapping>>& event_source_mappings() const { return esms_; }
  [[nodiscard]] const std::vector<std::unique_ptr<Producer>>& producers() const { return producers_; }
  [[nodiscard]] const std::vector<std::unique_ptr<MessageMoveTask>>& message_move_tasks() const { return move_tasks_; }
  [[nodiscard]] const std::vector<std::unique_ptr<RedriveFunction>>& redrive_functions() const { return redrive_fns_; }
  [[nodiscard]] const std::vector<std::unique_ptr<DirectInvoker>>& invokers() const { return invokers_; }
  [[nodiscard]] const std::vector<std::unique_ptr<Publisher>>& publishers() const { return publishers_; }
  // For front-ends that act on a queue (purge, observers); nullptr when there is none of that name.
  [[nodiscard]] SqsQueue* find_queue(const std::string& name) const;
  [[nodiscard]] const sim::TimeSeries& metrics() const { return recorder_.series(); }
  // Called after each metrics period is recorded (between events, on the simulating thread): a writer can take the
  // rows closed so far (sim::TimeSeries::closed_rows) while the run goes on.
  void on_metrics_period(std::function<void()> listener) { recorder_.on_period_end(std::move(listener)); }
  // Lets the streams that feed one kind of draw (Poisson gaps, invocation durations) draw a block ahead on one helper
  // thread while the run goes on (sim::DrawAhead, sim::HelperThread). Outputs are byte-identical either way; only
  // speed depends on it. Off by default: a sweep already runs one simulation per core. `sqsim run` and the
  // benchmarks turn it on. It may change at any time, mid-run too: the streams keep drawing the same values.
  void draw_on_helper_thread(bool on);
  // The GameDay's timeline; nullptr when the scenario has no GameDay actions.
  [[nodiscard]] const GameDay* gameday() const { return gameday_.get(); }
  // A change made while the simulation runs (GUI what-if, fault buttons): a GameDay action starting at action.at
  // (1 us from now when unset) before any ordinary event at that time; replaying the scenario with the action written
  // in its GameDay ("at_s") gives the same run. Throws std::invalid_argument for unknown targets or a duplicate name.
  void inject_action(GameDayAction action);

 private:
  void build();
  void seed_initial_backlogs(const std::function<sim::RngEngine(const std::string&)>& stream);
  void add_metrics();
  GameDay::Targets gameday_targets();
  SqsQueue& queue_named(const std::string& name) const;
  LambdaFunction& function_named(const std::string& name) const;
  void check_end();
  // Gives the engine the stop condition (with stop_when_drained): once no arrival process is left running.
  void arm_stop_condition();

  ScenarioSpec spec_;
  std::uint64_t seed_;
  std::uint64_t replication_;
  handlers::HandlerRegistry registry_;
  // Declared before the components: it outlives every stream that draws on it (each waits for its own block).
  std::unique_ptr<sim::HelperThread> helper_;
  sim::Engine engine_;
  LambdaAccount account_;
  MessageIdSource ids_;
  CloudWatchRecorder recorder_;
  std::vector<std::unique_ptr<SqsQueue>> queues_;
  std::vector<std::unique_ptr<LambdaFunction>> functions_;
  std::vector<std::unique_ptr<EventSourceMapping>> esms_;
  std::vector<std::unique_ptr<Producer>> producers_;
  std::vector<std::unique_ptr<MessageMoveTask>> move_tasks_;
  std::vector<std::unique_ptr<RedriveFunction>> redrive_fns_;
  std::vector<std::unique_ptr<DirectInvoker>> invokers_;
  std::unique_ptr<GameDay> gameday_;
  std::vector<std::unique_ptr<Publisher>> publishers_;  // functions' downstream stages
  bool finished_ = false;
  bool closed_ = false;
  std::size_t open_arrivals_ = 0;  // producers and invokers whose arrival process has not ended
};

}  // namespace model
