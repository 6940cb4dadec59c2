#include "model/gameday.hpp"

#include <fmt/format.h>

#include <stdexcept>
#include <utility>

namespace model {

namespace {

using ActionKind = GameDayAction::Kind;

bool is_function_fault(ActionKind k) {
  return k == ActionKind::LambdaAddDelay || k == ActionKind::LambdaError || k == ActionKind::LambdaHttpResponse ||
         k == ActionKind::ErrorRate || k == ActionKind::BadDeploy || k == ActionKind::DownstreamSlowdown ||
         k == ActionKind::DownstreamOutage;
}

template <class T>
T* find(const std::map<std::string, T*>& m, const std::string& name, const std::string& action, const char* what) {
  const auto it = m.find(name);
  if (it == m.end()) throw std::invalid_argument("GameDay action " + action + ": no " + what + " named '" + name + "'");
  return it->second;
}

}  // namespace

GameDay::GameDay(sim::Engine& engine, GameDaySpec spec, Targets targets)
    : engine_(engine), self_(engine.add_sink(*this)), spec_(std::move(spec)), targets_(std::move(targets)) {
  state_.resize(spec_.actions.size());
  for (const GameDayAction& a : spec_.actions) check(a);
}

void GameDay::check(const GameDayAction& a) const {
  for (const std::string& after : a.start_after) {
    bool known = false;
    for (const GameDayAction& b : spec_.actions) known = known || b.name == after;
    if (!known)
      throw std::invalid_argument("GameDay action " + a.name + ": startAfter names no action '" + after + "'");
  }
  for (const std::string& t : a.targets) {
    if (is_function_fault(a.kind) || a.kind == ActionKind::SetReservedConcurrency || a.kind == ActionKind::SetMemory)
      find(targets_.functions, t, a.name, "function");
    else if (a.kind == ActionKind::SqsDenyAll || a.kind == ActionKind::SetVisibilityTimeout ||
             a.kind == ActionKind::SetMaxReceiveCount)
      find(targets_.queues, t, a.name, "queue");
    else if (a.kind == ActionKind::PoisonBurst || a.kind == ActionKind::TrafficMultiplier ||
             a.kind == ActionKind::DuplicateSubmit)
      find(targets_.producers, t, a.name, "producer");
    else if (a.kind == ActionKind::SetBatchSize || a.kind == ActionKind::SetMaximumConcurrency ||
             a.kind == ActionKind::SetBatchingWindow)
      find(targets_.mappings, t, a.name, "event source mapping");
  }
}

void GameDay::inject(GameDayAction action) {
  // A live session's change: it starts at its `at` (now when unset) like any other action with no startAfter.
  if (!action.start_after.empty()) throw std::invalid_argument("GameDay::inject: an injected action has no startAfter");
  for (const GameDayAction& b : spec_.actions)
    if (b.name == action.name) throw std::invalid_argument("GameDay::inject: duplicate action name " + action.name);
  const sim::Time at = action.at.value_or(engine_.now());
  if (at < engine_.now()) throw std::invalid_argument("GameDay::inject: the action starts before now");
  action.at = at;
  check(action);
  spec_.actions.push_back(std::move(action));
  state_.emplace_back();
  engine_.schedule_control_at(at, self_, kStart, spec_.actions.size() - 1);
}

void GameDay::start() {
  // FIS: actions with no startAfter start when the experiment starts.
  for (std::size_t i = 0; i < spec_.actions.size(); ++i)
    if (spec_.actions[i].start_after.empty())
      engine_.schedule_control_at(spec_.actions[i].at.value_or(spec_.start), self_, kStart, i);
}

void GameDay::on_event(const sim::Event& e) {
  const auto i = static_cast<std::size_t>(e.arg);
  if (e.kind == kStart) {
    begin(i);
  } else if (e.kind == kEnd) {
    complete(i);
  }
}

void GameDay::begin(std::size_t i) {
  State& st = state_[i];
  if (st.started) return;
  st.started = true;
  const GameDayAction& a = spec_.actions[i];
  st.timeline_index = timeline_.size();
  timeline_.push_back(GameDayEvent{a.name, a.action_id, engine_.now(), std::nullopt, ""});
  timeline_[st.timeline_index].effect = apply(i, true);
  // FIS: an action with a duration holds for it; the others complete at once.
  if (a.duration && a.kind != ActionKind::PoisonBurst) {
    engine_.schedule_control_at(engine_.now() + *a.duration, self_, kEnd, i);
  } else {
    complete(i);
  }
}

void GameDay::complete(std::size_t i) {
  State& st = state_[i];
  if (st.completed) return;
  st.completed = true;
  ++completed_count_;
  timeline_[st.timeline_index].completed = engine_.now();
  const GameDayAction& a = spec_.actions[i];
  if (a.duration) (void)apply(i, false);  // the fault stops, the setting reverts
  // FIS: every action waiting on this one starts once all it waits on have completed.
  for (std::size_t j = 0; j < spec_.actions.size(); ++j) {
    const GameDayAction& b = spec_.actions[j];
    if (state_[j].started || b.start_after.empty()) continue;
    bool ready = true;
    for (const std::string& after : b.start_after) {
      for (std::size_t k = 0; k < spec_.actions.size(); ++k)
        if (spec_.actions[k].name == after && !state_[k].completed) ready = false;
    }
    if (ready) engine_.schedule_control_at(engine_.now(), self_, kStart, j);
  }
}

void GameDay::apply_function_faults(const std::string& function) {
  // The faults in force are those of every started, uncompleted action on this function (later ones win a tie).
  FunctionFaults f;
  for (std::size_t k = 0; k < spec_.actions.size(); ++k) {
    const GameDayAction& a = spec_.actions[k];
    if (!state_[k].started || state_[k].completed || !is_function_fault(a.kind)) continue;
    bool targeted = false;
    for (const std::string& t : a.targets) targeted = targeted || t == function;
    if (!targeted) continue;
    switch (a.kind) {
      case ActionKind::LambdaAddDelay:
        f.delay_percentage = a.invocation_percentage;
        f.startup_delay = a.startup_delay;
        break;
      case ActionKind::LambdaError:
        f.error_percentage = a.invocation_percentage;
        f.error_prevents_execution = a.prevent_execution;
        break;
      case ActionKind::LambdaHttpResponse:
        f.http_percentage = a.invocation_percentage;
        f.http_prevents_execution = a.prevent_execution;
        f.http_status = a.status_code;
        break;
      case ActionKind::ErrorRate:
        f.error_probability = a.value;
        break;
      case ActionKind::BadDeploy:
        f.bad_deploy = true;
        break;
      case ActionKind::DownstreamSlowdown:
        f.per_record_latency = sim::Time{static_cast<std::int64_t>(a.value * 1000)};
        break;
      case ActionKind::DownstreamOutage:
        f.outage_timeout = sim::Time{static_cast<std::int64_t>(a.value * 1000)};
        break;
      default:
        break;
    }
  }
  find(targets_.functions, function, "", "function")->set_faults(f);
}

std::string GameDay::apply(std::size_t i, bool starting) {
  const GameDayAction& a = spec_.actions[i];
  State& st = state_[i];
  std::string effect;
  const auto list = [&] {
    std::string s;
    for (const std::string& t : a.targets) s += (s.empty() ? "" : ", ") + t;
    return s;
  };
  switch (a.kind) {
    case ActionKind::FisWait:
      effect = "wait";
      break;
    case ActionKind::LambdaAddDelay:
    case ActionKind::LambdaError:
    case ActionKind::LambdaHttpResponse:
    case ActionKind::ErrorRate:
    case ActionKind::BadDeploy:
    case ActionKind::DownstreamSlowdown:
    case ActionKind::DownstreamOutage:
      for (const std::string& t : a.targets) apply_function_faults(t);
      if (a.kind == ActionKind::LambdaAddDelay)
        effect = fmt::format("{}: {:g} % of invocations start {} ms late", list(), a.invocation_percentage,
                             a.startup_delay.us / 1000);
      else if (a.kind == ActionKind::LambdaError)
        effect = fmt::format("{}: {:g} % of invocations fail{}", list(), a.invocation_percentage,
                             a.prevent_execution ? " without running the handler" : "");
      else if (a.kind == ActionKind::LambdaHttpResponse)
        effect = fmt::format("{}: {:g} % of invocations return HTTP {}{}", list(), a.invocation_percentage,
                             a.status_code, a.prevent_execution ? " without running the handler" : "");
      else if (a.kind == ActionKind::ErrorRate)
        effect = fmt::format("{}: invocations fail with probability {:g}", list(), a.value);
      else if (a.kind == ActionKind::BadDeploy)
        effect = fmt::format("{}: a bad deploy, every invocation fails", list());
      else if (a.kind == ActionKind::DownstreamSlowdown)
        effect = fmt::format("{}: the downstream adds {:g} ms per record", list(), a.value);
      else
        effect = fmt::format("{}: the downstream is down, calls time out after {:g} ms", list(), a.value);
      break;
    case ActionKind::SqsDenyAll:
      for (const std::string& t : a.targets) {
        // Denied while any deny-all action on this queue is in force.
        bool denied = false;
        for (std::size_t k = 0; k < spec_.actions.size(); ++k) {
          const GameDayAction& b = spec_.actions[k];
          if (b.kind != ActionKind::SqsDenyAll || !state_[k].started || state_[k].completed) continue;
          for (const std::string& bt : b.targets) denied = denied || bt == t;
        }
        find(targets_.queues, t, a.name, "queue")->set_access_denied(denied);
      }
      effect = fmt::format("{}: deny-all queue policy (SendMessage, ReceiveMessage, DeleteMessage denied)", list());
      break;
    case ActionKind::PoisonBurst:
      if (starting) {
        for (const std::string& t : a.targets)
          find(targets_.producers, t, a.name, "producer")->send_poison(static_cast<std::uint64_t>(a.value));
      }
      effect = fmt::format("{}: {:g} poison messages sent", list(), a.value);
      break;
    case ActionKind::TrafficMultiplier:
      for (const std::string& t : a.targets) {
        double factor = 1.0;
        for (std::size_t k = 0; k < spec_.actions.size(); ++k) {
          const GameDayAction& b = spec_.actions[k];
          if (b.kind != ActionKind::TrafficMultiplier || !state_[k].started || state_[k].completed) continue;
          for (const std::string& bt : b.targets)
            if (bt == t) factor *= b.value;
        }
        find(targets_.producers, t, a.name, "producer")->set_rate_factor(factor);
      }
      effect = fmt::format("{}: traffic x{:g}", list(), a.value);
      break;
    case ActionKind::DuplicateSubmit:
      for (const std::string& t : a.targets) {
        Producer* p = find(targets_.producers, t, a.name, "producer");
        if (starting) {
          st.previous = p->spec().duplicate_fraction;
          p->set_duplicate_fraction(a.value);
        } else {
          p->set_duplicate_fraction(st.previous);
        }
      }
      effect = fmt::format("{}: {:g} of sends repeated (duplicate submits)", list(), a.value);
      break;
    case ActionKind::SetReservedConcurrency:
      for (const std::string& t : a.targets) {
        LambdaFunction* f = find(targets_.functions, t, a.name, "function");
        if (starting) {
          st.previous_optional = f->spec().reserved_concurrency;
          f->set_reserved_concurrency(static_cast<std::uint32_t>(a.value));
        } else {
          f->set_reserved_concurrency(st.previous_optional);
        }
      }
      effect = fmt::format("{}: reserved concurrency {:g}", list(), a.value);
      break;
    case ActionKind::SetMemory:
      for (const std::string& t : a.targets) {
        LambdaFunction* f = find(targets_.functions, t, a.name, "function");
        if (starting) {
          st.previous = f->spec().memory_size_mb;
          f->set_memory_size(static_cast<std::uint32_t>(a.value));
        } else {
          f->set_memory_size(static_cast<std::uint32_t>(st.previous));
        }
      }
      effect = fmt::format("{}: memory {:g} MB", list(), a.value);
      break;
    case ActionKind::SetBatchSize:
      for (const std::string& t : a.targets) {
        EventSourceMapping* m = find(targets_.mappings, t, a.name, "event source mapping");
        if (starting) {
          st.previous = m->spec().batch_size;
          m->set_batch_size(static_cast<std::uint32_t>(a.value));
        } else {
          m->set_batch_size(static_cast<std::uint32_t>(st.previous));
        }
      }
      effect = fmt::format("{}: batch size {:g}", list(), a.value);
      break;
    case ActionKind::SetBatchingWindow:
      for (const std::string& t : a.targets) {
        EventSourceMapping* m = find(targets_.mappings, t, a.name, "event source mapping");
        if (starting) {
          st.previous = static_cast<double>(m->spec().maximum_batching_window.us);
          m->set_maximum_batching_window(sim::Time{std::llround(a.value * 1e6)});
        } else {
          m->set_maximum_batching_window(sim::Time{static_cast<std::int64_t>(st.previous)});
        }
      }
      effect = fmt::format("{}: MaximumBatchingWindowInSeconds {:g}", list(), a.value);
      break;
    case ActionKind::SetVisibilityTimeout:
      for (const std::string& t : a.targets) {
        SqsQueue* q = find(targets_.queues, t, a.name, "queue");
        if (starting) {
          st.previous = static_cast<double>(q->spec().visibility_timeout.us);
          q->set_visibility_timeout(sim::Time{std::llround(a.value * 1e6)});
        } else {
          q->set_visibility_timeout(sim::Time{static_cast<std::int64_t>(st.previous)});
        }
      }
      effect = fmt::format("{}: VisibilityTimeout {:g} s (for messages received from now on)", list(), a.value);
      break;
    case ActionKind::SetMaxReceiveCount:
      for (const std::string& t : a.targets) {
        SqsQueue* q = find(targets_.queues, t, a.name, "queue");
        if (starting) {
          st.previous = q->spec().redrive_policy ? q->spec().redrive_policy->max_receive_count : 0;
          q->set_max_receive_count(static_cast<std::uint32_t>(a.value));
        } else {
          q->set_max_receive_count(static_cast<std::uint32_t>(st.previous));
        }
      }
      effect = fmt::format("{}: maxReceiveCount {:g}", list(), a.value);
      break;
    case ActionKind::SetMaximumConcurrency:
      for (const std::string& t : a.targets) {
        EventSourceMapping* m = find(targets_.mappings, t, a.name, "event source mapping");
        if (starting) {
          st.previous_optional = m->spec().scaling.maximum_concurrency;
          m->set_maximum_concurrency(static_cast<std::uint32_t>(a.value));
        } else {
          m->set_maximum_concurrency(st.previous_optional);
        }
      }
      effect = fmt::format("{}: MaximumConcurrency {:g}", list(), a.value);
      break;
  }
  return effect;
}

}  // namespace model
