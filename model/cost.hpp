// The AWS bill of a simulated run, per resource, for the simulated window and projected to a 30-day month (the free
// tier applies to the month). Pure function of the run's counters and a Pricing.
#pragma once

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
  double monthly_cost = 0;  // projected to 30 days, free tier applied when enabled
};

struct CostReport {
  double window_seconds = 0;
  bool free_tier = true;
  std::vector<CostLine> lines;
  double window_total = 0;
  double monthly_total = 0;
};

CostReport compute_cost(const Simulation& sim, const Pricing& pricing, bool free_tier = true);

}  // namespace model
