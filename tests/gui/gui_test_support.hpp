// What the dashboard's tests share (one definition each, so the tests of a layer can be compiled as one unity source).
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

namespace gui_test {

inline const std::string kRoot = SQSIM_SOURCE_DIR;

// A fresh, empty-to-be folder in the temporary directory for one test's outputs. Named after the process too: CTest
// runs each test in a process of its own, two at a time, and the nine lessons' instances of one test ask for the same
// name ("answer", "mistake"): with a shared folder one instance removed another's export while it was being read.
inline std::filesystem::path temp_dir(const std::string& name) {
  const auto d = std::filesystem::temp_directory_path() / ("sqsim-gui-test-" + name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(d);
  return d;
}

}  // namespace gui_test
