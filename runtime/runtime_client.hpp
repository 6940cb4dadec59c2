// The Lambda Runtime API client a custom-runtime `bootstrap` runs (provided.al2023): GET
// /2018-06-01/runtime/invocation/next, POST .../invocation/{id}/response and .../error, POST .../init/error, over
// HTTP/1.1 with Boost.Beast (a Debian-packaged library, not hand-written HTTP), one keep-alive connection.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "handlers/lambda_api.hpp"

namespace runtime {

class RuntimeClient {
 public:
  // `endpoint`: AWS_LAMBDA_RUNTIME_API, "host:port". Connects lazily.
  explicit RuntimeClient(const std::string& endpoint);
  ~RuntimeClient();
  RuntimeClient(const RuntimeClient&) = delete;
  RuntimeClient& operator=(const RuntimeClient&) = delete;

  // Blocks until Lambda hands over the next invocation (the headers become the request's fields). Throws
  // std::runtime_error when the Runtime API cannot be reached or answers with something else than 200.
  lambda::InvocationRequest next();
  // POST .../response or .../error for a finished invocation, as the response says. Returns the HTTP status.
  int post(const std::string& request_id, const lambda::InvocationResponse& response);
  // POST /runtime/init/error: the handler could not be built; Lambda reports an init failure.
  int post_init_error(const std::string& message, const std::string& type);

 private:
  struct Connection;
  std::unique_ptr<Connection> c_;
};

}  // namespace runtime
