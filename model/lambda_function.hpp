// A Lambda function: concurrency (reserved or from the account's unreserved pool), execution environments with cold
// starts and keep-alive, the handler's real code run on every invocation, the duration model and the timeout.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "handlers/handler_registry.hpp"
#include "model/account.hpp"
#include "model/dependencies.hpp"
#include "model/environment_stats.hpp"
#include "model/execution_environment.hpp"
#include "model/idle_environments.hpp"
#include "model/invocation.hpp"
#include "model/spec.hpp"
#include "sim/distribution.hpp"
#include "sim/draw_ahead.hpp"
#include "sim/engine.hpp"
#include "sim/log_histogram.hpp"
#include "sim/rng.hpp"
#include "sim/slot_pool.hpp"

namespace model {

struct FunctionCounters {
  std::uint64_t invocations = 0;  // Invocations (excludes throttles)
  std::uint64_t errors = 0;       // Errors (includes timeouts)
  std::uint64_t timeouts = 0;
  std::uint64_t throttles = 0;  // Throttles: 429 TooManyRequestsException
  std::uint64_t cold_starts = 0;
  std::uint64_t environments_created = 0;
  std::uint64_t environments_reclaimed = 0;
  std::uint64_t records_processed = 0;
  std::uint64_t completed = 0;                      // invocations that ended (successfully or not)
  std::int64_t duration_us_total = 0;               // summed Duration of ended invocations
  std::int64_t billed_duration_ms = 0;              // rounded up to 1 ms per invocation (since Dec 2020)
  std::int64_t init_duration_ms = 0;                // billed init (managed runtimes, since Aug 2025)
  std::uint64_t provisioned_invocations = 0;        // ProvisionedConcurrencyInvocations
  std::int64_t provisioned_billed_duration_ms = 0;  // the part of billed_duration_ms run on provisioned environments
  std::uint64_t spillover_invocations = 0;          // ProvisionedConcurrencySpilloverInvocations
  std::uint64_t scaling_rate_throttles = 0;  // throttled because no new environment could be created this instant
  // Records of invocations that reported success without the handler running (a GameDay's injected HTTP response
  // with preventExecution): an event source mapping deletes them unprocessed.
  std::uint64_t records_acknowledged_unprocessed = 0;
  // Invocations whose execution environment broke (lambda::EnvironmentFailure: Runtime.ExitError, Runtime.InitError,
  // Sandbox.Timedout...), by error type; each such environment was discarded.
  std::map<std::string, std::uint64_t, std::less<>> environment_failures;
};

// GameDay faults acting on a function's invocations (FIS Lambda actions and sim: ones). Percentages are FIS's
// invocationPercentage (0-100); each is drawn from the function's own fault stream, so faults do not shift other draws.
struct FunctionFaults {
  double delay_percentage = 0;  // aws:lambda:invocation-add-delay
  sim::Time startup_delay{0};
  double error_percentage = 0;  // aws:lambda:invocation-error
  bool error_prevents_execution = false;
  double http_percentage = 0;  // aws:lambda:invocation-http-integration-response
  bool http_prevents_execution = false;
  int http_status = 200;
  double error_probability = 0;             // sim:error-rate
  bool bad_deploy = false;                  // sim:bad-deploy
  sim::Time per_record_latency{0};          // sim:downstream-slowdown
  std::optional<sim::Time> outage_timeout;  // sim:downstream-outage
  [[nodiscard]] bool any() const {
    return delay_percentage > 0 || error_percentage > 0 || http_percentage > 0 || error_probability > 0 || bad_deploy ||
           per_record_latency.us > 0 || outage_timeout.has_value();
  }
};

// A duration model's milliseconds as the invocation's compute time in whole microseconds (rounded half up), slowed by
// the CPU share the memory size gives (Lambda: CPU is proportional to memory). A sim::DrawAhead derive: worked out
// beside each per-invocation draw, for the CPU share in force.
struct DurationMicros {
  using Param = double;  // the CPU slowdown, >= 1
  using Value = std::int64_t;
  std::int64_t operator()(double ms, double cpu_slowdown) const {
    return static_cast<std::int64_t>(ms * cpu_slowdown * 1000.0 + 0.5);
  }
};

class LambdaFunction final : public sim::EventSink {
 public:
  struct Streams {
    sim::RngEngine cold_start;
    sim::RngEngine duration;
    sim::RngEngine keep_alive;
    sim::RngEngine memory_used{};  // REPORT lines only: drawing here never shifts the other streams
    sim::RngEngine faults{};       // GameDay faults only, for the same reason
    sim::RngEngine table{};        // the function's table dependency (latency, errors)
    sim::RngEngine downstream{};   // its downstream dependency
  };

  LambdaFunction(sim::Engine& engine, LambdaAccount& account, FunctionSpec spec,
                 const handlers::HandlerRegistry& registry, Streams streams);

  // Lambda Invoke (event source mapping style). Throttled when the function's concurrency is used up; otherwise the
  // invocation runs and `caller` hears of its end through on_invocation_complete(token, ...).
  // `sqs` (optional) is handed to the handler's Context for ChangeMessageVisibility calls.
  // The event must stay alive and unchanged until `caller` hears of the end (the caller owns it: an event source
  // mapping rebuilds pooled events in place, so steady-state invocations allocate nothing for it).
  InvokeStatus invoke(const lambda::SqsEvent& event, InvocationCaller& caller, std::uint64_t token,
                      lambda::SqsClient* sqs = nullptr);
  // A direct (synchronous or asynchronous) invocation that runs no SQS handler: the platform's behaviour (concurrency,
  // cold starts, duration, timeout) with the outcome decided by the caller (`fails`).
  InvokeStatus invoke_direct(InvocationCaller& caller, std::uint64_t token, bool fails);
  // The same with the handler's duration given (a replayed request's measured duration) instead of drawn.
  InvokeStatus invoke_direct(InvocationCaller& caller, std::uint64_t token, bool fails, sim::Time duration);

  void on_event(const sim::Event& e) override;
  // Any number of observers (REPORT lines, the dashboard's event log, tests), called in the order they were added.
  void add_observer(FunctionObserver* o) { observers_.push_back(o); }

  [[nodiscard]] const FunctionSpec& spec() const { return spec_; }
  [[nodiscard]] const std::string& name() const { return spec_.name; }
  [[nodiscard]] const FunctionCounters& counters() const { return counters_; }
  // ConcurrentExecutions: environments initialising or running an invocation.
  [[nodiscard]] std::uint32_t concurrency() const { return concurrency_; }
  [[nodiscard]] std::uint32_t peak_concurrency() const { return peak_concurrency_; }
  [[nodiscard]] std::uint32_t concurrency_limit() const;
  [[nodiscard]] const std::vector<ExecutionEnvironment>& environments() const { return envs_; }
  [[nodiscard]] std::uint32_t idle_environments() const { return n_idle_; }
  // Durations of every invocation that ended so far.
  [[nodiscard]] sim::LogHistogram duration_histogram() const { return durations_.run(); }
  // Environment counts over time and lifespans (time averages, share of time at each count).
  [[nodiscard]] const EnvironmentStats& environment_stats() const { return env_stats_; }
  // Time-averaged environments (all, busy, idle, initialising) in the current period.
  [[nodiscard]] EnvironmentPeriodMeans period_environment_means() const {
    return env_stats_.period_means(engine_.now());
  }

  // Statistics of the current period (a metrics recorder reads them, then calls roll_period() once per period).
  // The highest concurrency in the period (ConcurrentExecutions, statistic Maximum).
  [[nodiscard]] std::uint32_t period_peak() const { return period_peak_; }
  // Busy provisioned environments: the highest in the period (ProvisionedConcurrencyUtilization's numerator).
  [[nodiscard]] std::uint32_t period_provisioned_peak() const { return period_provisioned_peak_; }
  // Durations of invocations that ended in the period (per-period average, p99 and maximum).
  [[nodiscard]] const sim::LogHistogram& period_durations() const { return durations_.period(); }
  // Starts a new period: peaks restart from the levels now, the durations from empty.
  void roll_period() {
    env_stats_.roll_period(engine_.now());
    period_peak_ = concurrency_;
    period_provisioned_peak_ = provisioned_busy_;
    durations_.roll_period();
  }
  // The scenario's starting state (FunctionSpec::initial): idle environments part-way through their keep-alive
  // and busy ones part-way through an invocation with no caller to answer (it started before the run). Call once,
  // at time 0. Throws std::invalid_argument when the busy ones exceed the function's concurrency.
  void add_initial_environments();
  // Mid-run changes (GameDays, the GUI).
  void set_memory_size(std::uint32_t mb);
  void set_reserved_concurrency(std::optional<std::uint32_t> n);
  // GameDay faults now in force (replaces the previous set).
  void set_faults(const FunctionFaults& f) {
    faults_ = f;
    faults_active_ = f.any();
  }
  [[nodiscard]] const FunctionFaults& faults() const { return faults_; }
  // Where invocation durations are drawn ahead (sim::DrawAhead; nullptr: here). Only speed depends on it.
  void set_draw_helper(sim::HelperThread* helper) {
    draw_helper_ = helper;
    if (duration_draws_) duration_draws_->set_helper(helper);
  }
  [[nodiscard]] const SimulatedDependencies& dependencies() const { return *deps_; }
  // What its handler reads of an invocation (handlers::Reads): the mapping writes only that much of each record.
  [[nodiscard]] handlers::Reads handler_reads() const { return handler_reads_; }
  // Where the handler's EventPublisher sends (functions whose handler publishes itself).
  void set_publisher(Publisher* p) { deps_->set_publisher(p); }

 private:
  enum Kind : std::uint32_t { kInitDone = 1, kInvocationDone = 2, kReclaim = 3 };
  struct Running {
    InvocationCaller* caller = nullptr;
    std::uint64_t request_number = 0;  // its request id is format_request_id(request_number); 0: none (initial)
    lambda::SqsClient* sqs = nullptr;
    bool direct = false;
    bool direct_fails = false;
    std::uint64_t token = 0;
    const lambda::SqsEvent* event = nullptr;
    InvocationResult result;
    bool cold_whole = false;                  // cold-duration mode: the init phase was the whole duration
    std::optional<sim::Time> given_duration;  // a replayed request's own duration
  };

  bool acquire_concurrency();
  void release_concurrency(bool unreserved);
  bool take_scaling_token();
  std::optional<std::uint32_t> take_idle_environment();
  // Inline, like start_handler and schedule_end: each runs once per invocation, and as calls each paid a frame for a
  // handful of instructions.
  [[gnu::always_inline]] inline void make_idle(std::uint32_t env_id);
  void update_cpu_slowdown();
  std::uint32_t new_environment();
  // Starts the invocation in a busy environment: a direct invocation without GameDay faults here (its duration drawn,
  // its end scheduled), anything else in run_handler. Inline, and the handler's run out of line: its exception
  // handling and locals gave every direct invocation a full frame and a call for a dozen instructions of work.
  [[gnu::always_inline]] inline void start_handler(std::uint32_t env_id);
  [[gnu::noinline]] void run_handler(std::uint32_t env_id);
  // The invocation ends after `d` (cut at the timeout; at once there when a dependency call hit the deadline).
  [[gnu::always_inline]] inline void schedule_end(std::uint32_t env_id, sim::Time d, bool deadline_hit);
  sim::Time draw_duration(std::size_t records);
  sim::Time compute_time(const Running& run, std::size_t records);
  // The keep-alive of an idle spell starting now (the scenario's keep-alive model).
  sim::Time draw_keep_alive(const ExecutionEnvironment& env) {
    return same_keep_alive_ ? *fixed_keep_alive_ : draw_changing_keep_alive(env);
  }
  sim::Time draw_changing_keep_alive(const ExecutionEnvironment& env);

  sim::Engine& engine_;
  sim::TargetId self_;
  LambdaAccount& account_;
  FunctionSpec spec_;
  const handlers::HandlerRegistry& registry_;
  Streams streams_;
  // What the handler calls (a table, a downstream, a publisher, the clock, a logger), shared by the environments.
  std::unique_ptr<SimulatedDependencies> deps_;

  std::vector<ExecutionEnvironment> envs_;  // indexed by environment id; reclaimed ones keep their slot for views
  std::vector<Running> running_;            // parallel to envs_
  sim::FreeSlots<std::uint32_t> free_env_slots_;
  IdleEnvironments idle_;  // on-demand ones
  std::vector<std::uint32_t> idle_provisioned_;
  std::uint64_t created_counter_ = 0;
  std::uint32_t n_idle_ = 0;
  std::uint32_t provisioned_busy_ = 0;
  std::uint32_t period_provisioned_peak_ = 0;
  sim::DistributionSpec init_duration_;
  std::optional<sim::Time> fixed_keep_alive_;  // spec_.keep_alive_s in microseconds, when it is fixed
  // Every idle spell keeps the fixed keep-alive: no steps by use or age, no maximum lifetime (the usual case).
  bool same_keep_alive_ = false;
  // The scaling-rate token bucket: `burst` tokens, one more every refill_period / burst, not banked past the burst.
  std::int64_t scaling_tokens_ = 0;
  sim::Time scaling_refilled_at_{0};
  std::uint32_t concurrency_ = 0;
  std::uint32_t peak_concurrency_ = 0;
  std::uint32_t period_peak_ = 0;
  std::uint64_t request_counter_ = 0;
  double cpu_slowdown_ = 1.0;
  std::vector<FunctionObserver*> observers_;
  bool last_acquire_unreserved_ = false;
  lambda::SqsEvent empty_event_;  // direct invocations run no SQS handler
  // The handler's Context, rewritten in place for each invocation (its strings keep their storage). Handlers run one
  // at a time and synchronously, and none keeps the Context past its return.
  lambda::Context ctx_;
  std::uint64_t request_id_seed_ = 0;  // a hash of the function's name: request ids differ between functions
  std::string request_id_;             // the last one written for the observers (its storage kept)
  // What the handler reads (handlers::Reads): the request id is written for it only with Reads::EventAndContext.
  handlers::Reads handler_reads_ = handlers::Reads::EventAndContext;
  void format_request_id(std::uint64_t request_number, std::string& out) const;
  bool direct_next_ = false;
  bool direct_fails_next_ = false;
  std::optional<sim::Time> direct_duration_next_;
  FunctionCounters counters_;
  InvocationResult ended_;  // the result of the invocation whose end is being handled
  sim::RunAndPeriodHistogram durations_;
  FunctionFaults faults_;
  bool faults_active_ = false;  // faults_.any(), worked out when they change rather than per invocation
  // The per-invocation durations, drawn ahead when they are all the duration stream feeds after time 0 (no per-record
  // part); made at the first invocation, after add_initial_environments' draws from that stream.
  std::unique_ptr<sim::DrawAhead<sim::SampleOf, DurationMicros>> duration_draws_;
  sim::HelperThread* draw_helper_ = nullptr;
  EnvironmentStats env_stats_;
};

}  // namespace model
