// What the dashboard's tests share (one definition each, so the tests of a layer can be compiled as one unity source).
#pragma once

#include <filesystem>
#include <string>

namespace gui_test {

inline const std::string kRoot = SQSIM_SOURCE_DIR;

// A fresh, empty-to-be folder in the temporary directory for one test's outputs.
inline std::filesystem::path temp_dir(const std::string& name) {
  const auto d = std::filesystem::temp_directory_path() / ("sqsim-gui-test-" + name);
  std::filesystem::remove_all(d);
  return d;
}

}  // namespace gui_test
