#include "loader/scenario_loader.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "handlers/handler_registry.hpp"
#include "loader/gameday_loader.hpp"
#include "loader/json_reader.hpp"
#include "loader/topology.hpp"
#include "loader/trace_files.hpp"
#include "model/aws_ranges.hpp"
#include "model/event_filter.hpp"
#include "model/service_latency_defaults.hpp"
#include "model/spec_validation.hpp"

namespace scenarios {

namespace {

using nlohmann::json;

constexpr double kMaxDurationS = 366.0 * 24 * 3600;  // a simulated year at most

const json& array_at(JsonReader& r, const json& root, const std::string& key, const std::string& path) {
  static const json kEmpty = json::array();  // immutable empty array; not shared state
  if (!root.contains(key)) return kEmpty;
  const json& v = root.at(key);
  if (!v.is_array()) {
    r.error(JsonReader::child(path, key), "got " + JsonReader::show(v) + ", expected an array");
    return kEmpty;
  }
  return v;
}

// Fields with an AWS range (model/aws_ranges.hpp): read with the range and its rule in the message.
using model::AwsRange;
namespace ranges = model::ranges;
sim::Time seconds(JsonReader& r, const json& j, const std::string& p, const char* key, sim::Time fallback,
                  const AwsRange& range) {
  return r.seconds(j, p, key, fallback, range.lo, range.hi, std::string(range.rule));
}
std::uint32_t integer(JsonReader& r, const json& j, const std::string& p, const char* key, std::uint32_t fallback,
                      const AwsRange& range) {
  return static_cast<std::uint32_t>(r.integer(j, p, key, fallback, static_cast<std::int64_t>(range.lo),
                                              static_cast<std::int64_t>(range.hi), std::string(range.rule)));
}
std::optional<std::uint32_t> optional_integer(JsonReader& r, const json& j, const std::string& p, const char* key,
                                              const AwsRange& range) {
  const auto v = r.optional_integer(j, p, key, static_cast<std::int64_t>(range.lo), static_cast<std::int64_t>(range.hi),
                                    std::string(range.rule));
  return v ? std::optional<std::uint32_t>(static_cast<std::uint32_t>(*v)) : std::nullopt;
}

// model::validate's findings on the whole scenario, as diagnostics. A path the reader has already reported (a value out
// of range, replaced by its default) is not reported twice.
void validate_specs(JsonReader& r, const model::ScenarioSpec& s) {
  model::Diagnostics d;
  model::validate(s, d);
  for (const model::Finding& f : d.findings()) {
    const bool reported = std::any_of(r.diagnostics().begin(), r.diagnostics().end(), [&](const Diagnostic& x) {
      return x.severity == Diagnostic::Severity::Error && x.path == f.path;
    });
    if (reported) continue;
    f.error ? r.error(f.path, f.message) : r.warning(f.path, f.message);
  }
}

model::QueueSpec read_queue(JsonReader& r, const json& j, const std::string& p) {
  model::QueueSpec q;
  if (!r.expect_object(j, p,
                       {"name", "type", "visibility_timeout_s", "message_retention_period_s", "delay_seconds",
                        "receive_message_wait_time_s", "maximum_message_size", "redrive_policy", "description",
                        "in_flight_limit", "duplicate_delivery_probability", "content_based_deduplication",
                        "fifo_send_limit_per_s", "tags", "initial_backlog", "api_latency"}))
    return q;
  q.name = r.name(j, p, "name", NameKind::SqsQueue);
  if (j.contains("tags")) {
    const json& t = j.at("tags");
    const std::string tp = JsonReader::child(p, "tags");
    if (!t.is_object()) r.error(tp, "got " + JsonReader::show(t) + ", expected an object of tag keys to string values");
    for (auto it = t.begin(); t.is_object() && it != t.end(); ++it) {
      if (it->is_string())
        q.tags[it.key()] = it->get<std::string>();
      else
        r.error(JsonReader::child(tp, it.key()), "got " + JsonReader::show(*it) + ", expected a string tag value");
    }
  }
  // Ranges from model/aws_ranges.hpp; the rules across fields are model::validate's (run on the whole scenario).
  q.fifo = r.one_of(j, p, "type", "standard", {"standard", "fifo"}) == "fifo";
  q.content_based_deduplication = r.boolean(j, p, "content_based_deduplication", false);
  q.fifo_send_limit_per_second = r.number(j, p, "fifo_send_limit_per_s", q.fifo_send_limit_per_second, 1, 1e6,
                                          "SendMessage calls per second (AWS FIFO default 300; high throughput more)");
  q.in_flight_limit = static_cast<std::uint32_t>(r.integer(j, p, "in_flight_limit", q.in_flight_limit, 1, 10'000'000,
                                                           "SQS in-flight messages (AWS: about 120,000)"));
  q.duplicate_delivery_probability = r.number(j, p, "duplicate_delivery_probability", 0.0, 0.0, 1.0,
                                              "chance a standard queue delivers a message twice");
  q.visibility_timeout = seconds(r, j, p, "visibility_timeout_s", q.visibility_timeout, ranges::kVisibilityTimeoutS);
  q.message_retention_period =
      seconds(r, j, p, "message_retention_period_s", q.message_retention_period, ranges::kMessageRetentionPeriodS);
  q.delay_seconds = seconds(r, j, p, "delay_seconds", q.delay_seconds, ranges::kDelaySeconds);
  q.receive_message_wait_time =
      seconds(r, j, p, "receive_message_wait_time_s", q.receive_message_wait_time, ranges::kReceiveMessageWaitTimeS);
  q.maximum_message_size =
      integer(r, j, p, "maximum_message_size", q.maximum_message_size, ranges::kMaximumMessageSize);
  if (j.contains("redrive_policy")) {
    const std::string rp = JsonReader::child(p, "redrive_policy");
    const json& pol = j.at("redrive_policy");
    if (r.expect_object(pol, rp, {"dead_letter_target", "max_receive_count"})) {
      model::RedrivePolicy policy;
      policy.dead_letter_target = r.string(pol, rp, "dead_letter_target", "", true);
      if (!pol.contains("max_receive_count"))
        r.error(JsonReader::child(rp, "max_receive_count"), "missing, expected an integer from 1 to 1000");
      policy.max_receive_count = integer(r, pol, rp, "max_receive_count", 1, ranges::kMaxReceiveCount);
      if (policy.max_receive_count < 5 && pol.contains("max_receive_count")) {
        r.warning(JsonReader::child(rp, "max_receive_count"),
                  "is " + std::to_string(policy.max_receive_count) +
                      "; AWS recommends at least 5 so throttling or a brief outage does not send valid messages to "
                      "the DLQ (Lambda developer guide, services-sqs-configure)");
      }
      q.redrive_policy = policy;
    }
  }
  if (j.contains("initial_backlog")) {
    // The starting state for transients: messages already waiting at time 0.
    const std::string bp = JsonReader::child(p, "initial_backlog");
    const json& b = j.at("initial_backlog");
    if (r.expect_object(b, bp, {"count", "age_s", "receive_count"})) {
      q.initial_backlog.count =
          static_cast<std::uint64_t>(r.integer(b, bp, "count", 0, 0, 100'000'000, "messages in the queue at time 0"));
      q.initial_backlog.age_s =
          r.distribution(b, bp, "age_s", q.initial_backlog.age_s, 0, 1'209'600, "s (at most the 14-day retention)");
      q.initial_backlog.receive_count = static_cast<std::uint32_t>(r.integer(
          b, bp, "receive_count", 0, 0, 1000, "receives each message already had (maxReceiveCount: 1-1,000)"));
    }
  }
  // How long SendMessage, ReceiveMessage's return and DeleteMessageBatch take: published figures unless given.
  q.api_latency = model::default_sqs_api_latency(q.fifo);
  if (j.contains("api_latency")) {
    const std::string lp = JsonReader::child(p, "api_latency");
    const json& l = j.at("api_latency");
    if (r.expect_object(l, lp, {"send_message_ms", "receive_message_ms", "delete_message_ms", "description"})) {
      model::SqsApiLatencySpec& a = q.api_latency;
      a.send_message_ms = r.distribution(l, lp, "send_message_ms", a.send_message_ms, 0, 60000, "ms");
      a.receive_message_ms = r.distribution(l, lp, "receive_message_ms", a.receive_message_ms, 0, 60000, "ms");
      a.delete_message_ms = r.distribution(l, lp, "delete_message_ms", a.delete_message_ms, 0, 60000, "ms");
    }
  }
  return q;
}

// A DynamoDB-like table the handler uses.
std::optional<model::TableSpec> read_table(JsonReader& r, const json& t, const std::string& tp) {
  if (!r.expect_object(
          t, tp,
          {"name", "latency_ms", "write_capacity_per_s", "read_capacity_per_s", "error_probability", "description"}))
    return std::nullopt;
  model::TableSpec ts;
  ts.name = r.name(t, tp, "name", NameKind::DynamoDbTable, "table", false);
  ts.latency_ms = r.distribution(t, tp, "latency_ms", ts.latency_ms, 0, 60000, "ms");
  if (t.contains("write_capacity_per_s"))
    ts.write_capacity_per_s =
        r.number(t, tp, "write_capacity_per_s", 1, 1, 4e7, "provisioned write capacity units (omit: on-demand)");
  if (t.contains("read_capacity_per_s"))
    ts.read_capacity_per_s =
        r.number(t, tp, "read_capacity_per_s", 1, 1, 4e7, "provisioned read capacity units (omit: on-demand)");
  ts.error_probability = r.number(t, tp, "error_probability", 0, 0, 1, "a probability");
  return ts;
}

// A downstream service the handler calls.
std::optional<model::DownstreamSpec> read_downstream(JsonReader& r, const json& d, const std::string& dp) {
  if (!r.expect_object(d, dp,
                       {"name", "latency_ms", "error_probability", "timeout_ms", "max_requests_per_s", "description"}))
    return std::nullopt;
  model::DownstreamSpec ds;
  ds.name = r.name(d, dp, "name", NameKind::Component, ds.name, false);
  ds.latency_ms = r.distribution(d, dp, "latency_ms", ds.latency_ms, 0, 900000, "ms");
  ds.error_probability = r.number(d, dp, "error_probability", 0, 0, 1, "a probability");
  ds.timeout = sim::Time{static_cast<std::int64_t>(
      std::llround(r.number(d, dp, "timeout_ms", 3000, 1, 900000, "the client's timeout in ms") * 1000))};
  if (d.contains("max_requests_per_s"))
    ds.max_requests_per_s = r.number(d, dp, "max_requests_per_s", 1, 0.001, 1e9, "requests per second");
  return ds;
}

// The handler is a built-in one, and builds with the function's handler_config.
void check_handler(JsonReader& r, const json& j, const std::string& p, const model::FunctionSpec& f,
                   const handlers::HandlerRegistry& handlers) {
  if (!handlers.contains(f.handler)) {
    std::string list;
    for (const std::string& n : handlers.names()) list += (list.empty() ? "" : ", ") + n;
    r.error(JsonReader::child(p, "handler"), "got \"" + f.handler + "\", expected a built-in handler: " + list);
    return;
  }
  // Build the handler once now, with stand-in dependencies for those the function has, so a bad handler_config or a
  // missing table/downstream is reported here, with its path, not mid-run.
  {
    struct : lambda::KeyValueTable {
      PutResult put_if_absent(const std::string&, const std::string&, std::int64_t) override { return {}; }
      GetResult get(const std::string&) override { return {}; }
    } table;
    struct : lambda::Downstream {
      Response call(const std::string&) override { return {}; }
    } downstream;
    struct : lambda::EventPublisher {
      lambda::CallStatus publish(const std::string&) override { return lambda::CallStatus::Ok; }
    } publisher;
    struct : lambda::Clock {
      [[nodiscard]] std::int64_t now_ms() const override { return 0; }
      void sleep_ms(std::int64_t) override {}
    } clock;
    struct : lambda::Logger {
      void log(const std::string&, const std::string&) override {}
    } logger;
    lambda::Dependencies deps{&clock, f.table ? &table : nullptr, f.downstream ? &downstream : nullptr,
                              f.handler_publishes ? &publisher : nullptr, &logger};
    try {
      (void)handlers.create(f.handler, f.handler_config, deps);
    } catch (const std::exception& e) {
      r.error(JsonReader::child(p, j.contains("handler_config") ? "handler_config" : "handler"), e.what());
    }
  }
}

// "keep_alive": {"by": "age_s" | "invocations", "steps": [{"from": 0, "keep_alive_s": ...}, ...],
// "max_lifetime_s": ...}: the idle-lifetime model of model::KeepAliveModel.
void read_keep_alive_model(JsonReader& r, const json& k, const std::string& kp, model::FunctionSpec& f) {
  if (!r.expect_object(k, kp, {"by", "steps", "max_lifetime_s"})) return;
  f.keep_alive_model.by = r.one_of(k, kp, "by", "age_s", {"age_s", "invocations"}) == "invocations"
                              ? model::KeepAliveModel::By::Invocations
                              : model::KeepAliveModel::By::AgeSeconds;
  if (k.contains("max_lifetime_s"))
    f.keep_alive_model.max_lifetime =
        r.seconds(k, kp, "max_lifetime_s", sim::hours(2), 1, 30 * 86400.0, "seconds an environment may live");
  if (!k.contains("steps")) return;
  const std::string sp = JsonReader::child(kp, "steps");
  const json& steps = k.at("steps");
  if (!steps.is_array() || steps.empty()) {
    r.error(sp, "got " + JsonReader::show(steps) + ", expected a non-empty array of {\"from\", \"keep_alive_s\"}");
    return;
  }
  double previous = -1;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string ip = JsonReader::index(sp, i);
    if (!r.expect_object(steps[i], ip, {"from", "keep_alive_s"})) continue;
    model::KeepAliveModel::Step s;
    s.from = r.number(steps[i], ip, "from", 0, 0, 1e9, "age in seconds or invocations served, increasing");
    if (s.from <= previous)
      r.error(JsonReader::child(ip, "from"),
              "got " + JsonReader::show(steps[i].value("from", json())) + ", expected more than the previous step's");
    previous = s.from;
    if (!steps[i].contains("keep_alive_s")) r.error(JsonReader::child(ip, "keep_alive_s"), "missing, expected seconds");
    s.keep_alive_s = r.distribution(steps[i], ip, "keep_alive_s", f.keep_alive_s, 0, 86400, "s");
    f.keep_alive_model.steps.push_back(std::move(s));
  }
}

model::FunctionSpec read_function(JsonReader& r, const json& j, const std::string& p,
                                  const handlers::HandlerRegistry& handlers) {
  model::FunctionSpec f;
  if (!r.expect_object(j, p,
                       {"name",
                        "runtime",
                        "architecture",
                        "memory_size_mb",
                        "timeout_s",
                        "reserved_concurrency",
                        "handler",
                        "handler_config",
                        "cold_start",
                        "keep_alive_s",
                        "duration",
                        "description",
                        "package_type",
                        "vpc",
                        "provisioned_concurrency",
                        "idle_environment_choice",
                        "publishes_to",
                        "published_by",
                        "table",
                        "downstream",
                        "keep_alive",
                        "scaling_rate",
                        "initial"}))
    return f;
  f.handler_publishes = r.one_of(j, p, "published_by", "lambda", {"lambda", "handler"}) == "handler";
  if (f.handler_publishes &&
      (!j.contains("publishes_to") || !j.at("publishes_to").is_array() || j.at("publishes_to").empty()))
    r.error(JsonReader::child(p, "published_by"),
            "\"handler\" needs publishes_to: the queues or topics the handler's EventPublisher sends to");
  if (j.contains("table")) f.table = read_table(r, j.at("table"), JsonReader::child(p, "table"));
  if (j.contains("downstream"))
    f.downstream = read_downstream(r, j.at("downstream"), JsonReader::child(p, "downstream"));
  if (j.contains("publishes_to")) {
    const json& t = j.at("publishes_to");
    const std::string tp = JsonReader::child(p, "publishes_to");
    if (!t.is_array()) r.error(tp, "got " + JsonReader::show(t) + ", expected an array of queue or topic names");
    for (std::size_t i = 0; t.is_array() && i < t.size(); ++i) {
      if (t[i].is_string())
        f.publishes_to.push_back(t[i].get<std::string>());
      else
        r.error(JsonReader::index(tp, i), "got " + JsonReader::show(t[i]) + ", expected a queue or topic name");
    }
  }
  f.package_type = r.one_of(j, p, "package_type", "Zip", {"Zip", "Image"});
  f.vpc = r.boolean(j, p, "vpc", false);
  f.provisioned_concurrency = integer(r, j, p, "provisioned_concurrency", 0, ranges::kProvisionedConcurrency);
  f.idle_choice = r.one_of(j, p, "idle_environment_choice", "most_recently_used",
                           {"most_recently_used", "newest_created"}) == "newest_created"
                      ? model::FunctionSpec::IdleEnvironmentChoice::NewestCreated
                      : model::FunctionSpec::IdleEnvironmentChoice::MostRecentlyUsed;
  f.name = r.name(j, p, "name", NameKind::LambdaFunction);
  f.runtime = r.string(j, p, "runtime", f.runtime);
  f.architecture = r.one_of(j, p, "architecture", f.architecture, {"x86_64", "arm64"});
  f.memory_size_mb = integer(r, j, p, "memory_size_mb", f.memory_size_mb, ranges::kMemorySizeMb);
  f.timeout = seconds(r, j, p, "timeout_s", f.timeout, ranges::kTimeoutS);
  if (const auto rc = optional_integer(r, j, p, "reserved_concurrency", ranges::kReservedConcurrency))
    f.reserved_concurrency = *rc;
  f.handler = r.string(j, p, "handler", f.handler);
  if (j.contains("handler_config")) f.handler_config = j.at("handler_config");
  // An external runtime's command and working folder are relative to the scenario file's folder, as trace files are.
  if (f.handler == "external" && f.handler_config.is_object() &&
      f.handler_config.value("working_directory", json(".")).is_string()) {
    std::filesystem::path dir = f.handler_config.value("working_directory", std::string("."));
    if (dir.is_relative() && r.file() != "<stdin>") dir = std::filesystem::path(r.file()).parent_path() / dir;
    f.handler_config["working_directory"] = std::filesystem::absolute(dir).lexically_normal().string();
  }
  check_handler(r, j, p, f, handlers);
  if (j.contains("cold_start")) {
    const std::string cp = JsonReader::child(p, "cold_start");
    const json& c = j.at("cold_start");
    if (r.expect_object(c, cp, {"init_duration_ms", "image_adder_ms", "vpc_adder_ms", "cold_duration_ms"})) {
      if (c.contains("cold_duration_ms"))
        f.cold_start.cold_duration_ms =
            r.distribution(c, cp, "cold_duration_ms", sim::DistributionSpec::fixed(0), 0, 900000, "ms");
      if (c.contains("init_duration_ms"))
        f.cold_start.init_duration_ms =
            r.distribution(c, cp, "init_duration_ms", sim::DistributionSpec::fixed(0), 0, 600000, "ms");
      f.cold_start.image_adder_ms =
          r.distribution(c, cp, "image_adder_ms", f.cold_start.image_adder_ms, 0, 60000, "ms");
      f.cold_start.vpc_adder_ms = r.distribution(c, cp, "vpc_adder_ms", f.cold_start.vpc_adder_ms, 0, 60000, "ms");
    }
  }
  f.keep_alive_s = r.distribution(j, p, "keep_alive_s", f.keep_alive_s, 0, 86400, "s");
  if (j.contains("keep_alive")) read_keep_alive_model(r, j.at("keep_alive"), JsonReader::child(p, "keep_alive"), f);
  if (j.contains("initial")) {
    // The starting state for transients: environments already idle (part-way through their keep-alive) or busy.
    const std::string ip = JsonReader::child(p, "initial");
    const json& in = j.at("initial");
    if (r.expect_object(in, ip, {"idle", "idle_for_s", "age_s", "busy", "busy_remaining_ms"})) {
      f.initial.idle =
          static_cast<std::uint32_t>(r.integer(in, ip, "idle", 0, 0, 100'000, "idle environments at time 0"));
      f.initial.idle_for_s = r.distribution(in, ip, "idle_for_s", f.initial.idle_for_s, 0, 86400, "s");
      f.initial.age_s = r.distribution(in, ip, "age_s", f.initial.age_s, 0, 30 * 86400.0, "s");
      f.initial.busy =
          static_cast<std::uint32_t>(r.integer(in, ip, "busy", 0, 0, 100'000, "busy environments at time 0"));
      f.initial.busy_remaining_ms =
          r.distribution(in, ip, "busy_remaining_ms", f.initial.busy_remaining_ms, 0, 9e5, "ms");
      const std::uint64_t limit = f.reserved_concurrency.value_or(1'000'000);
      if (f.initial.busy > limit)
        r.error(JsonReader::child(ip, "busy"), "got " + std::to_string(f.initial.busy) +
                                                   ", expected at most the reserved concurrency (" +
                                                   std::to_string(limit) + ")");
    }
  }
  if (j.contains("scaling_rate")) {
    // Lambda: 1,000 new execution environments per 10 s per function (settable for what-ifs and other limits).
    const std::string sp = JsonReader::child(p, "scaling_rate");
    const json& sr = j.at("scaling_rate");
    if (r.expect_object(sr, sp, {"environments", "per_s"})) {
      f.scaling_burst = static_cast<std::uint32_t>(
          r.integer(sr, sp, "environments", f.scaling_burst, 1, 1'000'000, "new environments per period"));
      f.scaling_refill_period =
          r.seconds(sr, sp, "per_s", f.scaling_refill_period, 0.001, 3600, "seconds per period (Lambda: 10)");
    }
  }
  if (j.contains("duration")) {
    const std::string dp = JsonReader::child(p, "duration");
    const json& d = j.at("duration");
    if (r.expect_object(d, dp, {"per_invocation_ms", "per_record_ms", "cpu_bound_fraction"})) {
      f.duration.per_invocation_ms =
          r.distribution(d, dp, "per_invocation_ms", f.duration.per_invocation_ms, 0, 9e5, "ms");
      f.duration.per_record_ms = r.distribution(d, dp, "per_record_ms", f.duration.per_record_ms, 0, 9e5, "ms");
      f.duration.cpu_bound_fraction =
          r.number(d, dp, "cpu_bound_fraction", 0.0, 0.0, 1.0, "share of the duration that scales with CPU");
    }
  }
  return f;
}

model::EventSourceMappingSpec read_esm(JsonReader& r, const json& j, const std::string& p,
                                       const std::vector<model::QueueSpec>& queues) {
  model::EventSourceMappingSpec m;
  if (!r.expect_object(
          j, p,
          {"queue", "function", "batch_size", "maximum_batching_window_s", "function_response_types", "scaling",
           "maximum_concurrency", "filter_criteria", "enabled", "description", "invoke_overhead_ms"}))
    return m;
  m.queue = r.string(j, p, "queue", "", true);
  // The Invoke request's overhead: the published figure for the source queue's type unless given.
  const auto source = std::find_if(queues.begin(), queues.end(), [&](const auto& q) { return q.name == m.queue; });
  m.invoke_overhead_ms =
      r.distribution(j, p, "invoke_overhead_ms",
                     model::default_invoke_overhead_ms(source != queues.end() && source->fifo), 0, 60000, "ms");
  m.function = r.string(j, p, "function", "", true);
  m.batch_size = integer(r, j, p, "batch_size", m.batch_size, ranges::kBatchSize);
  m.maximum_batching_window =
      seconds(r, j, p, "maximum_batching_window_s", m.maximum_batching_window, ranges::kMaximumBatchingWindowS);
  if (j.contains("function_response_types")) {
    const std::string fp = JsonReader::child(p, "function_response_types");
    const json& v = j.at("function_response_types");
    if (!v.is_array()) {
      r.error(fp, "got " + JsonReader::show(v) + ", expected an array such as [\"ReportBatchItemFailures\"]");
    } else {
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == "ReportBatchItemFailures") {
          m.report_batch_item_failures = true;
        } else {
          r.error(JsonReader::index(fp, i), "got " + JsonReader::show(v[i]) + ", expected \"ReportBatchItemFailures\"");
        }
      }
    }
  }
  m.scaling.maximum_concurrency = optional_integer(r, j, p, "maximum_concurrency", ranges::kMaximumConcurrency);
  if (j.contains("scaling")) {
    const std::string sp = JsonReader::child(p, "scaling");
    const json& sc = j.at("scaling");
    if (r.expect_object(sc, sp,
                        {"mode", "fixed_concurrency", "ceiling", "scale_up_per_minute", "initial", "idle_floor",
                         "minimum_pollers", "maximum_pollers"})) {
      const std::string mode = r.one_of(sc, sp, "mode", "auto", {"auto", "legacy", "fixed", "provisioned"});
      using Mode = model::EsmScalingSpec::Mode;
      m.scaling.mode = mode == "legacy"        ? Mode::Legacy
                       : mode == "fixed"       ? Mode::Fixed
                       : mode == "provisioned" ? Mode::Provisioned
                                               : Mode::Auto;
      m.scaling.fixed = static_cast<std::uint32_t>(
          r.integer(sc, sp, "fixed_concurrency", 5, 1, 20000, "concurrent batches in fixed mode"));
      m.scaling.ceiling = static_cast<std::uint32_t>(
          r.integer(sc, sp, "ceiling", 1250, 1, 20000, "ESM concurrency ceiling (AWS: 1,250; an older page 1,000)"));
      m.scaling.scale_up_per_minute = static_cast<std::uint32_t>(
          r.integer(sc, sp, "scale_up_per_minute", 300, 1, 100000, "batches added per minute (AWS: 300)"));
      m.scaling.initial =
          static_cast<std::uint32_t>(r.integer(sc, sp, "initial", 5, 1, 20000, "starting batches (AWS: 5)"));
      m.scaling.idle_floor = static_cast<std::uint32_t>(
          r.integer(sc, sp, "idle_floor", 2, 1, 20000, "batches when idle for long (AWS: may drop to 2)"));
      m.scaling.minimum_pollers = integer(r, sc, sp, "minimum_pollers", 2, ranges::kMinimumPollers);
      m.scaling.maximum_pollers = integer(r, sc, sp, "maximum_pollers", 200, ranges::kMaximumPollers);
    }
  }
  if (j.contains("filter_criteria")) {
    const std::string fp = JsonReader::child(p, "filter_criteria");
    const json& f = j.at("filter_criteria");
    if (!f.is_array() || f.size() > 10) {
      r.error(fp, "expected an array of at most 10 pattern strings (Lambda: 5 filters, 10 with a quota increase)");
    } else {
      for (std::size_t i = 0; i < f.size(); ++i) {
        if (f[i].is_string()) {
          m.filter_patterns.push_back(f[i].get<std::string>());
        } else if (f[i].is_object()) {
          m.filter_patterns.push_back(f[i].dump());  // a pattern written as JSON rather than as a string
        } else {
          r.error(JsonReader::index(fp, i), "got " + JsonReader::show(f[i]) + ", expected a filter pattern");
          continue;
        }
        // Compile it now, so a bad pattern is reported at its JSON path rather than when the run starts.
        try {
          (void)model::EventFilter::parse(m.filter_patterns.back(), i);
        } catch (const model::FilterPatternError& e) {
          r.error(JsonReader::index(fp, i), e.what());
        }
      }
      if (!m.filter_patterns.empty())
        r.warning(fp,
                  "records that match no filter are deleted from the queue without being processed (Lambda "
                  "event filtering): FilteredOutEventCount and accounting.filtered show them");
    }
  }
  m.enabled = r.boolean(j, p, "enabled", true);
  return m;
}

// "arrival": constant or Poisson at a rate, or a replayed trace: per-request times or per-period counts, given inline
// or read from a file (trace_file.hpp formats), with time_scale and rate_multiplier.
// A trace arrival read from a file, its path relative to the scenario file's folder.
void read_arrival_file(JsonReader& r, const json& a, const std::string& ap, const std::string& type,
                       model::ArrivalSpec& s) {
  const std::string fp = JsonReader::child(ap, "file");
  const std::string file = r.string(a, ap, "file", "", true);
  if (file.empty()) return;
  std::filesystem::path path(file);
  if (path.is_relative() && r.file() != "<stdin>") path = std::filesystem::path(r.file()).parent_path() / path;
  try {
    if (type == "trace") {
      const std::string format = r.one_of(a, ap, "format", "csv", {"csv", "aws-lambda-csv"});
      const std::string column =
          r.string(a, ap, "column", format == "aws-lambda-csv" ? "client_start_time" : "", false);
      if (column.empty()) r.error(JsonReader::child(ap, "column"), "missing, expected the CSV column of timestamps");
      const std::string unit = r.one_of(a, ap, "unit", "s", {"s", "ms"});
      // Per-request replay: each request's own measured duration and cold flag (the AWS Lambda 2020 logs'
      // aws_duration and is_cold).
      const std::string duration_column = r.string(a, ap, "duration_column", "", false);
      const std::string cold_column = r.string(a, ap, "cold_column", "", false);
      if (column.empty()) return;
      RequestLog log = read_request_log_csv(path.string(), column,
                                            unit == "ms" ? TimestampUnit::Milliseconds : TimestampUnit::Seconds,
                                            duration_column, cold_column);
      s.trace = std::move(log.offsets);
      s.trace_duration_ms = std::move(log.duration_ms);
      s.trace_cold = std::move(log.cold);
      return;
    }
    const std::string format =
        r.one_of(a, ap, "format", "azure-functions-csv", {"azure-functions-csv", "cloudwatch-get-metric-data"});
    if (format == "azure-functions-csv") {
      AzureRowChoice choice;
      choice.function_hash = r.string(a, ap, "function_hash", "", false);
      if (a.contains("row") || choice.function_hash.empty())
        choice.row = static_cast<std::size_t>(r.integer(a, ap, "row", 0, 0, 100'000'000, "data row, from 0"));
      s.counts = read_azure_counts_csv(path.string(), choice);
      s.count_period = sim::seconds(60);  // the Azure trace counts invocations per minute
      return;
    }
    std::optional<sim::Time> period;
    if (a.contains("period_s"))
      period = r.seconds(a, ap, "period_s", sim::seconds(60), 1, 86400, "seconds per datapoint");
    const CountSeries cs = read_cloudwatch_metric_data(path.string(), r.string(a, ap, "id", "", false), period);
    s.counts = cs.counts;
    s.count_period = cs.period;
  } catch (const TraceFileError& e) {
    r.error(fp, e.what());
  }
}

model::ArrivalSpec read_arrival(JsonReader& r, const json& j, const std::string& p) {
  model::ArrivalSpec s;
  const std::string ap = JsonReader::child(p, "arrival");
  if (!j.contains("arrival")) {
    r.error(ap, "missing, expected {\"type\": \"constant\" or \"poisson\", \"rate_per_s\": ...} or a trace");
    return s;
  }
  const json& a = j.at("arrival");
  if (!r.expect_object(
          a, ap,
          {"type", "rate_per_s", "times_s", "counts", "period_s", "time_scale", "rate_multiplier", "file", "format",
           "row", "function_hash", "column", "unit", "id", "description", "duration_column", "cold_column"}))
    return s;
  const std::string type = r.one_of(a, ap, "type", "constant", {"constant", "poisson", "trace", "counts"});
  s.time_scale = r.number(a, ap, "time_scale", 1.0, 1e-6, 1e6, "multiplier on trace time (0.5 = twice as fast)");
  s.rate_multiplier = r.number(a, ap, "rate_multiplier", 1.0, 0.0, 1e4, "arrivals per traced arrival, on average");
  if (type == "constant" || type == "poisson") {
    s.kind = type == "poisson" ? model::ArrivalSpec::Kind::Poisson : model::ArrivalSpec::Kind::Constant;
    if (!a.contains("rate_per_s")) r.error(JsonReader::child(ap, "rate_per_s"), "missing, expected a rate per second");
    s.rate_per_second = r.number(a, ap, "rate_per_s", 1.0, ranges::kArrivalRatePerS.lo, ranges::kArrivalRatePerS.hi,
                                 std::string(ranges::kArrivalRatePerS.rule)) *
                        s.rate_multiplier;
    return s;
  }
  s.kind = type == "trace" ? model::ArrivalSpec::Kind::Trace : model::ArrivalSpec::Kind::Counts;
  const char* inline_key = type == "trace" ? "times_s" : "counts";
  if (a.contains(inline_key)) {
    const json& v = a.at(inline_key);
    const std::string vp = JsonReader::child(ap, inline_key);
    if (!v.is_array()) {
      r.error(vp, "got " + JsonReader::show(v) + ", expected an array of numbers");
      return s;
    }
    double previous = 0.0;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_number() || v[i].get<double>() < 0) {
        r.error(JsonReader::index(vp, i), "got " + JsonReader::show(v[i]) + ", expected a number >= 0");
        continue;
      }
      const double x = v[i].get<double>();
      if (type == "trace") {
        if (x < previous)
          r.error(JsonReader::index(vp, i), "got " + JsonReader::show(v[i]) + ", expected times in order");
        previous = x;
        s.trace.push_back(sim::Time{std::llround(x * 1e6)});
      } else {
        // Saturates past 2^64 (spec validation's rate bound refuses it): converting it would be undefined behaviour.
        s.counts.push_back(x < 18446744073709551616.0 ? static_cast<std::uint64_t>(std::round(x))
                                                      : std::numeric_limits<std::uint64_t>::max());
      }
    }
    s.count_period = r.seconds(a, ap, "period_s", sim::seconds(60), 1, 86400, "seconds per count");
  } else if (a.contains("file")) {
    read_arrival_file(r, a, ap, type, s);
    if ((!s.trace_duration_ms.empty() || !s.trace_cold.empty()) && s.rate_multiplier != 1.0)
      r.error(JsonReader::child(ap, "rate_multiplier"),
              "got " + JsonReader::show(a.at("rate_multiplier")) +
                  ", expected 1 when the trace replays per-request durations or cold flags (one arrival per row)");
  } else {
    r.error(ap, std::string("expected \"") + inline_key + "\" or \"file\" for a " + type + " arrival");
  }
  return s;
}

// "send_failure": what the producer does when SendMessage is refused (model::SendFailurePolicy).
model::SendFailurePolicy read_send_failure(JsonReader& r, const json& j, const std::string& p) {
  model::SendFailurePolicy s;
  if (!j.contains("send_failure")) return s;
  const json& f = j.at("send_failure");
  const std::string fp = JsonReader::child(p, "send_failure");
  if (!r.expect_object(f, fp, {"policy", "max_attempts", "base_backoff_s", "max_backoff_s", "deadline_s"})) return s;
  const std::string policy = r.one_of(f, fp, "policy", "none", {"none", "sdk_retries", "outbox"});
  s.kind = policy == "outbox"        ? model::SendFailurePolicy::Kind::Outbox
           : policy == "sdk_retries" ? model::SendFailurePolicy::Kind::SdkRetries
                                     : model::SendFailurePolicy::Kind::None;
  s.max_attempts = static_cast<std::uint32_t>(
      r.integer(f, fp, "max_attempts", s.max_attempts, 1, 100, "attempts in all (AWS SDK standard mode: 3)"));
  s.base_backoff =
      r.seconds(f, fp, "base_backoff_s", s.base_backoff, 0.001, 3600, "s before the first retry (at most)");
  s.max_backoff = r.seconds(f, fp, "max_backoff_s", s.max_backoff, 0.001, 3600, "s: the back-off's cap (SDK: 20)");
  s.deadline = r.seconds(f, fp, "deadline_s", s.deadline, 1, kMaxDurationS,
                         "s after the first attempt when the outbox gives a message up");
  return s;
}

model::ProducerSpec read_producer(JsonReader& r, const json& j, const std::string& p) {
  model::ProducerSpec s;
  if (!r.expect_object(j, p,
                       {"name", "queue", "arrival", "start_s", "count", "stop_s", "body", "description",
                        "message_groups", "duplicate_fraction", "delay_s", "send_failure"}))
    return s;
  s.send_failure = read_send_failure(r, j, p);
  s.message_groups = static_cast<std::uint32_t>(
      r.integer(j, p, "message_groups", 1, 1, 100'000'000, "FIFO MessageGroupIds the producer spreads messages over"));
  s.duplicate_fraction = r.number(j, p, "duplicate_fraction", 0.0, ranges::kDuplicateFraction.lo,
                                  ranges::kDuplicateFraction.hi, std::string(ranges::kDuplicateFraction.rule));
  if (j.contains("delay_s"))
    s.delay_s =
        r.distribution(j, p, "delay_s", sim::DistributionSpec::fixed(0), 0, 900, "s (SQS DelaySeconds: 0 to 900)");
  s.name = r.name(j, p, "name", NameKind::Component);
  s.queue = r.string(j, p, "queue", "", true);
  s.arrival = read_arrival(r, j, p);
  s.start = r.seconds(j, p, "start_s", s.start, 0, kMaxDurationS, "seconds from the start of the run");
  if (const auto c = r.optional_integer(j, p, "count", 0, 1'000'000'000'000, "messages to send"))
    s.count = std::uint64_t(*c);
  if (j.contains("stop_s")) s.stop = r.seconds(j, p, "stop_s", sim::Time{}, 0, kMaxDurationS, "seconds from the start");
  if (j.contains("body")) {
    const std::string bp = JsonReader::child(p, "body");
    const json& b = j.at("body");
    if (r.expect_object(b, bp, {"type", "text", "invalid_fraction", "size_bytes"})) {
      const std::string type = r.one_of(b, bp, "type", "order", {"order", "text"});
      s.body.kind = type == "text" ? model::BodySpec::Kind::Text : model::BodySpec::Kind::Order;
      s.body.text = r.string(b, bp, "text", "", s.body.kind == model::BodySpec::Kind::Text);
      s.body.invalid_fraction = r.number(b, bp, "invalid_fraction", 0.0, 0.0, 1.0, "share of invalid bodies");
      if (const auto sz = r.optional_integer(b, bp, "size_bytes", 1, 16 * 1024 * 1024, "message size in bytes"))
        s.body.size_bytes = static_cast<std::uint32_t>(*sz);
    }
  }
  return s;
}

// A CloudWatch metric alarm (PutMetricAlarm's fields in snake_case) on a queue's or a function's metric.
model::AlarmSpec read_alarm(JsonReader& r, const json& j, const std::string& p, const model::ScenarioSpec& s) {
  model::AlarmSpec a;
  if (!r.expect_object(j, p,
                       {"name", "namespace", "metric_name", "dimensions", "statistic", "extended_statistic", "period_s",
                        "evaluation_periods", "datapoints_to_alarm", "threshold", "comparison_operator",
                        "treat_missing_data", "description"}))
    return a;
  a.name = r.name(j, p, "name", NameKind::CloudWatchAlarm);
  a.name_space = r.one_of(j, p, "namespace", "AWS/SQS", {"AWS/SQS", "AWS/Lambda"});
  static const std::vector<std::string> kSqs = {"NumberOfMessagesSent",
                                                "NumberOfMessagesReceived",
                                                "NumberOfMessagesDeleted",
                                                "NumberOfEmptyReceives",
                                                "ApproximateNumberOfMessagesVisible",
                                                "ApproximateNumberOfMessagesNotVisible",
                                                "ApproximateNumberOfMessagesDelayed",
                                                "ApproximateAgeOfOldestMessage",
                                                "SentMessageSize"};
  static const std::vector<std::string> kLambda = {"Invocations", "Errors", "Throttles", "Duration",
                                                   "ConcurrentExecutions"};
  const bool sqs = a.name_space == "AWS/SQS";
  a.metric_name =
      r.one_of(j, p, "metric_name", sqs ? "ApproximateNumberOfMessagesVisible" : "Errors", sqs ? kSqs : kLambda);
  const std::string dp = JsonReader::child(p, "dimensions");
  const std::string dim = sqs ? "QueueName" : "FunctionName";
  if (!j.contains("dimensions") || !j.at("dimensions").is_object() || !j.at("dimensions").contains(dim) ||
      !j.at("dimensions").at(dim).is_string()) {
    r.error(dp, "expected {\"" + dim + "\": \"<name>\"} naming the " + (sqs ? "queue" : "function"));
  } else {
    a.resource = j.at("dimensions").at(dim).get<std::string>();
    const bool exists =
        sqs ? std::any_of(s.queues.begin(), s.queues.end(), [&](const auto& q) { return q.name == a.resource; })
            : std::any_of(s.functions.begin(), s.functions.end(), [&](const auto& f) { return f.name == a.resource; });
    if (!exists)
      r.error(JsonReader::child(dp, dim), "got \"" + a.resource + "\", expected the name of a " +
                                              (sqs ? "queue in $.queues" : "function in $.functions"));
  }
  const std::string stat =
      r.one_of(j, p, "statistic", "Maximum", {"Sum", "Average", "Maximum", "Minimum", "SampleCount"});
  a.statistic = stat == "Sum"           ? model::AlarmSpec::Statistic::Sum
                : stat == "Average"     ? model::AlarmSpec::Statistic::Average
                : stat == "Minimum"     ? model::AlarmSpec::Statistic::Minimum
                : stat == "SampleCount" ? model::AlarmSpec::Statistic::SampleCount
                                        : model::AlarmSpec::Statistic::Maximum;
  if (j.contains("extended_statistic")) {
    a.extended_statistic = r.one_of(j, p, "extended_statistic", "p99", {"p99"});
    if (a.metric_name != "Duration")
      r.error(JsonReader::child(p, "extended_statistic"), "p99 is recorded for AWS/Lambda Duration only");
  }
  a.period =
      r.seconds(j, p, "period_s", s.metrics_period, 10, 86400, "seconds (CloudWatch: 10, 30 or a multiple of 60)");
  if (s.metrics_period.us > 0 && a.period.us % s.metrics_period.us != 0)
    r.error(JsonReader::child(p, "period_s"), "got " + std::to_string(a.period.us / 1'000'000) +
                                                  ", expected a multiple of the scenario's metrics_period_s (" +
                                                  std::to_string(s.metrics_period.us / 1'000'000) + ")");
  a.evaluation_periods = static_cast<std::uint32_t>(
      r.integer(j, p, "evaluation_periods", 1, 1, 1440, "EvaluationPeriods (CloudWatch: at most 1 day of periods)"));
  a.datapoints_to_alarm = static_cast<std::uint32_t>(
      r.integer(j, p, "datapoints_to_alarm", a.evaluation_periods, 1, 1440, "DatapointsToAlarm"));
  if (a.datapoints_to_alarm > a.evaluation_periods)
    r.error(JsonReader::child(p, "datapoints_to_alarm"), "got " + std::to_string(a.datapoints_to_alarm) +
                                                             ", expected at most evaluation_periods (" +
                                                             std::to_string(a.evaluation_periods) + ")");
  if (!j.contains("threshold")) r.error(JsonReader::child(p, "threshold"), "missing, expected a number");
  a.threshold = r.number(j, p, "threshold", 0, -1e15, 1e15, "a threshold");
  const std::string cmp = r.one_of(
      j, p, "comparison_operator", "GreaterThanThreshold",
      {"GreaterThanThreshold", "GreaterThanOrEqualToThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"});
  a.comparison = cmp == "GreaterThanOrEqualToThreshold" ? model::AlarmSpec::Comparison::GreaterThanOrEqual
                 : cmp == "LessThanThreshold"           ? model::AlarmSpec::Comparison::LessThan
                 : cmp == "LessThanOrEqualToThreshold"  ? model::AlarmSpec::Comparison::LessThanOrEqual
                                                        : model::AlarmSpec::Comparison::GreaterThan;
  const std::string missing =
      r.one_of(j, p, "treat_missing_data", "missing", {"missing", "ignore", "breaching", "notBreaching"});
  a.treat_missing_data = missing == "ignore"         ? model::AlarmSpec::MissingData::Ignore
                         : missing == "breaching"    ? model::AlarmSpec::MissingData::Breaching
                         : missing == "notBreaching" ? model::AlarmSpec::MissingData::NotBreaching
                                                     : model::AlarmSpec::MissingData::Missing;
  return a;
}

// Cross-references and AWS advice that need more than one object.
// SNS topics: {"name", "subscriptions": [queue names]}.
model::TopicSpec read_topic(JsonReader& r, const json& j, const std::string& p) {
  model::TopicSpec t;
  if (!r.expect_object(j, p, {"name", "subscriptions", "description"})) return t;
  t.name = r.name(j, p, "name", NameKind::SnsTopic);
  const std::string sp = JsonReader::child(p, "subscriptions");
  if (!j.contains("subscriptions") || !j.at("subscriptions").is_array() || j.at("subscriptions").empty()) {
    r.error(sp, "expected a non-empty array of queue names (the topic's SQS subscriptions)");
    return t;
  }
  for (std::size_t i = 0; i < j.at("subscriptions").size(); ++i) {
    const json& q = j.at("subscriptions")[i];
    if (q.is_string())
      t.subscriptions.push_back(q.get<std::string>());
    else
      r.error(JsonReader::index(sp, i), "got " + JsonReader::show(q) + ", expected a queue name");
  }
  return t;
}

void check_publishing(JsonReader& r, const model::ScenarioSpec& s) {
  std::set<std::string> queues, topics;
  for (const auto& q : s.queues) queues.insert(q.name);
  for (std::size_t i = 0; i < s.topics.size(); ++i) {
    const auto& t = s.topics[i];
    if (queues.contains(t.name) || !topics.insert(t.name).second)
      r.error(JsonReader::index("$.topics", i) + ".name",
              "duplicate name \"" + t.name + "\" (queues and topics share names)");
    for (std::size_t k = 0; k < t.subscriptions.size(); ++k)
      if (!queues.contains(t.subscriptions[k]))
        r.error(JsonReader::index(JsonReader::index("$.topics", i) + ".subscriptions", k),
                "got \"" + t.subscriptions[k] + "\", expected the name of a queue in $.queues");
  }
  for (std::size_t i = 0; i < s.functions.size(); ++i)
    for (std::size_t k = 0; k < s.functions[i].publishes_to.size(); ++k) {
      const std::string& n = s.functions[i].publishes_to[k];
      if (!queues.contains(n) && !topics.contains(n))
        r.error(JsonReader::index(JsonReader::index("$.functions", i) + ".publishes_to", k),
                "got \"" + n + "\", expected the name of a queue in $.queues or a topic in $.topics");
    }
}

// A duration model whose mean or p99 reaches the timeout silently turns invocations into timeouts (the default
// timeout is 3 s, as in AWS). Per function: the per-invocation part plus the largest batch of any of its mappings
// (1 for direct invokers) times the per-record mean, scaled for CPU; p99 takes the per-invocation part's p99.
void warn_duration_near_timeout(JsonReader& r, const model::ScenarioSpec& s) {
  for (std::size_t i = 0; i < s.functions.size(); ++i) {
    const model::FunctionSpec& f = s.functions[i];
    double batch = 1;
    for (const auto& m : s.event_source_mappings)
      if (m.function == f.name) batch = std::max(batch, static_cast<double>(m.batch_size));
    const double cpu = f.duration.cpu_bound_fraction;
    const double slow = (1.0 - cpu) + cpu * std::max(1.0, 1769.0 / static_cast<double>(f.memory_size_mb));
    const double per_record = batch * f.duration.per_record_ms.mean();
    const double mean_ms = (f.duration.per_invocation_ms.mean() + per_record) * slow;
    const double p99_ms = (f.duration.per_invocation_ms.quantile(0.99) + per_record) * slow;
    const double timeout_ms = f.timeout.millis();
    const std::string p = JsonReader::index("$.functions", i) + ".duration";
    if (mean_ms >= 0.8 * timeout_ms) {
      r.warning(p, fmt::format("the mean duration ({:.0f} ms for a batch of {:.0f}) is {} the function's timeout "
                               "({:.0f} ms{}): most invocations would time out",
                               mean_ms, batch, mean_ms >= timeout_ms ? "above" : "close to", timeout_ms,
                               f.timeout == sim::seconds(3) ? ", Lambda's default" : ""));
    } else if (p99_ms >= timeout_ms) {
      r.warning(p, fmt::format("the duration's p99 ({:.0f} ms for a batch of {:.0f}) reaches the function's timeout "
                               "({:.0f} ms{}): about 1 % or more of invocations would time out",
                               p99_ms, batch, timeout_ms, f.timeout == sim::seconds(3) ? ", Lambda's default" : ""));
    }
  }
}

void check_references(JsonReader& r, model::ScenarioSpec& s) {
  std::set<std::string> queues;
  for (std::size_t i = 0; i < s.queues.size(); ++i) {
    if (!queues.insert(s.queues[i].name).second && !s.queues[i].name.empty())
      r.error(JsonReader::index("$.queues", i) + ".name", "duplicate queue name \"" + s.queues[i].name + "\"");
  }
  auto find_queue = [&](const std::string& n) {
    return std::find_if(s.queues.begin(), s.queues.end(), [&](const auto& x) { return x.name == n; });
  };
  std::set<std::string> dlqs;
  for (std::size_t i = 0; i < s.queues.size(); ++i) {
    const auto& q = s.queues[i];
    if (!q.redrive_policy) continue;
    const std::string p = JsonReader::index("$.queues", i) + ".redrive_policy.dead_letter_target";
    const auto target = find_queue(q.redrive_policy->dead_letter_target);
    if (q.redrive_policy->dead_letter_target == q.name) {
      r.error(p, "got \"" + q.name + "\", expected another queue: a queue cannot be its own dead-letter queue");
    } else if (target == s.queues.end()) {
      r.error(p, "got \"" + q.redrive_policy->dead_letter_target + "\", expected the name of a queue in $.queues");
    } else if (target->fifo != q.fifo) {
      r.error(p, "got \"" + target->name + "\", expected a " + (q.fifo ? "FIFO" : "standard") +
                     " queue: SQS requires a dead-letter queue of the same type as its source");
    } else {
      dlqs.insert(target->name);
    }
  }
  // Rules on values (FIFO mappings, reserved concurrency, AWS's advice) are model::validate's; these are the names.
  std::set<std::string> functions;
  for (std::size_t i = 0; i < s.functions.size(); ++i) {
    if (!functions.insert(s.functions[i].name).second && !s.functions[i].name.empty())
      r.error(JsonReader::index("$.functions", i) + ".name", "duplicate function name \"" + s.functions[i].name + "\"");
  }
  for (std::size_t i = 0; i < s.event_source_mappings.size(); ++i) {
    const auto& m = s.event_source_mappings[i];
    const std::string p = JsonReader::index("$.event_source_mappings", i);
    const auto q = std::find_if(s.queues.begin(), s.queues.end(), [&](const auto& x) { return x.name == m.queue; });
    const auto f =
        std::find_if(s.functions.begin(), s.functions.end(), [&](const auto& x) { return x.name == m.function; });
    if (q == s.queues.end()) r.error(p + ".queue", "got \"" + m.queue + "\", expected the name of a queue in $.queues");
    if (f == s.functions.end())
      r.error(p + ".function", "got \"" + m.function + "\", expected the name of a function in $.functions");
  }
  for (std::size_t i = 0; i < s.producers.size(); ++i) {
    const auto& pr = s.producers[i];
    if (!queues.contains(pr.queue))
      r.error(JsonReader::index("$.producers", i) + ".queue",
              "got \"" + pr.queue + "\", expected the name of a queue in $.queues");
    const bool traced = pr.arrival.kind == model::ArrivalSpec::Kind::Trace ||
                        pr.arrival.kind == model::ArrivalSpec::Kind::Counts;  // a trace ends by itself
    if (!pr.count && !pr.stop && !traced)
      r.warning(JsonReader::index("$.producers", i), "has neither count nor stop_s: it sends until duration_s ends");
  }
}

model::RedriveSpec read_redrive(JsonReader& r, const json& j, const std::string& p) {
  model::RedriveSpec d;
  if (!r.expect_object(j, p,
                       {"type", "source", "destination", "start_s", "max_messages_per_second", "max_messages",
                        "min_age_s", "per_message_delay_jitter_s", "backoff_base_ms", "max_attempts", "description"}))
    return d;
  d.kind = r.one_of(j, p, "type", "message_move_task", {"message_move_task", "redrive_function"}) == "redrive_function"
               ? model::RedriveSpec::Kind::RedriveFunction
               : model::RedriveSpec::Kind::MessageMoveTask;
  d.source = r.string(j, p, "source", "", true);
  d.destination = r.string(j, p, "destination", "");
  d.start = r.seconds(j, p, "start_s", d.start, 0, kMaxDurationS, "seconds from the start of the run");
  d.max_messages_per_second = r.number(j, p, "max_messages_per_second", 500, 1, 500,
                                       "SQS StartMessageMoveTask MaxNumberOfMessagesPerSecond: at most 500");
  d.max_messages = static_cast<std::uint32_t>(
      r.integer(j, p, "max_messages", 1000, 1, 1000, "messages per redrive run (the ingestion lab caps it at 1,000)"));
  d.min_age = r.seconds(j, p, "min_age_s", d.min_age, 0, 1209600, "minimum age of a message to redrive");
  d.per_message_delay_jitter = r.seconds(j, p, "per_message_delay_jitter_s", d.per_message_delay_jitter, 0, 900,
                                         "SQS DelaySeconds range: 0 to 900");
  d.backoff_base = sim::Time{r.integer(j, p, "backoff_base_ms", 100, 1, 60000, "backoff base in ms") * 1000};
  d.max_attempts = static_cast<std::uint32_t>(r.integer(j, p, "max_attempts", 5, 1, 20, "send attempts per message"));
  return d;
}

void check_redrives(JsonReader& r, const model::ScenarioSpec& s) {
  for (std::size_t i = 0; i < s.redrives.size(); ++i) {
    const auto& d = s.redrives[i];
    const std::string p = JsonReader::index("$.redrives", i);
    const auto src = std::find_if(s.queues.begin(), s.queues.end(), [&](const auto& q) { return q.name == d.source; });
    bool is_dlq = false;
    for (const auto& q : s.queues)
      is_dlq = is_dlq || (q.redrive_policy && q.redrive_policy->dead_letter_target == d.source);
    if (src == s.queues.end()) {
      r.error(p + ".source", "got \"" + d.source + "\", expected the name of a queue in $.queues");
    } else if (!is_dlq) {
      r.error(p + ".source", "got \"" + d.source +
                                 "\", expected a dead-letter queue (a redrive_policy target): "
                                 "StartMessageMoveTask only accepts DLQs of SQS queues");
    }
    if (!d.destination.empty()) {
      const auto dst =
          std::find_if(s.queues.begin(), s.queues.end(), [&](const auto& q) { return q.name == d.destination; });
      if (dst == s.queues.end()) {
        r.error(p + ".destination", "got \"" + d.destination + "\", expected the name of a queue in $.queues");
      } else if (src != s.queues.end() && dst->fifo != src->fifo) {
        r.error(p + ".destination", "expected a queue of the same type as the DLQ (SQS: FIFO redrives only to FIFO)");
      }
    }
  }
}

model::InvokerSpec read_invoker(JsonReader& r, const json& j, const std::string& p) {
  model::InvokerSpec v;
  if (!r.expect_object(j, p,
                       {"name", "type", "function", "arrival", "start_s", "count", "stop_s", "payload_bytes",
                        "error_probability", "caller_max_retries", "caller_backoff_base_ms", "maximum_retry_attempts",
                        "maximum_event_age_s", "on_failure_destination", "description"}))
    return v;
  v.name = r.name(j, p, "name", NameKind::Component);
  v.type = r.one_of(j, p, "type", "sync", {"sync", "async"}) == "async" ? model::InvokerSpec::Type::Async
                                                                        : model::InvokerSpec::Type::Sync;
  v.function = r.string(j, p, "function", "", true);
  v.arrival = read_arrival(r, j, p);
  v.start = r.seconds(j, p, "start_s", v.start, 0, kMaxDurationS, "seconds from the start of the run");
  if (const auto c = r.optional_integer(j, p, "count", 0, 1'000'000'000'000, "requests to send"))
    v.count = std::uint64_t(*c);
  if (j.contains("stop_s")) v.stop = r.seconds(j, p, "stop_s", sim::Time{}, 0, kMaxDurationS, "seconds from the start");
  v.payload_bytes = static_cast<std::uint32_t>(
      r.integer(j, p, "payload_bytes", 1024, 0, 6 * 1024 * 1024, "Lambda payload: at most 6 MB synchronous"));
  v.error_probability = r.number(j, p, "error_probability", 0.0, 0.0, 1.0, "chance an invocation fails");
  v.caller_max_retries =
      static_cast<std::uint32_t>(r.integer(j, p, "caller_max_retries", 2, 0, 100, "retries after a 429"));
  v.caller_backoff_base = sim::Time{r.integer(j, p, "caller_backoff_base_ms", 100, 1, 60000, "ms") * 1000};
  v.maximum_retry_attempts = static_cast<std::uint32_t>(
      r.integer(j, p, "maximum_retry_attempts", 2, 0, 2, "Lambda asynchronous MaximumRetryAttempts: 0 to 2"));
  v.maximum_event_age = r.seconds(j, p, "maximum_event_age_s", v.maximum_event_age, 60, 21600,
                                  "Lambda MaximumEventAgeInSeconds: 60 s to 6 h");
  v.on_failure_destination = r.string(j, p, "on_failure_destination", "");
  return v;
}

}  // namespace

LoadedScenario load_scenario_text(std::string_view text, const std::string& file) {
  JsonReader r(file);
  std::optional<json> parsed = parse_document(text, r);
  if (!parsed) throw ScenarioError(r.diagnostics());
  json root = std::move(*parsed);
  LoadedScenario out;
  model::ScenarioSpec& s = out.spec;
  if (!r.expect_object(root, "$",
                       {"name", "description", "seed", "duration_s", "stop_when_drained", "metrics_period_s", "account",
                        "queues", "functions", "event_source_mappings", "producers", "redrives", "invokers", "gameday",
                        "alarms", "topics", "slos", "monthly_messages"}))
    throw ScenarioError(r.diagnostics());
  const handlers::HandlerRegistry registry = handlers::builtin_handlers();
  s.name = r.name(root, "$", "name", NameKind::Scenario);
  s.description = r.string(root, "$", "description", "");
  s.seed = static_cast<std::uint64_t>(r.integer(root, "$", "seed", 1, 0, INT64_MAX, "scenario seed"));
  s.duration = r.seconds(root, "$", "duration_s", s.duration, 1e-6, kMaxDurationS, "simulated seconds, at most a year");
  s.stop_when_drained = r.boolean(root, "$", "stop_when_drained", s.stop_when_drained);
  s.metrics_period =
      sim::seconds(r.integer(root, "$", "metrics_period_s", 60, 1, 86400, "CloudWatch period in whole seconds"));
  if (root.contains("monthly_messages"))
    s.monthly_messages = r.number(root, "$", "monthly_messages", 0, 1, 1e15,
                                  "messages a month the cost is projected to (default: the run's offered rate)");
  if (root.contains("account")) {
    const json& a = root.at("account");
    if (r.expect_object(a, "$.account", {"concurrency_limit"}))
      s.account.concurrency_limit = static_cast<std::uint32_t>(r.integer(
          a, "$.account", "concurrency_limit", 1000, 1, 1'000'000, "Lambda account concurrency (default 1,000)"));
  }
  const json& queues = array_at(r, root, "queues", "$");
  for (std::size_t i = 0; i < queues.size(); ++i)
    s.queues.push_back(read_queue(r, queues[i], JsonReader::index("$.queues", i)));
  const json& functions = array_at(r, root, "functions", "$");
  for (std::size_t i = 0; i < functions.size(); ++i)
    s.functions.push_back(read_function(r, functions[i], JsonReader::index("$.functions", i), registry));
  const json& esms = array_at(r, root, "event_source_mappings", "$");
  for (std::size_t i = 0; i < esms.size(); ++i)
    s.event_source_mappings.push_back(read_esm(r, esms[i], JsonReader::index("$.event_source_mappings", i), s.queues));
  const json& producers = array_at(r, root, "producers", "$");
  for (std::size_t i = 0; i < producers.size(); ++i)
    s.producers.push_back(read_producer(r, producers[i], JsonReader::index("$.producers", i)));
  const json& invokers = array_at(r, root, "invokers", "$");
  for (std::size_t i = 0; i < invokers.size(); ++i)
    s.invokers.push_back(read_invoker(r, invokers[i], JsonReader::index("$.invokers", i)));
  const json& redrives = array_at(r, root, "redrives", "$");
  for (std::size_t i = 0; i < redrives.size(); ++i)
    s.redrives.push_back(read_redrive(r, redrives[i], JsonReader::index("$.redrives", i)));
  // Cross-field checks (the spec rules, names, reserved concurrency totals, FIFO batch limits, redrives) run even
  // when fields had errors, so one `validate` lists every problem, as docs/scenario-format.md promises.
  validate_specs(r, s);
  check_references(r, s);
  check_redrives(r, s);
  for (std::size_t i = 0; i < s.invokers.size() && !r.has_errors(); ++i) {
    const auto& v = s.invokers[i];
    const std::string p = JsonReader::index("$.invokers", i);
    if (std::none_of(s.functions.begin(), s.functions.end(), [&](const auto& f) { return f.name == v.function; }))
      r.error(p + ".function", "got \"" + v.function + "\", expected the name of a function in $.functions");
    if (!v.on_failure_destination.empty() && std::none_of(s.queues.begin(), s.queues.end(), [&](const auto& q) {
          return q.name == v.on_failure_destination;
        }))
      r.error(p + ".on_failure_destination", "got \"" + v.on_failure_destination + "\", expected a queue in $.queues");
    if (v.type == model::InvokerSpec::Type::Sync && !v.on_failure_destination.empty())
      r.error(p + ".on_failure_destination", "only asynchronous invocations have an on-failure destination");
  }
  const json& topics = array_at(r, root, "topics", "$");
  for (std::size_t i = 0; i < topics.size(); ++i)
    s.topics.push_back(read_topic(r, topics[i], JsonReader::index("$.topics", i)));
  if (!r.has_errors()) check_publishing(r, s);
  const json& alarms = array_at(r, root, "alarms", "$");
  for (std::size_t i = 0; i < alarms.size(); ++i)
    s.alarms.push_back(read_alarm(r, alarms[i], JsonReader::index("$.alarms", i), s));
  if (!r.has_errors() && root.contains("gameday")) s.gameday = read_gameday(r, root.at("gameday"), "$.gameday", s);
  const json& slos = array_at(r, root, "slos", "$");
  for (std::size_t i = 0; i < slos.size() && !r.has_errors(); ++i)
    s.slos.push_back(read_expectation(r, slos[i], JsonReader::index("$.slos", i), s.gameday));
  for (const auto& x : s.slos)
    if (!x.alarm.empty() &&
        std::none_of(s.alarms.begin(), s.alarms.end(), [&](const auto& a) { return a.name == x.alarm; }))
      r.error("$.slos", "an SLO names alarm \"" + x.alarm + "\", expected the name of an alarm in $.alarms");
  warn_duration_near_timeout(r, s);
  if (!r.has_errors()) {
    for (const TopologyFinding& f : check_topology(s))
      f.error ? r.error(f.path, f.message) : r.warning(f.path, f.message);
  }
  if (r.has_errors()) throw ScenarioError(r.diagnostics());
  out.warnings = r.diagnostics();
  return out;
}

LoadedScenario load_scenario_file(const std::string& path) {
  JsonReader r(path);
  const std::optional<std::string> text = read_input_file(path, r);
  if (!text) throw ScenarioError(r.diagnostics());
  return load_scenario_text(*text, path);
}

}  // namespace scenarios
