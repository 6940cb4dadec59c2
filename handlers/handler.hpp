// The interface a handler implements. The simulator builds one object per execution environment (in its init phase)
// and calls it for every invocation that environment runs; a real bootstrap builds one per process. Same code in both,
// so whatever a handler keeps in members lives exactly as long as a Lambda execution environment: across warm
// invocations, lost on a cold start.
#pragma once

#include <stdexcept>
#include <string>

#include "handlers/lambda_api.hpp"
#include "handlers/sqs_event.hpp"

namespace lambda {

class SqsHandler {
 public:
  virtual ~SqsHandler() = default;
  // Called once per invocation with the batch. The response lists the records to retry (ReportBatchItemFailures; see
  // interpret_batch_response). Throwing any exception is a function error: Lambda fails the whole batch.
  virtual SqsBatchResponse handle(const SqsEvent& event, const Context& context) = 0;
};

// Thrown by a handler whose execution environment itself is broken (its runtime process exited, never initialised,
// stopped answering): Lambda fails the invocation with error_type (Runtime.ExitError, Runtime.InitError,
// Sandbox.Timedout...) and discards the environment, so the next invocation there is a cold start. timed_out: Lambda
// reports it as a timeout ("Task timed out"), billed to the function's timeout.
class EnvironmentFailure : public std::runtime_error {
 public:
  EnvironmentFailure(std::string error_type, const std::string& message, bool timed_out = false)
      : std::runtime_error(error_type + ": " + message), error_type_(std::move(error_type)), timed_out_(timed_out) {}
  [[nodiscard]] const std::string& error_type() const { return error_type_; }
  [[nodiscard]] bool timed_out() const { return timed_out_; }

 private:
  std::string error_type_;
  bool timed_out_;
};

}  // namespace lambda
