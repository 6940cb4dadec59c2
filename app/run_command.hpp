// `sqsim run`: one scenario, one seed, to summary.json, metrics.csv and report.html (and on request REPORT lines, a
// message trace, an Infracost usage file), written all together or not at all, then judged (exit 0, 1 or 2).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace app {

struct RunOptions {
  std::string scenario;
  std::optional<std::uint64_t> seed;
  std::uint64_t replication = 0;
  std::string out_dir = "out";
  bool quiet = false;
  bool report_lines = false;
  std::uint64_t report_lines_max = 1'000'000;
  bool message_trace = false;
  std::string infracost_usage;
  std::uint64_t message_trace_max_mb = 100;
  std::string pricing_file;
  bool no_free_tier = false;
  std::string max_memory;  // empty: the memory available
  bool player = false;     // also DIR/session-player.html (the dashboard's animated page)
};

int run_command(const RunOptions& o);

}  // namespace app
