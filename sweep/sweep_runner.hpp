// Runs a sweep: every grid point × every replication, on a thread pool, each run an independent model::Simulation.
// Results are stored by task index, never by completion order, so the outputs are byte-identical for any number of
// threads (and of MPI ranks: sweep_mpi.cpp ships the same RunRecords to rank 0).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "judge/loss.hpp"
#include "model/pricing.hpp"
#include "model/spec.hpp"
#include "sweep/parameter_grid.hpp"

namespace sweep {

// Bad input: an unreadable scenario, a bad --vary, or a grid point the loader rejects. what() is ready to print.
class SweepError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SweepSpec {
  std::string scenario_file;
  nlohmann::json scenario;  // the document as read; parameters are applied to copies
  std::vector<Dimension> dims;
  std::uint64_t replications = 1;
  std::optional<std::uint64_t> seed;  // default: the scenario's
  model::Pricing pricing;
  bool free_tier = true;
  // --headroom F: the answer must also meet every SLO (and keep up) at F x the offered load. > 1 adds a second run of
  // every point and replication with every producer's rate multiplied by F (tasks after the first N x R).
  double headroom = 1.0;
};

// Tasks of a sweep: points x replications, twice with headroom (the second pass at headroom x the load).
std::size_t task_count(const SweepSpec& s, std::size_t points);

// Reads the scenario file and parses the --vary texts; throws SweepError.
SweepSpec make_sweep_spec(const std::string& scenario_file, const std::vector<std::string>& vary,
                          std::uint64_t replications);

// A grid point with its parameters applied and the result loaded (so every point is validated before any runs).
struct PreparedPoint {
  GridPoint point;
  model::ScenarioSpec spec;
  std::vector<std::string> warnings;  // the loader's advice for this configuration
  // Non-empty: the loader rejected this configuration (every error, one per line); it is skipped, not run, and
  // listed with this reason in every output, so one invalid combination does not abort the sweep.
  std::string invalid;
};
// verdict_count() of the first valid point (an invalid one has no spec); 0 without one.
std::size_t verdict_count(const std::vector<PreparedPoint>& points);

// Every point, invalid ones marked (PreparedPoint::invalid). Throws SweepError for a --vary that cannot be applied,
// or when no point at all is valid.
std::vector<PreparedPoint> prepare_points(const SweepSpec& s);

// How many verdicts a run of `spec` records: its SLOs, then its GameDay expectations (the judgement's order).
std::size_t verdict_count(const model::ScenarioSpec& spec);

// What one run produced, as plain numbers in a fixed layout (so it crosses threads and MPI ranks unchanged).
struct RunRecord {
  std::vector<double> metrics;  // reports::comparable_metrics() order; NaN when a summary lacks one
  // One entry per verdict: the scenario's slos, then its GameDay expectations (infinity: never happened, e.g. an
  // alarm). A sweep judges the whole judgement, not the SLOs alone.
  std::vector<double> slo_measured;
  std::vector<double> slo_bound;
  std::vector<double> slo_passed;  // 1 or 0
  double balanced = 1;             // the message accounting identity held
  double events = 0;               // events processed
  double keeps_up = 1;             // judge::KeepsUp: 1 keeps up, 0 falls behind (NaN: a skipped point)
  double backlog_per_min = 0;      // the backlog's growth at the end, messages/min
  // judge::loss_reasons() order: messages lost (and shown) by reason.
  std::vector<double> loss = std::vector<double>(judge::kLossReasons, 0.0);

  [[nodiscard]] std::vector<double> to_doubles() const;
  // `slos`: verdict_count() of the scenario (fixes the layout).
  static RunRecord from_doubles(const double* x, std::size_t slos);
  static std::size_t width(std::size_t slos);
};

// `load_factor` multiplies every producer's rate (constant and Poisson rates, traces' rate multipliers).
RunRecord run_one(const SweepSpec& s, const PreparedPoint& p, std::uint64_t replication, double load_factor = 1.0);

// Task t < points x replications is point t / replications, replication t % replications; with headroom the same
// again at headroom x the load.
// Called after each finished run with (done, total); from worker threads, but never concurrently.
using Progress = std::function<void(std::size_t done, std::size_t total)>;
// Runs the tasks on `threads` workers (0: the hardware's count); returns their records in `tasks` order. A run that
// throws fails the sweep with its message, after the others finish.
std::vector<RunRecord> run_tasks(const SweepSpec& s, const std::vector<PreparedPoint>& points,
                                 const std::vector<std::size_t>& tasks, unsigned threads, const Progress& progress);

}  // namespace sweep
