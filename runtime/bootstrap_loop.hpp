// The custom runtime's loop: build the handler once (an init failure is posted to /init/error), then for each
// invocation parse the SQS event, run the handler with a Context whose deadline is Lambda-Runtime-Deadline-Ms, and post
// the partial batch response, or the error when the handler throws. The same handler code sqsim runs.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "handlers/handler.hpp"
#include "runtime/runtime_client.hpp"

namespace runtime {

struct LoopStats {
  std::uint64_t invocations = 0, errors = 0;
};

// One invocation: next(), handle, post. Returns false (after posting the error) when the handler failed.
bool run_one(RuntimeClient& client, lambda::SqsHandler& handler, const std::string& function_name);
// Builds the handler with `make` (std::exception -> /init/error, then throws) and runs `max_invocations` of them
// (0: forever, as Lambda runs a bootstrap).
LoopStats run_loop(RuntimeClient& client, const std::function<std::unique_ptr<lambda::SqsHandler>()>& make,
                   const std::string& function_name, std::uint64_t max_invocations = 0);

}  // namespace runtime
