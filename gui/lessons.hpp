// The teaching scenarios offered by the dashboard (gui/lessons.json): a title, the scenario and what to watch.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace gui {

struct Lesson {
  std::string title;
  std::filesystem::path file;  // resolved against the repository root
  std::string watch;
};

// Reads a lessons file; `root` resolves the scenario paths. Throws std::runtime_error naming the file and the JSON
// path of a problem, or a scenario that does not exist.
std::vector<Lesson> load_lessons(const std::filesystem::path& lessons_file, const std::filesystem::path& root);

}  // namespace gui
