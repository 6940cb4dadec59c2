// The first thing report.html shows: the run's verdict. Each SLO and GameDay expectation PASS/FAIL with its figure
// and bound, p50/p99 in units a person reads ("1.4 s", "3.2 min"), loss by reason in red, and "keeps up" or
// "falls behind". Read from summary.json's "verdicts", "loss" and "end_to_end_latency_ms" sections (judge/).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace reports {

// A duration in milliseconds in the unit that fits: "850 ms", "1.4 s", "3.2 min", "2.5 h".
std::string readable_ms(double ms);

// <section id="verdict"> ... </section>; deterministic for the same summary.
std::string verdict_panel_html(const nlohmann::json& summary);

}  // namespace reports
