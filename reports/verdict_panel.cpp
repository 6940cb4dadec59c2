#include "reports/verdict_panel.hpp"

#include <fmt/format.h>
#include <cmath>

#include "reports/html_report.hpp"

namespace reports {

using nlohmann::json;

std::string readable_ms(double ms) {
  if (!std::isfinite(ms)) return "never";
  if (ms < 1000) return fmt::format("{:.0f} ms", ms);
  if (ms < 60'000) return fmt::format("{:.1f} s", ms / 1000);
  if (ms < 3'600'000) return fmt::format("{:.1f} min", ms / 60'000);
  return fmt::format("{:.1f} h", ms / 3'600'000);
}

namespace {

std::string text(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

// summary.json's loss keys with their words (judge/loss.cpp's reasons; the keys are the contract).
struct LossReason {
  const char* key;
  const char* words;
  bool is_loss;
};
constexpr LossReason kReasons[] = {
    {"refused_access_denied", "refused at SendMessage: access denied", true},
    {"refused_over_limits", "refused at SendMessage: over SQS limits", true},
    {"expired", "expired (retention period)", true},
    {"deleted_unprocessed", "deleted unprocessed by a handler", true},
    {"redrive_refused", "refused by a redrive's destination", true},
    {"filtered", "filtered: deleted unprocessed by the event filter", false},
    {"purged", "purged (PurgeQueue)", false},
    {"in_dlq", "in a dead-letter queue", false},
    {"fifo_deduplicated", "FIFO deduplicated (not loss: the send succeeded)", false},
};

}  // namespace

std::string verdict_panel_html(const json& summary) {
  const json verdicts = summary.value("verdicts", json::object());
  const json loss = summary.value("loss", json::object());
  const json lat = summary.value("end_to_end_latency_ms", json::object());
  const bool passed = verdicts.value("passed", false);
  const json keeps = verdicts.value("keeps_up", json::object());
  const bool keeps_up = keeps.value("keeps_up", true);
  std::string out = "<section id=\"verdict\" class=\"verdict\">\n";
  out += fmt::format("<p class=\"headline\"><span class=\"{}\">{}</span> &middot; <span class=\"{}\">{}</span>",
                     passed ? "pass" : "fail", passed ? "PASS" : "FAIL", keeps_up ? "pass" : "fail",
                     keeps_up ? "keeps up" : "falls behind");
  out += fmt::format(" &middot; end-to-end latency p50 <b>{}</b>, p99 <b>{}</b> ({} messages)</p>\n",
                     readable_ms(lat.value("p50", 0.0)), readable_ms(lat.value("p99", 0.0)), lat.value("count", 0));
  out += "<p>" + html_escape(text(keeps, "detail")) + "</p>\n";
  std::string losses;
  for (const LossReason& r : kReasons) {
    const std::uint64_t n = loss.value(r.key, std::uint64_t{0});
    if (n == 0) continue;
    losses += fmt::format("<li class=\"{}\">{} {}</li>", r.is_loss ? "fail" : "note", n, r.words);
  }
  if (!losses.empty()) {
    out += fmt::format("<p class=\"{}\">{} messages lost</p><ul class=\"loss\">{}</ul>\n",
                       loss.value("lost", 0) > 0 ? "fail" : "pass", loss.value("lost", 0), losses);
  } else {
    out += "<p class=\"pass\">no message lost</p>\n";
  }
  out +=
      "<table class=\"verdicts\"><tr><th>verdict</th><th></th><th>what</th><th>measured</th><th>bound</th>"
      "<th>reason</th></tr>";
  for (const json& v : verdicts.value("list", json::array())) {
    const bool ok = v.value("passed", false);
    const std::string unit = text(v, "unit");
    auto figure = [&](const char* key) {
      if (!v.contains(key) || !v[key].is_number()) return std::string("-");
      const double x = v[key].get<double>();
      return unit == "ms" ? readable_ms(x) : fmt::format("{:g} {}", x, unit);
    };
    out +=
        fmt::format("<tr><td>{}</td><td class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    html_escape(text(v, "kind")), ok ? "pass" : "fail", ok ? "PASS" : "FAIL",
                    html_escape(text(v, "name")), html_escape(figure("measured")),
                    text(v, "type") == "keeps_up" ? "-" : html_escape(figure("bound")), html_escape(text(v, "detail")));
  }
  out += "</table>\n</section>\n";
  return out;
}

}  // namespace reports
