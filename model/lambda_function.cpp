#include "model/lambda_function.hpp"

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "model/cold_start_defaults.hpp"
#include "model/event_source_mapping.hpp"

#include <cmath>

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <utility>

#include "sim/slot_pool.hpp"

namespace model {

namespace {
// Lambda: CPU share is proportional to memory; 1,769 MB is one full vCPU.
constexpr double kMbPerVcpu = 1769.0;
// The error of a direct invocation whose caller decided it fails (InvokerSpec::error_probability).
constexpr const char* kDirectInvocationFailed = "direct invocation failed";
}  // namespace

LambdaFunction::LambdaFunction(sim::Engine& engine, LambdaAccount& account, FunctionSpec spec,
                               const handlers::HandlerRegistry& registry, Streams streams)
    : engine_(engine),
      self_(engine.add_sink(*this)),
      account_(account),
      spec_(std::move(spec)),
      registry_(registry),
      streams_(std::move(streams)),
      idle_(spec_.idle_choice) {
  if (!registry_.contains(spec_.handler)) throw std::invalid_argument("unknown handler '" + spec_.handler + "'");
  handler_reads_ = registry_.reads(spec_.handler);
  deps_ = std::make_unique<SimulatedDependencies>(spec_, std::move(streams_.table), std::move(streams_.downstream));
  if (spec_.reserved_concurrency) account_.reserve(*spec_.reserved_concurrency);
  update_cpu_slowdown();
  init_duration_ =
      spec_.cold_start.init_duration_ms.value_or(default_init_duration_ms(spec_.runtime, spec_.architecture));
  scaling_tokens_ = spec_.scaling_burst;
  // A fixed keep-alive is the same for every idle spell: worked out once (a fixed distribution draws nothing).
  if (spec_.keep_alive_s.kind == sim::DistributionSpec::Kind::Fixed)
    fixed_keep_alive_ =
        sim::Time{static_cast<std::int64_t>(sim::sample(spec_.keep_alive_s, streams_.keep_alive) * 1e6)};
  same_keep_alive_ = fixed_keep_alive_ && spec_.keep_alive_model.steps.empty() && !spec_.keep_alive_model.max_lifetime;
  // The handler's clock: the invocation's start plus the time its dependency calls have taken so far.
  ctx_.now_ms = [deps = deps_.get()] { return deps->meter().now().us / 1000; };
  ctx_.function_name = spec_.name;  // handlers see the context read-only: it stays for every invocation
  request_id_seed_ = sim::fnv1a64(spec_.name);
  // Lambda: provisioned concurrency keeps environments initialised ahead of traffic (no cold start up to it).
  for (std::uint32_t i = 0; i < spec_.provisioned_concurrency; ++i) {
    const std::uint32_t id = new_environment();
    envs_[id].provisioned = true;
    env_stats_.change(engine_.now(), EnvironmentState::Initializing, EnvironmentState::Idle);
    envs_[id].state = EnvironmentState::Idle;
    ++n_idle_;
    idle_provisioned_.push_back(id);
  }
}

void LambdaFunction::update_cpu_slowdown() {
  const double f = spec_.duration.cpu_bound_fraction;
  cpu_slowdown_ = (1.0 - f) + f * std::max(1.0, kMbPerVcpu / static_cast<double>(spec_.memory_size_mb));
  if (duration_draws_) duration_draws_->set_param(cpu_slowdown_);
}

void LambdaFunction::set_memory_size(std::uint32_t mb) {
  // Lambda: a configuration change replaces the environments; here new invocations simply use the new CPU share.
  spec_.memory_size_mb = mb;
  update_cpu_slowdown();
}

void LambdaFunction::set_reserved_concurrency(std::optional<std::uint32_t> n) {
  if (spec_.reserved_concurrency) account_.unreserve(*spec_.reserved_concurrency);
  spec_.reserved_concurrency = n;
  if (n) account_.reserve(*n);
}

bool LambdaFunction::take_scaling_token() {
  // Lambda: each function can create 1,000 new execution environments every 10 s, refilled continuously.
  const std::int64_t interval =
      std::max<std::int64_t>(1, spec_.scaling_refill_period.us / std::max(1u, spec_.scaling_burst));
  const std::int64_t gained = (engine_.now() - scaling_refilled_at_).us / interval;
  scaling_tokens_ = std::min<std::int64_t>(spec_.scaling_burst, scaling_tokens_ + gained);
  scaling_refilled_at_ =
      scaling_tokens_ >= spec_.scaling_burst ? engine_.now() : scaling_refilled_at_ + sim::Time{gained * interval};
  if (scaling_tokens_ <= 0) return false;
  --scaling_tokens_;
  return true;
}

std::optional<std::uint32_t> LambdaFunction::take_idle_environment() {
  if (!idle_provisioned_.empty()) {
    const std::uint32_t id = idle_provisioned_.back();
    idle_provisioned_.pop_back();
    return id;
  }
  if (idle_.empty()) return std::nullopt;
  const std::uint32_t id = idle_.take();
  envs_[id].reclaim_timer.cancel();  // busy again: the keep-alive restarts when it is next idle
  return id;
}

void LambdaFunction::make_idle(std::uint32_t env_id) {
  ExecutionEnvironment& env = envs_[env_id];
  env_stats_.change(engine_.now(), env.state, EnvironmentState::Idle);
  env.state = EnvironmentState::Idle;
  ++n_idle_;
  if (env.provisioned) {
    idle_provisioned_.push_back(env_id);
    return;
  }
  idle_.add(env_id, env.created_seq);
}

std::uint32_t LambdaFunction::concurrency_limit() const {
  return spec_.reserved_concurrency ? *spec_.reserved_concurrency : account_.unreserved_limit();
}

bool LambdaFunction::acquire_concurrency() {
  // Lambda: reserved concurrency is both a guarantee and a cap; without it the function shares the unreserved pool.
  if (spec_.reserved_concurrency) {
    if (concurrency_ >= *spec_.reserved_concurrency) return false;
    last_acquire_unreserved_ = false;
  } else {
    if (!account_.try_acquire_unreserved()) return false;
    last_acquire_unreserved_ = true;
  }
  ++concurrency_;
  peak_concurrency_ = std::max(peak_concurrency_, concurrency_);
  period_peak_ = std::max(period_peak_, concurrency_);
  return true;
}

void LambdaFunction::release_concurrency(bool unreserved) {
  --concurrency_;
  if (unreserved) account_.release_unreserved();
}

InvokeStatus LambdaFunction::invoke_direct(InvocationCaller& caller, std::uint64_t token, bool fails) {
  direct_next_ = true;
  direct_fails_next_ = fails;
  const InvokeStatus s = invoke(empty_event_, caller, token, nullptr);
  direct_next_ = false;
  return s;
}

InvokeStatus LambdaFunction::invoke_direct(InvocationCaller& caller, std::uint64_t token, bool fails,
                                           sim::Time duration) {
  direct_duration_next_ = duration;
  const InvokeStatus s = invoke_direct(caller, token, fails);
  direct_duration_next_.reset();
  return s;
}

sim::Time LambdaFunction::compute_time(const Running& run, std::size_t records) {
  if (run.cold_whole) return sim::Time{0};  // cold-duration mode: the one draw was the init phase
  if (run.given_duration) return *run.given_duration;
  return draw_duration(records);
}

sim::Time LambdaFunction::draw_changing_keep_alive(const ExecutionEnvironment& env) {
  const KeepAliveModel& m = spec_.keep_alive_model;
  const sim::DistributionSpec* d = &spec_.keep_alive_s;
  if (!m.steps.empty()) {  // a keep-alive that depends on the environment's use or age
    const double use = m.by == KeepAliveModel::By::Invocations ? static_cast<double>(env.invocations)
                                                               : (engine_.now() - env.created_at).seconds();
    for (const KeepAliveModel::Step& s : m.steps)
      if (use >= s.from) d = &s.keep_alive_s;
  }
  sim::Time keep = d == &spec_.keep_alive_s && fixed_keep_alive_
                       ? *fixed_keep_alive_
                       : sim::Time{static_cast<std::int64_t>(sim::sample(*d, streams_.keep_alive) * 1e6)};
  if (m.max_lifetime) keep = std::min(keep, std::max(sim::Time{0}, env.created_at + *m.max_lifetime - engine_.now()));
  return keep;
}

void LambdaFunction::add_initial_environments() {
  // Its draws from the duration stream come before every invocation's, which may then draw that stream ahead.
  if (duration_draws_) throw std::logic_error("LambdaFunction::add_initial_environments after an invocation");
  const InitialEnvironments& init = spec_.initial;
  for (std::uint32_t i = 0; i < init.idle; ++i) {
    const std::uint32_t id = new_environment();
    ExecutionEnvironment& env = envs_[id];
    const double idle_for = sim::sample(init.idle_for_s, streams_.keep_alive);
    const double age = std::max(idle_for, sim::sample(init.age_s, streams_.keep_alive));
    env.created_at = engine_.now() - sim::Time{sim::round_to_int64(age * 1e6)};
    make_idle(id);
    // The keep-alive already running: a lifetime drawn on condition that it exceeds the idle time so far (by
    // rejection; a lifetime that cannot exceed it reclaims the environment at once), minus that time.
    sim::Time keep = draw_keep_alive(env);
    for (int tries = 0; keep.seconds() <= idle_for && tries < 1000; ++tries) keep = draw_keep_alive(env);
    const sim::Time left = std::max(sim::Time{0}, keep - sim::Time{sim::round_to_int64(idle_for * 1e6)});
    env.reclaim_timer.arm(engine_, engine_.now() + left, self_, kReclaim, id);
  }
  for (std::uint32_t i = 0; i < init.busy; ++i) {
    if (!acquire_concurrency())
      throw std::invalid_argument("function " + spec_.name + ": initial busy environments exceed its concurrency");
    const std::uint32_t id = new_environment();
    ExecutionEnvironment& env = envs_[id];
    env.holds_unreserved = last_acquire_unreserved_;
    env_stats_.change(engine_.now(), EnvironmentState::Initializing, EnvironmentState::Busy);
    env.state = EnvironmentState::Busy;
    ++env.generation;
    ++env.invocations;
    env.last_used_at = engine_.now();
    Running& run = running_[id];
    run = Running{};
    run.direct = true;
    run.event = &empty_event_;
    run.result.duration = sim::sample_millis(init.busy_remaining_ms, streams_.duration);
    engine_.schedule_in(run.result.duration, self_, kInvocationDone, sim::pack_slot(id, env.generation));
  }
}

InvokeStatus LambdaFunction::invoke(const lambda::SqsEvent& event, InvocationCaller& caller, std::uint64_t token,
                                    lambda::SqsClient* sqs) {
  if (!acquire_concurrency()) {
    ++counters_.throttles;  // 429 TooManyRequestsException; not an invocation
    return InvokeStatus::Throttled;
  }
  // Lambda reuses a warm environment when one is idle (provisioned ones first); otherwise it creates one, within the
  // function's scaling rate.
  std::optional<std::uint32_t> idle = take_idle_environment();
  if (!idle && !take_scaling_token()) {
    release_concurrency(last_acquire_unreserved_);
    ++counters_.throttles;
    ++counters_.scaling_rate_throttles;
    return InvokeStatus::Throttled;
  }
  ++counters_.invocations;
  const bool cold = !idle;
  const std::uint32_t env_id = cold ? new_environment() : *idle;
  envs_[env_id].holds_unreserved = last_acquire_unreserved_;
  if (spec_.provisioned_concurrency > 0) {
    if (envs_[env_id].provisioned) {
      ++counters_.provisioned_invocations;
      ++provisioned_busy_;
      period_provisioned_peak_ = std::max(period_provisioned_peak_, provisioned_busy_);
    } else {
      ++counters_.spillover_invocations;  // all provisioned environments were busy
    }
  }
  Running& run = running_[env_id];
  run.caller = &caller;
  run.sqs = sqs;
  run.direct = direct_next_;
  run.direct_fails = direct_fails_next_;
  run.token = token;
  run.event = &event;
  run.result.reset();
  run.given_duration = direct_duration_next_;
  run.cold_whole = cold && spec_.cold_start.cold_duration_ms.has_value();
  ExecutionEnvironment& env = envs_[env_id];
  if (cold) {
    ++counters_.cold_starts;
    sim::Time init;
    if (run.cold_whole) {
      init = sim::sample_millis(*spec_.cold_start.cold_duration_ms, streams_.cold_start);
    } else {
      init = sim::sample_millis(init_duration_, streams_.cold_start);
      if (spec_.package_type == "Image")
        init += sim::sample_millis(spec_.cold_start.image_adder_ms, streams_.cold_start);
      if (spec_.vpc) init += sim::sample_millis(spec_.cold_start.vpc_adder_ms, streams_.cold_start);
    }
    // Lambda: the init phase is capped at 10 s; past it, init is retried inside the first invoke (both billed).
    if (!run.cold_whole && init > sim::seconds(10)) init = init + sim::seconds(10);
    run.result.cold_start = true;
    run.result.init_duration = init;
    counters_.init_duration_ms += (init.us + 999) / 1000;
    engine_.schedule_in(init, self_, kInitDone, sim::pack_slot(env_id, env.generation));
  } else {
    --n_idle_;
    env_stats_.change(engine_.now(), EnvironmentState::Idle, EnvironmentState::Busy);
    env.state = EnvironmentState::Busy;
    ++env.generation;
    start_handler(env_id);
  }
  return InvokeStatus::Accepted;
}

std::uint32_t LambdaFunction::new_environment() {
  const std::uint32_t id = sim::take_slot(free_env_slots_, envs_, running_);
  ExecutionEnvironment& env = envs_[id];
  const std::uint32_t gen = env.generation + 1;
  sim::LazyTimer reclaim_timer = env.reclaim_timer;  // a slot reused while its old timer is still queued
  reclaim_timer.cancel();
  env = ExecutionEnvironment{};
  env.reclaim_timer = reclaim_timer;
  env.id = id;
  env.generation = gen;
  env.state = EnvironmentState::Initializing;
  env_stats_.change(engine_.now(), EnvironmentState::Reclaimed, EnvironmentState::Initializing);
  env.created_at = engine_.now();
  env.created_seq = ++created_counter_;
  // The handler object is built in the init phase, once per environment: its state lives as long as the environment.
  env.handler = registry_.create(spec_.handler, spec_.handler_config, deps_->handles());
  ++counters_.environments_created;
  return id;
}

sim::Time LambdaFunction::draw_duration(std::size_t records) {
  const DurationModel& d = spec_.duration;
  if (!duration_draws_) [[unlikely]] {
    if (!d.drawn_ahead()) {
      // The per-record part, when there is one, draws from the stream after the per-invocation part.
      const double ms = sim::add_samples(sim::sample(d.per_invocation_ms, streams_.duration), d.per_record_ms, records,
                                         streams_.duration);
      return sim::Time{DurationMicros{}(ms, cpu_slowdown_)};
    }
    duration_draws_ = std::make_unique<sim::DrawAhead<sim::SampleOf, DurationMicros>>(
        streams_.duration, sim::SampleOf{d.per_invocation_ms}, DurationMicros{}, cpu_slowdown_);
    duration_draws_->set_helper(draw_helper_);
  }
  const auto drawn = duration_draws_->next();
  // No records (a direct invocation): the duration was worked out beside its draw. A fixed per-record part draws
  // nothing from the stream (sim::add_samples).
  if (records == 0) return sim::Time{drawn.value};
  return sim::Time{
      DurationMicros{}(sim::add_samples(drawn.draw, d.per_record_ms, records, streams_.duration), cpu_slowdown_)};
}

void LambdaFunction::format_request_id(std::uint64_t request_number, std::string& out) const {
  // A UUID-shaped request id, unique per function and invocation, as Lambda prints it.
  const std::uint64_t n = request_number;
  format_message_id(request_id_seed_ ^ (n << 16) ^ n, out);
}

void LambdaFunction::start_handler(std::uint32_t env_id) {
  ExecutionEnvironment& env = envs_[env_id];
  Running& run = running_[env_id];
  ++env.invocations;
  env.last_used_at = engine_.now();
  run.request_number = ++request_counter_;
  if (run.direct && !faults_active_) [[likely]] {
    // A direct invocation runs no handler and calls no dependency: its duration is the duration model's alone.
    if (run.direct_fails) {
      run.result.function_error = true;
      run.result.error_type = kDirectInvocationFailed;
    }
    schedule_end(env_id, compute_time(run, 0), false);
    return;
  }
  run_handler(env_id);
}

void LambdaFunction::run_handler(std::uint32_t env_id) {
  ExecutionEnvironment& env = envs_[env_id];
  Running& run = running_[env_id];
  const sim::Time deadline = engine_.now() + spec_.timeout;
  lambda::Context& ctx = ctx_;
  ctx.sqs = run.sqs;
  if (handler_reads_ == handlers::Reads::EventAndContext && !run.direct)
    format_request_id(run.request_number, ctx.aws_request_id);
  ctx.memory_limit_in_mb = static_cast<std::int32_t>(spec_.memory_size_mb);
  ctx.deadline_ms = deadline.us / 1000;
  const std::size_t records = run.event->records.size();
  // GameDay faults, drawn in a fixed order from the fault stream only when one is in force.
  sim::Time extra{0};
  bool prevent = false;
  std::optional<std::string> injected_error;
  bool replaced_response = false;
  if (faults_active_) {
    const FunctionFaults& f = faults_;
    const auto hit = [this](double percentage) {
      if (percentage >= 100.0) return true;
      if (percentage <= 0.0) return false;
      return boost::random::uniform_real_distribution<double>(0.0, 100.0)(streams_.faults) < percentage;
    };
    // FIS invocation-add-delay: the delay comes before the handler runs and counts in its duration (and timeout).
    if (hit(f.delay_percentage)) extra += f.startup_delay;
    // FIS invocation-error: the invocation is marked failed; with preventExecution the handler does not run.
    if (hit(f.error_percentage)) {
      injected_error = "FIS aws:lambda:invocation-error";
      prevent = prevent || f.error_prevents_execution;
    }
    // FIS invocation-http-integration-response: the function returns the injected HTTP response instead of its own.
    // An event source mapping reads that object as a batch response without batchItemFailures: a success, so the
    // whole batch is deleted, processed or not.
    if (hit(f.http_percentage)) {
      replaced_response = true;
      prevent = prevent || f.http_prevents_execution;
    }
    if (f.error_probability > 0.0 &&
        boost::random::bernoulli_distribution<double>(std::min(1.0, f.error_probability))(streams_.faults))
      injected_error = "sim:error-rate";
    if (f.bad_deploy) {
      injected_error = "sim:bad-deploy: the handler fails at start";
      prevent = true;
    }
    if (spec_.downstream) {
      // A function with a downstream dependency meets these faults in its calls: each call slower, or timing out at
      // the client's timeout; what follows is up to its handler (retry, circuit breaker, batch item failure).
      deps_->set_downstream_faults(DownstreamFaults{f.per_record_latency, f.outage_timeout.has_value()});
    } else {
      if (f.outage_timeout) {
        // The handler's call to the downstream hangs until its client times out, then the handler fails.
        extra += *f.outage_timeout;
        injected_error = "sim:downstream-outage: downstream call timed out";
        prevent = true;
      }
      extra += f.per_record_latency * static_cast<std::int64_t>(records);
    }
  } else if (spec_.downstream) {
    deps_->set_downstream_faults(DownstreamFaults{});
  }
  // Compute (the duration model) is drawn first: the dependency calls get what is left before the deadline.
  const sim::Time compute = prevent ? sim::Time{0} : compute_time(run, records);
  deps_->begin_invocation(engine_.now(), std::max(sim::Time{0}, spec_.timeout - compute - extra));
  // The handler's real code runs here; an exception is a function error, as the Lambda runtime reports it.
  try {
    if (run.direct) {
      if (run.direct_fails) throw std::runtime_error(kDirectInvocationFailed);
    } else if (!prevent) {
      run.result.response = env.handler->handle(*run.event, ctx);
    }
  } catch (const lambda::DeadlineExceeded&) {
    // Lambda stopped it mid-call: handled below as a timeout.
  } catch (const lambda::EnvironmentFailure& ex) {
    // Lambda: the runtime exited, failed its init or stopped answering; the invocation fails and the environment is
    // discarded (the next invocation there is a cold start).
    run.result.function_error = true;
    run.result.environment_failed = true;
    run.result.timed_out = ex.timed_out();
    run.result.error_type = ex.what();
    ++counters_.environment_failures[ex.error_type()];
  } catch (const std::exception& ex) {
    run.result.function_error = true;
    run.result.error_type = ex.what();
  } catch (...) {
    run.result.function_error = true;
    run.result.error_type = "unknown exception";
  }
  if (replaced_response) run.result.response = {};
  if (prevent && !injected_error && !run.direct) counters_.records_acknowledged_unprocessed += records;
  if (injected_error) {
    run.result.function_error = true;
    run.result.error_type = *injected_error;
  }
  // A handler that does not run takes only the injected time (Lambda bills at least 1 ms).
  // Duration = compute + injected delays + the handler's dependency calls (a handler that does not run: only the
  // injected time; Lambda bills at least 1 ms).
  schedule_end(env_id, prevent ? std::max(extra, sim::millis(1)) : compute + extra + deps_->meter().elapsed,
               deps_->meter().deadline_hit);
}

void LambdaFunction::schedule_end(std::uint32_t env_id, sim::Time d, bool deadline_hit) {
  Running& run = running_[env_id];
  // Lambda: an invocation that reaches the timeout is stopped there and counts as an error.
  if (deadline_hit || d > spec_.timeout || run.result.timed_out) {
    d = spec_.timeout;
    run.result.timed_out = true;
    run.result.function_error = true;
    run.result.error_type = "Task timed out";
  }
  run.result.duration = d;
  engine_.schedule_in(d, self_, kInvocationDone, sim::pack_slot(env_id, envs_[env_id].generation));
}

void LambdaFunction::on_event(const sim::Event& e) {
  const std::uint32_t env_id = sim::slot_of(e.arg);
  ExecutionEnvironment& env = envs_[env_id];
  if (e.kind == kReclaim) {
    if (!env.reclaim_timer.fire(engine_, e)) return;  // used again since, or its keep-alive was extended
  } else if (env.generation != sim::generation_of(e.arg)) {
    return;  // reused or reclaimed since: a stale timer
  }
  switch (e.kind) {
    case kInitDone:
      env_stats_.change(engine_.now(), EnvironmentState::Initializing, EnvironmentState::Busy);
      env.state = EnvironmentState::Busy;
      ++env.generation;
      start_handler(env_id);
      return;
    case kInvocationDone: {
      Running& run = running_[env_id];
      // Taken out of the slot: the caller may invoke again at once, and the environment, idle by then, may take it.
      // Into a member, whose storage stays: events run one at a time, so no other end overwrites it meanwhile.
      InvocationResult& result = ended_;
      result.take(run.result);
      InvocationCaller* caller = run.caller;
      const std::uint64_t token = run.token;
      const std::size_t records = run.event->records.size();
      run.event = nullptr;
      release_concurrency(env.holds_unreserved);
      counters_.records_processed += records;
      ++counters_.completed;
      counters_.duration_us_total += result.duration.us;
      counters_.billed_duration_ms += (result.duration.us + 999) / 1000;
      durations_.add(result.duration.us);
      if (env.provisioned) {
        --provisioned_busy_;
        counters_.provisioned_billed_duration_ms += (result.duration.us + 999) / 1000;
      }
      if (result.function_error) ++counters_.errors;
      if (result.timed_out) ++counters_.timeouts;
      ++env.generation;
      if (result.timed_out || result.environment_failed) {
        // Lambda resets the execution environment after a timeout or a runtime failure: its in-memory state is gone
        // (a provisioned one is re-initialised in place).
        env.handler =
            env.provisioned ? registry_.create(spec_.handler, spec_.handler_config, deps_->handles()) : nullptr;
        if (env.provisioned) {
          make_idle(env_id);
        } else {
          env_stats_.change(engine_.now(), EnvironmentState::Busy, EnvironmentState::Reclaimed);
          env_stats_.ended(engine_.now(), env.created_at);
          env.state = EnvironmentState::Reclaimed;
          ++counters_.environments_reclaimed;
          sim::release_slot(free_env_slots_, env_id);
        }
      } else {
        make_idle(env_id);
        if (!env.provisioned) {
          // Lambda: an environment idle for its keep-alive is reclaimed; each idle spell draws its own keep-alive
          // (the scenario's keep-alive model: fixed, a distribution, or one that depends on the environment's age or
          // use).
          env.reclaim_timer.arm(engine_, engine_.now() + draw_keep_alive(env), self_, kReclaim, env_id);
        }
      }
      if (!observers_.empty()) {
        // Drawn once for all observers, and only when someone reads it (its own stream: no other draw shifts).
        const double used =
            std::min<double>(spec_.memory_size_mb, sim::sample(spec_.max_memory_used_mb, streams_.memory_used));
        // An invocation already running at time 0 (FunctionSpec::initial) started before the run: no request id.
        if (const std::uint64_t n = running_[env_id].request_number; n == 0)
          request_id_.clear();
        else
          format_request_id(n, request_id_);
        for (FunctionObserver* o : observers_)
          o->on_invocation_end(spec_.name, request_id_, spec_.memory_size_mb,
                               static_cast<std::uint32_t>(std::ceil(used)), result);
      }
      if (caller != nullptr) caller->on_invocation_complete(token, result);  // null: an initial busy environment
      return;
    }
    case kReclaim:
      // Lambda reclaims an environment idle for its keep-alive period; the next request there is a cold start.
      idle_.remove(env_id, env.created_seq);
      env_stats_.change(engine_.now(), EnvironmentState::Idle, EnvironmentState::Reclaimed);
      env_stats_.ended(engine_.now(), env.created_at);
      env.state = EnvironmentState::Reclaimed;
      ++env.generation;
      env.handler.reset();
      --n_idle_;
      ++counters_.environments_reclaimed;
      sim::release_slot(free_env_slots_, env_id);
      return;
    default:
      return;
  }
}

}  // namespace model
