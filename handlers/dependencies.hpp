// What a handler calls besides its event: a key-value table (DynamoDB-like, with conditional puts and TTL), a
// downstream service, an event publisher (another queue or topic) and a logger. Handed to the handler when it is built
// (the execution environment's init), as a production handler gets its SDK clients. Inside sqsim they are simulated
// (model/dependencies.hpp): every call takes virtual time, which the invocation's duration and Context::now_ms()
// include, and may be throttled, fail or time out; GameDay faults act on them. In a real bootstrap an SDK-backed
// implementation stands in. No sim/ or model/ include here.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace lambda {

// Lambda stopped the invocation: its deadline passed during a dependency call. Nothing after that point runs; the
// invocation ends as "Task timed out" whatever the handler does with this exception.
class DeadlineExceeded : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class CallStatus : std::uint8_t {
  Ok,
  Throttled,  // DynamoDB ProvisionedThroughputExceededException, HTTP 429
  Error,      // a 5xx or a failed request
  Timeout,    // the client gave up waiting (the service may be down)
};

class KeyValueTable {
 public:
  virtual ~KeyValueTable() = default;
  struct PutResult {
    CallStatus status = CallStatus::Ok;
    bool written = false;  // Ok and not written: ConditionalCheckFailedException (a live item has the key)
  };
  // PutItem with ConditionExpression attribute_not_exists(key). ttl_s > 0: the item expires that many seconds later
  // (DynamoDB TTL; an expired item no longer blocks the condition).
  virtual PutResult put_if_absent(const std::string& key, const std::string& value, std::int64_t ttl_s) = 0;
  struct GetResult {
    CallStatus status = CallStatus::Ok;
    std::optional<std::string> value;  // nullopt: no live item
  };
  virtual GetResult get(const std::string& key) = 0;
};

class Downstream {
 public:
  virtual ~Downstream() = default;
  struct Response {
    CallStatus status = CallStatus::Ok;
    std::string body;
  };
  virtual Response call(const std::string& request) = 0;
};

class EventPublisher {
 public:
  virtual ~EventPublisher() = default;
  // Sends one message to the function's destination (a queue or an SNS topic).
  virtual CallStatus publish(const std::string& body) = 0;
};

// The invocation's clock: virtual time inside sqsim (it includes the time dependency calls took), the wall clock in a
// bootstrap.
class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual std::int64_t now_ms() const = 0;
  // Work that takes time without calling anything (a computation, a deliberate wait). Throws DeadlineExceeded if the
  // invocation's deadline falls inside it.
  virtual void sleep_ms(std::int64_t ms) = 0;
};

class Logger {
 public:
  virtual ~Logger() = default;
  virtual void log(const std::string& level, const std::string& message) = 0;
};

// Not owned; a null member means the function has no such dependency (calling it is a configuration error the
// handler should report at init).
struct Dependencies {
  Clock* clock = nullptr;
  KeyValueTable* table = nullptr;
  Downstream* downstream = nullptr;
  EventPublisher* publisher = nullptr;
  Logger* logger = nullptr;
};

}  // namespace lambda
