// `sqsim sweep`: a grid of configurations × replications, the cheapest one meeting the scenario's SLOs, heatmaps.
// The option set and the steps are shared with sqsim-sweep-mpi (app/mpi/), which splits the same tasks over ranks.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sweep/sweep_runner.hpp"

namespace app {

struct SweepOptions {
  std::string scenario;
  std::vector<std::string> vary;
  std::uint64_t replications = 1;
  unsigned threads = 0;  // 0: one per hardware thread
  std::optional<std::uint64_t> seed;
  std::string out_dir = "out/sweep";
  std::string pricing_file;
  bool no_free_tier = false;
  bool progress = false;     // force progress lines even when stderr is not a terminal
  bool no_progress = false;  // never show progress
  bool quiet = false;
  std::size_t max_rows = 40;
  double headroom = 1.0;  // --headroom F: the answer also meets every SLO at F x the load
  // One slice of an array job (app/sweep_shard_command.hpp): "K/N" or "env"; empty runs the whole sweep.
  std::string shard;
  std::optional<std::size_t> shard_count;
};

// Adds the sweep's arguments and options to a (sub)command.
void add_sweep_options(CLI::App& cmd, SweepOptions& o);

struct PreparedSweep {
  sweep::SweepSpec spec;
  std::vector<sweep::PreparedPoint> points;
  [[nodiscard]] std::size_t task_count() const { return sweep::task_count(spec, points.size()); }
};
// Reads the scenario and pricing, parses --vary and validates every grid point; prints what is wrong and returns
// nullopt on bad input (exit code 2).
std::optional<PreparedSweep> prepare_sweep(const SweepOptions& o);

// Writes a progress line to stderr: on a terminal, rewritten in place; with --progress elsewhere, one line per 10 %.
class ProgressPrinter {
 public:
  ProgressPrinter(const SweepOptions& o, std::size_t total, std::string prefix = "sweep");
  void operator()(std::size_t done, std::size_t total);

 private:
  bool enabled_ = false;
  bool terminal_ = false;
  std::string prefix_;
  double start_ = 0;
  double last_ = -1;
  std::size_t last_decile_ = 0;
};

// Aggregates, writes DIR/sweep.csv, sweep.json, sweep.html and the table; returns the exit code (0: a configuration
// meets every SLO; 1: none does, or a run's accounting did not balance; 2: the outputs could not be written).
int finish_sweep(const SweepOptions& o, const PreparedSweep& p, const std::vector<sweep::RunRecord>& records,
                 double wall_seconds, unsigned workers);

// The whole sweep on this machine's thread pool.
int sweep_command(const SweepOptions& o);

}  // namespace app
