#include "gui/lessons.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace gui {

std::vector<Lesson> load_lessons(const std::filesystem::path& lessons_file, const std::filesystem::path& root) {
  std::ifstream in(lessons_file, std::ios::binary);
  if (!in) throw std::runtime_error(lessons_file.string() + ": error: $: cannot open the file for reading");
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
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
    Lesson lesson{l["title"].get<std::string>(), root / l["file"].get<std::string>(), l["watch"].get<std::string>()};
    if (!std::filesystem::exists(lesson.file))
      throw std::runtime_error(f + ": error: " + p + ".file: " + lesson.file.string() + " does not exist");
    out.push_back(std::move(lesson));
  }
  return out;
}

}  // namespace gui
