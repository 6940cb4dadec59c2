// report.html: self-contained (no network), every chart present, finite numbers only, the scenario text escaped,
// GameDay markers and alarm bands when the scenario has them, and the same bytes for the same run.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>

#include "loader/scenario_loader.hpp"
#include "model/simulation.hpp"
#include "reports/html_report.hpp"
#include "reports/summary.hpp"

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
       {"Queue depth (visible, in flight, DLQ)", "messages lost", "Age of the oldest message",
        "Concurrency against its limit", "Invocations, errors, throttles per period", "Cold starts per period",
        "Latency percentiles", "Execution environments (period averages)", "<h2>Execution environments</h2>",
        "<h2>Alarms</h2>", "<h2>GameDay</h2>", "<h2>Topology</h2>", "<h2>Cost</h2>", "<h2>Configuration</h2>"})
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
  // GameDay faults are marked on the charts (one marker per action per chart; 8 charts with the mapping's and the
  // environments'), and shaded over their duration: the 4 SQS impairments and the injected errors. The 3 aws:fis:wait
  // pauses between them are not faults and are not drawn (shaded, they merged four impairments into one band).
  EXPECT_EQ(count(html, "class=\"marker\""), 5u * 8u);
  EXPECT_EQ(count(html, "class=\"band\""), 5u * 8u);
  EXPECT_EQ(html.find("<title>wait3m1"), std::string::npos);
  EXPECT_NE(html.find("Event source mapping concurrency against its limits"), std::string::npos);
  EXPECT_NE(html.find("order-processor reserved concurrency"), std::string::npos);
  // The page opens with the verdict: the panel before any chart, the failed expectation and the loss in red.
  const auto panel = html.find("<section id=\"verdict\"");
  ASSERT_NE(panel, std::string::npos);
  EXPECT_LT(panel, html.find("<svg"));
  EXPECT_NE(html.find("<span class=\"fail\">FAIL</span>"), std::string::npos);
  EXPECT_NE(html.find("<li class=\"fail\">"), std::string::npos);
  EXPECT_NE(html.find("refused at SendMessage: access denied</li>"), std::string::npos);
  // Two hours of run: the time axis is in minutes; counts get whole-number ticks.
  EXPECT_NE(html.find(">minutes</text>"), std::string::npos);
  EXPECT_EQ(html.find(">hours</text>"), std::string::npos);
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

// 3 simulated days at 60 s periods (4,320 rows), quiet but for a burst of 100 orders at 10 h that drains in a few
// minutes: a peak a chart that kept every 9th period would miss.
TEST(HtmlReport, ALongRunsChartsAreDownSampledToTheirWidthKeepingPeaksAndSaySo) {
  const std::string text = R"({"name": "long", "duration_s": 259200, "stop_when_drained": false,
    "queues": [{"name": "q", "visibility_timeout_s": 200}],
    "functions": [{"name": "f", "handler": "always-succeed", "timeout_s": 30,
                   "duration": {"per_invocation_ms": 25000}}],
    "event_source_mappings": [{"queue": "q", "function": "f", "scaling": {"mode": "fixed", "fixed_concurrency": 2}}],
    "producers": [{"name": "burst", "queue": "q", "arrival": {"type": "constant", "rate_per_s": 100},
                   "start_s": 36000, "count": 100}]})";
  const auto loaded = scenarios::load_scenario_text(text, "long.json");
  model::Simulation sim(loaded.spec, 1);
  sim.run();
  ASSERT_EQ(sim.metrics().row_count(), 4320U);
  const std::string html = reports::html_report(sim, reports::summary_json(sim), text);
  EXPECT_NE(html.find("The charts draw this run's 4320 metrics periods of 60 s in buckets of 9 periods"),
            std::string::npos);
  // 480 buckets, at most two points each, in every line of every chart.
  const std::regex points("points=\"([^\"]*)\"");
  std::size_t lines = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), points); it != std::sregex_iterator(); ++it) {
    ++lines;
    const std::string p = (*it)[1].str();
    EXPECT_LE(static_cast<std::size_t>(std::count(p.begin(), p.end(), ' ')), 2U * 480U);
  }
  EXPECT_GE(lines, 6U);
  // The queue depth chart's highest point is the highest period's, as drawn without down-sampling.
  double peak = 0;
  const auto& names = sim.metrics().column_names();
  for (std::size_t c = 0; c < names.size(); ++c)
    if (names[c] == "q/ApproximateNumberOfMessagesVisible" || names[c] == "q/ApproximateNumberOfMessagesNotVisible")
      for (std::size_t r = 0; r < sim.metrics().row_count(); ++r) peak = std::max(peak, sim.metrics().value(r, c));
  ASSERT_GT(peak, 0);
  const double scale = std::pow(10.0, std::floor(std::log10(peak)));
  double ymax = 10 * scale;
  for (const double m : {1.0, 2.0, 5.0})
    if (m * scale >= peak) {
      ymax = m * scale;
      break;
    }
  const std::string first = html.substr(0, html.find("</figure>"));
  double top = 1e9;
  for (auto it = std::sregex_iterator(first.begin(), first.end(), points); it != std::sregex_iterator(); ++it) {
    std::istringstream in((*it)[1].str());
    std::string xy;
    while (in >> xy) top = std::min(top, std::stod(xy.substr(xy.find(',') + 1)));
  }
  EXPECT_NEAR(top, 28 + 158 * (1 - peak / ymax), 0.051);  // the plot's top at 28 px, 158 px high
}

TEST(HtmlReport, AShortRunDrawsEveryPeriodAndSaysNothingAboutBuckets) {
  const std::string html = render(std::string(SQSIM_SOURCE_DIR) + "/scenarios/order-processor.json");
  EXPECT_EQ(html.find("in buckets of"), std::string::npos);
}

}  // namespace

namespace {

TEST(HtmlReport, TheMappingChartPlotsConcurrentInvocationsWhatTheLimitsCap) {
  // During the GameDay the mapping's pollers back off after the impairment and climb to hundreds, far above the
  // function's reserved concurrency (100), while the function itself never ran more than a dozen at once. The chart
  // against the limits plots the batches being invoked (metrics.csv ConcurrentInvocations), the pollers apart.
  const std::string file = std::string(SQSIM_SOURCE_DIR) + "/scenarios/order-processor-gameday.json";
  const auto loaded = scenarios::load_scenario_text(read(file), file);
  model::Simulation sim(loaded.spec, loaded.spec.seed);
  sim.run();
  const sim::TimeSeries& m = sim.metrics();
  const auto max_of = [&](const std::string& name) {
    const auto& names = m.column_names();
    const auto it = std::find(names.begin(), names.end(), name);
    EXPECT_NE(it, names.end()) << name;
    double top = 0;
    for (std::size_t r = 0; it != names.end() && r < m.row_count(); ++r)
      top = std::max(top, m.value(r, static_cast<std::size_t>(it - names.begin())));
    return top;
  };
  const double invoking = max_of("esm:order-processor-queue->order-processor/ConcurrentInvocations");
  const double pollers = max_of("esm:order-processor-queue->order-processor/Pollers");
  const double executions = max_of("order-processor/ConcurrentExecutions");
  EXPECT_GT(invoking, 0);
  EXPECT_LE(invoking, executions);  // a batch being invoked is an execution (or its Invoke request)
  EXPECT_LE(invoking, 100);         // reserved concurrency caps it
  EXPECT_GT(pollers, 100);          // the pollers are not what the limits cap
  const std::string html = reports::html_report(sim, reports::summary_json(sim), read(file));
  EXPECT_NE(html.find("order-processor-queue-&gt;order-processor concurrent invocations"), std::string::npos);
  // The cost section gives the cost per million messages beside the month.
  EXPECT_TRUE(std::regex_search(html, std::regex("<b>\\$[0-9]+\\.[0-9]{2} per million messages</b>")));
}

}  // namespace
