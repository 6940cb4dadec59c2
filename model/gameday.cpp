#include "model/gameday.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "model/actions.hpp"

namespace model {

namespace {

template <class T>
T* find(const std::map<std::string, T*>& m, const std::string& name, const std::string& action, const char* what) {
  const auto it = m.find(name);
  if (it == m.end()) throw std::invalid_argument("GameDay action " + action + ": no " + what + " named '" + name + "'");
  return it->second;
}

// The running component an action's target names (the kind the action table gives for the action).
Component resolve(const GameDay::Targets& targets, TargetKind kind, const std::string& name,
                  const std::string& action) {
  switch (kind) {
    case TargetKind::Functions:
      return find(targets.functions, name, action, "function");
    case TargetKind::Queues:
      return find(targets.queues, name, action, "queue");
    case TargetKind::Producers:
      return find(targets.producers, name, action, "producer");
    case TargetKind::EventSourceMappings:
      return find(targets.mappings, name, action, "event source mapping");
    case TargetKind::None:
      break;
  }
  throw std::invalid_argument("GameDay action " + action + ": takes no targets");
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
  const TargetKind kind = action_definition(a.kind).target;
  for (const std::string& t : a.targets) (void)resolve(targets_, kind, t, a.name);
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
  if (a.duration && action_definition(a.kind).behaviour.effect != ActionEffect::Once) {
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

bool GameDay::in_force_on(std::size_t k, const std::string& target) const {
  if (!state_[k].started || state_[k].completed) return false;
  const auto& ts = spec_.actions[k].targets;
  return std::find(ts.begin(), ts.end(), target) != ts.end();
}

void GameDay::apply_function_faults(const std::string& function) {
  // The faults in force are those of every started, uncompleted action on this function (later ones win a tie).
  FunctionFaults f;
  for (std::size_t k = 0; k < spec_.actions.size(); ++k) {
    const ActionDefinition& d = action_definition(spec_.actions[k].kind);
    if (d.behaviour.effect == ActionEffect::FunctionFault && in_force_on(k, function))
      d.behaviour.fault(f, spec_.actions[k]);
  }
  find(targets_.functions, function, "", "function")->set_faults(f);
}

void GameDay::apply_combined(const GameDayAction& a, const std::string& target) {
  // Every action of this kind in force on the target combines (deny-all: any; traffic multipliers: their product).
  const ActionBehaviour& b = action_definition(a.kind).behaviour;
  double v = b.initial;
  for (std::size_t k = 0; k < spec_.actions.size(); ++k)
    if (spec_.actions[k].kind == a.kind && in_force_on(k, target)) v = b.combine(v, spec_.actions[k]);
  b.set_combined(resolve(targets_, action_definition(a.kind).target, target, a.name), v);
}

void GameDay::apply_setting(std::size_t i, bool starting) {
  // Each target keeps its own previous value: a timed change to several targets (a FIS tag selection) restores each
  // to what it had.
  const GameDayAction& a = spec_.actions[i];
  const ActionDefinition& d = action_definition(a.kind);
  State& st = state_[i];
  if (starting) st.previous.assign(a.targets.size(), std::nullopt);
  for (std::size_t t = 0; t < a.targets.size(); ++t) {
    const Component c = resolve(targets_, d.target, a.targets[t], a.name);
    if (starting) {
      st.previous[t] = d.behaviour.current(c);
      d.behaviour.set(c, a.value);
    } else {
      d.behaviour.set(c, st.previous[t]);
    }
  }
}

std::string GameDay::apply(std::size_t i, bool starting) {
  const GameDayAction& a = spec_.actions[i];
  const ActionDefinition& d = action_definition(a.kind);
  switch (d.behaviour.effect) {
    case ActionEffect::Wait:
      break;
    case ActionEffect::FunctionFault:
      for (const std::string& t : a.targets) apply_function_faults(t);
      break;
    case ActionEffect::Combined:
      for (const std::string& t : a.targets) apply_combined(a, t);
      break;
    case ActionEffect::Once:
      if (starting)
        for (const std::string& t : a.targets) d.behaviour.once(resolve(targets_, d.target, t, a.name), a);
      break;
    case ActionEffect::Setting:
      apply_setting(i, starting);
      break;
  }
  return describe(a);
}

}  // namespace model
