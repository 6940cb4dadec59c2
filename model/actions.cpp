#include "model/actions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "model/event_source_mapping.hpp"
#include "model/lambda_function.hpp"
#include "model/producer.hpp"
#include "model/spec.hpp"
#include "model/sqs_queue.hpp"

namespace model {

namespace {

using Kind = GameDayAction::Kind;
using F = ActionField;

// --- parameters (ranges from model/aws_ranges.hpp where AWS has the setting)
constexpr AwsRange kPercent{1, 100, "FIS invocationPercentage: 1 to 100"};
constexpr AwsRange kMilliseconds{0, 900000, "up to Lambda's 15-minute timeout"};
constexpr ActionParameter kInvocationPercentage{"invocationPercentage", F::InvocationPercentage, "%", kPercent, 100,
                                                "a percentage"};
constexpr ActionParameter kPreventExecution{"preventExecution", F::PreventExecution, "", {}, 0, "true or false"};

constexpr std::array<ActionParameter, 2> kAddDelayParameters{
    kInvocationPercentage,
    ActionParameter{"startupDelayMilliseconds", F::StartupDelay, "ms", kMilliseconds, 1000, "milliseconds"}};
constexpr std::array<ActionParameter, 2> kErrorParameters{kInvocationPercentage, kPreventExecution};
constexpr std::array<ActionParameter, 4> kHttpParameters{
    kInvocationPercentage,
    ActionParameter{"statusCode", F::StatusCode, "", AwsRange{100, 599, "an HTTP status code"}, 200,
                    "an HTTP status code"},
    ActionParameter{"contentTypeHeader", F::ContentType, "", {}, 0, "a content type (default application/json)"},
    kPreventExecution};
constexpr std::array<ActionParameter, 3> kSsmParameters{
    ActionParameter{"documentParameters", F::SsmDocument, "", {}, 0, "{\"tagKey\", \"tagValue\", \"duration\"}"},
    ActionParameter{"documentArn", F::Accepted, "", {}, 0, "the SSM document (read, not used)"},
    ActionParameter{"maxDuration", F::Accepted, "", {}, 0, "FIS's limit on the automation (read, not used)"}};
constexpr std::array<ActionParameter, 1> kErrorRateParameters{
    ActionParameter{"probability", F::Value, "", AwsRange{0, 1, "a probability"}, 0.5, "a probability"}};
constexpr std::array<ActionParameter, 1> kSlowdownParameters{
    ActionParameter{"latencyMilliseconds", F::Value, "ms", kMilliseconds, 1000, "milliseconds"}};
constexpr std::array<ActionParameter, 1> kOutageParameters{ActionParameter{
    "timeoutMilliseconds", F::Value, "ms", AwsRange{1, 900000, kMilliseconds.rule}, 3000, "milliseconds"}};
constexpr std::array<ActionParameter, 1> kPoisonParameters{
    ActionParameter{"messages", F::Value, "", AwsRange{1, 10'000'000, "a message count"}, 100, "a message count"}};
constexpr std::array<ActionParameter, 1> kMultiplierParameters{
    ActionParameter{"multiplier", F::Value, "×", AwsRange{0, 10000, "a rate multiplier"}, 10, "a rate multiplier"}};
constexpr std::array<ActionParameter, 1> kDuplicateParameters{
    ActionParameter{"fraction", F::Value, "", ranges::kDuplicateFraction, 0.2, "a share of sends"}};
constexpr std::array<ActionParameter, 1> kReservedParameters{
    ActionParameter{"value", F::Value, "", ranges::kReservedConcurrency, 0, "a reserved concurrency"}};
constexpr std::array<ActionParameter, 1> kMemoryParameters{
    ActionParameter{"value", F::Value, "MB", ranges::kMemorySizeMb, 128, "a memory size in MB (Lambda: 128-10,240)"}};
constexpr std::array<ActionParameter, 1> kBatchSizeParameters{
    ActionParameter{"value", F::Value, "", ranges::kBatchSize, 10, "a batch size (SQS: 1-10,000)"}};
constexpr std::array<ActionParameter, 1> kMaximumConcurrencyParameters{
    ActionParameter{"value", F::Value, "", ranges::kMaximumConcurrency, 2, "a MaximumConcurrency (2-1,000)"}};
constexpr std::array<ActionParameter, 1> kBatchingWindowParameters{ActionParameter{
    "value", F::Value, "s", ranges::kMaximumBatchingWindowS, 0, "MaximumBatchingWindowInSeconds (0-300)"}};
constexpr std::array<ActionParameter, 1> kVisibilityParameters{
    ActionParameter{"value", F::Value, "s", ranges::kVisibilityTimeoutS, 30, "a VisibilityTimeout in s (0-43,200)"}};
constexpr std::array<ActionParameter, 1> kMaxReceiveParameters{
    ActionParameter{"value", F::Value, "", ranges::kMaxReceiveCount, 3, "a maxReceiveCount (1-1,000)"}};

// --- targets
LambdaFunction& function(const Component& c) {
  return *std::get<LambdaFunction*>(c);
}
SqsQueue& queue(const Component& c) {
  return *std::get<SqsQueue*>(c);
}
Producer& producer(const Component& c) {
  return *std::get<Producer*>(c);
}
EventSourceMapping& mapping(const Component& c) {
  return *std::get<EventSourceMapping*>(c);
}

template <class Spec, class Name>
Spec& spec_named(std::vector<Spec>& specs, const std::string& target, Name name) {
  const auto it = std::find_if(specs.begin(), specs.end(), [&](const Spec& x) { return name(x) == target; });
  if (it == specs.end()) throw std::invalid_argument("no target named '" + target + "'");
  return *it;
}
FunctionSpec& function_spec(ScenarioSpec& s, const std::string& t) {
  return spec_named(s.functions, t, [](const FunctionSpec& f) { return f.name; });
}
QueueSpec& queue_spec(ScenarioSpec& s, const std::string& t) {
  return spec_named(s.queues, t, [](const QueueSpec& q) { return q.name; });
}
ProducerSpec& producer_spec(ScenarioSpec& s, const std::string& t) {
  return spec_named(s.producers, t, [](const ProducerSpec& p) { return p.name; });
}
EventSourceMappingSpec& mapping_spec(ScenarioSpec& s, const std::string& t) {
  return spec_named(s.event_source_mappings, t,
                    [](const EventSourceMappingSpec& m) { return m.queue + "->" + m.function; });
}

std::uint32_t count(double v) {
  return static_cast<std::uint32_t>(v);
}
sim::Time seconds_of(double v) {
  return sim::Time{sim::round_to_int64(v * 1e6)};
}
std::optional<std::uint32_t> optional_count(std::optional<double> v) {
  return v ? std::optional<std::uint32_t>(count(*v)) : std::nullopt;
}
std::optional<double> optional_double(std::optional<std::uint32_t> v) {
  return v ? std::optional<double>(*v) : std::nullopt;
}

// --- behaviours
ActionBehaviour fault(void (*f)(FunctionFaults&, const GameDayAction&)) {
  return ActionBehaviour{.effect = ActionEffect::FunctionFault, .fault = f};
}

const std::array<ActionDefinition, 19>& definitions() {
  static const std::array<ActionDefinition, 19> kTable{{
      {"aws:fis:wait", Kind::FisWait, TargetKind::None, {}, true, "nothing; sequences other actions", {}, "wait"},
      {"aws:lambda:invocation-add-delay", Kind::LambdaAddDelay, TargetKind::Functions, kAddDelayParameters, false,
       "the delay comes before the handler and counts in Duration, billing and the timeout",
       fault([](FunctionFaults& f, const GameDayAction& a) {
         f.delay_percentage = a.invocation_percentage;
         f.startup_delay = a.startup_delay;
       }),
       "{targets}: {percentage:g} % of invocations start {delay_ms} ms late"},
      {"aws:lambda:invocation-error", Kind::LambdaError, TargetKind::Functions, kErrorParameters, false,
       "the invocation is a function error: the whole batch returns to the queue; with `preventExecution` the handler "
       "does not run",
       fault([](FunctionFaults& f, const GameDayAction& a) {
         f.error_percentage = a.invocation_percentage;
         f.error_prevents_execution = a.prevent_execution;
       }),
       "{targets}: {percentage:g} % of invocations fail{without_handler}"},
      {"aws:lambda:invocation-http-integration-response", Kind::LambdaHttpResponse, TargetKind::Functions,
       kHttpParameters, false,
       "the function returns the injected HTTP response. An event source mapping reads it as a batch response "
       "**without** `batchItemFailures`, i.e. success: the batch is deleted. With `preventExecution` those messages "
       "are deleted unprocessed — counted as lost by `no_message_lost` (`records_acknowledged_unprocessed` in the "
       "function counters)",
       fault([](FunctionFaults& f, const GameDayAction& a) {
         f.http_percentage = a.invocation_percentage;
         f.http_prevents_execution = a.prevent_execution;
         f.http_status = a.status_code;
       }),
       "{targets}: {percentage:g} % of invocations return HTTP {status}{without_handler}"},
      {"aws:ssm:start-automation-execution", Kind::SqsDenyAll, TargetKind::Queues, kSsmParameters, false,
       "the FIS scenario library's SQS queue impairment: a deny-all queue policy on every queue with the tag "
       "`documentParameters` names (`{\"tagKey\",\"tagValue\",\"duration\"}`; `\"tags\"` on queues). SendMessage fails "
       "(dropped, reason `access_denied`: producers do not retry AccessDenied), pollers back off (10 s, an "
       "assumption), DeleteMessage fails so processed messages come back after their visibility timeout. Moves by a "
       "redrive policy still happen (SQS-internal). Other SSM documents are not modelled (an error)",
       // Denied while any deny-all action on the queue is in force.
       ActionBehaviour{.effect = ActionEffect::Combined,
                       .initial = 0,
                       .combine = [](double, const GameDayAction&) { return 1.0; },
                       .set_combined = [](const Component& c, double v) { queue(c).set_access_denied(v > 0); }},
       "{targets}: deny-all queue policy (SendMessage, ReceiveMessage, DeleteMessage denied)"},
      {"sim:error-rate", Kind::ErrorRate, TargetKind::Functions, kErrorRateParameters, false,
       "invocations fail with that probability; the handler runs",
       fault([](FunctionFaults& f, const GameDayAction& a) { f.error_probability = a.value; }),
       "{targets}: invocations fail with probability {value:g}"},
      {"sim:bad-deploy",
       Kind::BadDeploy,
       TargetKind::Functions,
       {},
       false,
       "every invocation fails at start; the handler does not run",
       fault([](FunctionFaults& f, const GameDayAction&) { f.bad_deploy = true; }),
       "{targets}: a bad deploy, every invocation fails"},
      {"sim:downstream-slowdown", Kind::DownstreamSlowdown, TargetKind::Functions, kSlowdownParameters, false,
       "added per record to the invocation's duration", fault([](FunctionFaults& f, const GameDayAction& a) {
         f.per_record_latency = sim::Time{static_cast<std::int64_t>(a.value * 1000)};
       }),
       "{targets}: the downstream adds {value:g} ms per record"},
      {"sim:downstream-outage", Kind::DownstreamOutage, TargetKind::Functions, kOutageParameters, false,
       "each invocation waits for its client's timeout, then fails",
       fault([](FunctionFaults& f, const GameDayAction& a) {
         f.outage_timeout = sim::Time{static_cast<std::int64_t>(a.value * 1000)};
       }),
       "{targets}: the downstream is down, calls time out after {value:g} ms"},
      {"sim:poison-burst", Kind::PoisonBurst, TargetKind::Producers, kPoisonParameters, false,
       "the producer sends that many unparseable bodies at once",
       ActionBehaviour{
           .effect = ActionEffect::Once,
           .once = [](const Component& c,
                      const GameDayAction& a) { producer(c).send_poison(static_cast<std::uint64_t>(a.value)); }},
       "{targets}: {value:g} poison messages sent"},
      {"sim:traffic-multiplier", Kind::TrafficMultiplier, TargetKind::Producers, kMultiplierParameters, false,
       "the producer's rate times the multiplier (a trace's arrivals each become that many); the arrival already "
       "scheduled is not moved",
       // Several spikes on one producer multiply.
       ActionBehaviour{.effect = ActionEffect::Combined,
                       .initial = 1,
                       .combine = [](double acc, const GameDayAction& a) { return acc * a.value; },
                       .set_combined = [](const Component& c, double v) { producer(c).set_rate_factor(v); }},
       "{targets}: traffic x{value:g}"},
      {"sim:duplicate-submit", Kind::DuplicateSubmit, TargetKind::Producers, kDuplicateParameters, false,
       "that share of the producer's sends repeat the previous message (a retrying client; the ingestion lab's "
       "duplicate_submit)",
       ActionBehaviour{
           .effect = ActionEffect::Setting,
           .current = [](const Component& c) -> std::optional<double> { return producer(c).spec().duplicate_fraction; },
           .set = [](const Component& c,
                     std::optional<double> v) { producer(c).set_duplicate_fraction(v.value_or(0)); },
           .edit_spec = [](ScenarioSpec& s, const std::string& t,
                           double v) { producer_spec(s, t).duplicate_fraction = v; }},
       "{targets}: {value:g} of sends repeated (duplicate submits)"},
      {"sim:set-batch-size",
       Kind::SetBatchSize,
       TargetKind::EventSourceMappings,
       kBatchSizeParameters,
       false,
       "batch size; reverts after `duration` if given",
       ActionBehaviour{
           .effect = ActionEffect::Setting,
           .current = [](const Component& c) -> std::optional<double> { return mapping(c).spec().batch_size; },
           .set = [](const Component& c, std::optional<double> v) { mapping(c).set_batch_size(count(v.value_or(0))); },
           .edit_spec = [](ScenarioSpec& s, const std::string& t,
                           double v) { mapping_spec(s, t).batch_size = count(v); }},
       "{targets}: batch size {value:g}",
       {"batch_size", "BatchSize", true}},
      {"sim:set-batching-window",
       Kind::SetBatchingWindow,
       TargetKind::EventSourceMappings,
       kBatchingWindowParameters,
       false,
       "MaximumBatchingWindowInSeconds for batches opened from then on; reverts after `duration` if given",
       ActionBehaviour{
           .effect = ActionEffect::Setting,
           .current = [](const Component& c) -> std::optional<double> {
             return mapping(c).spec().maximum_batching_window.seconds();
           },
           .set = [](const Component& c,
                     std::optional<double> v) { mapping(c).set_maximum_batching_window(seconds_of(v.value_or(0))); },
           .edit_spec = [](ScenarioSpec& s, const std::string& t,
                           double v) { mapping_spec(s, t).maximum_batching_window = seconds_of(v); }},
       "{targets}: MaximumBatchingWindowInSeconds {value:g}",
       {"batching_window", "MaximumBatchingWindowInSeconds"}},
      {"sim:set-maximum-concurrency",
       Kind::SetMaximumConcurrency,
       TargetKind::EventSourceMappings,
       kMaximumConcurrencyParameters,
       false,
       "ScalingConfig MaximumConcurrency; reverts after `duration` if given",
       ActionBehaviour{
           .effect = ActionEffect::Setting,
           .current = [](const Component& c) { return optional_double(mapping(c).spec().scaling.maximum_concurrency); },
           .set = [](const Component& c,
                     std::optional<double> v) { mapping(c).set_maximum_concurrency(optional_count(v)); },
           .edit_spec = [](ScenarioSpec& s, const std::string& t,
                           double v) { mapping_spec(s, t).scaling.maximum_concurrency = count(v); }},
       "{targets}: MaximumConcurrency {value:g}",
       {"maximum_concurrency", "MaximumConcurrency", true, ranges::kMaximumConcurrency.hi}},
      {"sim:set-reserved-concurrency",
       Kind::SetReservedConcurrency,
       TargetKind::Functions,
       kReservedParameters,
       false,
       "reserved concurrency; reverts after `duration` if given",
       ActionBehaviour{
           .effect = ActionEffect::Setting,
           .current = [](const Component& c) { return optional_double(function(c).spec().reserved_concurrency); },
           .set = [](const Component& c,
                     std::optional<double> v) { function(c).set_reserved_concurrency(optional_count(v)); },
           .edit_spec = [](ScenarioSpec& s, const std::string& t,
                           double v) { function_spec(s, t).reserved_concurrency = count(v); }},
       "{targets}: reserved concurrency {value:g}",
       {"reserved_concurrency", "reserved concurrency", true}},
      {"sim:set-memory",
       Kind::SetMemory,
       TargetKind::Functions,
       kMemoryParameters,
       false,
       "memory and so CPU share; reverts after `duration` if given",
       ActionBehaviour{
           .effect = ActionEffect::Setting,
           .current = [](const Component& c) -> std::optional<double> { return function(c).spec().memory_size_mb; },
           .set = [](const Component& c,
                     std::optional<double> v) { function(c).set_memory_size(count(v.value_or(0))); },
           .edit_spec = [](ScenarioSpec& s, const std::string& t,
                           double v) { function_spec(s, t).memory_size_mb = count(v); }},
       "{targets}: memory {value:g} MB",
       {"memory", "MemorySize", true}},
      {"sim:set-visibility-timeout",
       Kind::SetVisibilityTimeout,
       TargetKind::Queues,
       kVisibilityParameters,
       false,
       "the queue's VisibilityTimeout for messages received from then on (in-flight ones keep theirs, as "
       "SetQueueAttributes does); reverts after `duration` if given",
       ActionBehaviour{
           .effect = ActionEffect::Setting,
           .current = [](const Component& c) -> std::optional<double> {
             return queue(c).spec().visibility_timeout.seconds();
           },
           .set = [](const Component& c,
                     std::optional<double> v) { queue(c).set_visibility_timeout(seconds_of(v.value_or(0))); },
           .edit_spec = [](ScenarioSpec& s, const std::string& t,
                           double v) { queue_spec(s, t).visibility_timeout = seconds_of(v); }},
       "{targets}: VisibilityTimeout {value:g} s (for messages received from now on)",
       {"visibility_timeout", "VisibilityTimeout"}},
      {"sim:set-max-receive-count",
       Kind::SetMaxReceiveCount,
       TargetKind::Queues,
       kMaxReceiveParameters,
       false,
       "the redrive policy's maxReceiveCount (no effect on a queue without one); reverts after `duration` if given",
       ActionBehaviour{.effect = ActionEffect::Setting,
                       .current = [](const Component& c) -> std::optional<double> {
                         const auto& p = queue(c).spec().redrive_policy;
                         return p ? p->max_receive_count : 0;
                       },
                       .set = [](const Component& c,
                                 std::optional<double> v) { queue(c).set_max_receive_count(count(v.value_or(0))); },
                       .edit_spec =
                           [](ScenarioSpec& s, const std::string& t, double v) {
                             auto& p = queue_spec(s, t).redrive_policy;
                             if (p) p->max_receive_count = count(v);
                           }},
       "{targets}: maxReceiveCount {value:g}",
       {"max_receive_count", "maxReceiveCount", true}},
  }};
  return kTable;
}

// 10000 as "10,000"; fractions as written.
std::string number_words(double v) {
  if (v != std::floor(v) || std::abs(v) < 1000) return fmt::format("{:g}", v);
  const std::string digits = fmt::format("{:.0f}", v);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

std::string_view target_key(TargetKind k) {
  switch (k) {
    case TargetKind::Functions:
      return "Functions";
    case TargetKind::Queues:
      return "Queues";
    case TargetKind::Producers:
      return "Producers";
    case TargetKind::EventSourceMappings:
      return "EventSourceMappings";
    case TargetKind::None:
      break;
  }
  return "";
}

std::span<const ActionDefinition> action_table() {
  return definitions();
}

const ActionDefinition* find_action(std::string_view id) {
  const auto& t = definitions();
  const auto it = std::find_if(t.begin(), t.end(), [&](const ActionDefinition& d) { return d.id == id; });
  return it == t.end() ? nullptr : &*it;
}

const ActionDefinition& action_definition(GameDayAction::Kind kind) {
  const auto& t = definitions();
  const auto it = std::find_if(t.begin(), t.end(), [&](const ActionDefinition& d) { return d.kind == kind; });
  if (it == t.end()) throw std::logic_error("GameDay action kind without a definition");
  return *it;
}

const ActionParameter* find_parameter(const ActionDefinition& d, std::string_view key) {
  const auto it =
      std::find_if(d.parameters.begin(), d.parameters.end(), [&](const ActionParameter& p) { return p.key == key; });
  return it == d.parameters.end() ? nullptr : &*it;
}

std::string describe(const GameDayAction& a) {
  std::string targets;
  for (const std::string& t : a.targets) targets += (targets.empty() ? "" : ", ") + t;
  return fmt::format(fmt::runtime(action_definition(a.kind).effect), fmt::arg("targets", targets),
                     fmt::arg("value", a.value), fmt::arg("percentage", a.invocation_percentage),
                     fmt::arg("delay_ms", a.startup_delay.us / 1000), fmt::arg("status", a.status_code),
                     fmt::arg("without_handler", a.prevent_execution ? " without running the handler" : ""));
}

std::string actions_markdown() {
  std::string out =
      "| actionId | targets | parameters (unit, range, default) | effect in the model |\n|---|---|---|---|\n";
  for (const ActionDefinition& d : definitions()) {
    std::string params;
    if (d.duration_required) params = "`duration` (required)";
    for (const ActionParameter& p : d.parameters) {
      if (p.field == ActionField::Accepted) continue;
      std::string about;
      if (p.numeric()) {
        about = std::string(p.unit.empty() ? "" : std::string(p.unit) + ", ") + number_words(p.range.lo) + "–" +
                number_words(p.range.hi) + ", default " + number_words(p.fallback);
      } else if (p.field == ActionField::PreventExecution) {
        about = "default false";
      } else if (p.field == ActionField::ContentType) {
        about = "default application/json";
      } else {
        about = std::string(p.what);
      }
      params += fmt::format("{}`{}` ({})", params.empty() ? "" : ", ", p.key, about);
    }
    const std::string target =
        d.target == TargetKind::None ? "—"
        : d.kind == Kind::SqsDenyAll
            ? "queues by tag"
            : fmt::format("`{}`{}", target_key(d.target),
                          d.target == TargetKind::EventSourceMappings ? " (`\"queue->function\"`)" : "");
    out += fmt::format("| `{}` | {} | {} | {} |\n", d.id, target, params.empty() ? "—" : params, d.summary);
  }
  return out;
}

}  // namespace model
