#include "reports/html_report.hpp"

#include "reports/fixed_decimal.hpp"
#include "reports/verdict_panel.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/esm_metrics.hpp"

namespace reports {

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

using nlohmann::json;

// A number with fixed precision, as std::to_chars(fixed) writes it (reports/fixed_decimal.hpp).
std::string num(double v, int decimals = 2) {
  std::string s;
  append_fixed_decimal(s, v, decimals);
  return s;
}

// 1, 2, 5 x 10^k at or above v: round axis maxima.
double nice_ceiling(double v) {
  if (!(v > 0) || !std::isfinite(v)) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (const double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= v) return m * p;
  return 10 * p;
}

std::string short_number(double v) {
  if (std::fabs(v) >= 1e6) return fmt::format("{:g}M", v / 1e6);
  if (std::fabs(v) >= 1e4) return fmt::format("{:g}k", v / 1e3);
  return fmt::format("{:g}", v);
}

const std::vector<const char*> kColours = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                           "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};

struct Series {
  std::string label;
  std::vector<double> values;
  bool dashed = false;
};

struct Marker {
  double at_s;
  std::string label;
  double end_s = -1;  // a GameDay action's end: shaded from at_s to here (< at_s: a line only)
};

// The time axis in the unit that fits the run: seconds up to 10 minutes, minutes up to 3 hours, hours beyond.
struct Axis {
  double end_s = 1;
  double unit_s = 1;
  const char* unit = "seconds";
  std::size_t stride = 1;  // metrics periods per drawn bucket (chart_stride)
};

Axis time_axis(double end_s) {
  Axis a;
  a.end_s = std::max(1.0, end_s);
  if (a.end_s > 3 * 3600) {
    a.unit_s = 3600;
    a.unit = "hours";
  } else if (a.end_s > 600) {
    a.unit_s = 60;
    a.unit = "minutes";
  }
  return a;
}

// Counts (messages, executions, calls) get whole-number ticks.
bool counts(const std::string& unit) {
  return unit == "messages" || unit == "executions" || unit == "per period" || unit == "concurrent invocations";
}

// A chart draws at most kChartBuckets buckets per line (about one per pixel of the plot), so the page and the time
// to write it grow with the chart's width, not with the run's length; metrics.csv keeps every period.
constexpr std::size_t kChartBuckets = 500;
std::size_t chart_stride(std::size_t periods) {
  // Each bucket is drawn as two points (its minimum and maximum), so buckets pay only from three periods on.
  return periods <= 2 * kChartBuckets ? 1 : (periods + kChartBuckets - 1) / kChartBuckets;
}

// A line chart over the run: x = period start, y from 0 to a round maximum, GameDay markers as dashed verticals.
std::string chart(const std::string& title, const std::string& unit, const std::vector<double>& t,
                  const std::vector<Series>& series, const std::vector<Marker>& markers, const Axis& axis) {
  constexpr double W = 640, L = 56, R = 12, T = 28, B = 64;
  // Legend rows: as many as the labels need at this width (so the height is known before drawing).
  double rows = 1, row_x = L;
  for (const Series& se : series) {
    const double width = 22 + 6.2 * static_cast<double>(se.label.size());
    if (row_x > L && row_x + width > W - R) {
      ++rows;
      row_x = L;
    }
    row_x += width;
  }
  const double H = 220 + B - 34 + 14 * (rows - 1);
  const double pw = W - L - R, ph = 220 - T - 34;
  double ymax = 0;
  for (const Series& s : series)
    for (const double v : s.values)
      if (std::isfinite(v)) ymax = std::max(ymax, v);
  ymax = nice_ceiling(ymax);
  const bool whole = counts(unit);
  if (whole) ymax = std::max(ymax, 4.0);  // five ticks, each a whole number
  const auto x = [&](double ts) { return L + pw * std::clamp(ts / axis.end_s, 0.0, 1.0); };
  const auto y = [&](double v) { return T + ph * (1 - std::clamp((std::isfinite(v) ? v : 0) / ymax, 0.0, 1.0)); };
  std::string s = fmt::format(
      "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" "
      "height=\"{1}\" role=\"img\" aria-label=\"{2}\">\n<text x=\"{3}\" y=\"16\" class=\"title\">{2}</text>\n",
      num(W, 0), num(H, 0), html_escape(title), num(L, 0));
  // Axes and grid.
  for (int i = 0; i <= 4; ++i) {
    const double v = ymax * i / 4, yy = y(v);
    s += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"grid\"/>", num(L, 1), num(yy, 1),
                     num(L + pw, 1), num(yy, 1));
    s += fmt::format("<text x=\"{}\" y=\"{}\" class=\"ytick\">{}</text>\n", num(L - 4, 1), num(yy + 4, 1),
                     html_escape(whole && std::fabs(v - std::round(v)) > 1e-9 ? "" : short_number(v)));
  }
  // X ticks at a round step (1, 2 or 5 x 10^k of the axis' unit), about five of them.
  const double unit_s = axis.unit_s;
  const double step = nice_ceiling(axis.end_s / unit_s / 5.0) * unit_s;
  for (int i = 0; i * step <= axis.end_s + 1e-9 && i <= 10; ++i) {
    const double ts = step * i, xx = x(ts);
    s += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"axis\"/>", num(xx, 1), num(T + ph, 1),
                     num(xx, 1), num(T + ph + 4, 1));
    s += fmt::format("<text x=\"{}\" y=\"{}\" class=\"xtick\">{}</text>\n", num(xx, 1), num(T + ph + 16, 1),
                     fmt::format("{:g}", std::round(ts / unit_s * 100) / 100));
  }
  s +=
      fmt::format("<text x=\"{}\" y=\"{}\" class=\"xlabel\">{}</text>", num(L + pw, 1), num(T + ph + 30, 1), axis.unit);
  s += fmt::format("<text x=\"8\" y=\"{}\" class=\"ylabel\" transform=\"rotate(-90 8 {})\">{}</text>\n",
                   num(T + ph / 2, 1), num(T + ph / 2, 1), html_escape(unit));
  s += fmt::format(
      "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" class=\"axis\"/><line x1=\"{0}\" y1=\"{2}\" "
      "x2=\"{3}\" y2=\"{2}\" class=\"axis\"/>\n",
      num(L, 1), num(T, 1), num(T + ph, 1), num(L + pw, 1));
  // GameDay actions: a shaded band over each action's duration, and its start as a dashed line.
  for (std::size_t i = 0; i < markers.size(); ++i) {
    const Marker& m = markers[i];
    const double xx = x(m.at_s);
    if (m.end_s > m.at_s)
      s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" class=\"band\"><title>{}</title></rect>",
                       num(xx, 1), num(T, 1), num(std::max(1.0, x(m.end_s) - xx), 1), num(ph, 1), html_escape(m.label));
    // Labels staggered over four rows so close actions stay readable.
    s += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" class=\"marker\"><title>{3}</title></line>"
        "<text x=\"{4}\" y=\"{5}\" class=\"mlabel\">{3}</text>\n",
        num(xx, 1), num(T, 1), num(T + ph, 1), html_escape(m.label), num(xx + 2, 1),
        num(T + 9 + 10 * static_cast<double>(i % 4), 1));
  }
  // Lines (a step per metrics period, drawn at the period's start), broken where a value is missing (NaN: e.g. no
  // message deleted in the period, so no latency), and the legend on rows of its own below the axis label.
  double lx = L, ly = T + ph + 46;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const Series& se = series[i];
    const char* colour = kColours[i % kColours.size()];
    std::string pts;
    const std::size_t n = std::min(se.values.size(), t.size());
    const auto flush = [&] {
      if (!pts.empty())
        s += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"1.6\"{} points=\"{}\"/>\n", colour,
                         se.dashed ? " stroke-dasharray=\"5 3\"" : "", pts);
      pts.clear();
    };
    // Appended in place: a report of a long run draws thousands of points, and three formatted temporaries per point
    // (num's two, then the pair) cost more than the rest of the report.
    const auto point = [&](std::size_t k) {
      append_fixed_decimal(pts, x(t[k]), 1);
      pts += ',';
      append_fixed_decimal(pts, y(se.values[k]), 1);
      pts += ' ';
    };
    // With a stride, each bucket of `stride` periods is drawn as its lowest and its highest finite period, in time
    // order, so peaks and dips survive; a bucket with no value (NaN) breaks the line.
    for (std::size_t k0 = 0; k0 < n; k0 += axis.stride) {
      const std::size_t k1 = std::min(n, k0 + axis.stride);
      std::optional<std::size_t> lo, hi;
      for (std::size_t k = k0; k < k1; ++k) {
        if (!std::isfinite(se.values[k])) continue;
        if (!lo || se.values[k] < se.values[*lo]) lo = k;
        if (!hi || se.values[k] > se.values[*hi]) hi = k;
      }
      if (!lo) {
        flush();
        continue;
      }
      point(std::min(*lo, *hi));
      if (*lo != *hi) point(std::max(*lo, *hi));
    }
    flush();
    const double width = 22 + 6.2 * static_cast<double>(se.label.size());
    if (lx > L && lx + width > W - R) {
      lx = L;
      ly += 14;
    }
    s += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"3\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" "
        "class=\"legend\">{}</text>\n",
        num(lx, 1), num(ly - 4, 1), colour, num(lx + 13, 1), num(ly, 1), html_escape(se.label));
    lx += width;
  }
  s += "</svg></figure>\n";
  return s;
}

// NaN (a gap in the chart) where `count` is zero: no sample behind the value.
std::vector<double> gaps_where_zero(std::vector<double> values, const std::vector<double>& count) {
  for (std::size_t i = 0; i < values.size() && i < count.size(); ++i)
    if (count[i] == 0) values[i] = std::numeric_limits<double>::quiet_NaN();
  return values;
}

std::vector<double> column(const sim::TimeSeries& m, const std::string& name) {
  const auto& names = m.column_names();
  const auto it = std::find(names.begin(), names.end(), name);
  std::vector<double> out;
  if (it == names.end()) return out;
  const auto c = static_cast<std::size_t>(it - names.begin());
  // The row count once, not per row: it is a division, and a long run has tens of thousands of rows per column.
  const std::size_t rows = m.row_count();
  out.reserve(rows);
  for (std::size_t r = 0; r < rows; ++r) out.push_back(m.value(r, c));
  return out;
}

// The topology in columns: sources | queues | event source mappings | functions | dead-letter queues.
std::string topology_svg(const model::ScenarioSpec& s) {
  std::set<std::string> dlqs;
  for (const auto& q : s.queues)
    if (q.redrive_policy) dlqs.insert(q.redrive_policy->dead_letter_target);
  std::vector<std::vector<std::pair<std::string, std::string>>> cols(5);  // (id, label)
  for (const auto& p : s.producers) cols[0].push_back({"p:" + p.name, "producer " + p.name});
  for (const auto& v : s.invokers) cols[0].push_back({"i:" + v.name, "invoker " + v.name});
  for (const auto& q : s.queues)
    if (!dlqs.contains(q.name)) cols[1].push_back({"q:" + q.name, "SQS " + q.name});
  for (const auto& m : s.event_source_mappings)
    cols[2].push_back({"m:" + m.queue + "->" + m.function, fmt::format("ESM batch {}", m.batch_size)});
  for (const auto& f : s.functions) cols[3].push_back({"f:" + f.name, "Lambda " + f.name});
  for (const auto& q : s.queues)
    if (dlqs.contains(q.name)) cols[4].push_back({"q:" + q.name, "DLQ " + q.name});
  constexpr double BW = 170, BH = 34, GX = 40, GY = 18;
  std::size_t rows = 1;
  for (const auto& c : cols) rows = std::max(rows, c.size());
  const double W = 5 * BW + 4 * GX + 20, H = static_cast<double>(rows) * (BH + GY) + 20;
  std::map<std::string, std::pair<double, double>> pos;  // box centre
  std::string boxes;
  for (std::size_t c = 0; c < cols.size(); ++c) {
    for (std::size_t r = 0; r < cols[c].size(); ++r) {
      const double x = 10 + static_cast<double>(c) * (BW + GX), y = 10 + static_cast<double>(r) * (BH + GY);
      pos[cols[c][r].first] = {x + BW / 2, y + BH / 2};
      std::string label = cols[c][r].second;
      if (label.size() > 26) label = label.substr(0, 25) + "…";
      boxes += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"5\" class=\"box{}\"/><text "
          "x=\"{}\" y=\"{}\" class=\"boxlabel\">{}</text>\n",
          num(x, 1), num(y, 1), num(BW, 0), num(BH, 0), c == 4 ? " dlq" : "", num(x + BW / 2, 1),
          num(y + BH / 2 + 4, 1), html_escape(label));
    }
  }
  std::string edges;
  const auto edge = [&](const std::string& a, const std::string& b, bool dashed) {
    if (!pos.contains(a) || !pos.contains(b)) return;
    const auto [x1, y1] = pos[a];
    const auto [x2, y2] = pos[b];
    edges +=
        fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"edge{}\" marker-end=\"url(#arrow)\"/>\n",
                    num(x1 + BW / 2, 1), num(y1, 1), num(x2 - BW / 2, 1), num(y2, 1), dashed ? " dashed" : "");
  };
  for (const auto& p : s.producers) edge("p:" + p.name, "q:" + p.queue, false);
  for (const auto& v : s.invokers) edge("i:" + v.name, "f:" + v.function, false);
  for (const auto& m : s.event_source_mappings) {
    edge("q:" + m.queue, "m:" + m.queue + "->" + m.function, false);
    edge("m:" + m.queue + "->" + m.function, "f:" + m.function, false);
  }
  for (const auto& q : s.queues)
    if (q.redrive_policy) edge("q:" + q.name, "q:" + q.redrive_policy->dead_letter_target, true);
  // Downstream stages (through an SNS topic: to each subscribed queue).
  for (const auto& f : s.functions)
    for (const auto& target : f.publishes_to) {
      const auto topic =
          std::find_if(s.topics.begin(), s.topics.end(), [&](const auto& t) { return t.name == target; });
      if (topic == s.topics.end()) {
        edge("f:" + f.name, "q:" + target, false);
      } else {
        for (const auto& q : topic->subscriptions) edge("f:" + f.name, "q:" + q, false);
      }
    }
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" height=\"{1}\" "
      "role=\"img\" aria-label=\"topology\"><defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" "
      "refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" "
      "fill=\"#555\"/></marker></defs>\n{2}{3}</svg>\n",
      num(W, 0), num(H, 0), edges, boxes);
}

std::string alarm_band(const json& alarm, const Axis& axis) {
  constexpr double W = 640, L = 150, R = 12, H = 26;
  const double pw = W - L - R;
  std::string s = fmt::format(
      "<div><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" "
      "height=\"{1}\"><text x=\"0\" y=\"16\" class=\"legend\">{2}</text>",
      num(W, 0), num(H, 0), html_escape(alarm.value("name", std::string("alarm"))));
  const json& tr = alarm.at("transitions");
  for (std::size_t i = 0; i < tr.size(); ++i) {
    const double from = tr[i].value("at_s", 0.0);
    const double to = i + 1 < tr.size() ? tr[i + 1].value("at_s", 0.0) : axis.end_s;
    const std::string state = tr[i].value("state", std::string());
    const char* fill = state == "ALARM" ? "#d62728" : state == "OK" ? "#2ca02c" : "#bbbbbb";
    const double x1 = L + pw * std::clamp(from / axis.end_s, 0.0, 1.0),
                 x2 = L + pw * std::clamp(to / axis.end_s, 0.0, 1.0);
    s += fmt::format("<rect x=\"{}\" y=\"4\" width=\"{}\" height=\"16\" fill=\"{}\"><title>{} from {} s</title></rect>",
                     num(x1, 1), num(std::max(0.0, x2 - x1), 1), fill, html_escape(state), num(from, 0));
  }
  return s + "</svg></div>\n";
}

// The time-series charts: queue depth and age, concurrency, the mappings against their limits, calls, cold starts,
// environments and latency percentiles.
std::string charts_html(const model::Simulation& sim, const std::vector<double>& t, const std::vector<Marker>& markers,
                        const Axis& axis) {
  const sim::TimeSeries& m = sim.metrics();
  std::string charts;
  std::vector<Series> depth;
  for (const auto& q : sim.queues()) {
    if (q->is_dead_letter_queue()) {
      depth.push_back({"DLQ " + q->name(), column(m, q->name() + "/ApproximateNumberOfMessagesVisible"), true});
    } else {
      depth.push_back({q->name() + " visible", column(m, q->name() + "/ApproximateNumberOfMessagesVisible")});
      depth.push_back({q->name() + " in flight", column(m, q->name() + "/ApproximateNumberOfMessagesNotVisible")});
    }
  }
  charts += chart("Queue depth (visible, in flight, DLQ)", "messages", t, depth, markers, axis);
  std::vector<Series> age;
  for (const auto& q : sim.queues())
    if (!q->is_dead_letter_queue()) age.push_back({q->name(), column(m, q->name() + "/ApproximateAgeOfOldestMessage")});
  charts += chart("Age of the oldest message", "seconds", t, age, markers, axis);
  std::vector<Series> conc, calls, cold, lat, envs;
  for (const auto& f : sim.functions()) {
    conc.push_back({f->name() + " concurrent", column(m, f->name() + "/ConcurrentExecutions")});
    conc.push_back({f->name() + " limit", column(m, f->name() + "/ConcurrencyLimit"), true});
    calls.push_back({f->name() + " invocations", column(m, f->name() + "/Invocations")});
    calls.push_back({f->name() + " errors", column(m, f->name() + "/Errors")});
    calls.push_back({f->name() + " throttles", column(m, f->name() + "/Throttles")});
    cold.push_back({f->name(), column(m, f->name() + "/ColdStarts")});
    lat.push_back({f->name() + " duration p99",
                   gaps_where_zero(column(m, f->name() + "/Duration.p99"), column(m, f->name() + "/Invocations"))});
    envs.push_back({f->name() + " all", column(m, f->name() + "/Environments.Average")});
    envs.push_back({f->name() + " busy", column(m, f->name() + "/BusyEnvironments.Average")});
    envs.push_back({f->name() + " idle", column(m, f->name() + "/IdleEnvironments.Average"), true});
  }
  for (const auto& q : sim.queues()) {
    if (q->is_dead_letter_queue()) continue;
    // A period with no delete has no latency: a gap, not a zero that reads as "instant".
    const auto deleted = column(m, q->name() + "/NumberOfMessagesDeleted");
    lat.push_back(
        {q->name() + " end-to-end p50", gaps_where_zero(column(m, q->name() + "/EndToEndLatency.p50"), deleted)});
    lat.push_back(
        {q->name() + " end-to-end p99", gaps_where_zero(column(m, q->name() + "/EndToEndLatency.p99"), deleted)});
  }
  charts += chart("Concurrency against its limit", "executions", t, conc, markers, axis);
  // Each event source mapping's concurrency against the limits that cap it: MaximumConcurrency and the function's
  // reserved concurrency (whichever is lower wins; a mapping above reserved concurrency is throttled).
  std::vector<Series> esm;
  for (const auto& mp : sim.event_source_mappings()) {
    const auto& ms = mp->spec();
    const std::string id = ms.queue + "->" + ms.function;
    // What the limits cap: the batches being invoked, not the pollers (a throttled batch's poller backs off and
    // stays, so pollers can stand far above reserved concurrency while the function runs a handful).
    const auto c = column(m, model::esm_metric(ms, model::kEsmConcurrentInvocations));
    esm.push_back({id + " concurrent invocations", c});
    if (ms.scaling.maximum_concurrency)
      esm.push_back({"MaximumConcurrency", std::vector<double>(c.size(), *ms.scaling.maximum_concurrency), true});
    for (const auto& f : sim.functions())
      if (f->name() == ms.function && f->spec().reserved_concurrency)
        esm.push_back({ms.function + " reserved concurrency",
                       std::vector<double>(c.size(), *f->spec().reserved_concurrency), true});
  }
  if (!esm.empty())
    charts +=
        chart("Event source mapping concurrency against its limits", "concurrent invocations", t, esm, markers, axis);
  charts += chart("Invocations, errors, throttles per period", "per period", t, calls, markers, axis);
  charts += chart("Cold starts per period", "per period", t, cold, markers, axis);
  charts += chart("Execution environments (period averages)", "environments", t, envs, markers, axis);
  charts += chart("Latency percentiles", "ms", t, lat, markers, axis);
  return charts;
}

// Per function: cold-start probability with its interval, time-averaged environments, lifespans.
std::string environments_table(const json& summary) {
  std::string environments =
      "<table><tr><th>function</th><th>cold-start probability (95 %)</th><th>environments: mean (busy, idle, "
      "initialising)</th><th>lifespan s: mean, p50, p99 (n)</th></tr>";
  for (const auto& f : summary.value("functions", json::array())) {
    const json p = f.value("cold_start_probability", json::object());
    const json e = f.value("environments", json::object());
    const json l = e.value("lifespan_s", json::object());
    environments += fmt::format(
        "<tr><td>{}</td><td>{} ({}-{})</td><td>{} ({}, {}, {})</td><td>{}, {}, {} ({})</td></tr>",
        html_escape(f.value("name", std::string())), num(p.value("value", 0.0), 4), num(p.value("ci95_low", 0.0), 4),
        num(p.value("ci95_high", 0.0), 4), num(e.value("mean", 0.0), 2), num(e.value("busy_mean", 0.0), 2),
        num(e.value("idle_mean", 0.0), 2), num(e.value("initializing_mean", 0.0), 2), num(l.value("mean", 0.0), 1),
        num(l.value("p50", 0.0), 1), num(l.value("p99", 0.0), 1), l.value("count", 0));
  }
  environments += "</table>\n";

  return environments;
}

std::string alarms_section(const json& summary, const Axis& axis) {
  std::string alarms;
  if (summary.contains("alarms") && summary["alarms"].is_array() && !summary["alarms"].empty()) {
    for (const auto& a : summary["alarms"]) alarms += alarm_band(a, axis);
    alarms += "<table><tr><th>alarm</th><th>metric</th><th>state changes</th></tr>";
    for (const auto& a : summary["alarms"]) {
      std::string changes;
      for (const auto& x : a.at("transitions"))
        changes += fmt::format("{} s {}; ", num(x.value("at_s", 0.0), 0), x.value("state", std::string()));
      alarms += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", html_escape(a.value("name", std::string())),
                            html_escape(a.value("metric", std::string())), html_escape(changes));
    }
    alarms += "</table>\n";
  } else {
    alarms = "<p>No alarms configured.</p>\n";
  }

  return alarms;
}

std::string gameday_section(const json& summary) {
  std::string gameday = "<p>No GameDay in this scenario.</p>\n";
  if (summary.contains("gameday") && summary["gameday"].is_object()) {
    gameday = "<table><tr><th>at</th><th>action</th><th>effect</th></tr>";
    for (const auto& a : summary["gameday"].value("actions", json::array()))
      gameday +=
          fmt::format("<tr><td>{} s</td><td>{} ({})</td><td>{}</td></tr>", num(a.value("at_s", 0.0), 0),
                      html_escape(a.value("name", std::string())), html_escape(a.value("action_id", std::string())),
                      html_escape(a.value("effect", std::string())));
    gameday += "</table><table><tr><th>expectation</th><th>result</th><th>detail</th></tr>";
    for (const auto& x : summary["gameday"].value("expectations", json::array()))
      gameday += fmt::format("<tr><td>{}</td><td class=\"{}\">{}</td><td>{}</td></tr>",
                             html_escape(x.value("name", std::string())), x.value("passed", false) ? "pass" : "fail",
                             x.value("passed", false) ? "PASS" : "FAIL", html_escape(x.value("detail", std::string())));
    gameday += "</table>\n";
  }

  return gameday;
}

std::string accounting_table(const json& summary) {
  std::string accounting = "<table>";
  if (summary.contains("accounting"))
    for (const auto& [k, v] : summary["accounting"].items())
      accounting += fmt::format("<tr><td>{}</td><td>{}</td></tr>", html_escape(k), html_escape(v.dump()));
  accounting += "</table>\n";

  return accounting;
}

std::string cost_section(const json& summary) {
  std::string cost =
      "<table><tr><th>resource</th><th>service</th><th>requests</th><th>GB-seconds</th><th>window (USD)</th>"
      "<th>month (USD)</th></tr>";
  if (summary.contains("cost")) {
    for (const auto& line : summary["cost"].value("breakdown", json::array()))
      cost += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                          html_escape(line.value("resource", std::string())),
                          html_escape(line.value("service", std::string())), num(line.value("requests", 0.0), 0),
                          num(line.value("gb_seconds", 0.0), 3), num(line.value("window_usd", 0.0), 6),
                          line["monthly_usd"].is_number() ? num(line["monthly_usd"].get<double>(), 2) : "-");
    const json& month = summary["cost"]["monthly_projection_usd"];
    cost += fmt::format("<tr><th colspan=\"4\">total</th><th>{}</th><th>{}</th></tr>",
                        num(summary["cost"].value("window_usd", 0.0), 6),
                        month.is_number() ? num(month.get<double>(), 2) : "-");
  }
  cost += "</table>\n";
  if (summary.contains("cost")) {
    // Beside the month: what a million messages cost, the figure that compares across loads and windows.
    const json& per_million = summary["cost"]["usd_per_million_messages"];
    if (per_million.is_number())
      cost += fmt::format(
          "<p class=\"per-million\"><b>${} per million messages</b> (the window's cost over its {} "
          "finished messages)</p>\n",
          num(per_million.get<double>(), 2), num(summary["cost"].value("completed_messages", 0.0), 0));
    cost += "<p>" + html_escape(summary["cost"].value("projection", std::string())) + "</p>\n";
  }

  return cost;
}

// GameDay actions as markers (a line at the start, a shaded band over a timed action's duration). An aws:fis:wait
// is the pause between faults, not a fault: shading it would merge the impairments around it into one band.
std::vector<Marker> gameday_markers(const json& summary) {
  std::vector<Marker> markers;
  if (summary.contains("gameday") && summary["gameday"].is_object())
    for (const auto& a : summary["gameday"].value("actions", json::array()))
      if (a.value("action_id", std::string()) != "aws:fis:wait")
        markers.push_back({a.value("at_s", 0.0), a.value("name", std::string()),
                           a["end_s"].is_number() ? a["end_s"].get<double>() : -1.0});
  return markers;
}

}  // namespace

std::string html_report(const model::Simulation& sim, const json& summary, std::string_view scenario_text) {
  const model::ScenarioSpec& spec = sim.spec();
  const sim::TimeSeries& m = sim.metrics();
  std::vector<double> t;
  for (std::size_t r = 0; r < m.row_count(); ++r) t.push_back(m.row_start(r).seconds());
  Axis axis = time_axis(sim.now().seconds());
  axis.stride = chart_stride(m.row_count());
  std::string chart_note;
  if (axis.stride > 1)
    chart_note = fmt::format(
        "<p>The charts draw this run's {} metrics periods of {} s in buckets of {} periods, each bucket as its lowest "
        "and highest period (so peaks show); metrics.csv holds every period.</p>\n",
        m.row_count(), num(m.period().seconds(), 0), axis.stride);
  const std::vector<Marker> markers = gameday_markers(summary);
  const auto& a = summary.value("accounting", json::object());
  return fmt::format(R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>sqsim report: {name}</title>
<style>
body {{ font-family: sans-serif; margin: 24px; color: #222; max-width: 1400px; }}
h1 {{ font-size: 22px; margin-bottom: 4px; }} h2 {{ font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; }}
.charts {{ display: flex; flex-wrap: wrap; gap: 8px; }} figure.chart {{ margin: 0; }}
svg text {{ font-size: 11px; fill: #333; }} .title {{ font-size: 13px; font-weight: bold; }}
.ytick {{ text-anchor: end; }} .xtick {{ text-anchor: middle; }} .xlabel {{ text-anchor: end; fill: #666; }}
.ylabel {{ text-anchor: middle; fill: #666; }} .grid {{ stroke: #eee; }} .axis {{ stroke: #888; }}
.marker {{ stroke: #9467bd; stroke-dasharray: 4 3; }} .mlabel {{ fill: #9467bd; font-size: 10px; }}
.band {{ fill: #9467bd; fill-opacity: 0.12; }}
.box {{ fill: #eef4fb; stroke: #1f77b4; }} .box.dlq {{ fill: #fdeaea; stroke: #d62728; }}
.boxlabel {{ text-anchor: middle; }} .edge {{ stroke: #555; }} .edge.dashed {{ stroke-dasharray: 5 3; }}
table {{ border-collapse: collapse; margin: 8px 0; }} td, th {{ border: 1px solid #ddd; padding: 3px 8px; text-align: left; }}
.pass {{ color: #2ca02c; font-weight: bold; }} .fail {{ color: #d62728; font-weight: bold; }}
.verdict {{ border: 2px solid #ccc; border-radius: 6px; padding: 4px 14px; background: #fafafa; }}
.verdict .headline {{ font-size: 18px; }} .loss .note {{ color: #555; }}
pre {{ background: #f6f6f6; padding: 10px; overflow: auto; max-height: 480px; font-size: 12px; }}
</style></head><body>
<h1>{name}</h1>
<p>{description}</p>
{verdict}<p>seed {seed}, replication {replication}; {simulated} simulated seconds; {events} events.
Messages: {produced} produced = {deleted} deleted + {filtered} filtered + {in_dlq} in DLQ + {expired} expired + the rest
queued, in flight or dropped ({balanced}).</p>
<h2>Over time</h2>
{chart_note}<div class="charts">
{charts}</div>
<h2>Execution environments</h2>
{environments}<h2>Alarms</h2>
{alarms}<h2>GameDay</h2>
{gameday}<h2>Topology</h2>
{topology}<h2>Accounting</h2>
{accounting}<h2>Cost</h2>
{cost}<h2>Configuration</h2>
<pre>{scenario}</pre>
<p>Written by sqsim: same scenario and seed, same page.</p>
</body></html>
)",
                     fmt::arg("name", html_escape(spec.name)), fmt::arg("description", html_escape(spec.description)),
                     fmt::arg("verdict", verdict_panel_html(summary)), fmt::arg("seed", sim.seed()),
                     fmt::arg("replication", sim.replication()), fmt::arg("simulated", num(sim.now().seconds(), 1)),
                     fmt::arg("events", sim.engine().events_processed()), fmt::arg("produced", a.value("produced", 0)),
                     fmt::arg("deleted", a.value("deleted", 0)), fmt::arg("filtered", a.value("filtered", 0)),
                     fmt::arg("in_dlq", a.value("in_dlq", 0)), fmt::arg("expired", a.value("expired", 0)),
                     fmt::arg("balanced", a.value("balanced", false) ? "balanced" : "NOT balanced"),
                     fmt::arg("chart_note", chart_note), fmt::arg("charts", charts_html(sim, t, markers, axis)),
                     fmt::arg("environments", environments_table(summary)),
                     fmt::arg("alarms", alarms_section(summary, axis)), fmt::arg("gameday", gameday_section(summary)),
                     fmt::arg("topology", topology_svg(spec)), fmt::arg("accounting", accounting_table(summary)),
                     fmt::arg("cost", cost_section(summary)), fmt::arg("scenario", html_escape(scenario_text)));
}

}  // namespace reports
