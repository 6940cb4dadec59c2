#include "model/lambda_function.hpp"

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <utility>

namespace model {

namespace {
// Lambda: CPU share is proportional to memory; 1,769 MB is one full vCPU.
constexpr double kMbPerVcpu = 1769.0;
}  // namespace

LambdaFunction::LambdaFunction(sim::Engine& engine, LambdaAccount& account, FunctionSpec spec,
                               const handlers::HandlerRegistry& registry, Streams streams)
    : engine_(engine),
      self_(engine.add_sink(*this)),
      account_(account),
      spec_(std::move(spec)),
      registry_(registry),
      streams_(std::move(streams)) {
  if (!registry_.contains(spec_.handler)) throw std::invalid_argument("unknown handler '" + spec_.handler + "'");
  if (spec_.reserved_concurrency) account_.reserve(*spec_.reserved_concurrency);
  const double f = spec_.duration.cpu_bound_fraction;
  cpu_slowdown_ = (1.0 - f) + f * std::max(1.0, kMbPerVcpu / static_cast<double>(spec_.memory_size_mb));
}

std::uint32_t LambdaFunction::concurrency_limit() const {
  return spec_.reserved_concurrency ? *spec_.reserved_concurrency : account_.unreserved_limit();
}

bool LambdaFunction::acquire_concurrency() {
  // Lambda: reserved concurrency is both a guarantee and a cap; without it the function shares the unreserved pool.
  if (spec_.reserved_concurrency) {
    if (concurrency_ >= *spec_.reserved_concurrency) return false;
  } else if (!account_.try_acquire_unreserved()) {
    return false;
  }
  ++concurrency_;
  peak_concurrency_ = std::max(peak_concurrency_, concurrency_);
  period_peak_ = std::max(period_peak_, concurrency_);
  return true;
}

void LambdaFunction::release_concurrency() {
  --concurrency_;
  if (!spec_.reserved_concurrency) account_.release_unreserved();
}

InvokeStatus LambdaFunction::invoke(lambda::SqsEvent event, InvocationCaller& caller, std::uint64_t token,
                                    lambda::SqsClient* sqs) {
  if (!acquire_concurrency()) {
    ++counters_.throttles;  // 429 TooManyRequestsException; not an invocation
    return InvokeStatus::Throttled;
  }
  ++counters_.invocations;
  // Lambda reuses a warm environment when one is idle (most recently used first); otherwise it creates one.
  std::uint32_t env_id = UINT32_MAX;
  while (!idle_stack_.empty()) {
    const std::uint64_t top = idle_stack_.back();
    idle_stack_.pop_back();
    const ExecutionEnvironment& env = envs_[sim::slot_of(top)];
    if (env.state == EnvironmentState::Idle && env.generation == sim::generation_of(top)) {
      env_id = sim::slot_of(top);
      break;
    }
  }
  const bool cold = env_id == UINT32_MAX;
  if (cold) env_id = new_environment();
  Running& run = running_[env_id];
  run.caller = &caller;
  run.sqs = sqs;
  run.token = token;
  run.event = std::move(event);
  run.result = InvocationResult{};
  ExecutionEnvironment& env = envs_[env_id];
  if (cold) {
    ++counters_.cold_starts;
    const sim::Time init = sim::sample_millis(spec_.cold_start.init_duration_ms, streams_.cold_start);
    run.result.cold_start = true;
    run.result.init_duration = init;
    counters_.init_duration_ms += (init.us + 999) / 1000;
    engine_.schedule_in(init, self_, kInitDone, sim::pack_slot(env_id, env.generation));
  } else {
    --n_idle_;
    env.state = EnvironmentState::Busy;
    ++env.generation;
    start_handler(env_id);
  }
  return InvokeStatus::Accepted;
}

std::uint32_t LambdaFunction::new_environment() {
  std::uint32_t id;
  if (!free_env_slots_.empty()) {
    id = free_env_slots_.back();
    free_env_slots_.pop_back();
  } else {
    id = static_cast<std::uint32_t>(envs_.size());
    envs_.emplace_back();
    running_.emplace_back();
  }
  ExecutionEnvironment& env = envs_[id];
  const std::uint32_t gen = env.generation + 1;
  env = ExecutionEnvironment{};
  env.id = id;
  env.generation = gen;
  env.state = EnvironmentState::Initializing;
  env.created_at = engine_.now();
  // The handler object is built in the init phase, once per environment: its state lives as long as the environment.
  env.handler = registry_.create(spec_.handler, spec_.handler_config);
  ++counters_.environments_created;
  return id;
}

sim::Time LambdaFunction::draw_duration(std::size_t records) {
  double ms = sim::sample(spec_.duration.per_invocation_ms, streams_.duration);
  for (std::size_t i = 0; i < records; ++i) ms += sim::sample(spec_.duration.per_record_ms, streams_.duration);
  return sim::Time{static_cast<std::int64_t>(ms * cpu_slowdown_ * 1000.0 + 0.5)};
}

void LambdaFunction::start_handler(std::uint32_t env_id) {
  ExecutionEnvironment& env = envs_[env_id];
  Running& run = running_[env_id];
  ++env.invocations;
  env.last_used_at = engine_.now();
  const sim::Time deadline = engine_.now() + spec_.timeout;
  lambda::Context ctx;
  ctx.sqs = run.sqs;
  ctx.aws_request_id = spec_.name + "-" + std::to_string(++request_counter_);
  ctx.function_name = spec_.name;
  ctx.memory_limit_in_mb = static_cast<std::int32_t>(spec_.memory_size_mb);
  ctx.deadline_ms = deadline.us / 1000;
  const sim::Time started = engine_.now();
  ctx.now_ms = [started] { return started.us / 1000; };
  // The handler's real code runs here; an exception is a function error, as the Lambda runtime reports it.
  try {
    run.result.response = env.handler->handle(run.event, ctx);
  } catch (const std::exception& ex) {
    run.result.function_error = true;
    run.result.error_type = ex.what();
  } catch (...) {
    run.result.function_error = true;
    run.result.error_type = "unknown exception";
  }
  sim::Time d = draw_duration(run.event.records.size());
  // Lambda: an invocation that reaches the timeout is stopped there and counts as an error.
  if (d > spec_.timeout) {
    d = spec_.timeout;
    run.result.timed_out = true;
    run.result.function_error = true;
    run.result.error_type = "Task timed out";
  }
  run.result.duration = d;
  engine_.schedule_in(d, self_, kInvocationDone, sim::pack_slot(env_id, env.generation));
}

void LambdaFunction::on_event(const sim::Event& e) {
  const std::uint32_t env_id = sim::slot_of(e.arg);
  ExecutionEnvironment& env = envs_[env_id];
  if (env.generation != sim::generation_of(e.arg)) return;  // reused or reclaimed since: a stale timer
  switch (e.kind) {
    case kInitDone:
      env.state = EnvironmentState::Busy;
      ++env.generation;
      start_handler(env_id);
      return;
    case kInvocationDone: {
      Running& run = running_[env_id];
      InvocationResult result = std::move(run.result);
      InvocationCaller* caller = run.caller;
      const std::uint64_t token = run.token;
      const std::size_t records = run.event.records.size();
      run.event.records.clear();
      release_concurrency();
      counters_.records_processed += records;
      ++counters_.completed;
      counters_.duration_us_total += result.duration.us;
      counters_.billed_duration_ms += (result.duration.us + 999) / 1000;
      durations_.add(result.duration.us);
      if (result.function_error) ++counters_.errors;
      if (result.timed_out) ++counters_.timeouts;
      ++env.generation;
      if (result.timed_out) {
        // Lambda resets the execution environment after a timeout: its in-memory state is gone.
        env.state = EnvironmentState::Reclaimed;
        env.handler.reset();
        ++counters_.environments_reclaimed;
        free_env_slots_.push_back(env_id);
      } else {
        env.state = EnvironmentState::Idle;
        ++n_idle_;
        idle_stack_.push_back(sim::pack_slot(env_id, env.generation));
        const auto keep = static_cast<std::int64_t>(sim::sample(spec_.keep_alive_s, streams_.keep_alive) * 1e6);
        engine_.schedule_in(sim::Time{keep}, self_, kReclaim, sim::pack_slot(env_id, env.generation));
      }
      caller->on_invocation_complete(token, result);
      return;
    }
    case kReclaim:
      if (env.state != EnvironmentState::Idle) return;
      // Lambda reclaims an environment idle for its keep-alive period; the next request there is a cold start.
      env.state = EnvironmentState::Reclaimed;
      ++env.generation;
      env.handler.reset();
      --n_idle_;
      ++counters_.environments_reclaimed;
      free_env_slots_.push_back(env_id);
      return;
    default: return;
  }
}

}  // namespace model
