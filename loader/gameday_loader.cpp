#include "loader/gameday_loader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

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

struct ActionInfo {
  const char* id;
  Kind kind;
  const char* target_kind;  // "Functions", "Queues", "Producers", "EventSourceMappings", or "" (none)
};

// FIS action ids where FIS has the action, sim: for the rest.
const std::vector<ActionInfo>& actions() {
  static const std::vector<ActionInfo> kActions = {
      {"aws:fis:wait", Kind::FisWait, ""},
      {"aws:lambda:invocation-add-delay", Kind::LambdaAddDelay, "Functions"},
      {"aws:lambda:invocation-error", Kind::LambdaError, "Functions"},
      {"aws:lambda:invocation-http-integration-response", Kind::LambdaHttpResponse, "Functions"},
      {"aws:ssm:start-automation-execution", Kind::SqsDenyAll, "Queues"},
      {"sim:error-rate", Kind::ErrorRate, "Functions"},
      {"sim:bad-deploy", Kind::BadDeploy, "Functions"},
      {"sim:downstream-slowdown", Kind::DownstreamSlowdown, "Functions"},
      {"sim:downstream-outage", Kind::DownstreamOutage, "Functions"},
      {"sim:poison-burst", Kind::PoisonBurst, "Producers"},
      {"sim:traffic-multiplier", Kind::TrafficMultiplier, "Producers"},
      {"sim:duplicate-submit", Kind::DuplicateSubmit, "Producers"},
      {"sim:set-reserved-concurrency", Kind::SetReservedConcurrency, "Functions"},
      {"sim:set-memory", Kind::SetMemory, "Functions"},
      {"sim:set-batch-size", Kind::SetBatchSize, "EventSourceMappings"},
      {"sim:set-maximum-concurrency", Kind::SetMaximumConcurrency, "EventSourceMappings"},
      {"sim:set-batching-window", Kind::SetBatchingWindow, "EventSourceMappings"},
      {"sim:set-visibility-timeout", Kind::SetVisibilityTimeout, "Queues"},
      {"sim:set-max-receive-count", Kind::SetMaxReceiveCount, "Queues"},
  };
  return kActions;
}

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

// One action. `fis_targets` holds a FIS template's "targets" section (null for inline actions).
model::GameDayAction read_action(JsonReader& r, const std::string& name, const json& a, const std::string& p,
                                 const model::ScenarioSpec& s, const json& fis_targets) {
  model::GameDayAction out;
  out.name = name;
  if (!r.expect_object(a, p, {"actionId", "description", "parameters", "targets", "startAfter", "at_s"})) return out;
  out.action_id = r.string(a, p, "actionId", "", true);
  const auto info =
      std::find_if(actions().begin(), actions().end(), [&](const ActionInfo& i) { return out.action_id == i.id; });
  if (info == actions().end()) {
    std::string known;
    for (const auto& i : actions()) known += std::string(known.empty() ? "" : ", ") + i.id;
    if (!out.action_id.empty())
      r.error(JsonReader::child(p, "actionId"), "got \"" + out.action_id + "\", expected one of " + known);
    return out;
  }
  out.kind = info->kind;
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
  const std::string pp = JsonReader::child(p, "parameters");
  const json params = a.contains("parameters") ? a.at("parameters") : json::object();
  if (!params.is_object()) {
    r.error(pp, "got " + JsonReader::show(params) + ", expected an object");
    return out;
  }
  if (params.contains("duration")) {
    const json& d = params.at("duration");
    const auto t = d.is_string() ? parse_iso8601_duration(d.get<std::string>()) : std::nullopt;
    if (!t || t->us <= 0)
      r.error(JsonReader::child(pp, "duration"),
              "got " + JsonReader::show(d) + ", expected an ISO 8601 duration such as \"PT5M\" (FIS)");
    else
      out.duration = *t;
  }
  if (out.kind == Kind::FisWait && !out.duration)
    r.error(JsonReader::child(pp, "duration"), "missing, expected an ISO 8601 duration (aws:fis:wait requires one)");
  const auto pct = number_param(r, params, pp, "invocationPercentage", 1, 100, "a percentage");
  out.invocation_percentage = pct.value_or(100);
  if (const auto d = number_param(r, params, pp, "startupDelayMilliseconds", 0, 900000, "milliseconds"))
    out.startup_delay = sim::Time{std::llround(*d * 1000)};
  out.prevent_execution = bool_param(r, params, pp, "preventExecution").value_or(false);
  if (const auto c = number_param(r, params, pp, "statusCode", 100, 599, "an HTTP status code"))
    out.status_code = static_cast<int>(*c);
  out.content_type = params.value("contentTypeHeader", out.content_type);
  // The sim: parameters.
  switch (out.kind) {
    case Kind::ErrorRate:
      out.value = number_param(r, params, pp, "probability", 0, 1, "a probability").value_or(0.5);
      break;
    case Kind::DownstreamSlowdown:
      out.value = number_param(r, params, pp, "latencyMilliseconds", 0, 900000, "milliseconds").value_or(1000);
      break;
    case Kind::DownstreamOutage:
      out.value = number_param(r, params, pp, "timeoutMilliseconds", 1, 900000, "milliseconds").value_or(3000);
      break;
    case Kind::PoisonBurst:
      out.value = number_param(r, params, pp, "messages", 1, 10'000'000, "a message count").value_or(100);
      break;
    case Kind::TrafficMultiplier:
      out.value = number_param(r, params, pp, "multiplier", 0, 10000, "a rate multiplier").value_or(10);
      break;
    case Kind::DuplicateSubmit:
      out.value = number_param(r, params, pp, "fraction", 0, 0.99, "a share of sends").value_or(0.2);
      break;
    case Kind::SetReservedConcurrency:
      out.value = number_param(r, params, pp, "value", 0, 100000, "a reserved concurrency").value_or(0);
      break;
    case Kind::SetMemory:
      out.value =
          number_param(r, params, pp, "value", 128, 10240, "a memory size in MB (Lambda: 128-10,240)").value_or(128);
      break;
    case Kind::SetBatchSize:
      out.value = number_param(r, params, pp, "value", 1, 10000, "a batch size (SQS: 1-10,000)").value_or(10);
      break;
    case Kind::SetMaximumConcurrency:
      out.value = number_param(r, params, pp, "value", 2, 1000, "a MaximumConcurrency (2-1,000)").value_or(2);
      break;
    case Kind::SetBatchingWindow:
      out.value = number_param(r, params, pp, "value", 0, 300, "MaximumBatchingWindowInSeconds (0-300)").value_or(0);
      break;
    case Kind::SetVisibilityTimeout:
      out.value = number_param(r, params, pp, "value", 0, 43200, "a VisibilityTimeout in s (0-43,200)").value_or(30);
      break;
    case Kind::SetMaxReceiveCount:
      out.value = number_param(r, params, pp, "value", 1, 1000, "a maxReceiveCount (1-1,000)").value_or(3);
      break;
    default:
      break;
  }
  for (const auto& [key, v] : params.items()) {
    static const std::set<std::string> kKnown = {"duration",         "invocationPercentage", "startupDelayMilliseconds",
                                                 "preventExecution", "statusCode",           "contentTypeHeader",
                                                 "probability",      "latencyMilliseconds",  "timeoutMilliseconds",
                                                 "messages",         "multiplier",           "value",
                                                 "maxDuration",      "documentArn",          "documentParameters",
                                                 "fraction"};
    if (!kKnown.contains(key) && !key.starts_with("_"))
      r.error(JsonReader::child(pp, key), "unknown parameter for " + out.action_id);
    (void)v;
  }

  // The SQS impairment: an SSM automation applying a deny-all policy to queues with a tag, for a duration given in
  // documentParameters (the FIS scenario library's "SQS queue impairment" template).
  std::map<std::string, std::string> tag;
  if (out.kind == Kind::SqsDenyAll) {
    const std::string dp = JsonReader::child(pp, "documentParameters");
    json doc = params.contains("documentParameters") ? params.at("documentParameters") : json::object();
    if (doc.is_string()) doc = json::parse(doc.get<std::string>(), nullptr, false);
    if (!doc.is_object() || !doc.contains("tagKey") || !doc.contains("tagValue") || !doc.contains("duration")) {
      r.error(dp,
              "expected the SQS impairment document's parameters: {\"tagKey\", \"tagValue\", \"duration\"} (other "
              "SSM automation documents are not modelled)");
      return out;
    }
    tag[doc.value("tagKey", "")] = doc.value("tagValue", "");
    const auto t =
        doc.at("duration").is_string() ? parse_iso8601_duration(doc.at("duration").get<std::string>()) : std::nullopt;
    if (!t)
      r.error(dp + ".duration", "got " + JsonReader::show(doc.at("duration")) + ", expected an ISO 8601 duration");
    out.duration = t;
  }

  // Targets: inline actions name resources ({"Functions": ["f"]}); a FIS template's action names a target defined in
  // its "targets" section, resolved by ARN (function:NAME, the queue name at the end of an SQS ARN) or by tag.
  const std::string tp = JsonReader::child(p, "targets");
  const std::vector<std::string> known = names_of(s, info->target_kind);
  const auto add_target = [&](const std::string& n, const std::string& at) {
    if (std::find(known.begin(), known.end(), n) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      r.error(at, "got \"" + n + "\", expected one of the scenario's " + std::string(info->target_kind) + " (" +
                      (list.empty() ? "none" : list) + ")");
      return;
    }
    if (std::find(out.targets.begin(), out.targets.end(), n) == out.targets.end()) out.targets.push_back(n);
  };
  if (out.kind == Kind::SqsDenyAll) {
    for (const auto& q : s.queues)
      for (const auto& [k, v] : tag)
        if (q.tags.contains(k) && q.tags.at(k) == v) out.targets.push_back(q.name);
    if (out.targets.empty())
      r.warning(p, "no queue in the scenario has the tag " + tag.begin()->first + "=" + tag.begin()->second +
                       ": the impairment affects nothing (add \"tags\" to the queues)");
    return out;
  }
  if (std::string(info->target_kind).empty()) return out;
  const json targets = a.contains("targets") ? a.at("targets") : json::object();
  if (!targets.is_object()) {
    r.error(tp, "expected an object such as {\"" + std::string(info->target_kind) + "\": [\"name\"]}");
    return out;
  }
  for (const auto& [key, v] : targets.items()) {
    const std::string kp = JsonReader::child(tp, key);
    if (key != info->target_kind) {
      r.error(kp, "unexpected target type for " + out.action_id + ", expected \"" + info->target_kind + "\"");
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
    r.error(tp, "missing, expected {\"" + std::string(info->target_kind) + "\": [...]} naming what " + out.action_id +
                    " acts on");
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
    g.actions.push_back(read_action(r, name, a, JsonReader::child(p, name), s, fis_targets));
  }
}

}  // namespace

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
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const json t = in ? json::parse(text.str(), nullptr, false) : json();
    if (!in) {
      r.error(fp, "cannot open \"" + path.string() + "\"");
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
