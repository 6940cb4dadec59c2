// Maps handler names used in scenarios to factories. A value, not a global, and no static registration: each
// simulation holds its own registry, and a test can add handlers of its own to a copy of builtin_handlers().
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "handlers/dependencies.hpp"
#include "handlers/handler.hpp"
#include "handlers/reads.hpp"

namespace handlers {

class HandlerRegistry {
 public:
  // Builds one handler object (one execution environment's worth) from the scenario's handler_config (may be null).
  // May throw std::invalid_argument for a config it cannot use.
  using Factory = std::function<std::unique_ptr<lambda::SqsHandler>(const nlohmann::json& config)>;
  // A handler that calls dependencies gets them here, at init (pointers valid for the handler's life).
  using FactoryWithDependencies =
      std::function<std::unique_ptr<lambda::SqsHandler>(const nlohmann::json& config, const lambda::Dependencies&)>;

  // Adding a name again replaces its factory and what it reads. A simulation reads both when it is built.
  void add(std::string name, FactoryWithDependencies factory, Reads reads = Reads::EventAndContext) {
    factories_[std::move(name)] = Entry{std::move(factory), reads};
  }
  void add(std::string name, Factory factory, Reads reads = Reads::EventAndContext) {
    add(std::move(name),
        FactoryWithDependencies(
            [f = std::move(factory)](const nlohmann::json& config, const lambda::Dependencies&) { return f(config); }),
        reads);
  }
  [[nodiscard]] bool contains(std::string_view name) const { return factories_.find(name) != factories_.end(); }
  // Throws std::invalid_argument for an unknown name.
  [[nodiscard]] Reads reads(std::string_view name) const;
  // Throws std::invalid_argument for an unknown name (listing the known ones), and whatever the factory throws.
  [[nodiscard]] std::unique_ptr<lambda::SqsHandler> create(std::string_view name, const nlohmann::json& config,
                                                           const lambda::Dependencies& dependencies = {}) const;
  // Sorted.
  [[nodiscard]] std::vector<std::string> names() const;

 private:
  struct Entry {
    FactoryWithDependencies factory;
    Reads reads;
  };
  [[nodiscard]] const Entry& entry(std::string_view name) const;

  std::map<std::string, Entry, std::less<>> factories_;
};

// The handlers built into sqsim:
//  "order-processor"  handlers::OrderProcessor (config {"idempotency": bool});
//  "always-succeed"   returns an empty response (every record deleted);
//  "always-fail"      throws std::runtime_error (a function error: the whole batch returns to the queue);
//  "ingestion-worker" handlers::IngestionWorker (needs the function's table and downstream);
//  "s3-object-processor"    handlers::S3ObjectProcessor (needs a table);
//  "library-sync-importer"  handlers::LibrarySyncImporter (needs a downstream; a table is optional);
//  "external"         handlers::ExternalRuntimeHandler: a Lambda custom runtime program, one process per
//                     environment ({"command": "python3 bootstrap.py", "max_processes": 64}).
// External runtimes' stdout and stderr are discarded; with a pool built on a folder, each function's go to
// external-<function>.log in it (bounded; handlers::ExternalLogs), and the caller can finish the logs after the run.
struct ExternalProcessPool;
HandlerRegistry builtin_handlers();
HandlerRegistry builtin_handlers(std::shared_ptr<ExternalProcessPool> external_pool);

}  // namespace handlers
