#include "sweep/sweep_report.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <map>

#include "judge/keeps_up.hpp"
#include "reports/compare.hpp"
#include "reports/html_report.hpp"

namespace sweep {

using reports::html_escape;

using nlohmann::json;

namespace {

json number_or_null(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}
json optional_number(const std::optional<double>& v) {
  return v ? number_or_null(*v) : json(nullptr);
}

// CSV: numbers in fmt's shortest round-trip form (exact and the same on every platform); empty when unknown.
std::string csv_number(double v) {
  return std::isfinite(v) ? fmt::format("{}", v) : "";
}
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string short_number(double v) {
  if (!std::isfinite(v)) return "–";
  if (std::fabs(v) >= 1e6) return fmt::format("{:.3g}", v);
  if (std::fabs(v) >= 100) return fmt::format("{:.0f}", v);
  if (std::fabs(v) >= 1) return fmt::format("{:.1f}", v);
  return fmt::format("{:.3g}", v);
}

// Dollars with cents, "–" when unknown (no finished message, no projection).
std::string usd(double v) {
  return std::isfinite(v) ? fmt::format("{:.2f}", v) : "–";
}

json estimate_json(const Estimate& e) {
  return {{"n", e.n},
          {"mean", e.n ? number_or_null(e.mean) : json(nullptr)},
          {"ci95_low", optional_number(e.ci_low)},
          {"ci95_high", optional_number(e.ci_high)}};
}

// A colour from light yellow (low) to dark red (high); t in [0, 1].
std::string heat_colour(double t) {
  static const double stops[][3] = {{255, 255, 204}, {254, 217, 118}, {253, 141, 60}, {227, 26, 28}, {128, 0, 38}};
  t = std::clamp(t, 0.0, 1.0) * 4.0;
  const int i = std::min(3, static_cast<int>(t));
  const double f = t - i;
  const auto c = [&](int k) {
    return static_cast<int>(std::lround(stops[i][k] + f * (stops[i + 1][k] - stops[i][k])));
  };
  return fmt::format("#{:02x}{:02x}{:02x}", c(0), c(1), c(2));
}

struct Panel {
  std::string title;
  std::vector<std::size_t> points;  // the points in this panel (the values of dimensions 3.. fixed)
};

// Points grouped by the values of every dimension after the first two (one heatmap panel each).
std::vector<Panel> panels(const SweepResult& r) {
  std::vector<Panel> out;
  std::map<std::string, std::size_t> by_title;
  for (std::size_t p = 0; p < r.points.size(); ++p) {
    std::string title;
    for (std::size_t d = 2; d < r.dims.size(); ++d)
      title += (title.empty() ? "" : ", ") + r.dims[d].name + " = " + value_text(r.points[p].point.values[d]);
    auto [it, added] = by_title.emplace(title, out.size());
    if (added) out.push_back({title, {}});
    out[it->second].points.push_back(p);
  }
  return out;
}

std::size_t dim_value_index(const Dimension& d, const json& v) {
  return static_cast<std::size_t>(std::find(d.values.begin(), d.values.end(), v) - d.values.begin());
}

// One heatmap: x = the first dimension's values, y = the second's (a single row when there is one dimension).
std::string heatmap_svg(const SweepResult& r, const Panel& panel, const std::string& metric, double lo, double hi,
                        bool slo_map) {
  const std::size_t nx = r.dims.empty() ? 1 : r.dims[0].values.size();
  const std::size_t ny = r.dims.size() < 2 ? 1 : r.dims[1].values.size();
  const int cw = 64, ch = 28, left = 110, top = 34, bottom = slo_map ? 40 : 64;
  const int w = left + static_cast<int>(nx) * cw + 10, h = top + static_cast<int>(ny) * ch + bottom;
  const std::size_t m = slo_map ? 0 : r.metric_index(metric);
  std::string s = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" height=\"{1}\" role=\"img\">\n",
      w, h);
  s += fmt::format("<text class=\"title\" x=\"4\" y=\"16\">{}</text>\n",
                   html_escape(slo_map ? "SLOs met (green) or missed (red)" : metric));
  for (const std::size_t p : panel.points) {
    const PointResult& pr = r.points[p];
    const std::size_t xi = r.dims.empty() ? 0 : dim_value_index(r.dims[0], pr.point.values[0]);
    const std::size_t yi = r.dims.size() < 2 ? 0 : dim_value_index(r.dims[1], pr.point.values[1]);
    const int x = left + static_cast<int>(xi) * cw, y = top + static_cast<int>(yi) * ch;
    std::string fill = "#eee", text = "–", ink = "#333";
    if (!pr.skipped.empty()) {
      text = "invalid";
    } else if (slo_map) {
      fill = pr.qualifies() ? "#a1d99b" : "#fc9272";
      text = pr.qualifies() ? "met" : (!pr.keeps_up && pr.meets_slos ? "behind" : "missed");
    } else if (pr.metrics[m].n > 0 && std::isfinite(pr.metrics[m].mean)) {
      const double t = hi > lo ? (pr.metrics[m].mean - lo) / (hi - lo) : 0.0;
      fill = heat_colour(t);
      text = short_number(pr.metrics[m].mean);
      if (t > 0.6) ink = "#fff";  // readable on the dark red end of the scale
    }
    const bool cheapest = r.cheapest && *r.cheapest == p;
    s += fmt::format(
        "<g><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"{}\" "
        "stroke-width=\"{}\"/><text class=\"cell{}\" x=\"{}\" y=\"{}\" style=\"fill:{}\">{}{}</text></g>\n",
        html_escape(pr.point.label(r.dims) + ": " + pr.verdict()), x, y, cw - 2, ch - 2, fill,
        cheapest ? "#000" : "#fff", cheapest ? 3 : 1, pr.qualifies() ? "" : " missed", x + cw / 2 - 1, y + ch / 2 + 3,
        ink, text, cheapest ? " ★" : "");
  }
  if (!r.dims.empty())
    for (std::size_t i = 0; i < nx; ++i)
      s += fmt::format("<text class=\"xtick\" x=\"{}\" y=\"{}\">{}</text>\n", left + static_cast<int>(i) * cw + cw / 2,
                       top + static_cast<int>(ny) * ch + 14, html_escape(value_text(r.dims[0].values[i])));
  if (!r.dims.empty())
    s += fmt::format("<text class=\"xlabel\" x=\"{}\" y=\"{}\">{}</text>\n", left + static_cast<int>(nx) * cw,
                     top + static_cast<int>(ny) * ch + 32, html_escape(r.dims[0].name));
  if (r.dims.size() >= 2) {
    for (std::size_t j = 0; j < ny; ++j)
      s += fmt::format("<text class=\"ytick\" x=\"{}\" y=\"{}\">{}</text>\n", left - 6,
                       top + static_cast<int>(j) * ch + ch / 2 + 3, html_escape(value_text(r.dims[1].values[j])));
    s += fmt::format("<text class=\"ylabel\" x=\"4\" y=\"{}\">{}</text>\n", top - 4, html_escape(r.dims[1].name));
  }
  // The colour scale of this heatmap: five swatches from its lowest to its highest value.
  if (!slo_map && std::isfinite(lo) && std::isfinite(hi)) {
    const int ly = top + static_cast<int>(ny) * ch + 42;
    s += "<g class=\"legend\">";
    for (int i = 0; i < 5; ++i)
      s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"18\" height=\"10\" fill=\"{}\"/>", left + i * 18, ly,
                       heat_colour(i / 4.0));
    s += fmt::format("<text x=\"{}\" y=\"{}\" class=\"ytick\">{}</text><text x=\"{}\" y=\"{}\">{}</text></g>\n",
                     left - 4, ly + 9, html_escape(short_number(lo)), left + 5 * 18 + 4, ly + 9,
                     html_escape(short_number(hi)));
  }
  return s + "</svg>\n";
}

// Cost against p99 latency, one dot per configuration that ran: green when it qualifies (meets every SLO and keeps
// up), red otherwise, the chosen configuration ringed and starred. The planner's trade-off in one picture.
std::string cost_latency_svg(const SweepResult& r) {
  const std::size_t lat = r.metric_index("latency_p99_ms"), cost = r.metric_index("cost_monthly_usd");
  double xmax = 0, ymax = 0;
  for (const PointResult& pr : r.points) {
    if (!pr.skipped.empty() || pr.metrics[lat].n == 0 || pr.metrics[cost].n == 0) continue;
    xmax = std::max(xmax, pr.metrics[lat].mean);
    ymax = std::max(ymax, pr.metrics[cost].mean);
  }
  if (!(xmax > 0) || !(ymax > 0)) return "";
  xmax *= 1.05;
  ymax *= 1.05;
  constexpr int W = 560, H = 300, L = 70, R = 16, T = 28, B = 42;
  const double pw = W - L - R, ph = H - T - B;
  auto px = [&](double v) { return L + pw * v / xmax; };
  auto py = [&](double v) { return T + ph * (1 - v / ymax); };
  std::string s = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" height=\"{1}\" role=\"img\" "
      "aria-label=\"cost against p99\">\n<text class=\"title\" x=\"4\" y=\"16\">Monthly cost against p99 latency "
      "(green: meets every SLO and keeps up; ★ the answer)</text>\n",
      W, H);
  s += fmt::format(
      "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#888\"/><line x1=\"{0}\" y1=\"{2}\" "
      "x2=\"{3}\" y2=\"{2}\" stroke=\"#888\"/>\n",
      L, T, T + ph, L + pw);
  for (int i = 0; i <= 4; ++i) {
    s += fmt::format("<text class=\"ytick\" x=\"{}\" y=\"{:.1f}\">${}</text>", L - 4, py(ymax * i / 4) + 4,
                     html_escape(short_number(ymax * i / 4)));
    s += fmt::format("<text class=\"xtick\" x=\"{:.1f}\" y=\"{}\">{}</text>\n", px(xmax * i / 4), T + ph + 14,
                     html_escape(short_number(xmax * i / 4)));
  }
  s += fmt::format("<text class=\"xlabel\" x=\"{}\" y=\"{}\">p99 end-to-end latency (ms)</text>\n", L + pw, H - 6);
  for (std::size_t p = 0; p < r.points.size(); ++p) {
    const PointResult& pr = r.points[p];
    if (!pr.skipped.empty() || pr.metrics[lat].n == 0 || pr.metrics[cost].n == 0) continue;
    const bool chosen = r.cheapest && *r.cheapest == p;
    const double x = px(pr.metrics[lat].mean), y = py(pr.metrics[cost].mean);
    s += fmt::format(
        "<g><title>{}: {} ms, ${:.2f}/month — {}</title><circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{}\" fill=\"{}\" "
        "stroke=\"{}\" stroke-width=\"{}\"/>{}</g>\n",
        html_escape(pr.point.label(r.dims)), short_number(pr.metrics[lat].mean), pr.metrics[cost].mean,
        html_escape(pr.verdict()), x, y, chosen ? 7 : 5, pr.qualifies() ? "#31a354" : "#de2d26",
        chosen ? "#000" : "#fff", chosen ? 2 : 1,
        chosen ? fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">★ {}</text>", x + 9, y + 4,
                             html_escape(pr.point.label(r.dims)))
               : std::string());
  }
  return s + "</svg>\n";
}

// What a configuration must meet, in words: "every SLO", "every SLO and expectation" or "every expectation".
std::string what_is_judged(const SweepResult& r) {
  if (r.expectation_names.empty()) return "every SLO";
  return r.slo_names.empty() ? "every expectation" : "every SLO and expectation";
}

// judge::kFallsBehindCostNote for a configuration that falls behind (its cost per message is not the steady
// state's), "" otherwise.
std::string cost_note(const PointResult& pr) {
  return pr.skipped.empty() && !pr.keeps_up ? std::string(judge::kFallsBehindCostNote) : std::string();
}

}  // namespace

std::string sweep_csv(const SweepResult& r) {
  std::string s = "point";
  for (const auto& d : r.dims) s += "," + csv_field(d.name);
  s += ",replications,meets_slos,cheapest,balanced,keeps_up,verdict";
  for (const auto& m : reports::comparable_metrics()) s += fmt::format(",{0},{0}_ci95_low,{0}_ci95_high", m.name);
  for (std::size_t i = 0; i < r.slo_names.size(); ++i) s += fmt::format(",slo{0}_measured,slo{0}_met", i + 1);
  for (std::size_t i = 0; i < r.expectation_names.size(); ++i)
    s += fmt::format(",expectation{0}_measured,expectation{0}_met", i + 1);
  s += ",lost_reasons\n";
  for (std::size_t p = 0; p < r.points.size(); ++p) {
    const PointResult& pr = r.points[p];
    s += std::to_string(pr.point.index);
    for (const auto& v : pr.point.values) s += "," + csv_field(value_text(v));
    s +=
        fmt::format(",{},{},{},{},{},{}", r.replications, pr.meets_slos ? 1 : 0, r.cheapest && *r.cheapest == p ? 1 : 0,
                    pr.balanced ? 1 : 0, pr.skipped.empty() ? (pr.keeps_up ? "1" : "0") : "", csv_field(pr.verdict()));
    for (const Estimate& e : pr.metrics)
      s += "," + (e.n ? csv_number(e.mean) : "") + "," + (e.ci_low ? csv_number(*e.ci_low) : "") + "," +
           (e.ci_high ? csv_number(*e.ci_high) : "");
    for (const auto* list : {&pr.slos, &pr.expectations})
      for (const SloVerdict& v : *list)
        s += "," + (v.measured.n ? csv_number(v.measured.mean) : "") + "," + (v.met ? "1" : "0");
    if (!pr.skipped.empty())  // not run: the judged columns are empty, as the metrics are
      for (std::size_t i = 0; i < r.slo_names.size() + r.expectation_names.size(); ++i) s += ",,";
    s += "," + csv_field(pr.lost_reasons()) + "\n";
  }
  return s;
}

json sweep_json(const SweepResult& r) {
  json dims = json::array();
  for (const auto& d : r.dims) dims.push_back({{"name", d.name}, {"values", d.values}});
  json points = json::array();
  for (std::size_t p = 0; p < r.points.size(); ++p) {
    const PointResult& pr = r.points[p];
    json params = json::object();
    for (std::size_t d = 0; d < r.dims.size(); ++d) params[r.dims[d].name] = pr.point.values[d];
    json metrics = json::object();
    for (std::size_t m = 0; m < pr.metrics.size(); ++m)
      metrics[reports::comparable_metrics()[m].name] = estimate_json(pr.metrics[m]);
    const auto verdicts = [](const std::vector<SloVerdict>& list, std::vector<std::string>& missed) {
      json out = json::array();
      for (const SloVerdict& v : list) {
        out.push_back({{"name", v.name},
                       {"type", v.type},
                       {"bound", number_or_null(v.bound)},
                       {"measured", estimate_json(v.measured)},
                       {"replications_passed", v.replications_passed},
                       {"met", v.met}});
        if (!v.met) missed.push_back(v.name);
      }
      return out;
    };
    std::vector<std::string> missed_slos, missed_expectations;
    const json slos = verdicts(pr.slos, missed_slos);
    const json expectations = verdicts(pr.expectations, missed_expectations);
    // Loss by reason (means over the replications): every reason that is not zero, loss or not.
    json by_reason = json::object();
    for (const LossEstimate& l : pr.loss)
      if (l.count.n > 0 && l.count.mean > 0)
        by_reason[l.key] = {{"messages", l.count.mean}, {"is_loss", l.is_loss}, {"reason", l.words}};
    const json lost = pr.skipped.empty()
                          ? json{{"messages", pr.lost()}, {"reasons", pr.lost_reasons()}, {"by_reason", by_reason}}
                          : json(nullptr);
    points.push_back({{"point", pr.point.index},
                      {"parameters", params},
                      {"label", pr.point.label(r.dims)},
                      {"meets_slos", pr.meets_slos},
                      {"verdict", pr.verdict()},
                      {"missed_slos", missed_slos},
                      {"missed_expectations", missed_expectations},
                      {"lost", lost},
                      {"cost_note", cost_note(pr).empty() ? json(nullptr) : json(cost_note(pr))},
                      {"missed_at_headroom", pr.missed_at_headroom},
                      {"keeps_up_at_headroom", pr.keeps_up_at_headroom},
                      {"skipped", pr.skipped.empty() ? json(nullptr) : json(pr.skipped)},
                      {"keeps_up", pr.skipped.empty() ? json(pr.keeps_up) : json(nullptr)},
                      {"backlog_per_min", estimate_json(pr.backlog_per_min)},
                      {"balanced", pr.balanced},
                      {"events_processed", pr.events},
                      {"metrics", metrics},
                      {"slos", slos},
                      {"expectations", expectations},
                      {"warnings", pr.warnings}});
  }
  json cheapest = nullptr;
  if (r.cheapest) {
    const PointResult& c = r.points[*r.cheapest];
    cheapest = {{"point", c.point.index},
                {"label", c.point.label(r.dims)},
                {"cost_monthly_usd", number_or_null(c.metrics[r.metric_index("cost_monthly_usd")].mean)},
                {"cost_per_million_usd", number_or_null(c.metrics[r.metric_index("cost_per_million_usd")].mean)}};
  }
  return {{"sqsim_sweep", 1},
          {"scenario", r.scenario_name},
          {"scenario_file", r.scenario_file},
          {"seed", r.seed},
          {"replications", r.replications},
          {"dimensions", dims},
          {"headroom", r.headroom},
          {"slos", r.slo_names},
          {"expectations", r.expectation_names},
          {"cheapest_meeting_slos", cheapest},
          {"points", points}};
}

std::string sweep_html(const SweepResult& r) {
  std::string head;
  head +=
      fmt::format("<p>Scenario <b>{}</b> ({}), seed {}, {} replication{} per configuration, {} configurations.</p>\n",
                  html_escape(r.scenario_name), html_escape(r.scenario_file), r.seed, r.replications,
                  r.replications == 1 ? "" : "s", r.points.size());
  if (r.slo_names.empty() && r.expectation_names.empty()) {
    head +=
        "<p>The scenario states no <code>slos</code>: every configuration qualifies, and the cheapest is simply "
        "the cheapest.</p>\n";
  } else if (!r.slo_names.empty()) {
    head +=
        "<p>SLOs (a configuration meets one when the upper end of its 95 % interval is within the bound):</p><ul>\n";
    for (const auto& n : r.slo_names) head += "<li>" + html_escape(n) + "</li>\n";
    head += "</ul>\n";
  }
  if (!r.expectation_names.empty()) {
    head += "<p>GameDay expectations (judged like SLOs; a configuration must meet them too):</p><ul>\n";
    for (const auto& n : r.expectation_names) head += "<li>" + html_escape(n) + "</li>\n";
    head += "</ul>\n";
  }
  if (r.cheapest) {
    const PointResult& c = r.points[*r.cheapest];
    head += fmt::format(
        "<p class=\"best\">Cheapest configuration meeting {} and keeping up (★): <b>{}</b> at ${:.2f} a "
        "month (projected at the offered load).</p>\n",
        what_is_judged(r),
        html_escape(c.point.label(r.dims).empty() ? "(the scenario as written)" : c.point.label(r.dims)),
        c.metrics[r.metric_index("cost_monthly_usd")].mean);
  } else {
    head +=
        fmt::format("<p class=\"fail\">No configuration in the grid meets {} and keeps up.</p>\n", what_is_judged(r));
  }
  std::string skipped;
  for (const PointResult& pr : r.points)
    if (!pr.skipped.empty())
      skipped += "<li>" + html_escape(pr.point.label(r.dims)) + ": " + html_escape(pr.skipped) + "</li>\n";
  if (!skipped.empty())
    head += "<p class=\"fail\">Skipped (invalid configurations, not run):</p><ul>\n" + skipped + "</ul>\n";
  std::string maps;
  const std::vector<std::string> metrics = {"latency_p99_ms", "cost_monthly_usd", "in_dlq", "throttles", "cold_starts"};
  for (const Panel& panel : panels(r)) {
    if (!panel.title.empty()) maps += "<h3>" + html_escape(panel.title) + "</h3>\n";
    maps += "<div class=\"maps\">\n";
    if (!r.slo_names.empty() || !r.expectation_names.empty()) maps += heatmap_svg(r, panel, "", 0, 0, true);
    for (const std::string& m : metrics) {
      const std::size_t mi = r.metric_index(m);
      double lo = INFINITY, hi = -INFINITY;
      for (const PointResult& pr : r.points)
        if (pr.metrics[mi].n > 0 && std::isfinite(pr.metrics[mi].mean)) {
          lo = std::min(lo, pr.metrics[mi].mean);
          hi = std::max(hi, pr.metrics[mi].mean);
        }
      maps += heatmap_svg(r, panel, m, lo, hi, false);
    }
    maps += "</div>\n";
  }
  std::string table = "<table><tr><th>#</th>";
  for (const auto& d : r.dims) table += "<th>" + html_escape(d.name) + "</th>";
  table +=
      "<th>verdict</th><th>p99 ms (95 % CI)</th><th>lost</th><th>in DLQ</th><th>throttles</th><th>$/month</th>"
      "<th>$ per million messages</th></tr>\n";
  for (std::size_t p = 0; p < r.points.size(); ++p) {
    const PointResult& pr = r.points[p];
    table += fmt::format("<tr><td>{}{}</td>", pr.point.index, r.cheapest && *r.cheapest == p ? " ★" : "");
    for (const auto& v : pr.point.values) table += "<td>" + html_escape(value_text(v)) + "</td>";
    const Estimate& l = pr.metrics[r.metric_index("latency_p99_ms")];
    const double lost = pr.lost();
    table += fmt::format(
        "<td class=\"{}\">{}</td><td>{}{}</td><td{}>{}</td><td>{}</td><td>{}</td><td{}>{}</td><td>{}</td>"
        "</tr>\n",
        pr.qualifies() ? "pass" : "fail", html_escape(pr.verdict()), short_number(l.mean),
        l.ci_low ? fmt::format(" ({} – {})", short_number(*l.ci_low), short_number(*l.ci_high)) : "",
        lost > 0 ? fmt::format(" class=\"fail\" title=\"{}\"", html_escape(pr.lost_reasons())) : "",
        pr.skipped.empty() ? short_number(lost) : "–", short_number(pr.metrics[r.metric_index("in_dlq")].mean),
        short_number(pr.metrics[r.metric_index("throttles")].mean),
        cost_note(pr).empty() ? "" : fmt::format(" title=\"{}\"", html_escape(cost_note(pr))),
        usd(pr.metrics[r.metric_index("cost_monthly_usd")].mean),
        usd(pr.metrics[r.metric_index("cost_per_million_usd")].mean));
  }
  table += "</table>\n";
  return fmt::format(R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>sqsim sweep: {name}</title>
<style>
body {{ font-family: sans-serif; margin: 24px; color: #222; max-width: 1400px; }}
h1 {{ font-size: 22px; }} h2 {{ font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; }}
.maps {{ display: flex; flex-wrap: wrap; gap: 12px; }}
svg text {{ font-size: 11px; fill: #333; }} .title {{ font-size: 13px; font-weight: bold; }}
.cell {{ text-anchor: middle; }} .cell.missed {{ text-decoration: line-through; }}
.xtick {{ text-anchor: middle; }} .ytick {{ text-anchor: end; }} .xlabel {{ text-anchor: end; fill: #666; }}
.ylabel {{ fill: #666; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ddd; padding: 3px 8px; text-align: left; }}
.pass {{ color: #2ca02c; font-weight: bold; }} .fail {{ color: #d62728; font-weight: bold; }}
.best {{ font-size: 15px; }}
</style></head><body>
<h1>sqsim sweep: {name}</h1>
{head}
<h2>Cost against latency</h2>
{scatter}
<h2>Heatmaps (mean over replications; struck-through values miss an SLO or fall behind; ★ the cheapest meeting them all)</h2>
{maps}
<h2>Every configuration</h2>
{table}
<p>Machine-readable: sweep.csv and sweep.json beside this file.</p>
</body></html>
)",
                     fmt::arg("name", html_escape(r.scenario_name)), fmt::arg("head", head), fmt::arg("maps", maps),
                     fmt::arg("scatter", cost_latency_svg(r)), fmt::arg("table", table));
}

void write_sweep_table(const SweepResult& r, std::ostream& out, std::size_t max_rows) {
  std::string header = fmt::format("{:>5} ", "#");
  std::vector<std::size_t> widths;
  for (const auto& d : r.dims) {
    std::size_t w = d.name.size();
    for (const auto& v : d.values) w = std::max(w, value_text(v).size());
    widths.push_back(w);
    header += fmt::format("{:>{}} ", d.name, w);
  }
  header += fmt::format("{:>7} {:>22} {:>8} {:>8} {:>9} {:>11} {:>9}\n", "verdict", "p99 ms (95 % CI)", "lost",
                        "in DLQ", "throttles", "$/month", "$/M msgs");
  out << header;
  const std::size_t n = max_rows == 0 ? r.points.size() : std::min(max_rows, r.points.size());
  for (std::size_t p = 0; p < n; ++p) {
    const PointResult& pr = r.points[p];
    std::string line = fmt::format("{:>4}{} ", pr.point.index, r.cheapest && *r.cheapest == p ? "*" : " ");
    for (std::size_t d = 0; d < r.dims.size(); ++d)
      line += fmt::format("{:>{}} ", value_text(pr.point.values[d]), widths[d]);
    if (!pr.skipped.empty()) {  // not run: no numbers
      out << line
          << fmt::format("{:>7} {:>22} {:>8} {:>8} {:>9} {:>11} {:>9}\n", "skipped", "–", "–", "–", "–", "–", "–");
      continue;
    }
    const Estimate& l = pr.metrics[r.metric_index("latency_p99_ms")];
    const std::string lat = l.ci_low ? fmt::format("{} ± {}", short_number(l.mean), short_number(*l.ci_high - l.mean))
                                     : short_number(l.mean);
    line += fmt::format("{:>7} {:>22} {:>8} {:>8} {:>9} {:>11} {:>9}\n", pr.qualifies() ? "met" : "missed", lat,
                        short_number(pr.lost()), short_number(pr.metrics[r.metric_index("in_dlq")].mean),
                        short_number(pr.metrics[r.metric_index("throttles")].mean),
                        usd(pr.metrics[r.metric_index("cost_monthly_usd")].mean),
                        usd(pr.metrics[r.metric_index("cost_per_million_usd")].mean));
    out << line;
  }
  if (n < r.points.size()) out << fmt::format("  ... {} more in sweep.csv\n", r.points.size() - n);
  // Why each configuration does not qualify: the SLOs and expectations it missed by name, falling behind, or the
  // loader's reason; and what any configuration lost, by reason.
  for (const PointResult& pr : r.points) {
    const std::string lost = pr.lost_reasons();
    if (!pr.qualifies() || !lost.empty())
      out << fmt::format("  #{} {}: {}{}{}\n", pr.point.index, pr.point.label(r.dims),
                         pr.skipped.empty() ? pr.verdict() : "skipped, invalid: " + pr.skipped,
                         lost.empty() ? "" : "; LOSS: " + lost, cost_note(pr).empty() ? "" : "; " + cost_note(pr));
  }
  if (r.cheapest)
    out << fmt::format("cheapest configuration meeting {}: {} (${:.2f}/month)\n", what_is_judged(r),
                       r.points[*r.cheapest].point.label(r.dims),
                       r.points[*r.cheapest].metrics[r.metric_index("cost_monthly_usd")].mean);
  else
    out << "no configuration in the grid meets " << what_is_judged(r) << " and keeps up\n";
}

}  // namespace sweep
