// The AWS bill of a simulated run, per resource, for the simulated window, and projected to a 30-day month at the
// offered load (the free tier applies to the month). Pure function of the run's counters and a Pricing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/pricing.hpp"
#include "model/simulation.hpp"

namespace model {

struct CostLine {
  std::string service;    // "lambda", "sqs", "esm-provisioned", "dynamodb"
  std::string resource;   // function, queue or mapping name
  double requests = 0;    // billed request units in the window
  double gb_seconds = 0;  // Lambda: billed compute (on-demand duration + billed init)
  double window_cost = 0;
  std::optional<double> monthly_cost;  // projected to 30 days, free tier applied when enabled; unset: no projection
};

// Below these a window does not scale to a month: one request in a microsecond is not a rate.
inline constexpr double kMinProjectionWindowSeconds = 60;
inline constexpr double kMinProjectionMessages = 100;

struct CostReport {
  double window_seconds = 0;
  bool free_tier = true;
  std::vector<CostLine> lines;
  double window_total = 0;
  // The load: messages the producers offered and requests the direct invokers made in the window, and how many of
  // them the pipeline finished (deleted, filtered, in a DLQ, expired, dropped: anything but still waiting).
  double offered_messages = 0;
  double completed_messages = 0;
  std::optional<double> cost_per_million_messages;  // window_total per finished message, x 1e6
  // The month the projection is for: the scenario's monthly_messages, or the offered rate x 30 days.
  std::optional<double> monthly_messages;
  std::optional<double> monthly_total;  // unset: the window or the message count is too small (projection_note)
  std::string projection_note;          // how the month was projected, or why it was not
};

// The monthly projection scales the work done per finished message to the month's offered messages, never the work
// processed in the window: a configuration that falls behind processes less and would otherwise look cheaper.
// Time-based charges (provisioned concurrency, provisioned pollers) scale with time instead.
CostReport compute_cost(const Simulation& sim, const Pricing& pricing, bool free_tier = true);

}  // namespace model
