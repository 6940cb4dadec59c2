// A sweep's outputs: sweep.csv (one row per configuration), sweep.json (the same with SLO verdicts and the cheapest
// configuration), sweep.html (heatmaps over the first two varied parameters, opens offline) and a terminal table.
// All are pure functions of the SweepResult, so they are byte-identical whatever ran the sweep.
#pragma once

#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "sweep/sweep_result.hpp"

namespace sweep {

std::string sweep_csv(const SweepResult& r);
nlohmann::json sweep_json(const SweepResult& r);
std::string sweep_html(const SweepResult& r);
// Up to `max_rows` configurations (all when 0), the cheapest one meeting the SLOs marked with *.
void write_sweep_table(const SweepResult& r, std::ostream& out, std::size_t max_rows = 40);

}  // namespace sweep
