// bootstrap: the Lambda custom runtime (provided.al2023) for sqsim's handlers. Deploy this executable as `bootstrap`
// with the function's handler name as its Handler setting; Lambda sets AWS_LAMBDA_RUNTIME_API and _HANDLER.
//   SQSIM_HANDLER_CONFIG   the handler_config JSON (optional)
// Dependencies in production: a wall clock and a logger that writes to standard output (CloudWatch Logs); a table or
// downstream needs an AWS SDK client that Debian does not package, so handlers that need one report an init error.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "handlers/handler_registry.hpp"
#include "runtime/bootstrap_loop.hpp"

namespace {

class WallClock final : public lambda::Clock {
 public:
  [[nodiscard]] std::int64_t now_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  void sleep_ms(std::int64_t ms) override { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }
};

class StdoutLogger final : public lambda::Logger {
 public:
  void log(const std::string& level, const std::string& message) override {
    std::cout << level << " " << message << std::endl;  // one line per record, flushed: what CloudWatch Logs reads
  }
};

std::string env(const char* name, const std::string& fallback = "") {
  const char* v = std::getenv(name);
  return v == nullptr ? fallback : std::string(v);
}

}  // namespace

int main() {
  const std::string api = env("AWS_LAMBDA_RUNTIME_API");
  const std::string handler_name = env("_HANDLER");
  if (api.empty() || handler_name.empty()) {
    std::cerr << "bootstrap: AWS_LAMBDA_RUNTIME_API and _HANDLER must be set (Lambda sets both)\n";
    return 2;
  }
  // For tests: stop after this many invocations (Lambda itself never asks a bootstrap to stop).
  const std::uint64_t max = std::strtoull(env("SQSIM_BOOTSTRAP_MAX_INVOCATIONS", "0").c_str(), nullptr, 10);
  try {
    runtime::RuntimeClient client(api);
    WallClock clock;
    StdoutLogger logger;
    const lambda::Dependencies deps{&clock, nullptr, nullptr, nullptr, &logger};
    const auto make = [&] {
      const std::string cfg = env("SQSIM_HANDLER_CONFIG");
      const nlohmann::json config = cfg.empty() ? nlohmann::json() : nlohmann::json::parse(cfg);
      return handlers::builtin_handlers().create(handler_name, config, deps);
    };
    const auto stats = runtime::run_loop(client, make, env("AWS_LAMBDA_FUNCTION_NAME", handler_name), max);
    std::cerr << "bootstrap: " << stats.invocations << " invocations, " << stats.errors << " errors\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bootstrap: " << e.what() << "\n";
    return 1;
  }
}
