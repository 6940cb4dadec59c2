// report.html: self-contained (no network), every chart present, finite numbers only, the scenario text escaped,
// GameDay markers and alarm bands when the scenario has them, and the same bytes for the same run.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "model/simulation.hpp"
#include "reports/html_report.hpp"
#include "reports/summary.hpp"
#include "loader/scenario_loader.hpp"

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string render(const std::string& scenario_file) {
  const std::string text = read(scenario_file);
  const auto loaded = scenarios::load_scenario_text(text, scenario_file);
  model::Simulation sim(loaded.spec, loaded.spec.seed);
  sim.run();
  return reports::html_report(sim, reports::summary_json(sim), text);
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST(HtmlReport, SelfContainedChartsFiniteNumbersAndEscapedConfig) {
  const std::string html = render(std::string(SQSIM_SOURCE_DIR) + "/scenarios/order-processor-gameday.json");
  for (const char* title :
       {"Queue depth (visible, in flight, DLQ)", "Age of the oldest message", "Concurrency against its limit",
        "Invocations, errors, throttles per period", "Cold starts per period", "Latency percentiles",
        "Execution environments (period averages)", "<h2>Execution environments</h2>", "<h2>Alarms</h2>",
        "<h2>GameDay</h2>", "<h2>Topology</h2>", "<h2>Cost</h2>", "<h2>Configuration</h2>"})
    EXPECT_NE(html.find(title), std::string::npos) << title;
  EXPECT_EQ(count(html, "<svg"), count(html, "</svg>"));
  EXPECT_GE(count(html, "<svg"), 7u + 2u + 1u);  // charts, two alarm bands, the topology
  // No NaN or infinity anywhere, and no URL but the SVG namespace.
  EXPECT_FALSE(std::regex_search(html, std::regex("\\b(nan|inf)\\b", std::regex::icase)));
  std::smatch m;
  std::string rest = html;
  while (std::regex_search(rest, m, std::regex("https?://[^\"' ]+"))) {
    EXPECT_EQ(m.str(), "http://www.w3.org/2000/svg");
    rest = m.suffix();
  }
  // GameDay actions are marked on the charts (one marker per action per chart).
  EXPECT_EQ(count(html, "class=\"marker\""), 7u * 8u);
  EXPECT_NE(html.find("impairSqs15m"), std::string::npos);
  // The scenario JSON is shown escaped (its "<" in comments or values cannot open tags).
  EXPECT_NE(html.find("&quot;order-processor-gameday&quot;"), std::string::npos);
  EXPECT_EQ(html, render(std::string(SQSIM_SOURCE_DIR) + "/scenarios/order-processor-gameday.json"));
}

TEST(HtmlReport, ATinyRunWithOneRowAndNothingHappeningStillRenders) {
  const std::string text = R"({"name": "tiny <b>x</b>", "duration_s": 5, "metrics_period_s": 60,
    "queues": [{"name": "q"}], "functions": [{"name": "f", "handler": "always-succeed"}],
    "event_source_mappings": [{"queue": "q", "function": "f"}]})";
  const auto loaded = scenarios::load_scenario_text(text, "tiny.json");
  model::Simulation sim(loaded.spec, 1);
  sim.run();
  const std::string html = reports::html_report(sim, reports::summary_json(sim), text);
  EXPECT_FALSE(std::regex_search(html, std::regex("\\b(nan|inf)\\b", std::regex::icase)));
  EXPECT_NE(html.find("tiny &lt;b&gt;x&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<b>x</b>"), std::string::npos);
  EXPECT_NE(html.find("No alarms configured."), std::string::npos);
  EXPECT_NE(html.find("No GameDay in this scenario."), std::string::npos);
}

}  // namespace
