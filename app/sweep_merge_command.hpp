// `sqsim sweep-merge DIR...`: combines the slices `sqsim sweep --shard` wrote into DIR/sweep.csv, sweep.json and
// sweep.html byte-identical to one process running the whole sweep. The merge re-reads the scenario (the same path
// the slices were given, from the same directory) and refuses slices of different sweeps, a missing or a duplicate
// slice, or a scenario or pricing file changed since the slices ran.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>
#include <vector>

namespace app {

struct SweepMergeOptions {
  std::vector<std::string> inputs;  // slice files, or directories holding sweep-shard-*.json
  std::string out_dir = "out/sweep";
  bool quiet = false;
  std::size_t max_rows = 40;
};

void add_sweep_merge_options(CLI::App& cmd, SweepMergeOptions& o);

// Exit codes as sqsim sweep: 0 a configuration meets every SLO, 1 none does (or a run did not balance), 2 bad input.
int sweep_merge_command(const SweepMergeOptions& m);

}  // namespace app
