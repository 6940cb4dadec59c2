#include "app/sweep_shard_command.hpp"

#include "loader/input_file.hpp"

#include "app/exit_codes.hpp"

#include <fmt/format.h>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "sweep/shard.hpp"

namespace app {

using nlohmann::json;

void add_shard_options(CLI::App& cmd, SweepOptions& o) {
  cmd.add_option("--shard", o.shard,
                 "Run only slice K of N (K/N, K from 0 to N-1: the tasks t with t % N == K) and write "
                 "DIR/sweep-shard-K-of-N.json for `sqsim sweep-merge`; `env` reads K (and N) from an array job: "
                 "SLURM_ARRAY_TASK_ID (with SLURM_ARRAY_TASK_COUNT), JOB_COMPLETION_INDEX (Kubernetes Indexed "
                 "Job) or AWS_BATCH_JOB_ARRAY_INDEX, N from --shard-count or SQSIM_SHARD_COUNT where the engine "
                 "gives none (docs/capacity-planning.md)");
  cmd.add_option("--shard-count", o.shard_count,
                 "With --shard env: how many slices the array job has (Kubernetes: .spec.completions; AWS Batch: "
                 "the array size)");
}

json sweep_definition(const SweepOptions& o, const PreparedSweep& p) {
  json pricing = nullptr;
  if (!o.pricing_file.empty()) {
    std::string why;
    pricing = json::parse(scenarios::read_input_text(o.pricing_file, why).value_or(""), nullptr,
                          false);  // already loaded by prepare_sweep, so it parses
  }
  return {
      {"scenario_file", o.scenario},    {"scenario", p.spec.scenario}, {"vary", o.vary},
      {"replications", o.replications}, {"headroom", o.headroom},      {"seed", o.seed ? json(*o.seed) : json(nullptr)},
      {"pricing_file", o.pricing_file}, {"pricing", pricing},          {"free_tier", !o.no_free_tier}};
}

int sweep_shard_command(const SweepOptions& o) {
  sweep::Shard shard;
  try {
    if (o.shard == "env") {
      shard = sweep::shard_from_environment(sweep::process_environment(), o.shard_count);
    } else {
      shard = sweep::parse_shard(o.shard);
      if (o.shard_count && *o.shard_count != shard.count)
        throw sweep::SweepError(
            fmt::format("--shard-count {} contradicts --shard {} (use one or the other)", *o.shard_count, o.shard));
    }
  } catch (const sweep::SweepError& e) {
    std::cerr << "sqsim sweep: error: " << e.what() << "\n";
    return kExitBadInput;
  }
  const auto p = prepare_sweep(o);
  if (!p) return kExitBadInput;
  const unsigned workers = o.threads == 0 ? std::max(1U, std::thread::hardware_concurrency()) : o.threads;
  sweep::ShardResult r;
  r.shard = shard;
  r.definition = sweep_definition(o, *p);
  r.task_count = p->task_count();
  r.slos = sweep::verdict_count(p->points);
  r.tasks = sweep::shard_tasks(r.task_count, shard);
  r.workers = workers;
  ProgressPrinter progress(o, r.tasks.size(), fmt::format("sweep slice {}/{}", shard.index, shard.count));
  const auto t0 = std::chrono::steady_clock::now();
  try {
    r.records = sweep::run_tasks(p->spec, p->points, r.tasks, workers,
                                 [&](std::size_t done, std::size_t total) { progress(done, total); });
  } catch (const sweep::SweepError& e) {
    std::cerr << "sqsim sweep: error: " << e.what() << "\n";
    return kExitFailed;
  }
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const std::filesystem::path dir(o.out_dir), file = dir / sweep::shard_file_name(shard);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << sweep::shard_json(r).dump() << "\n";
    if (ec || !out) {
      std::cerr << file.string() << ": error: cannot write the slice's result\n";
      return kExitBadInput;
    }
  }
  if (!o.quiet)
    std::cout << fmt::format(
        "slice {} of {}: {} of the sweep's {} runs; wrote {} (combine the slices with sqsim "
        "sweep-merge)\n",
        shard.index, shard.count, r.tasks.size(), r.task_count, file.string());
  std::cerr << fmt::format("sqsim sweep: slice {}/{}: {} runs in {:.2f} s wall-clock on {} workers\n", shard.index,
                           shard.count, r.tasks.size(), r.wall_seconds, workers);
  int code = 0;
  for (std::size_t i = 0; i < r.records.size(); ++i) {
    if (r.records[i].balanced != 0) continue;
    std::cerr << "sqsim sweep: error: message accounting does not balance for "
              << p->points.at(r.tasks[i] / p->spec.replications).point.label(p->spec.dims)
              << " (a simulator bug; please report it)\n";
    code = 1;
  }
  return code;
}

}  // namespace app
