#include "handlers/handler_registry.hpp"

#include <stdexcept>

#include "handlers/external_runtime.hpp"
#include "handlers/ingestion_worker.hpp"
#include "handlers/order_processor.hpp"
#include "handlers/s3_object_processor.hpp"

namespace handlers {

namespace {

class AlwaysSucceed final : public lambda::SqsHandler {
 public:
  // An empty batchItemFailures list: Lambda deletes every record of the batch.
  lambda::SqsBatchResponse handle(const lambda::SqsEvent&, const lambda::Context&) override { return {}; }
};

class AlwaysFail final : public lambda::SqsHandler {
 public:
  // An unhandled exception: a function error, so Lambda returns the whole batch to the queue.
  lambda::SqsBatchResponse handle(const lambda::SqsEvent&, const lambda::Context&) override {
    throw std::runtime_error("always-fail: simulated unhandled exception");
  }
};

}  // namespace

const HandlerRegistry::Entry& HandlerRegistry::entry(std::string_view name) const {
  const auto it = factories_.find(name);
  if (it == factories_.end()) {
    std::string known;
    for (const auto& [n, f] : factories_) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown handler '" + std::string(name) + "' (known: " + known + ")");
  }
  return it->second;
}

Reads HandlerRegistry::reads(std::string_view name) const {
  return entry(name).reads;
}

std::unique_ptr<lambda::SqsHandler> HandlerRegistry::create(std::string_view name, const nlohmann::json& config,
                                                            const lambda::Dependencies& dependencies) const {
  std::unique_ptr<lambda::SqsHandler> handler = entry(name).factory(config, dependencies);
  // A factory that returns nothing would only fail later, on the first invocation, far from the cause.
  if (!handler) throw std::logic_error("handler factory '" + std::string(name) + "' returned no handler");
  return handler;
}

std::vector<std::string> HandlerRegistry::names() const {
  std::vector<std::string> out;
  out.reserve(factories_.size());
  for (const auto& [name, f] : factories_) out.push_back(name);
  return out;
}

HandlerRegistry builtin_handlers() {
  return builtin_handlers(std::make_shared<ExternalProcessPool>());
}

HandlerRegistry builtin_handlers(std::shared_ptr<ExternalProcessPool> external_pool) {
  HandlerRegistry r;
  r.add(
      "order-processor", [](const nlohmann::json& cfg) { return std::make_unique<OrderProcessor>(cfg); },
      Reads::IdsAndBodies);
  r.add(
      "always-succeed", [](const nlohmann::json&) { return std::make_unique<AlwaysSucceed>(); }, Reads::Nothing);
  r.add(
      "always-fail", [](const nlohmann::json&) { return std::make_unique<AlwaysFail>(); }, Reads::Nothing);
  r.add("ingestion-worker", [](const nlohmann::json& cfg, const lambda::Dependencies& deps) {
    return std::make_unique<IngestionWorker>(cfg, deps);
  });
  r.add("s3-object-processor", [](const nlohmann::json& cfg, const lambda::Dependencies& deps) {
    return std::make_unique<S3ObjectProcessor>(cfg, deps);
  });
  r.add("library-sync-importer", [](const nlohmann::json& cfg, const lambda::Dependencies& deps) {
    return std::make_unique<LibrarySyncImporter>(cfg, deps);
  });
  // Another program as the handler; its process cap counts across this registry's (this simulation's) environments.
  r.add("external", [pool = std::move(external_pool)](const nlohmann::json& cfg) {
    return std::make_unique<ExternalRuntimeHandler>(cfg, pool);
  });
  return r;
}

}  // namespace handlers
