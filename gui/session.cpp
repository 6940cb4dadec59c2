#include "gui/session.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "scenarios/scenario_loader.hpp"

namespace gui {

using nlohmann::json;
using Kind = model::GameDayAction::Kind;

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

const char* fault_label(Fault f) {
  switch (f) {
    case Fault::ErrorRate:
      return "Error rate 50 % (60 s)";
    case Fault::BadDeploy:
      return "Bad deploy (60 s)";
    case Fault::DownstreamSlowdown:
      return "Slow downstream +1 s (120 s)";
    case Fault::DownstreamOutage:
      return "Downstream outage (60 s)";
    case Fault::InvocationDelay:
      return "Invocation delay 2 s (60 s)";
    case Fault::PoisonBurst:
      return "Poison burst (100 messages)";
    case Fault::TrafficSpike:
      return "Traffic x10 (120 s)";
    case Fault::DuplicateSubmit:
      return "Duplicate submits 30 % (120 s)";
  }
  return "";
}

Session::Session(std::string scenario_file, std::optional<std::uint64_t> seed) : file_(std::move(scenario_file)) {
  std::ifstream in(file_, std::ios::binary);
  if (!in) throw std::runtime_error(file_ + ": error: $: cannot open the file for reading");
  std::stringstream text;
  text << in.rdbuf();
  spec_ = scenarios::load_scenario_text(text.str(), file_).spec;  // throws ScenarioError with every problem
  document_ = json::parse(text.str());
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

void Session::inject(model::GameDayAction a, json targets, json parameters, std::string description) {
  a.name = fmt::format("gui-{}", ++change_counter_);
  a.at = sim_->now() + sim::Time{1};
  json action = {{"actionId", a.action_id},
                 {"at_s", a.at->seconds()},
                 {"description", description},
                 {"targets", std::move(targets)},
                 {"parameters", std::move(parameters)}};
  if (a.duration) action["parameters"]["duration"] = fmt::format("PT{}S", a.duration->us / 1'000'000);
  sim_->inject_action(a);
  log_->add("change", fmt::format("you: {} (from {:.3f} s)", description, a.at->seconds()));
  changes_.push_back(Change{a.name, a.at->seconds(), std::move(description), std::move(action)});
}

namespace {

model::GameDayAction make(const char* id, Kind kind, std::string target, double value) {
  model::GameDayAction a;
  a.action_id = id;
  a.kind = kind;
  a.targets = {std::move(target)};
  a.value = value;
  return a;
}

void check_range(double v, double lo, double hi, const char* what) {
  if (!(v >= lo && v <= hi))
    throw std::invalid_argument(fmt::format("{}: got {:g}, expected {:g} to {:g}", what, v, lo, hi));
}

}  // namespace

void Session::set_batch_size(std::uint32_t n) {
  check_range(n, 1, 10000, "BatchSize (SQS: 1 to 10,000)");
  const std::string esm = mapping().queue + "->" + mapping().function;
  inject(make("sim:set-batch-size", Kind::SetBatchSize, esm, n), {{"EventSourceMappings", {esm}}}, {{"value", n}},
         fmt::format("BatchSize {} on {}", n, esm));
}

void Session::set_batching_window(double seconds) {
  check_range(seconds, 0, 300, "MaximumBatchingWindowInSeconds (0 to 300)");
  const std::string esm = mapping().queue + "->" + mapping().function;
  inject(make("sim:set-batching-window", Kind::SetBatchingWindow, esm, seconds), {{"EventSourceMappings", {esm}}},
         {{"value", seconds}}, fmt::format("MaximumBatchingWindowInSeconds {:g} on {}", seconds, esm));
}

void Session::set_maximum_concurrency(std::uint32_t n) {
  check_range(n, 2, 1000, "MaximumConcurrency (2 to 1,000)");
  const std::string esm = mapping().queue + "->" + mapping().function;
  inject(make("sim:set-maximum-concurrency", Kind::SetMaximumConcurrency, esm, n), {{"EventSourceMappings", {esm}}},
         {{"value", n}}, fmt::format("MaximumConcurrency {} on {}", n, esm));
}

void Session::set_reserved_concurrency(std::uint32_t n) {
  check_range(n, 0, 100000, "reserved concurrency");
  const std::string f = mapping().function;
  inject(make("sim:set-reserved-concurrency", Kind::SetReservedConcurrency, f, n), {{"Functions", {f}}}, {{"value", n}},
         fmt::format("reserved concurrency {} on {}", n, f));
}

void Session::set_memory(std::uint32_t mb) {
  check_range(mb, 128, 10240, "MemorySize (128 to 10,240 MB)");
  const std::string f = mapping().function;
  inject(make("sim:set-memory", Kind::SetMemory, f, mb), {{"Functions", {f}}}, {{"value", mb}},
         fmt::format("memory {} MB on {}", mb, f));
}

void Session::set_visibility_timeout(double seconds) {
  check_range(seconds, 0, 43200, "VisibilityTimeout (0 to 43,200 s)");
  const std::string q = mapping().queue;
  inject(make("sim:set-visibility-timeout", Kind::SetVisibilityTimeout, q, seconds), {{"Queues", {q}}},
         {{"value", seconds}}, fmt::format("VisibilityTimeout {:g} s on {}", seconds, q));
}

void Session::set_max_receive_count(std::uint32_t n) {
  check_range(n, 1, 1000, "maxReceiveCount (1 to 1,000)");
  const std::string q = mapping().queue;
  inject(make("sim:set-max-receive-count", Kind::SetMaxReceiveCount, q, n), {{"Queues", {q}}}, {{"value", n}},
         fmt::format("maxReceiveCount {} on {}", n, q));
}

void Session::trigger(Fault fault) {
  const std::string f = mapping().function;
  // The producers sending to the selected mapping's queue (traffic faults act on them).
  std::string producer;
  for (const auto& p : spec_.producers)
    if (p.queue == mapping().queue && producer.empty()) producer = p.name;
  const auto needs_producer = [&] {
    if (producer.empty())
      throw std::invalid_argument("no producer sends to " + mapping().queue +
                                  ": nothing for a traffic fault to act on");
  };
  model::GameDayAction a;
  json targets = {{"Functions", {f}}}, params = json::object();
  switch (fault) {
    case Fault::ErrorRate:
      a = make("sim:error-rate", Kind::ErrorRate, f, 0.5);
      a.duration = sim::seconds(60);
      params = {{"probability", 0.5}};
      break;
    case Fault::BadDeploy:
      a = make("sim:bad-deploy", Kind::BadDeploy, f, 0);
      a.duration = sim::seconds(60);
      break;
    case Fault::DownstreamSlowdown:
      a = make("sim:downstream-slowdown", Kind::DownstreamSlowdown, f, 1000);
      a.duration = sim::seconds(120);
      params = {{"latencyMilliseconds", 1000}};
      break;
    case Fault::DownstreamOutage:
      a = make("sim:downstream-outage", Kind::DownstreamOutage, f, 3000);
      a.duration = sim::seconds(60);
      params = {{"timeoutMilliseconds", 3000}};
      break;
    case Fault::InvocationDelay:
      a = make("aws:lambda:invocation-add-delay", Kind::LambdaAddDelay, f, 0);
      a.startup_delay = sim::millis(2000);
      a.duration = sim::seconds(60);
      params = {{"startupDelayMilliseconds", 2000}, {"invocationPercentage", 100}};
      break;
    case Fault::PoisonBurst:
      needs_producer();
      a = make("sim:poison-burst", Kind::PoisonBurst, producer, 100);
      targets = {{"Producers", {producer}}};
      params = {{"messages", 100}};
      break;
    case Fault::TrafficSpike:
      needs_producer();
      a = make("sim:traffic-multiplier", Kind::TrafficMultiplier, producer, 10);
      a.duration = sim::seconds(120);
      targets = {{"Producers", {producer}}};
      params = {{"multiplier", 10}};
      break;
    case Fault::DuplicateSubmit:
      needs_producer();
      a = make("sim:duplicate-submit", Kind::DuplicateSubmit, producer, 0.3);
      a.duration = sim::seconds(120);
      targets = {{"Producers", {producer}}};
      params = {{"fraction", 0.3}};
      break;
  }
  inject(std::move(a), std::move(targets), std::move(params), fault_label(fault));
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
  return {{"scenario", file_},
          {"seed", seed_},
          {"ended_at_s", sim_->now().seconds()},
          {"finished", sim_->finished()},
          {"changes", changes}};
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
  if (!std::filesystem::exists(scenario)) throw std::runtime_error(scenario.string() + ": cannot write");
  return scenario;
}

}  // namespace gui
