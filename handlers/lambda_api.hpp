// The Lambda invocation contract, named after awslabs/aws-lambda-cpp (invocation_request / invocation_response),
// with a Context for typed handlers. Inside sqsim "now" is virtual time; in a real bootstrap it is the wall clock.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

namespace lambda {

struct InvocationRequest {
  std::string payload;
  std::string request_id;
  std::string function_arn;
  std::string xray_trace_id;
  std::int64_t deadline_ms_epoch = 0;  // Lambda-Runtime-Deadline-Ms
  std::function<std::int64_t()> now_ms;  // empty: remaining time is reported as the whole deadline

  [[nodiscard]] std::int64_t get_time_remaining_ms() const {
    const std::int64_t now = now_ms ? now_ms() : 0;
    return deadline_ms_epoch > now ? deadline_ms_epoch - now : 0;
  }
};

class InvocationResponse {
 public:
  static InvocationResponse success(std::string payload, std::string content_type = "application/json") {
    return InvocationResponse(true, std::move(payload), std::move(content_type));
  }
  // Lambda reports {"errorMessage": ..., "errorType": ...} for a failed invocation.
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

struct Context {
  SqsClient* sqs = nullptr;  // set for SQS-triggered invocations
  std::string aws_request_id;
  std::string function_name;
  std::int32_t memory_limit_in_mb = 128;
  std::int64_t deadline_ms = 0;
  std::function<std::int64_t()> now_ms;

  [[nodiscard]] std::int64_t remaining_time_ms() const {
    const std::int64_t now = now_ms ? now_ms() : 0;
    return deadline_ms > now ? deadline_ms - now : 0;
  }
};

}  // namespace lambda
