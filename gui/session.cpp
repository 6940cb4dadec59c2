#include "gui/session.hpp"

#include "loader/input_file.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "gui/controls.hpp"
#include "gui/session_player.hpp"
#include "loader/gameday_loader.hpp"
#include "loader/scenario_loader.hpp"
#include "model/actions.hpp"

namespace gui {

using nlohmann::json;

// End-to-end latency of the messages deleted since the last sample (the charts' p50/p99 are per interval, not
// since the start, so a change shows at once).
class Session::LatencyWindow final : public model::QueueObserver {
 public:
  explicit LatencyWindow(const sim::Engine& engine) : engine_(engine) {}
  void on_deleted(const model::Message& m) override { window_.add((engine_.now() - m.sent_at).us); }
  sim::LogHistogram take() {
    sim::LogHistogram out = window_;
    window_.clear();
    return out;
  }

 private:
  const sim::Engine& engine_;
  sim::LogHistogram window_;
};

Session::Session(std::string scenario_file, std::optional<std::uint64_t> seed)
    : Session(std::move(scenario_file), seed, GoalScenario{}) {}

Session::Session(std::string scenario_file, std::optional<std::uint64_t> seed, const GoalScenario& exercise)
    : file_(std::move(scenario_file)), goal_(exercise.goal) {
  std::string why;
  const std::optional<std::string> text = scenarios::read_input_text(file_, why);
  if (!text) throw std::runtime_error(file_ + ": error: $: " + why);
  spec_ = scenarios::load_scenario_text(*text, file_).spec;  // throws ScenarioError with every problem
  document_ = json::parse(*text);
  if (!goal_.is_null()) {
    document_ = scenario_with_goal(std::move(document_), exercise);
    spec_ = scenarios::load_scenario_text(document_.dump(), file_).spec;
  }
  seed_ = seed.value_or(spec_.seed);
  build();
}

Session::~Session() = default;

void Session::build() {
  // The log and the latency window observe the new simulation; the old one (if any) goes first.
  sim_.reset();
  sim_ = std::make_unique<model::Simulation>(spec_, seed_, 0);
  log_ = std::make_unique<EventLog>(sim_->engine());
  latency_ = std::make_unique<LatencyWindow>(sim_->engine());
  for (const auto& q : sim_->queues()) {
    log_->watch(*q);
    if (!q->is_dead_letter_queue()) q->add_observer(latency_.get());
  }
  for (const auto& m : sim_->event_source_mappings()) m->add_observer(log_.get());
  for (const auto& f : sim_->functions()) f->add_observer(log_.get());
  // About 1,500 samples over the scenario's window, at least one per simulated second.
  sample_period_ = std::max(sim::seconds(1), sim::seconds(std::ceil(spec_.duration.seconds() / 1500.0)));
  next_sample_ = sim::Time{0};
  samples_.clear();
  changes_.clear();
  change_counter_ = 0;
  last_throttles_ = last_errors_ = last_cold_ = last_deleted_ = last_received_ = 0;
  lag_s_ = 0;
  selected_ = spec_.event_source_mappings.empty() ? 0 : std::min(selected_, spec_.event_source_mappings.size() - 1);
  sample_until_now();
}

void Session::restart(std::optional<std::uint64_t> seed) {
  seed_ = seed.value_or(seed_ + 1);
  playing_ = false;
  build();
}

bool Session::step() {
  playing_ = false;
  const bool ran = sim_->step();
  sample_until_now();
  return ran;
}

std::uint64_t Session::advance(double wall_dt_s, double budget_s) {
  if (!playing() || wall_dt_s <= 0) return 0;
  const auto start = std::chrono::steady_clock::now();
  const double target_s =
      speed_ > 0 ? now_s() + speed_ * std::min(wall_dt_s, 0.25) + lag_s_ : std::numeric_limits<double>::infinity();
  const sim::Time target =
      std::isfinite(target_s) ? sim::Time{static_cast<std::int64_t>(std::llround(target_s * 1e6))} : sim::Time::max();
  std::uint64_t events = 0;
  bool out_of_budget = false;
  while (!sim_->finished()) {
    const auto next = sim_->engine().next_event_time();
    if (next && *next > target) break;
    sim_->step();
    ++events;
    if ((events & 255) == 0) {
      sample_until_now();
      if (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > budget_s) {
        out_of_budget = true;
        break;
      }
    }
  }
  // Nothing more happens before the target: the clock moves on to it (real time passes with an idle pipeline).
  if (!out_of_budget && !sim_->finished() && target != sim::Time::max() && sim_->now() < target)
    sim_->run_until(target);
  lag_s_ = out_of_budget && speed_ > 0 ? std::min(target_s - now_s(), speed_) : 0.0;
  sample_until_now();
  return events;
}

void Session::run_to(double t_s) {
  const sim::Time t{static_cast<std::int64_t>(std::llround(t_s * 1e6))};
  while (!sim_->finished()) {
    const auto next = sim_->engine().next_event_time();
    if (!next || *next > t) break;
    sim_->step();
    if (sim_->now() >= next_sample_) sample_until_now();
  }
  if (!sim_->finished() && sim_->now() < t) sim_->run_until(t);
  sample_until_now();
}

void Session::sample_until_now() {
  // A long idle jump would add thousands of identical samples: skip to the last few periods.
  if (sim_->now() - next_sample_ > sample_period_ * static_cast<std::int64_t>(kMaxSamples))
    next_sample_ = sim_->now() - sample_period_ * 4;
  while (next_sample_ <= sim_->now()) {
    take_sample();
    next_sample_ = next_sample_ + sample_period_;
  }
}

void Session::take_sample() {
  Sample s;
  s.t = next_sample_.seconds();
  double deleted = 0, received = 0;
  for (const auto& q : sim_->queues()) {
    if (q->is_dead_letter_queue()) {
      s.dlq += static_cast<float>(q->stored());
      continue;
    }
    s.visible += static_cast<float>(q->visible());
    s.in_flight += static_cast<float>(q->in_flight());
    deleted += static_cast<double>(q->counters().deleted);
    received += static_cast<double>(q->counters().received);
  }
  // ApproximateAgeOfOldestMessage as CloudWatch has it: the last closed period's value. (Asking the queue directly
  // could schedule its expiry timer, an event a replay would not have.)
  const sim::TimeSeries& m = sim_->metrics();
  if (m.row_count() > 0) {
    const auto& names = m.column_names();
    for (std::size_t c = 0; c < names.size(); ++c)
      if (names[c].ends_with("/ApproximateAgeOfOldestMessage"))
        s.oldest_age_s = std::max(s.oldest_age_s, static_cast<float>(m.value(m.row_count() - 1, c)));
  }
  double throttles = 0, errors = 0, cold = 0;
  for (const auto& f : sim_->functions()) {
    s.concurrency += static_cast<float>(f->concurrency());
    s.concurrency_limit += static_cast<float>(f->concurrency_limit());
    throttles += static_cast<double>(f->counters().throttles);
    errors += static_cast<double>(f->counters().errors);
    cold += static_cast<double>(f->counters().cold_starts);
  }
  for (const auto& e : sim_->event_source_mappings()) {
    s.pollers += static_cast<float>(e->active_pollers());
    s.max_pollers += static_cast<float>(e->concurrency_cap());
  }
  const double dt = sample_period_.seconds();
  s.throttles_per_s = static_cast<float>((throttles - last_throttles_) / dt);
  s.errors_per_s = static_cast<float>((errors - last_errors_) / dt);
  s.cold_starts_per_s = static_cast<float>((cold - last_cold_) / dt);
  s.deleted_per_s = static_cast<float>((deleted - last_deleted_) / dt);
  s.received_per_s = static_cast<float>((received - last_received_) / dt);
  last_throttles_ = throttles;
  last_errors_ = errors;
  last_cold_ = cold;
  last_deleted_ = deleted;
  last_received_ = received;
  const sim::LogHistogram window = latency_->take();
  if (window.count() > 0) {
    s.p50_ms = static_cast<float>(window.quantile(0.5)) / 1000.0F;
    s.p99_ms = static_cast<float>(window.quantile(0.99)) / 1000.0F;
  } else if (!samples_.empty()) {
    s.p50_ms = samples_.back().p50_ms;  // nothing deleted in this interval: keep the line where it was
    s.p99_ms = samples_.back().p99_ms;
  }
  samples_.push_back(s);
  if (samples_.size() > kMaxSamples) samples_.pop_front();
}

void Session::select_mapping(std::size_t i) {
  if (i >= spec_.event_source_mappings.size())
    throw std::invalid_argument("no event source mapping number " + std::to_string(i));
  selected_ = i;
}

const model::EventSourceMappingSpec& Session::mapping() const {
  // Scenarios with direct invocations only (a replayed trace) have no mapping for the what-if controls to act on.
  if (spec_.event_source_mappings.empty())
    throw std::invalid_argument("the scenario has no event source mapping for this control to act on");
  return spec_.event_source_mappings[selected_];
}

const std::string& Session::function_name() const {
  // A scenario of direct invocations only (a replayed trace) has no mapping; its single function is the target.
  if (spec_.event_source_mappings.empty() && spec_.functions.size() == 1) return spec_.functions.front().name;
  return mapping().function;
}

void Session::inject(const std::string& action_id, json targets, json parameters, std::string description) {
  // The change is written as the JSON a scenario's GameDay holds and read back through the loader: the action that
  // runs now is the one the exported session replays, checked by the same rules as a scenario file's.
  const std::string name = fmt::format("gui-{}", change_counter_ + 1);
  const sim::Time at = sim_->now() + sim::Time{1};
  json action = {{"actionId", action_id},
                 {"at_s", at.seconds()},
                 {"description", description},
                 {"targets", std::move(targets)},
                 {"parameters", std::move(parameters)}};
  model::GameDayAction a;
  try {
    a = scenarios::read_action(action, name, spec_, file_);
  } catch (const scenarios::ScenarioError& e) {
    throw std::invalid_argument(e.what());
  }
  ++change_counter_;
  sim_->inject_action(a);
  log_->add("change", fmt::format("you: {} (from {:.3f} s)", description, at.seconds()));
  changes_.push_back(Change{name, at.seconds(), std::move(description), std::move(action)});
}

std::string Session::selected_mapping_name() const {
  return mapping().queue + "->" + mapping().function;
}

// The name of the control's target as its action's "targets" names it: the selected mapping, its function or queue.
std::string Session::target_of(const Control& c) const {
  switch (c.action->target) {
    case model::TargetKind::EventSourceMappings:
      return selected_mapping_name();
    case model::TargetKind::Functions:
      return function_name();
    case model::TargetKind::Queues:
      return mapping().queue;
    default:
      throw std::invalid_argument(c.name + ": not a setting of a mapping, a function or a queue");
  }
}

void Session::change(const Control& c, double value) {
  // Counts arrive as JSON numbers; a fraction is refused rather than silently truncated.
  if (c.whole() && (!(value >= 0) || value != std::floor(value) || value > 4e9))
    throw std::invalid_argument(c.name + ": expected a whole number, got " + std::to_string(value));
  const std::string target = target_of(c);
  const json v = c.whole() ? json(static_cast<std::uint64_t>(value)) : json(value);
  inject(c.action_id, {{std::string(model::target_key(c.action->target)), {target}}}, {{"value", v}},
         fmt::format("{} {:g}{}{} on {}", c.label, value, c.unit.empty() ? "" : " ", c.unit, target));
}

std::optional<double> Session::current(const Control& c) const {
  const model::Simulation& sim = *sim_;
  std::string target;
  try {
    target = target_of(c);
  } catch (const std::invalid_argument&) {
    return std::nullopt;  // nothing in this scenario for the control to act on
  }
  std::optional<model::Component> component;
  switch (c.action->target) {
    case model::TargetKind::EventSourceMappings:
      component = sim_->event_source_mappings().at(selected_).get();
      break;
    case model::TargetKind::Functions:
      for (const auto& f : sim.functions())
        if (f->name() == target) component = f.get();
      break;
    case model::TargetKind::Queues:
      for (const auto& q : sim.queues())
        if (q->name() == target) component = q.get();
      break;
    default:
      break;
  }
  if (!component) return std::nullopt;
  return c.action->behaviour.current(*component).value_or(c.action->control.unset);
}

namespace {

// The fault buttons: an action with fixed parameters, on the selected mapping's function or on a producer feeding its
// queue.
struct FaultPreset {
  Fault fault;
  const char* label;
  const char* action_id;
  bool on_producer;
  const char* parameters;  // JSON, as a scenario file writes them
};

const std::vector<FaultPreset>& fault_presets() {
  static const std::vector<FaultPreset> kPresets = {
      {Fault::ErrorRate, "Error rate 50 % (60 s)", "sim:error-rate", false,
       R"({"probability": 0.5, "duration": "PT60S"})"},
      {Fault::BadDeploy, "Bad deploy (60 s)", "sim:bad-deploy", false, R"({"duration": "PT60S"})"},
      {Fault::DownstreamSlowdown, "Slow downstream +1 s (120 s)", "sim:downstream-slowdown", false,
       R"({"latencyMilliseconds": 1000, "duration": "PT120S"})"},
      {Fault::DownstreamOutage, "Downstream outage (60 s)", "sim:downstream-outage", false,
       R"({"timeoutMilliseconds": 3000, "duration": "PT60S"})"},
      {Fault::InvocationDelay, "Invocation delay 2 s (60 s)", "aws:lambda:invocation-add-delay", false,
       R"({"startupDelayMilliseconds": 2000, "invocationPercentage": 100, "duration": "PT60S"})"},
      {Fault::PoisonBurst, "Poison burst (100 messages)", "sim:poison-burst", true, R"({"messages": 100})"},
      {Fault::TrafficSpike, "Traffic x10 (120 s)", "sim:traffic-multiplier", true,
       R"({"multiplier": 10, "duration": "PT120S"})"},
      {Fault::DuplicateSubmit, "Duplicate submits 30 % (120 s)", "sim:duplicate-submit", true,
       R"({"fraction": 0.3, "duration": "PT120S"})"},
  };
  return kPresets;
}

const FaultPreset& preset(Fault f) {
  for (const FaultPreset& p : fault_presets())
    if (p.fault == f) return p;
  throw std::invalid_argument("unknown fault");
}

}  // namespace

const char* fault_label(Fault f) {
  return preset(f).label;
}

std::string fault_summary(Fault f) {
  const model::ActionDefinition* d = model::find_action(preset(f).action_id);
  return d == nullptr ? "" : std::string(d->id) + ": " + std::string(d->summary);
}

void Session::trigger(Fault fault) {
  const FaultPreset& p = preset(fault);
  json targets = {{"Functions", {mapping().function}}};
  if (p.on_producer) {
    // The first producer sending to the selected mapping's queue.
    const auto it = std::find_if(spec_.producers.begin(), spec_.producers.end(),
                                 [&](const model::ProducerSpec& x) { return x.queue == mapping().queue; });
    if (it == spec_.producers.end())
      throw std::invalid_argument("no producer sends to " + mapping().queue +
                                  ": nothing for a traffic fault to act on");
    targets = {{"Producers", {it->name}}};
  }
  inject(p.action_id, std::move(targets), json::parse(p.parameters), p.label);
}

EnvironmentCounts Session::environment_counts(std::size_t function) const {
  EnvironmentCounts c;
  for (const model::ExecutionEnvironment& e : sim_->functions().at(function)->environments()) {
    switch (e.state) {
      case model::EnvironmentState::Initializing:
        ++c.initializing;
        break;
      case model::EnvironmentState::Busy:
        ++c.busy;
        break;
      case model::EnvironmentState::Idle:
        ++c.idle;
        break;
      case model::EnvironmentState::Reclaimed:
        ++c.reclaimed;
        break;
    }
  }
  return c;
}

std::vector<Counter> Session::counters() const {
  std::vector<Counter> out;
  const auto d = [](std::uint64_t v) { return static_cast<double>(v); };
  for (const auto& q : sim_->queues()) {
    const auto& c = q->counters();
    const std::string& n = q->name();
    out.push_back({n, "NumberOfMessagesSent", d(c.sent)});
    out.push_back({n, "NumberOfMessagesReceived", d(c.received)});
    out.push_back({n, "NumberOfMessagesDeleted", d(c.deleted)});
    out.push_back({n, "NumberOfEmptyReceives", d(c.empty_receives)});
    out.push_back({n, "ApproximateNumberOfMessagesVisible", d(q->visible())});
    out.push_back({n, "ApproximateNumberOfMessagesNotVisible", d(q->in_flight())});
    out.push_back({n, "ApproximateNumberOfMessagesDelayed", d(q->delayed())});
  }
  for (const auto& f : sim_->functions()) {
    const auto& c = f->counters();
    const std::string& n = f->name();
    out.push_back({n, "Invocations", d(c.invocations)});
    out.push_back({n, "Errors", d(c.errors)});
    out.push_back({n, "Throttles", d(c.throttles)});
    out.push_back({n, "ConcurrentExecutions", d(f->concurrency())});
    out.push_back({n, "cold starts (Init Duration)", d(c.cold_starts)});
  }
  for (const auto& m : sim_->event_source_mappings()) {
    const auto& c = m->counters();
    const std::string n = m->spec().queue + "->" + m->spec().function;
    out.push_back({n, "PolledEventCount", d(c.polled)});
    out.push_back({n, "InvokedEventCount", d(c.invoked)});
    out.push_back({n, "FailedInvokeEventCount", d(c.failed_invoke)});
    out.push_back({n, "DeletedEventCount", d(c.deleted)});
    out.push_back({n, "DroppedEventCount", d(c.released)});
    out.push_back({n, "FilteredOutEventCount", d(c.filtered_out)});
  }
  return out;
}

namespace {

// Relative paths in the scenario (trace files, FIS templates) are relative to its folder; the export may be written
// elsewhere, so they become absolute.
void absolute_paths(json& j, const std::filesystem::path& base) {
  if (j.is_object()) {
    for (auto& [key, value] : j.items()) {
      if ((key == "file" || key == "fis_template") && value.is_string()) {
        const std::filesystem::path p(value.get<std::string>());
        if (p.is_relative()) value = std::filesystem::absolute(base / p).lexically_normal().string();
      } else {
        absolute_paths(value, base);
      }
    }
  } else if (j.is_array()) {
    for (auto& x : j) absolute_paths(x, base);
  }
}

}  // namespace

json Session::exported_scenario() const {
  json doc = document_;
  absolute_paths(doc, std::filesystem::path(file_).parent_path());
  doc["seed"] = seed_;
  // Paused before the end: the replay stops where the session stands.
  if (!sim_->finished()) doc["duration_s"] = sim_->now().seconds();
  if (!changes_.empty()) {
    if (!doc.contains("gameday") || !doc["gameday"].is_object()) doc["gameday"] = json::object();
    json& actions = doc["gameday"]["actions"];
    if (!actions.is_object()) actions = json::object();
    for (const Change& c : changes_) actions[c.name] = c.action;
  }
  return doc;
}

json Session::exported_timeline() const {
  json changes = json::array();
  for (const Change& c : changes_)
    changes.push_back({{"at_s", c.at_s}, {"change", c.description}, {"action", c.action}});
  json out = {{"scenario", file_},
              {"seed", seed_},
              {"ended_at_s", sim_->now().seconds()},
              {"finished", sim_->finished()},
              {"changes", changes}};
  if (!goal_.is_null()) {
    json attempts = json::array();
    for (const Attempt& a : attempts_) {
      json made = json::array(), parts = json::array();
      for (const Change& c : a.changes) made.push_back({{"at_s", c.at_s}, {"change", c.description}});
      for (const GoalPart& p : a.parts)
        parts.push_back({{"name", p.name}, {"type", p.type}, {"passed", p.passed}, {"detail", p.detail}});
      attempts.push_back({{"seed", a.seed},
                          {"judged_at_s", a.judged_at_s},
                          {"changes", made},
                          {"passed", a.passed},
                          {"goal", parts},
                          {"rule_breaks", a.rule_breaks}});
    }
    out["exercise"] = {{"goal", goal_}, {"attempts", attempts}};
  }
  return out;
}

std::filesystem::path Session::export_to(const std::filesystem::path& dir) {
  if (!sim_->finished()) {
    sim_->run_until(sim_->now());
    sample_until_now();
  }
  std::filesystem::create_directories(dir);
  const auto scenario = dir / "session-scenario.json";
  std::ofstream(scenario, std::ios::binary) << exported_scenario().dump(2) << "\n";
  std::ofstream(dir / "session-timeline.json", std::ios::binary) << exported_timeline().dump(2) << "\n";
  std::ofstream(dir / "session-player.html", std::ios::binary) << session_player_html(*this);
  if (!std::filesystem::exists(scenario)) throw std::runtime_error(scenario.string() + ": cannot write");
  return scenario;
}

}  // namespace gui
