// The interface a handler implements. The simulator builds one object per execution environment (in its init phase)
// and calls it for every invocation that environment runs; a real bootstrap builds one per process. Same code in both,
// so whatever a handler keeps in members lives exactly as long as a Lambda execution environment: across warm
// invocations, lost on a cold start.
#pragma once

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

}  // namespace lambda
