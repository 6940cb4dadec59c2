#include "model/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <utility>

#include "model/body_generator.hpp"
#include "model/esm_metrics.hpp"
#include "sim/rng.hpp"

namespace model {

Simulation::Simulation(const ScenarioSpec& spec, std::uint64_t seed, std::uint64_t replication)
    : Simulation(spec, seed, replication, handlers::builtin_handlers()) {}

Simulation::Simulation(const ScenarioSpec& spec, std::uint64_t seed, std::uint64_t replication,
                       handlers::HandlerRegistry registry)
    : spec_(spec),
      seed_(seed),
      replication_(replication),
      registry_(std::move(registry)),
      account_(spec.account.concurrency_limit),
      recorder_(engine_, spec.metrics_period) {
  build();
  add_metrics();
  recorder_.reserve_until(spec_.duration);
  if (open_arrivals_ == 0) arm_stop_condition();
}

void Simulation::arm_stop_condition() {
  if (spec_.stop_when_drained) engine_.set_stop_condition([this] { return can_stop(); });
}

SqsQueue* Simulation::find_queue(const std::string& name) const {
  for (const auto& q : queues_) {
    if (q->name() == name) return q.get();
  }
  return nullptr;
}

SqsQueue& Simulation::queue_named(const std::string& name) const {
  for (const auto& q : queues_) {
    if (q->name() == name) return *q;
  }
  throw std::invalid_argument("no queue named '" + name + "'");
}

LambdaFunction& Simulation::function_named(const std::string& name) const {
  for (const auto& f : functions_) {
    if (f->name() == name) return *f;
  }
  throw std::invalid_argument("no function named '" + name + "'");
}

void Simulation::seed_initial_backlogs(const std::function<sim::RngEngine(const std::string&)>& stream) {
  // The scenario's starting backlog: bodies as the queue's first producer writes them (an order by default), ages
  // from the queue's own stream so a backlog never shifts another component's draws.
  for (const auto& q : queues_) {
    const InitialBacklog& b = q->spec().initial_backlog;
    if (b.count == 0) continue;
    BodySpec body;
    for (const ProducerSpec& p : spec_.producers)
      if (p.queue == q->name()) {
        body = p.body;
        break;
      }
    const BodyGenerator bodies(body, q->name() + "-backlog");
    sim::RngEngine rng = stream("queue:" + q->name() + "/initial-backlog");
    for (std::uint64_t i = 0; i < b.count; ++i) {
      std::string text = bodies.body(i, rng);
      const auto size = body.size_bytes ? *body.size_bytes : static_cast<std::uint32_t>(text.size());
      const sim::Time age{sim::round_to_int64(sim::sample(b.age_s, rng) * 1e6)};
      q->seed_backlog_message(ids_.next(), age, b.receive_count, std::move(text), size,
                              q->is_fifo() ? q->name() + "-backlog" : std::string());
    }
  }
}

void Simulation::build() {
  // Each component draws from its own streams, named "<component>/<purpose>" (see sim/rng.hpp for the rule).
  auto stream = [this](const std::string& name) { return sim::make_stream(seed_, name, replication_); };
  for (const QueueSpec& q : spec_.queues) {
    queues_.push_back(std::make_unique<SqsQueue>(engine_, q, stream("queue:" + q.name + "/duplicates")));
    queues_.back()->set_index(static_cast<std::uint32_t>(queues_.size() - 1));
  }
  for (const auto& q : queues_) {
    if (q->spec().redrive_policy) {
      SqsQueue& dlq = queue_named(q->spec().redrive_policy->dead_letter_target);
      q->set_dead_letter_queue(&dlq);
      dlq.mark_as_dead_letter_queue();
    }
  }
  seed_initial_backlogs(stream);
  for (const FunctionSpec& f : spec_.functions) {
    functions_.push_back(std::make_unique<LambdaFunction>(
        engine_, account_, f, registry_,
        LambdaFunction::Streams{
            stream("function:" + f.name + "/cold-start"), stream("function:" + f.name + "/duration"),
            stream("function:" + f.name + "/keep-alive"), stream("function:" + f.name + "/memory-used"),
            stream("function:" + f.name + "/faults"), stream("function:" + f.name + "/table"),
            stream("function:" + f.name + "/downstream")}));
  }
  // The scenario's starting state: environments already idle or busy at time 0 (transients).
  for (const auto& f : functions_) f->add_initial_environments();
  for (const EventSourceMappingSpec& m : spec_.event_source_mappings) {
    if (!m.enabled) continue;  // Lambda: a disabled event source mapping does not poll
    esms_.push_back(
        std::make_unique<EventSourceMapping>(engine_, m, queue_named(m.queue), function_named(m.function),
                                             stream("mapping:" + m.queue + "->" + m.function + "/latency")));
  }
  // Downstream stages: a function that publishes sends to queues directly or through SNS topics' subscriptions.
  for (const FunctionSpec& f : spec_.functions) {
    if (f.publishes_to.empty()) continue;
    std::vector<SqsQueue*> targets;
    for (const std::string& t : f.publishes_to) {
      const auto topic =
          std::find_if(spec_.topics.begin(), spec_.topics.end(), [&](const TopicSpec& x) { return x.name == t; });
      if (topic != spec_.topics.end()) {
        for (const std::string& q : topic->subscriptions) targets.push_back(&queue_named(q));
      } else {
        targets.push_back(&queue_named(t));
      }
    }
    publishers_.push_back(std::make_unique<Publisher>(f.name, std::move(targets), ids_));
    if (f.handler_publishes) {
      function_named(f.name).set_publisher(publishers_.back().get());  // the handler's EventPublisher
    } else {
      for (auto& m : esms_)
        if (m->spec().function == f.name) m->set_publisher(publishers_.back().get());
    }
  }
  for (const ProducerSpec& p : spec_.producers) {
    producers_.push_back(std::make_unique<Producer>(
        engine_, p, queue_named(p.queue), ids_,
        Producer::Streams{stream("producer:" + p.name + "/arrivals"), stream("producer:" + p.name + "/bodies"),
                          stream("producer:" + p.name + "/duplicates"), stream("producer:" + p.name + "/delays"),
                          stream("producer:" + p.name + "/trace"), stream("producer:" + p.name + "/retries"),
                          stream("producer:" + p.name + "/latency")}));
  }
  auto queue_at = [this](std::uint32_t i) -> SqsQueue* { return i < queues_.size() ? queues_[i].get() : nullptr; };
  for (const RedriveSpec& r : spec_.redrives) {
    SqsQueue* dest = r.destination.empty() ? nullptr : &queue_named(r.destination);
    if (r.kind == RedriveSpec::Kind::MessageMoveTask) {
      move_tasks_.push_back(std::make_unique<MessageMoveTask>(engine_, r, queue_named(r.source), dest, ids_, queue_at));
    } else {
      redrive_fns_.push_back(std::make_unique<RedriveFunction>(engine_, r, queue_named(r.source), dest, ids_, queue_at,
                                                               stream("redrive:" + r.source + "/jitter")));
    }
  }
  for (const InvokerSpec& v : spec_.invokers) {
    SqsQueue* dest = v.on_failure_destination.empty() ? nullptr : &queue_named(v.on_failure_destination);
    invokers_.push_back(std::make_unique<DirectInvoker>(
        engine_, v, function_named(v.function), dest, ids_,
        DirectInvoker::Streams{stream("invoker:" + v.name + "/arrivals"), stream("invoker:" + v.name + "/trace"),
                               stream("invoker:" + v.name + "/outcomes"), stream("invoker:" + v.name + "/backoff")}));
  }
  if (!spec_.gameday.actions.empty()) {
    gameday_ = std::make_unique<GameDay>(engine_, spec_.gameday, gameday_targets());
    gameday_->start();
  }
  // drained() needs every producer and invoker finished, so it is false while any arrival process still runs: the
  // engine checks the stop condition after each event only from the moment the last one ends.
  open_arrivals_ = producers_.size() + invokers_.size();
  const auto arrivals_closed = [this] {
    if (--open_arrivals_ == 0) arm_stop_condition();
  };
  for (const auto& p : producers_) p->on_arrivals_done(arrivals_closed);
  for (const auto& v : invokers_) v->on_arrivals_done(arrivals_closed);
  for (const auto& v : invokers_) v->start();
  for (const auto& t : move_tasks_) t->start();
  for (const auto& f : redrive_fns_) f->start();
  for (const auto& m : esms_) m->start();
  for (const auto& p : producers_) p->start();
  recorder_.start();
}

void Simulation::add_metrics() {
  // Column names are "<resource>/<CloudWatch metric name>".
  for (const auto& qp : queues_) {
    const SqsQueue* q = qp.get();
    const std::string n = q->name() + "/";
    recorder_.add_sum(n + "NumberOfMessagesSent", [q] { return double(q->counters().sent + q->counters().moved_in); });
    recorder_.add_sum(n + "NumberOfMessagesReceived", [q] { return double(q->counters().received); });
    recorder_.add_sum(n + "NumberOfMessagesDeleted", [q] { return double(q->counters().deleted); });
    recorder_.add_sum(n + "NumberOfEmptyReceives", [q] { return double(q->counters().empty_receives); });
    recorder_.add_gauge(n + "ApproximateNumberOfMessagesVisible", [q] { return double(q->visible()); });
    recorder_.add_gauge(n + "ApproximateNumberOfMessagesNotVisible", [q] { return double(q->in_flight()); });
    recorder_.add_gauge(n + "ApproximateNumberOfMessagesDelayed", [q] { return double(q->delayed()); });
    recorder_.add_gauge(n + "ApproximateAgeOfOldestMessage",
                        [q] { return double(q->age_of_oldest_message().us / 1'000'000); });
    // SentMessageSize (Average bytes of the messages sent in the period).
    recorder_.add_average(
        n + "SentMessageSize", [q] { return double(q->counters().sent_bytes); },
        [q] { return double(q->counters().sent); });
    if (!q->is_dead_letter_queue()) {
      // sqsim's own per-period end-to-end latency (send to delete) percentiles, in ms; CloudWatch has no such metric.
      recorder_.add_gauge(n + "EndToEndLatency.p50", [q] {
        const sim::LogHistogram& lat = q->period_latency();
        return lat.count() ? double(lat.quantile(0.5)) / 1000.0 : 0.0;
      });
      recorder_.add_gauge(n + "EndToEndLatency.p99", [q] {
        const sim::LogHistogram& lat = q->period_latency();
        return lat.count() ? double(lat.quantile(0.99)) / 1000.0 : 0.0;
      });
    }
    SqsQueue* mq = qp.get();
    recorder_.on_period_end([mq] { mq->roll_period(); });
    if (q->is_fifo())
      recorder_.add_gauge(n + "ApproximateNumberOfGroupsWithInflightMessages",
                          [q] { return double(q->groups_with_in_flight()); });
  }
  for (const auto& fp : functions_) {
    LambdaFunction* f = fp.get();
    const std::string n = f->name() + "/";
    recorder_.add_sum(n + "Invocations", [f] { return double(f->counters().invocations); });
    recorder_.add_sum(n + "Errors", [f] { return double(f->counters().errors); });
    recorder_.add_sum(n + "Throttles", [f] { return double(f->counters().throttles); });
    recorder_.add_sum(n + "ColdStarts", [f] { return double(f->counters().cold_starts); });
    recorder_.add_max(n + "ConcurrentExecutions", [f] { return double(f->period_peak()); });
    // Duration (Average, p99, Maximum; ms) over invocations that ended in the period.
    recorder_.add_gauge(n + "Duration", [f] {
      const sim::LogHistogram& d = f->period_durations();
      return d.count() == 0 ? 0.0 : d.mean() / 1000.0;
    });
    recorder_.add_gauge(n + "Duration.p99", [f] { return double(f->period_durations().quantile(0.99)) / 1000.0; });
    recorder_.add_gauge(n + "Duration.Maximum", [f] { return double(f->period_durations().max()) / 1000.0; });
    recorder_.add_gauge(n + "ConcurrencyLimit", [f] { return double(f->concurrency_limit()); });
    // sqsim's own: the time-averaged number of execution environments in the period (CloudWatch only has the
    // ConcurrentExecutions maximum).
    // One pass over the function's levels gives the four.
    recorder_.add_gauges({n + "Environments.Average", n + "BusyEnvironments.Average", n + "IdleEnvironments.Average",
                          n + "InitializingEnvironments.Average"},
                         [f](std::span<double> out) {
                           const EnvironmentPeriodMeans m = f->period_environment_means();
                           out[0] = m.all;
                           out[1] = m.busy;
                           out[2] = m.idle;
                           out[3] = m.initializing;
                         });
    if (f->spec().provisioned_concurrency > 0) {
      recorder_.add_sum(n + "ProvisionedConcurrencyInvocations",
                        [f] { return double(f->counters().provisioned_invocations); });
      recorder_.add_sum(n + "ProvisionedConcurrencySpilloverInvocations",
                        [f] { return double(f->counters().spillover_invocations); });
      const double pc = f->spec().provisioned_concurrency;
      recorder_.add_max(n + "ProvisionedConcurrencyUtilization",
                        [f, pc] { return double(f->period_provisioned_peak()) / pc; });
    }
    recorder_.on_period_end([f] { f->roll_period(); });
  }
  for (const auto& vp : invokers_) {
    const DirectInvoker* v = vp.get();
    const std::string n = "invoker:" + v->spec().name + "/";
    recorder_.add_sum(n + "Requests", [v] { return double(v->counters().requests); });
    recorder_.add_sum(n + "Succeeded", [v] { return double(v->counters().succeeded); });
    recorder_.add_sum(n + "Throttled", [v] { return double(v->counters().throttled); });
    recorder_.add_sum(n + "Failed", [v] {
      return double(v->counters().failed + v->counters().to_destination + v->counters().dropped);
    });
  }
  for (std::size_t i = 0; i < esms_.size(); ++i) {
    const EventSourceMapping* m = esms_[i].get();
    const std::string n = esm_metric(m->spec(), "");
    recorder_.add_sum(n + "PolledEventCount", [m] { return double(m->counters().polled); });
    recorder_.add_sum(n + "InvokedEventCount", [m] { return double(m->counters().invoked); });
    recorder_.add_sum(n + "FailedInvokeEventCount", [m] { return double(m->counters().failed_invoke); });
    recorder_.add_sum(n + "DeletedEventCount", [m] { return double(m->counters().deleted); });
    recorder_.add_sum(n + "FilteredOutEventCount", [m] { return double(m->counters().filtered_out); });
    // For SQS nothing is discarded for good by the mapping; the records it gives up on are those whose visibility
    // timeout passed while their batch was throttled (they return to the queue). Our reading of "dropped due to
    // expiry or retry exhaustion" for SQS (docs/model.md).
    recorder_.add_sum(n + "DroppedEventCount", [m] { return double(m->counters().released); });
    recorder_.add_gauge(esm_metric(m->spec(), kEsmPollers), [m] { return double(m->active_pollers()); });
    recorder_.add_gauge(esm_metric(m->spec(), kEsmConcurrentInvocations), [m] {
      std::size_t invoking = 0;
      for (std::size_t p = 0; p < m->poller_count(); ++p)
        invoking += m->poller_state(p) == PollerState::Invoking ? 1 : 0;
      return double(invoking);
    });
  }
}

bool Simulation::can_stop() const {
  if (!drained()) return false;
  // With alarms, a drained run goes on to the end of the longest alarm period, so the alarms see the last messages'
  // effect (a DLQ that filled at the very end) as CloudWatch would a minute later.
  sim::Time longest{0};
  for (const AlarmSpec& a : spec_.alarms) longest = std::max(longest, a.period);
  return longest.us == 0 || engine_.now().us % longest.us == 0;
}

bool Simulation::drained() const {
  if (gameday_ && !gameday_->finished()) return false;  // a GameDay runs to its last action
  for (const auto& p : producers_) {
    if (!p->finished()) return false;
  }
  for (const auto& q : queues_) {
    if (!q->is_dead_letter_queue() && q->stored() != 0) return false;
  }
  for (const auto& t : move_tasks_) {
    if (!t->counters().finished) return false;
  }
  for (const auto& v : invokers_) {
    if (!v->finished()) return false;
  }
  for (const auto& f : redrive_fns_) {
    if (!f->counters().finished) return false;
  }
  return true;
}

Accounting Simulation::accounting() const {
  Accounting a;
  // A refused send the producer retried (or will) is one refused request, not a dropped message.
  std::uint64_t retried_denied = 0, retried_throttled = 0;
  for (const auto& p : producers_) {
    a.produced += p->counters().produced;
    a.pending_send += p->counters().pending;
    retried_denied += p->counters().retried_access_denied;
    retried_throttled += p->counters().retried_throttled;
  }
  for (const auto& q : queues_) a.produced += q->counters().initial_backlog;  // the starting backlog
  for (const auto& t : move_tasks_) a.dropped_redrive_failed += t->counters().failed;
  for (const auto& v : invokers_) a.produced += v->counters().destination_sends;
  for (const auto& p : publishers_) a.produced += p->counters().published;
  for (const auto& q : queues_) {
    const QueueCounters& c = q->counters();
    a.deleted += c.deleted - c.filtered;
    a.filtered += c.filtered;
    a.expired += c.expired;
    a.purged += c.purged;
    a.dropped_too_large += c.rejected_too_large;
    a.dropped_deduplicated += c.deduplicated;
    a.dropped_send_refused += c.throttled_sends;
    a.dropped_access_denied += c.denied_sends;
    if (q->is_dead_letter_queue()) {
      a.in_dlq += q->stored();
    } else {
      a.visible += q->visible();
      a.in_flight += q->in_flight();
      a.delayed += q->delayed();
    }
  }
  a.dropped_access_denied -= retried_denied;
  a.dropped_send_refused -= retried_throttled;
  return a;
}

void Simulation::check_end() {
  if (engine_.stop_requested() || (spec_.stop_when_drained && can_stop())) finished_ = true;
  const auto next = engine_.next_event_time();
  if (!next || *next > spec_.duration) finished_ = true;
  if (finished_) finish();
}

GameDay::Targets Simulation::gameday_targets() {
  GameDay::Targets t;
  for (const auto& f : functions_) t.functions[f->name()] = f.get();
  for (const auto& q : queues_) t.queues[q->name()] = q.get();
  for (const auto& p : producers_) t.producers[p->spec().name] = p.get();
  for (const auto& m : esms_) t.mappings[m->spec().queue + "->" + m->spec().function] = m.get();
  return t;
}

void Simulation::inject_action(GameDayAction action) {
  // Default: 1 us from now, after every event already run at the current time (run_until() has run them all), so a
  // replay that starts the action at that time, before the ordinary events there, sees the same state.
  if (!action.at) action.at = engine_.now() + sim::Time{1};
  if (!gameday_) {
    // The scenario had no GameDay: start an empty one now. It schedules nothing of its own, so the run is the same
    // as a replay whose GameDay holds only this action.
    GameDaySpec empty;
    empty.start = spec_.gameday.start;
    gameday_ = std::make_unique<GameDay>(engine_, empty, gameday_targets());
  }
  gameday_->inject(action);
  // Kept in the spec too, so the reports (and an exported session) show it like a GameDay action written in the file.
  spec_.gameday.actions.push_back(std::move(action));
}

bool Simulation::step() {
  if (finished_) return false;
  const auto next = engine_.next_event_time();
  if (!next || *next > spec_.duration) {
    engine_.run_until(spec_.duration);  // advances the clock to the end
    finished_ = true;
    finish();
    return false;
  }
  engine_.step();
  check_end();
  return true;
}

void Simulation::run_until(sim::Time t) {
  if (finished_) return;
  const sim::Time limit = t < spec_.duration ? t : spec_.duration;
  engine_.run_until(limit);
  if (engine_.stop_requested() || limit == spec_.duration) {
    finished_ = true;
    finish();
  }
}

void Simulation::draw_on_helper_thread(bool on) {
  if (on && !helper_) helper_ = std::make_unique<sim::HelperThread>();
  sim::HelperThread* h = on ? helper_.get() : nullptr;
  for (const auto& f : functions_) f->set_draw_helper(h);
  for (const auto& p : producers_) p->set_draw_helper(h);
  for (const auto& i : invokers_) i->set_draw_helper(h);
}

void Simulation::run() {
  run_until(spec_.duration);
}

void Simulation::finish() {
  if (closed_) return;
  closed_ = true;
  recorder_.finish(engine_.now());
}

}  // namespace model
