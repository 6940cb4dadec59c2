#include "runtime/bootstrap_loop.hpp"

#include <exception>
#include <stdexcept>

#include "handlers/sqs_event.hpp"

namespace runtime {

bool run_one(RuntimeClient& client, lambda::SqsHandler& handler, const std::string& function_name) {
  const lambda::InvocationRequest req = client.next();
  lambda::Context ctx;
  ctx.aws_request_id = req.request_id;
  ctx.function_name = function_name;
  ctx.deadline_ms = req.deadline_ms_epoch;
  ctx.now_ms = req.now_ms;
  try {
    const lambda::SqsEvent event = lambda::parse_sqs_event(req.payload);
    const lambda::SqsBatchResponse response = handler.handle(event, ctx);
    client.post(req.request_id, lambda::InvocationResponse::success(lambda::to_json(response)));
    return true;
  } catch (const std::exception& e) {
    // An exception is a function error, as Lambda's own runtimes report it: the whole batch is retried.
    client.post(req.request_id, lambda::InvocationResponse::failure(e.what(), "HandlerError"));
    return false;
  }
}

LoopStats run_loop(RuntimeClient& client, const std::function<std::unique_ptr<lambda::SqsHandler>()>& make,
                   const std::string& function_name, std::uint64_t max_invocations) {
  std::unique_ptr<lambda::SqsHandler> handler;
  try {
    handler = make();
    if (!handler) throw std::runtime_error("the handler factory returned nothing");
  } catch (const std::exception& e) {
    client.post_init_error(e.what(), "InitError");
    throw;
  }
  LoopStats stats;
  while (max_invocations == 0 || stats.invocations < max_invocations) {
    ++stats.invocations;
    if (!run_one(client, *handler, function_name)) ++stats.errors;
  }
  return stats;
}

}  // namespace runtime
