// report.html: one self-contained page (inline CSS and SVG, no script, no network) with the run's charts over time —
// queue depth (visible, in flight, DLQ), age of the oldest message, concurrency against its limit,
// invocations/errors/throttles, cold starts, latency percentiles — GameDay actions marked on every chart, the alarm
// timeline, the accounting, the cost breakdown, the topology drawn, and the scenario as written.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "model/simulation.hpp"

namespace reports {

// <, >, &, " as HTML entities (text and attribute values).
std::string html_escape(std::string_view s);

// `summary` is summary_json(sim, ...); `scenario_text` the scenario file as written (shown HTML-escaped).
// Deterministic bytes for the same run.
std::string html_report(const model::Simulation& sim, const nlohmann::json& summary, std::string_view scenario_text);

}  // namespace reports
