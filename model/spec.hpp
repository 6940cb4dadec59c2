// Plain data describing a pipeline, in AWS's own words. The scenario loader fills these in and checks the AWS ranges;
// the model builds components from them. Times are sim::Time (integer microseconds).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/alarm_spec.hpp"
#include "model/gameday_spec.hpp"
#include "sim/distribution.hpp"
#include "sim/time.hpp"

namespace model {

struct RedrivePolicy {
  std::string dead_letter_target;       // name of the DLQ in the scenario
  std::uint32_t max_receive_count = 0;  // SQS: 1-1,000
};

// Messages already in a queue when the run starts (a transient from a backlog): `count` visible messages, each sent
// age_s ago and already received receive_count times (their redrive clock counts those). Bodies as a producer's.
struct InitialBacklog {
  std::uint64_t count = 0;
  sim::DistributionSpec age_s = sim::DistributionSpec::fixed(0);
  std::uint32_t receive_count = 0;
};

// How long an SQS API call takes, from the caller's request to its effect (docs/model.md, "Service latencies"). A spec
// built in code takes none; a scenario file's queues get model/service_latency_defaults' published figures.
struct SqsApiLatencySpec {
  sim::DistributionSpec send_message_ms = sim::DistributionSpec::fixed(0);     // SendMessage: request -> stored
  sim::DistributionSpec receive_message_ms = sim::DistributionSpec::fixed(0);  // ReceiveMessage: received -> returned
  sim::DistributionSpec delete_message_ms = sim::DistributionSpec::fixed(0);   // DeleteMessageBatch: request -> deleted
};

struct QueueSpec {
  std::string name;
  sim::Time visibility_timeout = sim::seconds(30);        // SQS default 30 s, range 0 s-12 h
  sim::Time message_retention_period = sim::hours(96);    // SQS default 4 days, range 60 s-14 days
  sim::Time delay_seconds = sim::seconds(0);              // SQS: 0-900 s
  sim::Time receive_message_wait_time = sim::seconds(0);  // SQS long polling: 0-20 s (the ESM always long-polls 20 s)
  std::uint32_t maximum_message_size = 1'048'576;         // SQS: up to 1 MiB since Aug 2025
  std::optional<RedrivePolicy> redrive_policy;
  // SQS: ~120,000 in-flight messages per queue (standard and, since 2024, FIFO); over it short polls get OverLimit.
  std::uint32_t in_flight_limit = 120'000;
  // Standard queues deliver at least once: the chance that a receive also leaves a duplicate copy to be received
  // again while the first is in flight. AWS gives no figure; default 0 so runs are exact unless asked.
  double duplicate_delivery_probability = 0.0;
  // FIFO queues (name ends in .fifo): message groups, strict order per group, 5-minute deduplication.
  bool fifo = false;
  bool content_based_deduplication = false;
  sim::Time deduplication_interval = sim::minutes(5);
  // SQS FIFO without high throughput: 300 API calls/s per action (3,000 msgs/s when batching 10 per call).
  double fifo_send_limit_per_second = 300.0;
  std::map<std::string, std::string> tags;  // resource tags (FIS experiments select queues by tag)
  InitialBacklog initial_backlog;
  SqsApiLatencySpec api_latency;
};

struct ColdStartSpec {
  // Unset: drawn from the runtime/architecture table of aws-semantics.md section 7 (see model/cold_start_defaults).
  std::optional<sim::DistributionSpec> init_duration_ms;
  sim::DistributionSpec image_adder_ms = sim::DistributionSpec::uniform(100, 250);  // container images: +100-250 ms
  sim::DistributionSpec vpc_adder_ms = sim::DistributionSpec::uniform(50, 250);     // Hyperplane ENIs (assumption)
  // Cold-duration mode (as SimFaaS and most papers model it): a cold request's whole duration, init and handler
  // together, is one draw from this; the adders and the warm duration are not drawn. Unset: init + warm duration.
  std::optional<sim::DistributionSpec> cold_duration_ms;
};

// How long an idle environment is kept before Lambda reclaims it. AWS documents none of this; the default is the
// one measurement in aws-semantics.md (45-60 min). A model, with its parameters in the scenario:
//  - each time an environment goes idle its idle lifetime is drawn from keep_alive_s (FunctionSpec), or
//  - with steps, from the distribution of the last step whose threshold the environment has reached, by its age
//    since creation (AgeSeconds) or by the invocations it has served (Invocations);
//  - max_lifetime: an environment is never kept idle past this age (platforms recycle old environments).
struct KeepAliveModel {
  enum class By { AgeSeconds, Invocations };
  struct Step {
    double from = 0;  // seconds of age, or invocations served
    sim::DistributionSpec keep_alive_s;
  };
  By by = By::AgeSeconds;
  std::vector<Step> steps;  // sorted by `from`; empty: FunctionSpec::keep_alive_s for every idle period
  std::optional<sim::Time> max_lifetime;
};

// The virtual time an invocation takes: a per-invocation part plus a part per record, in milliseconds as measured at
// 1 vCPU (1,769 MB). cpu_bound_fraction of it slows down in proportion below 1,769 MB (Lambda: CPU share is
// proportional to memory); single-threaded handlers do not speed up above it.
struct DurationModel {
  sim::DistributionSpec per_invocation_ms = sim::DistributionSpec::fixed(0.0);
  sim::DistributionSpec per_record_ms = sim::DistributionSpec::fixed(0.0);
  double cpu_bound_fraction = 0.0;
  // Whether the per-invocation durations are drawn ahead (sim::DrawAhead): only when they are all the duration
  // stream feeds in the run. A per-record part draws from that stream between them, in an order set by the records.
  [[nodiscard]] bool drawn_ahead() const { return sim::may_draw(per_invocation_ms) && !sim::may_draw(per_record_ms); }
};

// A DynamoDB-like table the function's handler uses through handlers/dependencies.hpp's KeyValueTable.
struct TableSpec {
  std::string name;                                                             // for reports
  sim::DistributionSpec latency_ms = sim::DistributionSpec::lognormal(5, 0.3);  // per request
  std::optional<double> write_capacity_per_s;  // provisioned WCU; unset: on-demand (no throttling modelled)
  std::optional<double> read_capacity_per_s;   // provisioned RCU (strongly consistent reads: 1 per 4 KB)
  double error_probability = 0.0;              // a 500 (InternalServerError) per request
};

// A downstream service the handler calls (handlers/dependencies.hpp's Downstream).
struct DownstreamSpec {
  std::string name = "downstream";
  sim::DistributionSpec latency_ms = sim::DistributionSpec::lognormal(50, 0.5);
  double error_probability = 0.0;
  sim::Time timeout = sim::seconds(3);       // the client's timeout: a slower answer is a Timeout
  std::optional<double> max_requests_per_s;  // capacity: beyond it, 429 (Throttled)
};

// Execution environments that already exist when the run starts, for transients ("3 running and 5 idle: what is
// P(cold start) in the next 300 s?"). Not AWS configuration: a starting state.
struct InitialEnvironments {
  std::uint32_t idle = 0;                                                     // warm and idle at time 0
  sim::DistributionSpec idle_for_s = sim::DistributionSpec::fixed(0);         // how long each has been idle already
  sim::DistributionSpec age_s = sim::DistributionSpec::fixed(0);              // since creation (at least idle_for_s)
  std::uint32_t busy = 0;                                                     // running an invocation at time 0
  sim::DistributionSpec busy_remaining_ms = sim::DistributionSpec::fixed(0);  // until each of those ends
};

struct FunctionSpec {
  enum class IdleEnvironmentChoice { MostRecentlyUsed, NewestCreated };
  std::string name;
  std::string runtime = "provided.al2023";
  std::string architecture = "x86_64";
  std::string package_type = "Zip";           // Zip or Image (container images add to the cold start)
  bool vpc = false;                           // attached to a VPC (adds to the cold start)
  std::uint32_t provisioned_concurrency = 0;  // pre-initialised environments: no cold start up to this
  // Lambda: 1,000 new execution environments per 10 s per function, refilled continuously, not banked.
  std::uint32_t scaling_burst = 1000;
  sim::Time scaling_refill_period = sim::seconds(10);
  IdleEnvironmentChoice idle_choice = IdleEnvironmentChoice::MostRecentlyUsed;
  std::uint32_t memory_size_mb = 128;                 // Lambda: 128-10,240 MB
  sim::Time timeout = sim::seconds(3);                // Lambda: 1-900 s, default 3 s
  std::optional<std::uint32_t> reserved_concurrency;  // unset = draws on the account's unreserved pool
  std::string handler = "always-succeed";             // a name in the handler registry
  nlohmann::json handler_config;                      // handed to the handler's factory
  ColdStartSpec cold_start;
  // Idle execution environment lifetime is not documented by AWS; one measurement says usually 45-60 min.
  sim::DistributionSpec keep_alive_s = sim::DistributionSpec::uniform(2700.0, 3600.0);
  KeepAliveModel keep_alive_model;
  InitialEnvironments initial;
  DurationModel duration;
  // Max Memory Used in REPORT lines (capped at memory_size_mb): the two measurements in the reference data are 54 MB
  // (aws-lambda-2020 traces) and 89 MB (s3-ingestion-pipeline) at 128 MB.
  sim::DistributionSpec max_memory_used_mb = sim::DistributionSpec::uniform(54, 89);
  // Downstream stages: for each record processed successfully, one message to each of these queues or SNS topics.
  std::vector<std::string> publishes_to;
  // Who publishes to publishes_to: Lambda's stage model, one message per record processed (the default), or the
  // handler itself through its EventPublisher dependency.
  bool handler_publishes = false;
  std::optional<TableSpec> table;
  std::optional<DownstreamSpec> downstream;
};

// An SNS topic that fans out to SQS queues (raw message delivery).
struct TopicSpec {
  std::string name;
  std::vector<std::string> subscriptions;  // queue names
};

// How many batches an event source mapping works on at once, and how that number moves (aws-semantics.md section 1).
struct EsmScalingSpec {
  enum class Mode {
    Auto,        // Lambda's default: 5 concurrent batches, +300/min while messages remain, ceiling 1,250
    Legacy,      // before ~2023: +60/min, for replaying old incidents
    Fixed,       // a constant number of concurrent batches (for experiments and teaching)
    Provisioned  // provisioned mode: pollers between minimum and maximum, 10 concurrent invokes each
  };
  Mode mode = Mode::Auto;
  std::uint32_t initial = 5;                         // Lambda: starts with 5 concurrent batches
  std::uint32_t scale_up_per_minute = 300;           // Lambda: up to 300 more per minute (legacy: 60)
  std::uint32_t ceiling = 1250;                      // Lambda: 1,250 per ESM (an older page says 1,000)
  std::uint32_t idle_floor = 2;                      // Lambda: back to 5 when traffic is low, and may drop to 2
  std::optional<std::uint32_t> maximum_concurrency;  // ScalingConfig.MaximumConcurrency: 2-1,000
  std::uint32_t fixed = 5;                           // Mode::Fixed
  std::uint32_t minimum_pollers = 2;                 // provisioned mode: MinimumPollers 2-200
  std::uint32_t maximum_pollers = 200;               // provisioned mode: MaximumPollers 2-2,000
};

struct EventSourceMappingSpec {
  std::string queue;
  std::string function;
  std::uint32_t batch_size = 10;                        // SQS standard: 1-10,000; > 10 needs a window >= 1 s
  sim::Time maximum_batching_window = sim::seconds(0);  // 0-300 s
  bool report_batch_item_failures = false;              // FunctionResponseTypes=["ReportBatchItemFailures"]
  EsmScalingSpec scaling;
  std::vector<std::string> filter_patterns;              // FilterCriteria.Filters[].Pattern (any match passes)
  bool enabled = true;                                   // a disabled mapping does not poll
  sim::Time throttle_backoff_initial = sim::seconds(1);  // not documented by AWS: an assumption, see docs/model.md
  sim::Time throttle_backoff_max = sim::seconds(30);
  std::uint32_t max_payload_bytes = 6 * 1024 * 1024;  // Lambda: 6 MB invocation payload
  // The poller's Invoke request to the handler starting (each Invoke, a throttled retry too). Zero in a spec built in
  // code; a scenario file's mappings get model/service_latency_defaults'.
  sim::DistributionSpec invoke_overhead_ms = sim::DistributionSpec::fixed(0);
};

struct BodySpec {
  enum class Kind { Order, Text };
  Kind kind = Kind::Order;
  std::string text;               // Kind::Text: the body, with {seq} replaced by the message's sequence number
  double invalid_fraction = 0.0;  // share of bodies that are not valid orders, spread evenly (exact count)
  std::optional<std::uint32_t> size_bytes;  // billed/limit size if not the body's length (large payloads)
};

struct ArrivalSpec {
  enum class Kind {
    Constant,  // one message every 1/rate s
    Poisson,   // exponential gaps with mean 1/rate s
    Trace,     // replay per-request times (offsets from the producer's start)
    Counts     // replay per-period counts (e.g. per-minute): each period's messages at uniform random times in it
  };
  Kind kind = Kind::Constant;
  double rate_per_second = 1.0;
  std::vector<sim::Time> trace;       // Kind::Trace: sorted offsets
  std::vector<std::uint64_t> counts;  // Kind::Counts
  // Kind::Trace read from a per-request log: each request's own measured duration (ms) and cold flag (1 cold,
  // 0 warm), parallel to `trace`. A direct invoker replays the duration as that request's handler duration and
  // compares the flag with the simulated one.
  std::vector<double> trace_duration_ms;
  std::vector<std::int8_t> trace_cold;
  sim::Time count_period = sim::seconds(60);
  double time_scale = 1.0;       // trace time is multiplied by this (0.5 replays twice as fast)
  double rate_multiplier = 1.0;  // each traced arrival becomes this many on average (stochastic rounding)
  // Whether the gaps are drawn ahead (sim::DrawAhead): a Poisson process's stream feeds its unit gaps alone.
  [[nodiscard]] bool gaps_drawn_ahead() const { return kind == Kind::Poisson; }
};

// What a producer does when SendMessage is refused (docs/scenario-format.md, "send_failure").
struct SendFailurePolicy {
  enum class Kind {
    None,        // drop the message and count it (refused at send: loss)
    SdkRetries,  // an AWS SDK in standard retry mode: retries throttling errors only, max_attempts in all
    Outbox       // a transactional outbox: a relay re-sends every refused message until `deadline` after the first try
  };
  Kind kind = Kind::None;
  // AWS SDKs, standard retry mode: 3 attempts in all; the sleep before retry i is a random fraction (full jitter) of
  // min(base_backoff * 2^(i-1), max_backoff), base 1 s, capped at 20 s (AWS SDKs and Tools Reference Guide).
  std::uint32_t max_attempts = 3;
  sim::Time base_backoff = sim::seconds(1);
  sim::Time max_backoff = sim::seconds(20);
  sim::Time deadline = sim::hours(1);  // outbox: refused messages older than this are given up (dropped, counted)
};

struct ProducerSpec {
  std::string name;
  std::string queue;
  ArrivalSpec arrival;
  sim::Time start = sim::seconds(0);
  std::optional<std::uint64_t> count;  // stop after this many messages
  std::optional<sim::Time> stop;       // or at this time
  BodySpec body;
  // FIFO: messages spread over this many MessageGroupIds ("<producer>-g<k>", k = splitmix64(n) mod groups).
  std::uint32_t message_groups = 1;
  // A share of sends that repeat the previous message (same body and MessageDeduplicationId), as a retrying client
  // does: FIFO deduplicates them within 5 minutes; a standard queue stores both.
  double duplicate_fraction = 0.0;
  // Per-message DelaySeconds (standard queues only); unset = the queue's DelaySeconds.
  std::optional<sim::DistributionSpec> delay_s;
  SendFailurePolicy send_failure;
};

// A direct invoker of a function, for stages not fed by SQS (aws-semantics.md section 6).
struct InvokerSpec {
  enum class Type {
    Sync,  // RequestResponse (API Gateway-style): a throttle is a 429 to the caller, who may retry
    Async  // Event (SNS, EventBridge, S3): Lambda's internal queue, retries, maximum event age, on-failure destination
  };
  std::string name;
  Type type = Type::Sync;
  std::string function;
  ArrivalSpec arrival;
  sim::Time start = sim::seconds(0);
  std::optional<std::uint64_t> count;
  std::optional<sim::Time> stop;
  std::uint32_t payload_bytes = 1024;
  // These invocations do not run an SQS handler: their outcome is a function error with this probability.
  double error_probability = 0.0;
  // Sync: the caller's retry policy after a 429 (full-jitter exponential backoff).
  std::uint32_t caller_max_retries = 2;
  sim::Time caller_backoff_base = sim::millis(100);
  // Async: Lambda's event invoke configuration.
  std::uint32_t maximum_retry_attempts = 2;     // 0-2, default 2
  sim::Time maximum_event_age = sim::hours(6);  // 60 s - 6 h, default 6 h
  std::string on_failure_destination;           // an SQS queue (on-failure destination or DLQ); empty: dropped
};

// Getting messages out of a DLQ (aws-semantics.md section 5; ../shared/reference/systems/ingestion-lab.md).
struct RedriveSpec {
  enum class Kind {
    MessageMoveTask,  // SQS StartMessageMoveTask: oldest first, at most 500 msgs/s, new MessageId and enqueue time
    RedriveFunction   // a DLQ-consuming function: min-age filter, max messages, delay jitter, backoff with jitter
  };
  Kind kind = Kind::MessageMoveTask;
  std::string source;       // the DLQ
  std::string destination;  // empty: each message's original source queue
  sim::Time start = sim::seconds(0);
  double max_messages_per_second = 500.0;  // MessageMoveTask: MaxNumberOfMessagesPerSecond (<= 500)
  std::uint32_t max_messages = 1000;       // RedriveFunction: at most this many per run (the lab caps at 1,000)
  sim::Time min_age = sim::seconds(0);     // RedriveFunction: skip messages younger than this
  sim::Time per_message_delay_jitter = sim::seconds(0);  // RedriveFunction: DelaySeconds drawn in [0, jitter]
  sim::Time backoff_base = sim::millis(100);             // RedriveFunction: full-jitter exponential backoff base
  std::uint32_t max_attempts = 5;                        // RedriveFunction: send attempts per message
};

struct AccountSpec {
  std::uint32_t concurrency_limit = 1000;  // Lambda: account concurrency, default 1,000
};

struct ScenarioSpec {
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  sim::Time duration = sim::hours(1);  // hard cap on the simulated window
  bool stop_when_drained = true;       // end early once producers are done and source queues are empty
  sim::Time metrics_period = sim::seconds(60);
  AccountSpec account;
  std::vector<QueueSpec> queues;
  std::vector<FunctionSpec> functions;
  std::vector<EventSourceMappingSpec> event_source_mappings;
  std::vector<ProducerSpec> producers;
  std::vector<RedriveSpec> redrives;
  std::vector<InvokerSpec> invokers;
  GameDaySpec gameday;
  std::vector<AlarmSpec> alarms;  // CloudWatch metric alarms on the simulated metrics
  std::vector<TopicSpec> topics;  // SNS topics functions publish to
  // Service-level objectives the run is judged by (sqsim run exits 1 when one fails; sqsim sweep looks for the
  // cheapest configuration meeting them all). Same kinds as GameDay expectations.
  std::vector<GameDayExpectation> slos;
  // The month the cost is projected to (messages a month); unset: the offered rate of the run for 30 days.
  std::optional<double> monthly_messages;
};

}  // namespace model
