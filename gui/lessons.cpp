#include "gui/lessons.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "gui/goal_judge.hpp"
#include "loader/input_file.hpp"
#include "loader/scenario_loader.hpp"

namespace gui {

namespace {

// Loads the lesson's scenario with the exercise's goal as its "slos": a goal the loader refuses is reported at its
// place in the lessons file ($.lessons[i].exercise.goal[j]...), not in the scenario.
void check_goal(const Lesson& lesson, const std::string& lessons_file, const std::string& path) {
  std::string why;
  const std::optional<std::string> text = scenarios::read_input_text(lesson.file, why);
  const nlohmann::json doc = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
  if (!text || doc.is_discarded())
    throw std::runtime_error(lessons_file + ": error: " + path + ".file: " + lesson.file.string() +
                             " is not a readable JSON scenario");
  nlohmann::json with_goal;
  try {
    with_goal = scenario_with_goal(doc, lesson.exercise->goal_scenario());
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(lessons_file + ": error: " + path +
                             ".exercise.start: expected a JSON Patch that applies to " + lesson.file.string() + " (" +
                             e.what() + ")");
  }
  try {
    (void)scenarios::load_scenario_text(with_goal.dump(), lesson.file.string());
  } catch (const scenarios::ScenarioError& e) {
    std::string all;
    for (const auto& d : e.diagnostics()) {
      if (d.severity != scenarios::Diagnostic::Severity::Error) continue;
      std::string where = d.path;
      if (where.rfind("$.slos", 0) == 0) where = path + ".exercise.goal" + where.substr(6);
      // The exercise's alarms follow the scenario's own: $.alarms[n0 + k] is exercise.alarms[k].
      const std::size_t own = doc.contains("alarms") && doc["alarms"].is_array() ? doc["alarms"].size() : 0;
      if (std::size_t k = 0;
          where.rfind("$.alarms[", 0) == 0 && std::sscanf(where.c_str() + 9, "%zu", &k) == 1 && k >= own) {
        const std::size_t close = where.find(']');
        where = path + ".exercise.alarms[" + std::to_string(k - own) + where.substr(close);
      }
      all += (all.empty() ? "" : "\n") + lessons_file + ": error: " + where + ": " + d.message;
    }
    throw std::runtime_error(all.empty() ? lessons_file + ": error: " + path + ": " + e.what() : all);
  }
}

}  // namespace

std::vector<Lesson> load_lessons(const std::filesystem::path& lessons_file, const std::filesystem::path& root) {
  std::string why;
  const std::optional<std::string> text = scenarios::read_input_text(lessons_file, why);
  if (!text) throw std::runtime_error(lessons_file.string() + ": error: $: " + why);
  const nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  const std::string f = lessons_file.string();
  if (j.is_discarded() || !j.is_object() || !j.contains("lessons") || !j["lessons"].is_array())
    throw std::runtime_error(f + ": error: $.lessons: expected an array of {\"file\", \"title\", \"watch\"}");
  std::vector<Lesson> out;
  for (std::size_t i = 0; i < j["lessons"].size(); ++i) {
    const nlohmann::json& l = j["lessons"][i];
    const std::string p = "$.lessons[" + std::to_string(i) + "]";
    for (const char* key : {"file", "title", "watch"})
      if (!l.is_object() || !l.contains(key) || !l[key].is_string())
        throw std::runtime_error(f + ": error: " + p + "." + key + ": expected a string");
    Lesson lesson{l["title"].get<std::string>(), root / l["file"].get<std::string>(), l["watch"].get<std::string>(),
                  std::nullopt};
    if (!std::filesystem::exists(lesson.file))
      throw std::runtime_error(f + ": error: " + p + ".file: " + lesson.file.string() + " does not exist");
    if (l.contains("exercise")) {
      lesson.exercise = read_exercise(l["exercise"], f, p + ".exercise");
      check_goal(lesson, f, p);
    }
    out.push_back(std::move(lesson));
  }
  return out;
}

}  // namespace gui
