// `sqsim calibrate`: fit a function's parameters to observed logs and write a scenario fragment.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace app {

struct CalibrateOptions {
  std::vector<std::string> logs;
  std::string scenario;
  std::string fit = "keep_alive";
  std::string function;
  std::string report_function;  // REPORT lines: whose lines to read (default: the fitted function's name)
  std::uint64_t replications = 5;
  std::string out;  // the fragment (default: standard output after the table)
};

void add_calibrate_options(CLI::App& cmd, CalibrateOptions& o);
// Exit 0 when every asked parameter was fitted, 1 when one could not be identified, 2 on bad input.
int calibrate_command(const CalibrateOptions& o);

}  // namespace app
