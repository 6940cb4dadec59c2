#include "app/sweep_merge_command.hpp"

#include "app/exit_codes.hpp"

#include <algorithm>
#include <iostream>

#include "app/sweep_command.hpp"
#include "app/sweep_shard_command.hpp"
#include "sweep/shard.hpp"

namespace app {

void add_sweep_merge_options(CLI::App& cmd, SweepMergeOptions& o) {
  cmd.add_option("inputs", o.inputs,
                 "The slices: --out directories of `sqsim sweep --shard` (their sweep-shard-*.json files) or the "
                 "files themselves, in any order")
      ->required();
  cmd.add_option("--out", o.out_dir, "Output directory for sweep.csv, sweep.json and sweep.html (default out/sweep)");
  cmd.add_flag("-q,--quiet", o.quiet, "Do not print the table");
  cmd.add_option("--max-rows", o.max_rows, "Rows of the printed table (default 40; 0: all)");
}

int sweep_merge_command(const SweepMergeOptions& m) {
  std::vector<sweep::NamedShard> slices;
  std::vector<sweep::RunRecord> records;
  try {
    for (const std::string& f : sweep::find_shard_files(m.inputs)) slices.push_back({f, sweep::read_shard_file(f)});
    records = sweep::merge_shards(slices);
  } catch (const sweep::SweepError& e) {
    std::cerr << "sqsim sweep-merge: " << e.what() << "\n";
    return kExitBadInput;
  }
  // The sweep as the slices ran it, so aggregation and outputs are the single process's very code.
  const nlohmann::json& def = slices.front().result.definition;
  SweepOptions o;
  try {
    o.scenario = def.at("scenario_file").get<std::string>();
    o.vary = def.at("vary").get<std::vector<std::string>>();
    o.replications = def.at("replications").get<std::uint64_t>();
    o.headroom = def.at("headroom").get<double>();  // --headroom doubles the tasks: the second pass at F x the load
    if (!def.at("seed").is_null()) o.seed = def.at("seed").get<std::uint64_t>();
    o.pricing_file = def.at("pricing_file").get<std::string>();
    o.no_free_tier = !def.at("free_tier").get<bool>();
  } catch (const nlohmann::json::exception&) {
    std::cerr << "sqsim sweep-merge: " << slices.front().file
              << ": error: $.definition: expected scenario_file, vary, replications, headroom, seed, pricing_file and "
                 "free_tier as sqsim sweep --shard writes them\n";
    return kExitBadInput;
  }
  o.out_dir = m.out_dir;
  o.quiet = m.quiet;
  o.max_rows = m.max_rows;
  o.no_progress = true;
  const auto p = prepare_sweep(o);
  if (!p) {
    std::cerr << "sqsim sweep-merge: error: the slices' sweep (" << o.scenario
              << ") cannot be prepared here; run the merge from the directory the slices ran in\n";
    return kExitBadInput;
  }
  if (sweep_definition(o, *p) != def || p->task_count() != records.size()) {
    std::cerr << "sqsim sweep-merge: error: " << o.scenario << (o.pricing_file.empty() ? "" : " or " + o.pricing_file)
              << " changed since the slices ran; run the slices again\n";
    return kExitBadInput;
  }
  double wall = 0;
  unsigned workers = 0;
  for (const auto& s : slices) {
    wall = std::max(wall, s.result.wall_seconds);
    workers += s.result.workers;
  }
  return finish_sweep(o, *p, records, wall, workers);
}

}  // namespace app
