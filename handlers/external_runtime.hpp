// A handler that is another program: any Lambda custom runtime (a `bootstrap` in any language) run as the handler of
// a simulated function. Each simulated execution environment gets its own process, started with
// AWS_LAMBDA_RUNTIME_API pointing at a Runtime API this object serves on loopback; an invocation hands the process the
// event (GET .../invocation/next) and waits for its POST .../response or .../error. The simulator calls handlers one
// at a time in simulated-time order, so the runs are as deterministic as the program is. A program that does not
// answer within the wall-clock limit is a function error, never a hang.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "handlers/handler.hpp"

namespace handlers {

struct ExternalRuntimeConfig {
  std::vector<std::string> command;  // argv: {"python3", "bootstrap.py"}
  std::uint32_t max_processes = 64;  // live processes (environments) across the simulation; more is an init error
  double answer_timeout_s = 30;      // wall-clock seconds to wait for the program
  std::string handler;               // _HANDLER for the program
};
// {"command": ["python3", "x.py"] or "python3 x.py", "max_processes": 64, "answer_timeout_s": 30, "handler": "..."}.
// Throws std::invalid_argument naming the key.
ExternalRuntimeConfig parse_external_runtime_config(const nlohmann::json& config);

// Counts the live processes of one simulation's external handlers (the registry that builds them owns it).
struct ExternalProcessPool {
  std::uint32_t live = 0;
};

class ExternalRuntimeHandler final : public lambda::SqsHandler {
 public:
  // Validates the config; the process starts with the environment's first invocation.
  ExternalRuntimeHandler(const nlohmann::json& config, std::shared_ptr<ExternalProcessPool> pool);
  ~ExternalRuntimeHandler() override;  // stops the process
  ExternalRuntimeHandler(const ExternalRuntimeHandler&) = delete;
  ExternalRuntimeHandler& operator=(const ExternalRuntimeHandler&) = delete;

  // Throws std::runtime_error for the program's /error (a function error) or when it fails to answer.
  lambda::SqsBatchResponse handle(const lambda::SqsEvent& event, const lambda::Context& context) override;

 private:
  struct Process;
  ExternalRuntimeConfig config_;
  std::shared_ptr<ExternalProcessPool> pool_;
  std::unique_ptr<Process> process_;
};

}  // namespace handlers
