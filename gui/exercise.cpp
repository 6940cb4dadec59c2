#include "gui/exercise.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <stdexcept>

#include "gui/controls.hpp"

namespace gui {

using nlohmann::json;

namespace {

[[noreturn]] void fail(const std::string& file, const std::string& path, const std::string& expected) {
  throw std::runtime_error(file + ": error: " + path + ": expected " + expected);
}

const json& member(const json& j, const char* key, const std::string& file, const std::string& path,
                   bool (json::*is)() const, const char* expected) {
  if (!j.contains(key) || !(j[key].*is)()) fail(file, path + "." + key, expected);
  return j[key];
}

std::string known_controls() {
  std::string out;
  for (const Control& c : controls()) out += (out.empty() ? "" : ", ") + std::string(c.name);
  return out;
}

std::vector<AnswerStep> read_steps(const json& steps, const std::string& file, const std::string& path) {
  if (!steps.is_array()) fail(file, path, "an array of {\"at_s\", \"do\", \"value\"}");
  std::vector<AnswerStep> out;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string p = fmt::format("{}[{}]", path, i);
    const json& s = steps[i];
    if (!s.is_object()) fail(file, p, "an object {\"at_s\", \"do\", \"value\"}");
    const double at = member(s, "at_s", file, p, &json::is_number, "a number of seconds").get<double>();
    if (at < 0) fail(file, p + ".at_s", "a time from 0 s");
    const std::string control = member(s, "do", file, p, &json::is_string, "a control name").get<std::string>();
    if (!find_control(control)) fail(file, p + ".do", "one of " + known_controls() + ", got \"" + control + "\"");
    out.push_back({at, control, member(s, "value", file, p, &json::is_number, "a number").get<double>()});
    if (i > 0 && out[i].at_s < out[i - 1].at_s) fail(file, p + ".at_s", "steps in time order");
  }
  return out;
}

std::vector<std::string> read_strings(const json& j, const std::string& file, const std::string& path) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_string()) fail(file, fmt::format("{}[{}]", path, i), "a string");
    out.push_back(j[i].get<std::string>());
  }
  return out;
}

double change_value(const Change& c) {
  const json& p = c.action.contains("parameters") ? c.action["parameters"] : json();
  return p.contains("value") && p["value"].is_number() ? p["value"].get<double>() : 0.0;
}

}  // namespace

std::string Requirement::describe() const {
  const Control* c = find_control(control);
  const std::string label = c ? c->label : control;
  if (min && max) return fmt::format("{} from {:g} to {:g}", label, *min, *max);
  if (max) return fmt::format("{} at most {:g}", label, *max);
  if (min) return fmt::format("{} at least {:g}", label, *min);
  return fmt::format("a change of {}", label);
}

Exercise read_exercise(const json& j, const std::string& file, const std::string& path) {
  if (!j.is_object())
    fail(file, path, "an object {\"task\", \"goal\", \"controls\", \"hints\", \"answer\", \"mistake\"}");
  Exercise e;
  e.task = member(j, "task", file, path, &json::is_string, "a string: what to achieve").get<std::string>();
  e.goal = member(j, "goal", file, path, &json::is_array, "an array of SLOs/expectations (the \"slos\" format)");
  if (e.goal.empty()) fail(file, path + ".goal", "at least one SLO/expectation");
  if (j.contains("alarms"))
    e.alarms =
        member(j, "alarms", file, path, &json::is_array, "an array of CloudWatch alarms (the \"alarms\" format)");
  if (j.contains("start"))
    e.start =
        member(j, "start", file, path, &json::is_array,
               "a JSON Patch (RFC 6902) to the scenario, e.g. [{\"op\": \"replace\", \"path\": ..., \"value\": ...}]");
  e.controls = read_strings(member(j, "controls", file, path, &json::is_array, "an array of control names"), file,
                            path + ".controls");
  for (std::size_t i = 0; i < e.controls.size(); ++i)
    if (!find_control(e.controls[i])) fail(file, fmt::format("{}.controls[{}]", path, i), "one of " + known_controls());
  if (j.contains("require")) {
    const json& r = j["require"];
    if (!r.is_array()) fail(file, path + ".require", "an array of {\"control\", \"min\", \"max\"}");
    for (std::size_t i = 0; i < r.size(); ++i) {
      const std::string p = fmt::format("{}.require[{}]", path, i);
      if (!r[i].is_object()) fail(file, p, "an object {\"control\", \"min\", \"max\"}");
      Requirement q;
      q.control = member(r[i], "control", file, p, &json::is_string, "a control name").get<std::string>();
      if (std::find(e.controls.begin(), e.controls.end(), q.control) == e.controls.end())
        fail(file, p + ".control", "one of the exercise's controls");
      if (r[i].contains("min")) q.min = member(r[i], "min", file, p, &json::is_number, "a number").get<double>();
      if (r[i].contains("max")) q.max = member(r[i], "max", file, p, &json::is_number, "a number").get<double>();
      e.require.push_back(std::move(q));
    }
  }
  e.hints = read_strings(member(j, "hints", file, path, &json::is_array, "an array of hints"), file, path + ".hints");
  if (e.hints.empty()) fail(file, path + ".hints", "at least one hint");
  e.answer = read_steps(member(j, "answer", file, path, &json::is_array, "an array of steps"), file, path + ".answer");
  for (std::size_t i = 0; i < e.answer.size(); ++i)
    if (std::find(e.controls.begin(), e.controls.end(), e.answer[i].control) == e.controls.end())
      fail(file, fmt::format("{}.answer[{}].do", path, i), "one of the exercise's controls");
  const json& m = member(j, "mistake", file, path, &json::is_object, "an object {\"changes\", \"why\"}");
  e.mistake = read_steps(member(m, "changes", file, path + ".mistake", &json::is_array, "an array of steps"), file,
                         path + ".mistake.changes");
  e.mistake_why =
      member(m, "why", file, path + ".mistake", &json::is_string, "a string: why it fails").get<std::string>();
  return e;
}

std::string Verdict::explanation() const {
  if (passed) {
    std::string out = "Goal met:";
    for (const GoalPart& p : parts) out += " " + p.name + " (" + p.detail + ");";
    out.pop_back();
    return out;
  }
  std::string out = "Not yet.";
  for (const GoalPart& p : parts)
    if (!p.passed) out += " Failed: " + p.name + " — " + p.detail + ".";
  for (const std::string& r : rule_breaks) out += " " + r + ".";
  return out;
}

Verdict judge(const Exercise& e, const Session& s) {
  Verdict v;
  v.judgement = judge::judge(s.simulation());
  v.parts = goal_parts(v.judgement);
  for (const Change& c : s.changes()) {
    const std::string id = c.action.value("actionId", "");
    const std::optional<std::string> control = control_of_action(id);
    if (!control || std::find(e.controls.begin(), e.controls.end(), *control) == e.controls.end())
      v.rule_breaks.push_back(
          fmt::format("At {:.1f} s you changed {}, which this exercise does not let you touch "
                      "(it allows {})",
                      c.at_s, c.description, control_labels(e.controls)));
  }
  for (const Requirement& r : e.require) {
    const Change* last = nullptr;
    for (const Change& c : s.changes())
      if (control_of_action(c.action.value("actionId", "")) == r.control) last = &c;
    const double value = last ? change_value(*last) : 0.0;
    if (!last)
      v.rule_breaks.push_back("The answer must set " + r.describe() + ": you did not change it");
    else if ((r.min && value < *r.min) || (r.max && value > *r.max))
      v.rule_breaks.push_back(fmt::format("The answer must set {}: you left it at {:g}", r.describe(), value));
  }
  v.passed = v.rule_breaks.empty() && v.judgement.passed();
  return v;
}

std::unique_ptr<Session> Coach::open(const std::string& scenario_file, std::optional<std::uint64_t> seed) const {
  return std::make_unique<Session>(scenario_file, seed, exercise_.goal_scenario());
}

bool Coach::allows(std::string_view control) const {
  return std::find(exercise_.controls.begin(), exercise_.controls.end(), control) != exercise_.controls.end();
}

void Coach::apply(Session& s, std::string_view control, double value) const {
  if (!allows(control)) {
    const Control* c = find_control(control);
    throw std::invalid_argument(fmt::format("this exercise lets you change {}, not {}",
                                            control_labels(exercise_.controls), c ? c->label : std::string(control)));
  }
  apply_control(s, control, value);
}

void Coach::play(Session& s, const std::vector<AnswerStep>& steps) const {
  for (const AnswerStep& step : steps) {
    if (step.at_s > s.now_s()) s.run_to(step.at_s);
    apply_control(s, step.control, step.value);  // a mistake may break the rules on purpose: the judge says so
  }
}

const std::string* Coach::reveal_hint() {
  if (hints_shown_ >= exercise_.hints.size()) return nullptr;
  return &exercise_.hints[hints_shown_++];
}

Verdict Coach::check(Session& s) const {
  s.run_to(s.simulation().spec().duration.seconds());
  Verdict v = judge(exercise_, s);
  s.record_attempt(Attempt{s.seed(), s.now_s(), s.changes(), v.passed, v.parts, v.rule_breaks});
  return v;
}

}  // namespace gui
