// The interface a handler implements. The simulator builds one object per execution environment (at init) and calls
// it for every invocation there; a real bootstrap builds one per process. Same code in both.
#pragma once

#include "handlers/lambda_api.hpp"
#include "handlers/sqs_event.hpp"

namespace lambda {

class SqsHandler {
 public:
  virtual ~SqsHandler() = default;
  // Throwing any exception is a function error: Lambda fails the whole batch.
  virtual SqsBatchResponse handle(const SqsEvent& event, const Context& context) = 0;
};

}  // namespace lambda
