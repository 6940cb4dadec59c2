// Small builders for model tests: a queue + DLQ + function + ESM pipeline with chosen parameters.
#pragma once

#include <string>

#include <memory>
#include <stdexcept>

#include "handlers/handler_registry.hpp"
#include "model/spec.hpp"

namespace testing_support {

inline model::ScenarioSpec basic_pipeline(const std::string& handler, std::uint32_t max_receive_count,
                                          sim::Time visibility, std::uint64_t messages) {
  model::ScenarioSpec s;
  s.name = "test";
  s.duration = sim::hours(6);
  model::QueueSpec dlq;
  dlq.name = "dlq";
  dlq.message_retention_period = sim::hours(24 * 14);
  model::QueueSpec q;
  q.name = "q";
  q.visibility_timeout = visibility;
  q.redrive_policy = model::RedrivePolicy{"dlq", max_receive_count};
  s.queues = {dlq, q};
  model::FunctionSpec f;
  f.name = "f";
  f.handler = handler;
  f.timeout = sim::seconds(10);
  f.duration.per_invocation_ms = sim::DistributionSpec::fixed(100);
  f.cold_start.init_duration_ms = sim::DistributionSpec::fixed(200);
  f.keep_alive_s = sim::DistributionSpec::fixed(600);
  s.functions = {f};
  model::EventSourceMappingSpec m;
  m.queue = "q";
  m.function = "f";
  m.batch_size = 10;
  m.scaling.mode = model::EsmScalingSpec::Mode::Fixed;
  m.scaling.fixed = 5;
  s.event_source_mappings = {m};
  model::ProducerSpec p;
  p.name = "p";
  p.queue = "q";
  p.arrival.rate_per_second = 10;
  p.count = messages;
  s.producers = {p};
  return s;
}

// Fails every record whose ApproximateReceiveCount is 1 (a transient error that a retry fixes).
class FailFirstReceive : public lambda::SqsHandler {
 public:
  lambda::SqsBatchResponse handle(const lambda::SqsEvent& event, const lambda::Context&) override {
    for (const auto& r : event.records) {
      if (r.attributes.at("ApproximateReceiveCount") == "1") throw std::runtime_error("transient failure");
    }
    return {};
  }
};

// Reports every record of the batch as failed (a partial batch response, not a function error).
class ReportAllFailed : public lambda::SqsHandler {
 public:
  lambda::SqsBatchResponse handle(const lambda::SqsEvent& event, const lambda::Context&) override {
    lambda::SqsBatchResponse r;
    for (const auto& rec : event.records) r.batch_item_failures.push_back({rec.message_id});
    return r;
  }
};

inline handlers::HandlerRegistry test_registry() {
  handlers::HandlerRegistry r = handlers::builtin_handlers();
  r.add("fail-first-receive", [](const nlohmann::json&) { return std::make_unique<FailFirstReceive>(); });
  r.add("report-all-failed", [](const nlohmann::json&) { return std::make_unique<ReportAllFailed>(); });
  return r;
}

}  // namespace testing_support
