#include "loader/gameday_loader.hpp"

#include "loader/input_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "model/actions.hpp"
#include "model/spec_validation.hpp"

namespace scenarios {

using nlohmann::json;
using Kind = model::GameDayAction::Kind;

std::optional<sim::Time> parse_iso8601_duration(const std::string& text) {
  static const std::regex re(R"(^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$)");
  std::smatch m;
  if (!std::regex_match(text, m, re) || text == "P" || text == "PT") return std::nullopt;
  const auto part = [&](int i) { return m[i].matched ? std::stod(m[i].str()) : 0.0; };
  const double seconds = part(1) * 86400 + part(2) * 3600 + part(3) * 60 + part(4);
  return sim::Time{std::llround(seconds * 1e6)};
}

namespace {

// FIS writes parameter values as strings ("invocationPercentage": "50"); plain JSON numbers are accepted too.
std::optional<double> number_param(JsonReader& r, const json& params, const std::string& pp, const char* key, double lo,
                                   double hi, const std::string& what) {
  if (!params.contains(key)) return std::nullopt;
  const json& v = params.at(key);
  double x = 0;
  bool ok = v.is_number();
  if (ok) x = v.get<double>();
  if (v.is_string()) {
    std::size_t used = 0;
    try {
      x = std::stod(v.get<std::string>(), &used);
      ok = used == v.get<std::string>().size();
    } catch (const std::exception&) {
      ok = false;
    }
  }
  if (!ok || !std::isfinite(x) || x < lo || x > hi) {
    r.error(JsonReader::child(pp, key), "got " + JsonReader::show(v) + ", expected " + what + " from " +
                                            range_text(lo, hi) + " (a number or a numeric string)");
    return std::nullopt;
  }
  return x;
}

std::optional<bool> bool_param(JsonReader& r, const json& params, const std::string& pp, const char* key) {
  if (!params.contains(key)) return std::nullopt;
  const json& v = params.at(key);
  if (v.is_boolean()) return v.get<bool>();
  if (v == "true") return true;
  if (v == "false") return false;
  r.error(JsonReader::child(pp, key), "got " + JsonReader::show(v) + ", expected true or false");
  return std::nullopt;
}

std::vector<std::string> names_of(const model::ScenarioSpec& s, const std::string& kind) {
  std::vector<std::string> out;
  if (kind == "Functions")
    for (const auto& f : s.functions) out.push_back(f.name);
  if (kind == "Queues")
    for (const auto& q : s.queues) out.push_back(q.name);
  if (kind == "Producers")
    for (const auto& p : s.producers) out.push_back(p.name);
  if (kind == "EventSourceMappings")
    for (const auto& m : s.event_source_mappings) out.push_back(m.queue + "->" + m.function);
  return out;
}

// The action's id, looked up in the action table; nullptr (reported) when unknown.
const model::ActionDefinition* read_action_id(JsonReader& r, const json& a, const std::string& p,
                                              model::GameDayAction& out) {
  out.action_id = r.string(a, p, "actionId", "", true);
  const model::ActionDefinition* d = model::find_action(out.action_id);
  if (d == nullptr) {
    std::string known;
    for (const auto& i : model::action_table()) known += (known.empty() ? "" : ", ") + std::string(i.id);
    if (!out.action_id.empty())
      r.error(JsonReader::child(p, "actionId"), "got \"" + out.action_id + "\", expected one of " + known);
    return nullptr;
  }
  out.kind = d->kind;
  return d;
}

// When it starts: FIS startAfter, or the sim extension at_s.
void read_timing(JsonReader& r, const json& a, const std::string& p, model::GameDayAction& out) {
  if (a.contains("startAfter")) {
    const json& sa = a.at("startAfter");
    if (!sa.is_array()) r.error(JsonReader::child(p, "startAfter"), "expected an array of action names");
    for (std::size_t i = 0; sa.is_array() && i < sa.size(); ++i) {
      if (sa[i].is_string())
        out.start_after.push_back(sa[i].get<std::string>());
      else
        r.error(JsonReader::index(JsonReader::child(p, "startAfter"), i), "expected an action name");
    }
  }
  // sim extension: start at an absolute simulated time (how a GUI session's changes are exported); FIS expresses the
  // same with an aws:fis:wait and startAfter.
  if (a.contains("at_s")) {
    out.at = r.seconds(a, p, "at_s", sim::Time{0}, 0, 86400.0 * 365, "seconds from the start of the run");
    if (!out.start_after.empty()) r.error(JsonReader::child(p, "at_s"), "an action has either at_s or startAfter");
  }
}

void read_duration(JsonReader& r, const json& params, const std::string& pp, const model::ActionDefinition& d,
                   model::GameDayAction& out) {
  if (params.contains("duration")) {
    const json& v = params.at("duration");
    const auto t = v.is_string() ? parse_iso8601_duration(v.get<std::string>()) : std::nullopt;
    if (!t || t->us <= 0)
      r.error(JsonReader::child(pp, "duration"),
              "got " + JsonReader::show(v) + ", expected an ISO 8601 duration such as \"PT5M\" (FIS)");
    else
      out.duration = *t;
  }
  if (d.duration_required && !out.duration)
    r.error(JsonReader::child(pp, "duration"),
            "missing, expected an ISO 8601 duration (" + std::string(d.id) + " requires one)");
}

// The parameters the action table gives the action, each with its range and default.
void read_parameters(JsonReader& r, const json& params, const std::string& pp, const model::ActionDefinition& d,
                     model::GameDayAction& out) {
  using F = model::ActionField;
  read_duration(r, params, pp, d, out);
  for (const model::ActionParameter& prm : d.parameters) {
    const std::string key(prm.key);
    if (prm.field == F::PreventExecution) {
      out.prevent_execution = bool_param(r, params, pp, key.c_str()).value_or(prm.fallback != 0);
      continue;
    }
    if (prm.field == F::ContentType) {
      out.content_type = params.value(key, out.content_type);
      continue;
    }
    if (!prm.numeric()) continue;  // the SSM document is read with the targets; FIS's bookkeeping keys are accepted
    const double v = number_param(r, params, pp, key.c_str(), prm.range.lo, prm.range.hi, std::string(prm.what))
                         .value_or(prm.fallback);
    switch (prm.field) {
      case F::InvocationPercentage:
        out.invocation_percentage = v;
        break;
      case F::StartupDelay:
        out.startup_delay = sim::Time{std::llround(v * 1000)};
        break;
      case F::StatusCode:
        out.status_code = static_cast<int>(v);
        break;
      default:
        out.value = v;
        break;
    }
  }
  for (const auto& [key, v] : params.items()) {
    if (key != "duration" && model::find_parameter(d, key) == nullptr && !key.starts_with("_"))
      r.error(JsonReader::child(pp, key), "unknown parameter for " + out.action_id);
    (void)v;
  }
}

// The SQS impairment: an SSM automation applying a deny-all policy to queues with a tag, for a duration given in
// documentParameters (the FIS scenario library's "SQS queue impairment" template). Returns the tag; false when the
// document is not that one (reported).
bool read_impairment_tag(JsonReader& r, const json& params, const std::string& pp, model::GameDayAction& out,
                         std::pair<std::string, std::string>& tag) {
  const std::string dp = JsonReader::child(pp, "documentParameters");
  json doc = params.contains("documentParameters") ? params.at("documentParameters") : json::object();
  if (doc.is_string()) doc = json::parse(doc.get<std::string>(), nullptr, false);
  if (!doc.is_object() || !doc.contains("tagKey") || !doc.contains("tagValue") || !doc.contains("duration")) {
    r.error(dp,
            "expected the SQS impairment document's parameters: {\"tagKey\", \"tagValue\", \"duration\"} (other "
            "SSM automation documents are not modelled)");
    return false;
  }
  tag = {doc.value("tagKey", ""), doc.value("tagValue", "")};
  const auto t =
      doc.at("duration").is_string() ? parse_iso8601_duration(doc.at("duration").get<std::string>()) : std::nullopt;
  if (!t) r.error(dp + ".duration", "got " + JsonReader::show(doc.at("duration")) + ", expected an ISO 8601 duration");
  out.duration = t;
  return true;
}

// Targets: inline actions name resources ({"Functions": ["f"]}); a FIS template's action names a target defined in
// its "targets" section, resolved by ARN (function:NAME, the queue name at the end of an SQS ARN).
void read_targets(JsonReader& r, const json& a, const std::string& p, const model::ScenarioSpec& s,
                  const json& fis_targets, const model::ActionDefinition& d, model::GameDayAction& out) {
  const std::string kind(model::target_key(d.target));
  const std::string tp = JsonReader::child(p, "targets");
  const std::vector<std::string> known = names_of(s, kind);
  const auto add_target = [&](const std::string& n, const std::string& at) {
    if (std::find(known.begin(), known.end(), n) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      r.error(at, "got \"" + n + "\", expected one of the scenario's " + kind + " (" + (list.empty() ? "none" : list) +
                      ")");
      return;
    }
    if (std::find(out.targets.begin(), out.targets.end(), n) == out.targets.end()) out.targets.push_back(n);
  };
  const json targets = a.contains("targets") ? a.at("targets") : json::object();
  if (!targets.is_object()) {
    r.error(tp, "expected an object such as {\"" + kind + "\": [\"name\"]}");
    return;
  }
  for (const auto& [key, v] : targets.items()) {
    const std::string kp = JsonReader::child(tp, key);
    if (key != kind) {
      r.error(kp, "unexpected target type for " + out.action_id + ", expected \"" + kind + "\"");
      continue;
    }
    if (v.is_string() && fis_targets.is_object() && fis_targets.contains(v.get<std::string>())) {
      // A FIS template target: {"resourceType", "resourceArns": [...], "selectionMode"}.
      const json& t = fis_targets.at(v.get<std::string>());
      for (const auto& arn : t.value("resourceArns", json::array())) {
        const std::string s_arn = arn.is_string() ? arn.get<std::string>() : "";
        add_target(s_arn.substr(s_arn.find_last_of(':') + 1), kp);
      }
      continue;
    }
    if (!v.is_array()) {
      r.error(kp, "got " + JsonReader::show(v) + ", expected an array of names");
      continue;
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i].is_string())
        add_target(v[i].get<std::string>(), JsonReader::index(kp, i));
      else
        r.error(JsonReader::index(kp, i), "expected a name");
    }
  }
  if (out.targets.empty() && !r.has_errors())
    r.error(tp, "missing, expected {\"" + kind + "\": [...]} naming what " + out.action_id + " acts on");
}

// A setting is held to the rules a scenario file's value is: written into a copy of the scenario and validated there
// (a sim:set-batch-size of 25 on a mapping without a batching window is refused as the file would be refused). The
// copy is the scenario as written, not as earlier actions left it, so a live change and its replay agree.
void check_setting(JsonReader& r, const std::string& pp, const model::ScenarioSpec& s, const model::ActionDefinition& d,
                   const model::GameDayAction& a) {
  if (d.behaviour.effect != model::ActionEffect::Setting || d.parameters.empty()) return;
  model::Diagnostics before;
  model::validate(s, before);
  model::ScenarioSpec changed = s;
  for (const std::string& t : a.targets) d.behaviour.edit_spec(changed, t, a.value);
  model::Diagnostics after;
  model::validate(changed, after);
  for (const model::Finding& f : after.findings()) {
    const bool known = std::any_of(before.findings().begin(), before.findings().end(),
                                   [&](const model::Finding& b) { return b.path == f.path && b.message == f.message; });
    if (f.error && !known)
      r.error(JsonReader::child(pp, std::string(d.parameters.front().key)),
              fmt::format("got {:g}", a.value) + ", which would break a rule the scenario's " + f.path +
                  " is held to: " + f.message);
  }
}

// One action. `fis_targets` holds a FIS template's "targets" section (null for inline actions).
model::GameDayAction read_one_action(JsonReader& r, const std::string& name, const json& a, const std::string& p,
                                     const model::ScenarioSpec& s, const json& fis_targets) {
  model::GameDayAction out;
  out.name = name;
  if (!r.expect_object(a, p, {"actionId", "description", "parameters", "targets", "startAfter", "at_s"})) return out;
  const model::ActionDefinition* d = read_action_id(r, a, p, out);
  if (d == nullptr) return out;
  read_timing(r, a, p, out);
  const std::string pp = JsonReader::child(p, "parameters");
  const json params = a.contains("parameters") ? a.at("parameters") : json::object();
  if (!params.is_object()) {
    r.error(pp, "got " + JsonReader::show(params) + ", expected an object");
    return out;
  }
  read_parameters(r, params, pp, *d, out);
  if (out.kind == Kind::SqsDenyAll) {
    // The impairment selects its queues by tag, not through "targets".
    std::pair<std::string, std::string> tag;
    if (!read_impairment_tag(r, params, pp, out, tag)) return out;
    for (const auto& q : s.queues)
      if (q.tags.contains(tag.first) && q.tags.at(tag.first) == tag.second) out.targets.push_back(q.name);
    if (out.targets.empty())
      r.warning(p, "no queue in the scenario has the tag " + tag.first + "=" + tag.second +
                       ": the impairment affects nothing (add \"tags\" to the queues)");
    return out;
  }
  if (d->target != model::TargetKind::None) read_targets(r, a, p, s, fis_targets, *d, out);
  if (!r.has_errors()) check_setting(r, pp, s, *d, out);
  return out;
}

void read_actions(JsonReader& r, const json& acts, const std::string& p, const model::ScenarioSpec& s,
                  const json& fis_targets, model::GameDaySpec& g) {
  if (!acts.is_object()) {
    r.error(p, "got " + JsonReader::show(acts) + ", expected an object of named actions (as in a FIS template)");
    return;
  }
  for (const auto& item : acts.items()) {
    const std::string name = item.key();
    const json& a = item.value();
    if (name.starts_with("_")) continue;
    if (std::any_of(g.actions.begin(), g.actions.end(), [&](const auto& x) { return x.name == name; })) {
      r.error(JsonReader::child(p, name), "duplicate action name \"" + name + "\"");
      continue;
    }
    g.actions.push_back(read_one_action(r, name, a, JsonReader::child(p, name), s, fis_targets));
  }
}

}  // namespace

model::GameDayAction read_action(const json& action, const std::string& name, const model::ScenarioSpec& s,
                                 const std::string& file) {
  JsonReader r(file);
  model::GameDayAction a = read_one_action(r, name, action, "$.gameday.actions." + name, s, json());
  if (r.has_errors()) throw ScenarioError(r.diagnostics());
  return a;
}

model::GameDayExpectation read_expectation(JsonReader& r, const json& e, const std::string& p,
                                           const model::GameDaySpec& g) {
  model::GameDayExpectation x;
  if (!r.expect_object(
          e, p, {"name", "type", "alarm", "after", "within_s", "percentile", "max_ms", "max", "max_s", "description"}))
    return x;
  const std::string type =
      r.one_of(e, p, "type", "no_message_lost",
               {"alarm_fires_within", "alarm_never_fires", "latency_percentile_below", "no_message_lost",
                "max_dlq_messages", "max_age_of_oldest_message", "max_throttles"});
  x.name = r.string(e, p, "name", type);
  if (type == "alarm_fires_within" || type == "alarm_never_fires") {
    x.kind = type == "alarm_fires_within" ? model::GameDayExpectation::Kind::AlarmFiresWithin
                                          : model::GameDayExpectation::Kind::AlarmNeverFires;
    x.alarm = r.string(e, p, "alarm", "", true);
    if (x.kind == model::GameDayExpectation::Kind::AlarmFiresWithin) {
      x.within = r.seconds(e, p, "within_s", sim::minutes(5), 1, 86400 * 14, "seconds");
      x.after = r.string(e, p, "after", "");
      if (!x.after.empty() &&
          std::none_of(g.actions.begin(), g.actions.end(), [&](const auto& a) { return a.name == x.after; }))
        r.error(JsonReader::child(p, "after"), "got \"" + x.after + "\", expected the name of a GameDay action");
    }
  } else if (type == "latency_percentile_below") {
    x.kind = model::GameDayExpectation::Kind::LatencyPercentileBelow;
    x.percentile = r.number(e, p, "percentile", 99, 1, 100, "a percentile");
    if (!e.contains("max_ms")) r.error(JsonReader::child(p, "max_ms"), "missing, expected the latency bound in ms");
    x.threshold = r.number(e, p, "max_ms", 0, 0, 1e12, "milliseconds");
  } else if (type == "no_message_lost") {
    x.kind = model::GameDayExpectation::Kind::NoMessageLost;
  } else if (type == "max_dlq_messages") {
    x.kind = model::GameDayExpectation::Kind::MaxDlqMessages;
    x.threshold = r.number(e, p, "max", 0, 0, 1e12, "a message count");
  } else if (type == "max_age_of_oldest_message") {
    x.kind = model::GameDayExpectation::Kind::MaxAgeOfOldestMessage;
    if (!e.contains("max_s")) r.error(JsonReader::child(p, "max_s"), "missing, expected the age bound in seconds");
    x.threshold = r.number(e, p, "max_s", 0, 0, 1e9, "seconds");
  } else {
    x.kind = model::GameDayExpectation::Kind::MaxThrottles;
    x.threshold = r.number(e, p, "max", 0, 0, 1e15, "a throttle count");
  }
  return x;
}

model::GameDaySpec read_gameday(JsonReader& r, const json& j, const std::string& p, const model::ScenarioSpec& s) {
  model::GameDaySpec g;
  if (!r.expect_object(j, p, {"start_s", "fis_template", "actions", "expectations", "description"})) return g;
  g.start = r.seconds(j, p, "start_s", sim::seconds(0), 0, 86400.0 * 365, "seconds from the start of the run");
  if (j.contains("fis_template")) {
    // An AWS FIS experiment template (JSON, as `aws fis get-experiment-template` or the console exports it).
    const std::string fp = JsonReader::child(p, "fis_template");
    const std::string file = r.string(j, p, "fis_template", "", true);
    std::filesystem::path path(file);
    if (path.is_relative() && r.file() != "<stdin>") path = std::filesystem::path(r.file()).parent_path() / path;
    std::string why;
    const std::optional<std::string> text = read_input_text(path, why);
    const json t = text ? json::parse(*text, nullptr, false) : json();
    if (!text) {
      r.error(fp, "\"" + path.string() + "\": " + why);
    } else if (t.is_discarded() || !t.is_object() || !t.contains("actions")) {
      r.error(fp, path.string() + ": expected a FIS experiment template (JSON with \"actions\")");
    } else {
      // Paths inside the template are reported relative to it.
      read_actions(r, t.at("actions"), fp + "{" + path.filename().string() + "}.actions", s,
                   t.value("targets", json::object()), g);
    }
  }
  if (j.contains("actions")) read_actions(r, j.at("actions"), JsonReader::child(p, "actions"), s, json(), g);
  // startAfter must name actions that exist, without cycles (FIS refuses such templates).
  for (std::size_t i = 0; i < g.actions.size(); ++i) {
    for (const std::string& after : g.actions[i].start_after) {
      if (std::none_of(g.actions.begin(), g.actions.end(), [&](const auto& a) { return a.name == after; }))
        r.error(p + ".actions." + g.actions[i].name + ".startAfter",
                "names \"" + after + "\", expected the name of another action");
    }
  }
  if (!r.has_errors()) {
    // A cycle: repeatedly remove actions whose predecessors are all removed; what remains waits forever.
    std::set<std::string> done;
    bool progress = true;
    while (progress) {
      progress = false;
      for (const auto& a : g.actions) {
        if (done.contains(a.name)) continue;
        if (std::all_of(a.start_after.begin(), a.start_after.end(), [&](const auto& n) { return done.contains(n); })) {
          done.insert(a.name);
          progress = true;
        }
      }
    }
    for (const auto& a : g.actions)
      if (!done.contains(a.name))
        r.error(p + ".actions." + a.name + ".startAfter",
                "is part of a startAfter cycle: the action would never start");
  }
  if (j.contains("expectations")) {
    const json& ex = j.at("expectations");
    const std::string ep = JsonReader::child(p, "expectations");
    if (!ex.is_array()) r.error(ep, "expected an array of expectations");
    for (std::size_t i = 0; ex.is_array() && i < ex.size(); ++i)
      g.expectations.push_back(read_expectation(r, ex[i], JsonReader::index(ep, i), g));
  }
  return g;
}

}  // namespace scenarios
