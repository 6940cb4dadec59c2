// A GameDay: fault-injection actions on a timeline and the expectations the run is judged by. Actions use AWS Fault
// Injection Service's action ids and parameters where FIS has the action, and a "sim:" namespace for the rest.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/time.hpp"

namespace model {

struct GameDayAction {
  enum class Kind {
    FisWait,                 // aws:fis:wait
    LambdaAddDelay,          // aws:lambda:invocation-add-delay: startupDelayMilliseconds before the handler runs
    LambdaError,             // aws:lambda:invocation-error: the invocation is marked failed
    LambdaHttpResponse,      // aws:lambda:invocation-http-integration-response: the response is replaced
    SqsDenyAll,              // aws:ssm:start-automation-execution with the SQS impairment document: deny-all policy
    ErrorRate,               // sim:error-rate: invocations fail with a probability (the handler runs)
    BadDeploy,               // sim:bad-deploy: every invocation throws at start (the handler never runs)
    DownstreamSlowdown,      // sim:downstream-slowdown: latency added per record (a slow dependency)
    DownstreamOutage,        // sim:downstream-outage: each invocation waits a connect timeout, then fails
    PoisonBurst,             // sim:poison-burst: a producer sends this many invalid messages at once
    TrafficMultiplier,       // sim:traffic-multiplier: a producer's rate times value
    DuplicateSubmit,         // sim:duplicate-submit: a producer re-sends this share of its messages
    SetReservedConcurrency,  // sim:set-reserved-concurrency
    SetMemory,               // sim:set-memory (MB)
    SetBatchSize,            // sim:set-batch-size (event source mapping)
    SetMaximumConcurrency,   // sim:set-maximum-concurrency (event source mapping ScalingConfig)
    SetBatchingWindow,       // sim:set-batching-window (event source mapping MaximumBatchingWindowInSeconds)
    SetVisibilityTimeout,    // sim:set-visibility-timeout (queue attribute, s)
    SetMaxReceiveCount,      // sim:set-max-receive-count (the queue's redrive policy)
  };
  std::string name;       // the action's key in the experiment
  std::string action_id;  // as written: "aws:lambda:invocation-error", "sim:poison-burst"...
  Kind kind = Kind::FisWait;
  std::vector<std::string> start_after;  // FIS startAfter: starts when all of these have completed
  std::optional<sim::Time> at;           // sim extension "at_s": starts at this simulated time (no startAfter)
  std::optional<sim::Time> duration;     // FIS parameters.duration; unset: instantaneous (or permanent for sim:set-*)
  std::vector<std::string> targets;      // function, queue, producer or "queue->function" names
  double invocation_percentage = 100.0;  // FIS invocationPercentage
  sim::Time startup_delay = sim::millis(1000);    // FIS startupDelayMilliseconds (default 1,000)
  bool prevent_execution = false;                 // FIS preventExecution: the handler does not run
  int status_code = 200;                          // FIS statusCode (http integration response)
  std::string content_type = "application/json";  // FIS contentTypeHeader
  double value = 0.0;  // sim: probability, multiplier, latency (ms), timeout (ms), or the new setting
};

struct GameDayExpectation {
  enum class Kind {
    AlarmFiresWithin,  // the named alarm enters ALARM within `within` after `after` (an action name, or the start)
    AlarmNeverFires,   // the named alarm never enters ALARM
    LatencyPercentileBelow,  // end-to-end latency percentile `percentile` below `threshold` ms
    NoMessageLost,           // nothing expired or dropped (DLQ messages are not lost; filtered ones are, see docs)
    MaxDlqMessages,          // messages in dead-letter queues at the end <= threshold
    MaxAgeOfOldestMessage,   // ApproximateAgeOfOldestMessage of every source queue stays <= threshold s
    MaxThrottles,            // Lambda Throttles over the run <= threshold
  };
  std::string name;  // how it is reported ("the DLQ alarm fires within 5 minutes")
  Kind kind = Kind::NoMessageLost;
  std::string alarm;
  std::string after;  // action name; empty: the GameDay's start
  sim::Time within;
  double percentile = 99.0;
  double threshold = 0.0;
};

struct GameDaySpec {
  sim::Time start = sim::seconds(0);   // when the experiment starts
  std::vector<GameDayAction> actions;  // in the order they were written (a stable order for ties)
  std::vector<GameDayExpectation> expectations;
  [[nodiscard]] bool empty() const { return actions.empty() && expectations.empty(); }
};

}  // namespace model
