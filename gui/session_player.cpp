#include "gui/session_player.hpp"

#include <nlohmann/json.hpp>

namespace gui {

namespace {

using nlohmann::json;

// The session's samples as columns (one array per series), its log, its changes and any exercise attempts.
json player_data(const Session& s) {
  json cols = json::object();
  const auto column = [&](const char* name, auto get) {
    json a = json::array();
    for (const Sample& x : s.samples()) a.push_back(get(x));
    cols[name] = std::move(a);
  };
  column("t", [](const Sample& x) { return x.t; });
  column("visible", [](const Sample& x) { return x.visible; });
  column("in_flight", [](const Sample& x) { return x.in_flight; });
  column("dlq", [](const Sample& x) { return x.dlq; });
  column("oldest_age_s", [](const Sample& x) { return x.oldest_age_s; });
  column("concurrency", [](const Sample& x) { return x.concurrency; });
  column("concurrency_limit", [](const Sample& x) { return x.concurrency_limit; });
  column("pollers", [](const Sample& x) { return x.pollers; });
  column("throttles_per_s", [](const Sample& x) { return x.throttles_per_s; });
  column("errors_per_s", [](const Sample& x) { return x.errors_per_s; });
  column("cold_starts_per_s", [](const Sample& x) { return x.cold_starts_per_s; });
  column("p50_ms", [](const Sample& x) { return x.p50_ms; });
  column("p99_ms", [](const Sample& x) { return x.p99_ms; });
  column("received_per_s", [](const Sample& x) { return x.received_per_s; });
  column("deleted_per_s", [](const Sample& x) { return x.deleted_per_s; });
  json log = json::array();
  for (const LogLine& l : s.log().lines()) log.push_back({l.t, l.kind, l.text});
  json changes = json::array();
  for (const Change& c : s.changes()) changes.push_back({c.at_s, c.description});
  json attempts = json::array();
  for (const Attempt& a : s.attempts()) {
    json parts = json::array();
    for (const GoalPart& p : a.parts) parts.push_back({p.name, p.passed, p.detail});
    attempts.push_back({{"passed", a.passed}, {"parts", parts}, {"rule_breaks", a.rule_breaks}});
  }
  const model::ScenarioSpec& spec = s.simulation().spec();
  return {{"title", spec.description.empty() ? spec.name : spec.description},
          {"scenario", s.scenario_file()},
          {"seed", s.seed()},
          {"ended_at_s", s.now_s()},
          {"samples", cols},
          {"log", log},
          {"changes", changes},
          {"attempts", attempts}};
}

// The page. Okabe-Ito colours as in the dashboard; charts on <canvas>, time ticks in the unit that fits.
constexpr const char* kPage = R"HTML(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sqsim session player</title>
<style>
body{font-family:"DejaVu Sans",sans-serif;background:#15171c;color:#ddd;margin:16px}
h1{font-size:18px;margin:0 0 4px} .sub{color:#aaa;font-size:13px;margin-bottom:10px}
.bar{display:flex;gap:10px;align-items:center;margin:8px 0} #scrub{flex:1} button{font-size:14px;padding:4px 14px}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:10px} .chart{background:#1b1e25;padding:6px;border-radius:4px}
.chart h2{font-size:13px;margin:0 0 4px;font-weight:normal} canvas{width:100%;height:150px}
.legend span{font-size:12px;margin-right:12px} .legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
#log{background:#1b1e25;height:220px;overflow-y:auto;font-family:"DejaVu Sans Mono",monospace;font-size:12px;padding:6px;margin-top:10px}
.dlq,.error{color:#d55e00}.throttled,.returned{color:#e69f00}.change{color:#56b4e9}
#attempts{margin-top:10px;font-size:13px} .pass{color:#009e73}.fail{color:#d55e00}
</style></head><body>
<h1 id="title"></h1><div class="sub" id="sub"></div>
<div class="bar"><button id="play">Play</button><input type="range" id="scrub" min="0" max="1000" value="1000">
<span id="now"></span><select id="speed"><option value="10">10×</option><option value="60" selected>60×</option>
<option value="600">600×</option><option value="3600">3600×</option></select></div>
<div class="grid" id="charts"></div><div id="log"></div><div id="attempts"></div>
<script type="application/json" id="data">@DATA@</script>
<script>
"use strict";
const D = JSON.parse(document.getElementById("data").textContent);
const S = D.samples, T = S.t, n = T.length;
const C = {orange:"#e69f00", sky:"#56b4e9", green:"#009e73", yellow:"#f0e442", blue:"#0072b2", red:"#d55e00", purple:"#cc79a7"};
const charts = [
  ["Queue: visible / in flight / DLQ (messages)", true, [["visible","visible",C.sky],["in flight","in_flight",C.orange],["DLQ","dlq",C.red]]],
  ["ApproximateAgeOfOldestMessage (s)", false, [["age s","oldest_age_s",C.purple]]],
  ["ConcurrentExecutions, limit, pollers", true, [["concurrency","concurrency",C.green],["limit","concurrency_limit",C.red],["pollers","pollers",C.blue]]],
  ["Throttles, Errors, cold starts (per s)", false, [["throttles","throttles_per_s",C.red],["errors","errors_per_s",C.orange],["cold starts","cold_starts_per_s",C.yellow]]],
  ["End-to-end latency (ms)", false, [["p50","p50_ms",C.green],["p99","p99_ms",C.red]]],
  ["Received and deleted (per s)", false, [["received","received_per_s",C.sky],["deleted","deleted_per_s",C.green]]]];
const t0 = n ? T[0] : 0, t1 = n ? T[n - 1] : 1;
document.getElementById("title").textContent = D.title;
document.getElementById("sub").textContent = D.scenario + " \u2014 seed " + D.seed + ", " + D.changes.length +
  " change(s), ended at " + D.ended_at_s.toFixed(1) + " s";
function nice(raw) { const p = Math.pow(10, Math.floor(Math.log10(raw))); for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p; return 10 * p; }
function timeUnit(span) { return span >= 3 * 86400 ? ["d", 86400] : span >= 3 * 3600 ? ["h", 3600] : span >= 180 ? ["min", 60] : ["s", 1]; }
const canvases = charts.map(([title, counts, series]) => {
  const div = document.createElement("div"); div.className = "chart";
  const h = document.createElement("h2"); h.textContent = title; div.appendChild(h);
  const cv = document.createElement("canvas"); div.appendChild(cv);
  const lg = document.createElement("div"); lg.className = "legend";
  for (const [name, , colour] of series) { const s = document.createElement("span"); const i = document.createElement("i"); i.style.background = colour; s.appendChild(i); s.appendChild(document.createTextNode(name)); lg.appendChild(s); }
  div.appendChild(lg); document.getElementById("charts").appendChild(div);
  let ymax = 0; for (const [, key] of series) for (const v of S[key]) ymax = Math.max(ymax, v);
  let step = nice(Math.max(ymax * 1.05, counts ? 1 : 1e-9) / 4); if (counts) step = Math.max(1, Math.round(step));
  const top = Math.max(step, Math.ceil(ymax * 1.05 / step) * step);
  return {cv, series, top, step};
});
function draw(tc) {
  const [unit, us] = timeUnit(t1 - t0);
  for (const ch of canvases) {
    const cv = ch.cv, w = cv.clientWidth, h = cv.clientHeight; cv.width = w; cv.height = h;
    const g = cv.getContext("2d"), L = 48, B = 16, W = w - L - 6, H = h - B - 4;
    g.fillStyle = "#16191f"; g.fillRect(L, 4, W, H); g.font = "11px sans-serif"; g.fillStyle = "#aaa"; g.strokeStyle = "#343842";
    for (let v = 0; v <= ch.top + 1e-9; v += ch.step) { const y = 4 + H - v / ch.top * H; g.beginPath(); g.moveTo(L, y); g.lineTo(L + W, y); g.stroke(); g.fillText(v.toLocaleString("en"), 2, y + 4); }
    const span = Math.max(1e-9, t1 - t0), tstep = nice(span / us / 5) * us;
    for (let t = Math.ceil(t0 / tstep) * tstep; t <= t1 + 1e-9; t += tstep) { const x = L + (t - t0) / span * W; g.beginPath(); g.moveTo(x, 4); g.lineTo(x, 4 + H); g.stroke(); const lab = (t / us).toLocaleString("en") + " " + unit, tw = g.measureText(lab).width; g.fillText(lab, Math.min(Math.max(x - tw / 2, L), L + W - tw), h - 3); }
    for (const c of D.changes) { const x = L + (c[0] - t0) / span * W; g.strokeStyle = C.sky; g.setLineDash([3, 3]); g.beginPath(); g.moveTo(x, 4); g.lineTo(x, 4 + H); g.stroke(); g.setLineDash([]); }
    for (const [, key, colour] of ch.series) {
      g.strokeStyle = colour; g.lineWidth = 1.5; g.beginPath(); let first = true;
      for (let i = 0; i < n && T[i] <= tc; i++) { const x = L + (T[i] - t0) / span * W, y = 4 + H - Math.min(1, S[key][i] / ch.top) * H; first ? g.moveTo(x, y) : g.lineTo(x, y); first = false; }
      g.stroke();
    }
    const xc = L + (tc - t0) / span * W; g.strokeStyle = "#fff"; g.beginPath(); g.moveTo(xc, 4); g.lineTo(xc, 4 + H); g.stroke();
  }
  document.getElementById("now").textContent = "t = " + tc.toFixed(1) + " s";
  const log = document.getElementById("log"); log.textContent = "";
  const lines = D.log.filter(l => l[0] <= tc).slice(-200);
  for (const l of lines) { const d = document.createElement("div"); d.className = l[1]; d.textContent = l[0].toFixed(3).padStart(10) + " s  " + l[2]; log.appendChild(d); }
  log.scrollTop = log.scrollHeight;
}
const scrub = document.getElementById("scrub"), play = document.getElementById("play");
let tc = t1, playing = false, last = 0;
function tFromScrub() { return t0 + (t1 - t0) * scrub.value / 1000; }
scrub.addEventListener("input", () => { tc = tFromScrub(); draw(tc); });
play.addEventListener("click", () => { playing = !playing; play.textContent = playing ? "Pause" : "Play"; if (playing && tc >= t1) tc = t0; last = 0; requestAnimationFrame(tick); });
function tick(ts) {
  if (!playing) return;
  if (last) tc = Math.min(t1, tc + (ts - last) / 1000 * Number(document.getElementById("speed").value));
  last = ts; scrub.value = Math.round((tc - t0) / Math.max(1e-9, t1 - t0) * 1000); draw(tc);
  if (tc >= t1) { playing = false; play.textContent = "Play"; return; }
  requestAnimationFrame(tick);
}
const at = document.getElementById("attempts");
D.attempts.forEach((a, i) => { const d = document.createElement("div"); d.className = a.passed ? "pass" : "fail";
  d.textContent = "Attempt " + (i + 1) + ": " + (a.passed ? "goal met" : "not yet") + " \u2014 " +
    a.parts.map(p => (p[1] ? "met " : "failed ") + p[0] + " (" + p[2] + ")").concat(a.rule_breaks).join("; "); at.appendChild(d); });
window.addEventListener("resize", () => draw(tc));
draw(tc);
</script></body></html>
)HTML";

}  // namespace

std::string session_player_html(const Session& s) {
  // "</" inside the JSON would end the <script> element early; "<\/" is the same string to JSON.
  std::string data = player_data(s).dump();
  for (std::size_t p = data.find("</"); p != std::string::npos; p = data.find("</", p + 3)) data.insert(p + 1, "\\");
  std::string page = kPage;
  page.replace(page.find("@DATA@"), 6, data);
  return page;
}

}  // namespace gui
