#include "app/sweep_command.hpp"

#include "app/exit_codes.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numeric>
#include <thread>

#include "loader/pricing_loader.hpp"
#include "loader/scenario_loader.hpp"
#include "sweep/parameter_grid.hpp"
#include "sweep/sweep_report.hpp"
#include "sweep/sweep_result.hpp"

namespace app {

namespace {

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

bool write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

}  // namespace

void add_sweep_options(CLI::App& cmd, SweepOptions& o) {
  std::string params;
  for (const auto& k : sweep::known_parameters()) params += fmt::format("\n  {:<26} {}", k.name, k.sets);
  cmd.add_option("scenario", o.scenario,
                 "Scenario file (its \"slos\" and GameDay expectations are what the cheapest configuration must meet)")
      ->required();
  cmd.add_option("--vary", o.vary,
                 "NAME=VALUES, repeatable: one dimension of the grid. Values: a list (1,5,10), a range with a step "
                 "(5..50:5, inclusive), or both (1,5..20:5). NAME is one of:" +
                     params +
                     "\nor a JSON pointer into the scenario for one resource (/producers/0/arrival/rate_per_s)")
      ->required();
  cmd.add_option("--replications", o.replications,
                 "Independent replications per configuration (default 1; 2+ give 95 % confidence intervals). "
                 "Replication r uses the same seed in every configuration (common random numbers)");
  cmd.add_option("--threads", o.threads,
                 "Worker threads (default: one per hardware thread; at most 4 per hardware thread); results do not "
                 "depend on it")
      ->check(CLI::NonNegativeNumber);
  cmd.add_option("--seed", o.seed, "Seed for every run (default: the scenario's)")->check(CLI::NonNegativeNumber);
  cmd.add_option("--out", o.out_dir, "Output directory for sweep.csv, sweep.json and sweep.html (default out/sweep)");
  cmd.add_option("--pricing", o.pricing_file,
                 "Pricing file for the cost model (default: us-east-1 as in the reference)");
  cmd.add_flag("--no-free-tier", o.no_free_tier, "Do not apply the monthly free tier to the cost projection");
  cmd.add_flag("--progress", o.progress, "Show progress on stderr even when it is not a terminal (one line per 10 %)");
  cmd.add_flag("--no-progress", o.no_progress, "Never show progress");
  cmd.add_flag("-q,--quiet", o.quiet, "Do not print the table");
  cmd.add_option("--max-rows", o.max_rows, "Rows of the printed table (default 40; 0: all)");
  cmd.add_option("--headroom", o.headroom,
                 "F >= 1: the recommended configuration must also meet every SLO and keep up at F x the offered load "
                 "(every point runs a second time with each producer's rate x F; default 1: no headroom)")
      ->check(CLI::Range(1.0, 100.0));
}

namespace {

// The sweep's size and resources, checked before anything is built: the grid's configurations (the product of the
// --vary value counts), the runs (× --replications) and the seed. One place for these limits
// (docs/capacity-planning.md).
constexpr double kMaxSweepConfigurations = 100'000;
constexpr double kMaxSweepRuns = 1'000'000;
constexpr std::uint64_t kMaxReplications = 10'000;

bool check_sweep_size(const SweepOptions& o, const sweep::SweepSpec& spec) {
  if (o.replications < 1 || o.replications > kMaxReplications) {
    std::cerr << "sqsim sweep: error: --replications: got " << o.replications << ", expected 1 to " << kMaxReplications
              << "\n";
    return false;
  }
  double configurations = 1;
  std::string sizes;
  for (const auto& d : spec.dims) {
    configurations *= static_cast<double>(d.values.size());
    sizes += (sizes.empty() ? "" : " × ") + std::to_string(d.values.size());
  }
  if (configurations > kMaxSweepConfigurations) {
    std::cerr << fmt::format(
        "sqsim sweep: error: --vary: the grid has {:.0f} configurations ({}), more than {:.0f}; "
        "vary fewer values or split the sweep\n",
        configurations, sizes, kMaxSweepConfigurations);
    return false;
  }
  const double runs = configurations * static_cast<double>(o.replications);
  if (runs > kMaxSweepRuns) {
    std::cerr << fmt::format(
        "sqsim sweep: error: {:.0f} configurations × {} replications = {:.0f} runs, more than "
        "{:.0f}\n",
        configurations, o.replications, runs, kMaxSweepRuns);
    return false;
  }
  return true;
}

// More threads than this many per hardware thread only adds memory (each holds a simulation) and contention.
constexpr unsigned kMaxThreadsPerCore = 4;

unsigned sweep_threads(const SweepOptions& o) {
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  if (o.threads == 0) return cores;
  if (o.threads > kMaxThreadsPerCore * cores) {
    std::cerr << "sqsim sweep: warning: --threads " << o.threads << " capped at " << kMaxThreadsPerCore * cores << " ("
              << kMaxThreadsPerCore << " per hardware thread)\n";
    return kMaxThreadsPerCore * cores;
  }
  return o.threads;
}

}  // namespace

std::optional<PreparedSweep> prepare_sweep(const SweepOptions& o) {
  try {
    PreparedSweep p;
    p.spec = sweep::make_sweep_spec(o.scenario, o.vary, o.replications);
    if (!check_sweep_size(o, p.spec)) return std::nullopt;
    p.spec.seed = o.seed;
    p.spec.free_tier = !o.no_free_tier;
    p.spec.headroom = o.headroom;
    if (!o.pricing_file.empty()) p.spec.pricing = scenarios::load_pricing_file(o.pricing_file);
    p.points = sweep::prepare_points(p.spec);
    return p;
  } catch (const sweep::SweepError& e) {
    std::cerr << "sqsim sweep: error: " << e.what() << "\n";
  } catch (const scenarios::ScenarioError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << d.format() << "\n";
  }
  return std::nullopt;
}

ProgressPrinter::ProgressPrinter(const SweepOptions& o, std::size_t total, std::string prefix)
    : enabled_(!o.no_progress && (o.progress || isatty(fileno(stderr)) != 0) && total > 0),
      terminal_(isatty(fileno(stderr)) != 0),
      prefix_(std::move(prefix)),
      start_(now_seconds()) {}

void ProgressPrinter::operator()(std::size_t done, std::size_t total) {
  if (!enabled_) return;
  const double t = now_seconds() - start_;
  const std::string eta =
      done > 0 && done < total ? fmt::format(", ~{:.0f} s left", t / static_cast<double>(done) * (total - done)) : "";
  const std::string line = fmt::format("{}: {}/{} runs ({:.0f} %), {:.1f} s{}", prefix_, done, total,
                                       100.0 * static_cast<double>(done) / static_cast<double>(total), t, eta);
  if (terminal_) {
    if (done == total || t - last_ >= 0.2) {
      std::cerr << "\r" << line << "\x1b[K" << (done == total ? "\n" : "") << std::flush;
      last_ = t;
    }
    return;
  }
  const std::size_t decile = done * 10 / total;
  if (decile > last_decile_ || done == total) {
    last_decile_ = decile;
    std::cerr << line << "\n";
  }
}

int finish_sweep(const SweepOptions& o, const PreparedSweep& p, const std::vector<sweep::RunRecord>& records,
                 double wall_seconds, unsigned workers) {
  const sweep::SweepResult r = sweep::aggregate(p.spec, p.points, records);
  const std::filesystem::path dir(o.out_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !write_text(dir / "sweep.csv", sweep::sweep_csv(r)) ||
      !write_text(dir / "sweep.json", sweep::sweep_json(r).dump(2) + "\n") ||
      !write_text(dir / "sweep.html", sweep::sweep_html(r))) {
    std::cerr << o.out_dir << ": error: cannot write the sweep's outputs\n";
    return kExitBadInput;
  }
  if (!o.quiet) {
    sweep::write_sweep_table(r, std::cout, o.max_rows);
    std::cout << fmt::format("  wrote {}, {} and {}\n", (dir / "sweep.csv").string(), (dir / "sweep.json").string(),
                             (dir / "sweep.html").string());
  }
  const double events = std::accumulate(records.begin(), records.end(), 0.0,
                                        [](double a, const sweep::RunRecord& x) { return a + x.events; });
  // With --headroom each replication runs twice (at 1x and at Fx the load): say so, not "2 replications".
  std::cerr << fmt::format(
      "sqsim sweep: {} runs ({} configurations × {} replication{}{}), {:.3g} events in {:.2f} s "
      "wall-clock on {} workers ({:.1f} runs/s)\n",
      records.size(), p.points.size(), p.spec.replications, p.spec.replications == 1 ? "" : "s",
      p.spec.headroom > 1 ? fmt::format(" × 2 loads (1x and {:g}x)", p.spec.headroom) : std::string(), events,
      wall_seconds, workers, wall_seconds > 0 ? static_cast<double>(records.size()) / wall_seconds : 0.0);
  int code = 0;
  for (const auto& pt : r.points) {
    if (pt.balanced) continue;
    std::cerr << "sqsim sweep: error: message accounting does not balance for " << pt.point.label(r.dims)
              << " (a simulator bug; please report it)\n";
    code = 1;
  }
  std::size_t skipped = 0;
  for (const auto& pt : r.points) skipped += pt.skipped.empty() ? 0 : 1;
  if (skipped > 0)
    std::cerr << fmt::format("sqsim sweep: {} invalid configuration{} skipped (reasons in the table and sweep.json)\n",
                             skipped, skipped == 1 ? "" : "s");
  if (!r.cheapest) {
    std::cerr << "sqsim sweep: no configuration in the grid meets every SLO"
              << (r.expectation_names.empty() ? "" : " and GameDay expectation")
              << (o.headroom > 1 ? fmt::format(" at {:g}x the load", o.headroom) : std::string()) << " and keeps up\n";
    code = 1;
  }
  return code;
}

int sweep_command(const SweepOptions& o) {
  const auto p = prepare_sweep(o);
  if (!p) return kExitBadInput;
  const unsigned workers = sweep_threads(o);
  std::vector<std::size_t> tasks(p->task_count());
  std::iota(tasks.begin(), tasks.end(), std::size_t{0});
  ProgressPrinter progress(o, tasks.size());
  const double t0 = now_seconds();
  std::vector<sweep::RunRecord> records;
  try {
    records = sweep::run_tasks(p->spec, p->points, tasks, workers,
                               [&](std::size_t done, std::size_t total) { progress(done, total); });
  } catch (const sweep::SweepError& e) {
    std::cerr << "sqsim sweep: error: " << e.what() << "\n";
    return kExitFailed;
  }
  return finish_sweep(o, *p, records, now_seconds() - t0, workers);
}

}  // namespace app
