// The Lambda invocation contract, named after awslabs/aws-lambda-cpp (invocation_request / invocation_response), with a
// Context for typed handlers. Inside sqsim "now" is virtual time; in a real bootstrap it is the wall clock.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

namespace lambda {

// What the Runtime API's GET /runtime/invocation/next hands a bootstrap: the event and its headers.
struct InvocationRequest {
  std::string payload;                 // the event JSON
  std::string request_id;              // Lambda-Runtime-Aws-Request-Id
  std::string function_arn;            // Lambda-Runtime-Invoked-Function-Arn
  std::string xray_trace_id;           // Lambda-Runtime-Trace-Id
  std::int64_t deadline_ms_epoch = 0;  // Lambda-Runtime-Deadline-Ms; virtual milliseconds inside sqsim
  std::function<std::int64_t()>
      now_ms;  // the clock the deadline is measured on (virtual in sqsim, wall in a bootstrap)

  // Milliseconds left before Lambda stops the invocation, never negative. Without a clock (now_ms empty) "now" is 0, so
  // the deadline reads as a budget: deterministic, and never the machine's wall clock, which would break sqsim's
  // same-seed-same-output rule. A real bootstrap sets now_ms to the wall clock in epoch milliseconds.
  [[nodiscard]] std::int64_t get_time_remaining_ms() const {
    const std::int64_t now = now_ms ? now_ms() : 0;
    return deadline_ms_epoch > now ? deadline_ms_epoch - now : 0;
  }
};

// What a bootstrap posts back: .../response for success, .../error for failure (aws-lambda-cpp invocation_response).
class InvocationResponse {
 public:
  static InvocationResponse success(std::string payload, std::string content_type = "application/json") {
    return InvocationResponse(true, std::move(payload), std::move(content_type));
  }
  // The Runtime API's error document {"errorMessage":...,"errorType":...,"stackTrace":[]}, as aws-lambda-cpp builds it,
  // content type application/json. Defined in sqs_event.cpp, beside the other JSON serialisation.
  static InvocationResponse failure(const std::string& error_message, const std::string& error_type);

  [[nodiscard]] bool is_success() const { return success_; }
  [[nodiscard]] const std::string& payload() const { return payload_; }
  [[nodiscard]] const std::string& content_type() const { return content_type_; }

 private:
  InvocationResponse(bool ok, std::string payload, std::string content_type)
      : success_(ok), payload_(std::move(payload)), content_type_(std::move(content_type)) {}
  bool success_;
  std::string payload_;
  std::string content_type_;
};

// The SQS calls a handler may make about the records it was given. In production an AWS SDK client implements it;
// inside sqsim the event source mapping does, on the simulated queue, at the handler's virtual time.
class SqsClient {
 public:
  virtual ~SqsClient() = default;
  // SQS ChangeMessageVisibility: restarts the record's visibility clock (0 returns it to the queue at once).
  // Returns false when the receipt handle is no longer current.
  virtual bool change_message_visibility(const std::string& receipt_handle, std::int32_t visibility_timeout_s) = 0;
};

// What a typed handler sees of its invocation (the Lambda context object).
struct Context {
  SqsClient* sqs = nullptr;  // set for SQS-triggered invocations; not owned
  std::string aws_request_id;
  std::string function_name;
  std::int32_t memory_limit_in_mb = 128;  // Lambda's default memory size
  std::int64_t deadline_ms = 0;           // epoch (virtual in sqsim) milliseconds
  std::function<std::int64_t()> now_ms;   // empty: "now" is 0, as in InvocationRequest

  // Lambda context getRemainingTimeInMillis(); never negative. Same no-clock rule as InvocationRequest.
  [[nodiscard]] std::int64_t remaining_time_ms() const {
    const std::int64_t now = now_ms ? now_ms() : 0;
    return deadline_ms > now ? deadline_ms - now : 0;
  }
};

}  // namespace lambda
