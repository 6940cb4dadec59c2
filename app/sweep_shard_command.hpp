// `sqsim sweep ... --shard K/N` (or `--shard env` under a Slurm, Kubernetes or AWS Batch array job): runs one slice
// of the sweep's tasks and writes DIR/sweep-shard-K-of-N.json, which `sqsim sweep-merge` (app/sweep_merge_command.hpp)
// combines into the outputs one process would write. The slicing and the file format are in sweep/shard.hpp.
#pragma once

#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>

#include "app/sweep_command.hpp"

namespace app {

// Adds --shard and --shard-count to `sqsim sweep`.
void add_shard_options(CLI::App& cmd, SweepOptions& o);

// What makes two slices parts of one sweep: the options that decide its outputs, with the scenario's and the pricing
// file's contents (so a file edited between the slices' runs and the merge is caught, not merged).
nlohmann::json sweep_definition(const SweepOptions& o, const PreparedSweep& p);

// Runs the slice named by o.shard; exit 0, 1 when a run failed or did not balance, 2 on bad input.
int sweep_shard_command(const SweepOptions& o);

}  // namespace app
