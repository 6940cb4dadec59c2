// What an event source hands a function, and what it gets back when the invocation ends.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "handlers/sqs_event.hpp"
#include "sim/engine.hpp"

namespace model {

enum class InvokeStatus : std::uint8_t { Accepted, Throttled };

struct InvocationResult {
  bool function_error = false;  // an exception, a failure response or a timeout (counted in Errors)
  bool timed_out = false;
  bool environment_failed = false;  // the environment broke (lambda::EnvironmentFailure) and is discarded
  bool cold_start = false;
  sim::Time duration;                 // billed-style duration of the handler's run (capped at the timeout)
  sim::Time init_duration;            // Init Duration on a cold start
  lambda::SqsBatchResponse response;  // meaningful only when !function_error
  std::string error_type;

  // For the next invocation in the same slot: the fields as a fresh result's, the text's and the failures' storage
  // kept. Assigning a fresh result instead moved two containers per invocation.
  void reset() {
    function_error = timed_out = environment_failed = cold_start = false;
    duration = init_duration = sim::Time{};
    response.batch_item_failures.clear();
    error_type.clear();
  }
  // Takes `from`'s fields, leaving it reset. Most invocations carry no error text and no batch item failures: their
  // containers are swapped only when they hold something, where a move would copy a short string's bytes every time.
  void take(InvocationResult& from) {
    function_error = from.function_error;
    timed_out = from.timed_out;
    environment_failed = from.environment_failed;
    cold_start = from.cold_start;
    duration = from.duration;
    init_duration = from.init_duration;
    response.batch_item_failures.clear();
    if (!from.response.batch_item_failures.empty())
      response.batch_item_failures.swap(from.response.batch_item_failures);
    error_type.clear();
    if (!from.error_type.empty()) error_type.swap(from.error_type);
    from.reset();
  }
};

// Observes every invocation's end (REPORT lines, traces, the GUI). Called synchronously; keep it cheap.
class FunctionObserver {
 public:
  virtual ~FunctionObserver() = default;
  virtual void on_invocation_end(const std::string& function, const std::string& request_id,
                                 std::uint32_t memory_size_mb, std::uint32_t max_memory_used_mb,
                                 const InvocationResult& result) = 0;
};

// Receives the end of an invocation as an engine callback, with the token the caller passed to invoke().
class InvocationCaller {
 public:
  virtual ~InvocationCaller() = default;
  virtual void on_invocation_complete(std::uint64_t token, const InvocationResult& result) = 0;
};

}  // namespace model
