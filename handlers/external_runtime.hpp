// A handler that is another program: any Lambda custom runtime (a `bootstrap` in any language) run as the handler of
// a simulated function. Each simulated execution environment gets its own process, started with
// AWS_LAMBDA_RUNTIME_API pointing at a Runtime API this object serves on loopback; an invocation hands the process the
// event (GET .../invocation/next) and waits for its POST .../response or .../error. The simulator calls handlers one
// at a time in simulated-time order, so the runs are as deterministic as the program is. Every wait is bounded by
// answer_timeout_s (wall clock): a program that exits, never initialises, stops answering or breaks the protocol fails
// the invocation with lambda::EnvironmentFailure (Runtime.ExitError, Runtime.InitError, Sandbox.Timedout...), its
// process is ended and the environment discarded, as Lambda does. Its stdout and stderr go to the pool's logs.
// Lifecycle in docs/handlers.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "handlers/external_logs.hpp"
#include "handlers/handler.hpp"

namespace handlers {

struct ExternalRuntimeConfig {
  std::vector<std::string> command;  // argv: {"python3", "bootstrap.py"}
  std::uint32_t max_processes = 64;  // live processes (environments) across the simulation; more is an init error
  double answer_timeout_s = 30;      // wall-clock seconds to wait for the program
  std::string handler;               // _HANDLER for the program
  // Where the program runs and its relative command path is resolved: the scenario file's folder (the loader sets it).
  std::filesystem::path working_directory = ".";
};
// {"command": ["python3", "x.py"] or "python3 x.py", "max_processes": 64, "answer_timeout_s": 30, "handler": "...",
// "working_directory": "..."}. Throws std::invalid_argument naming the key, also when the command's program (its first
// word) is not an executable file.
ExternalRuntimeConfig parse_external_runtime_config(const nlohmann::json& config);

// What one simulation's external handlers share (the registry that builds them owns it): the count of live
// processes and where their output goes.
struct ExternalProcessPool {
  std::uint32_t live = 0;
  ExternalLogs logs;  // discards unless built with a folder
  ExternalProcessPool() = default;
  explicit ExternalProcessPool(const std::filesystem::path& log_dir) : logs(log_dir) {}
};

class ExternalRuntimeHandler final : public lambda::SqsHandler {
 public:
  // Validates the config; the process starts with the environment's first invocation.
  ExternalRuntimeHandler(const nlohmann::json& config, std::shared_ptr<ExternalProcessPool> pool);
  ~ExternalRuntimeHandler() override;  // stops the process
  ExternalRuntimeHandler(const ExternalRuntimeHandler&) = delete;
  ExternalRuntimeHandler& operator=(const ExternalRuntimeHandler&) = delete;

  // Throws std::runtime_error for the program's /error (a function error), lambda::EnvironmentFailure when the
  // environment is broken (the process is ended then; the model discards the environment).
  lambda::SqsBatchResponse handle(const lambda::SqsEvent& event, const lambda::Context& context) override;

 private:
  struct Process;
  lambda::SqsBatchResponse exchange(const lambda::SqsEvent& event, const lambda::Context& context);
  void end_process();
  ExternalRuntimeConfig config_;
  std::shared_ptr<ExternalProcessPool> pool_;
  std::unique_ptr<Process> process_;
};

}  // namespace handlers
