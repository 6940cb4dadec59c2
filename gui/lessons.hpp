// The teaching scenarios offered by the dashboard (gui/lessons.json): a title, the scenario and what to watch.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "gui/exercise.hpp"

namespace gui {

struct Lesson {
  std::string title;
  std::filesystem::path file;  // resolved against the repository root
  std::string watch;
  std::optional<Exercise> exercise;  // "exercise": a goal to reach with the controls it allows (gui/exercise.hpp)
};

// Reads a lessons file; `root` resolves the scenario paths. Throws std::runtime_error naming the file and the JSON
// path of a problem, or a scenario that does not exist. An exercise's goal is checked by the scenario loader as the
// scenario's "slos", its problems reported at their place in the lessons file.
std::vector<Lesson> load_lessons(const std::filesystem::path& lessons_file, const std::filesystem::path& root);

}  // namespace gui
