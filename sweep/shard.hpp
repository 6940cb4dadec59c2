// Sweeps split into slices that run anywhere (a Slurm job array, a Kubernetes Indexed Job, an AWS Batch array job,
// GNU parallel) and merge into the very outputs of one process. Slice K of N runs the tasks t with t % N == K (the
// same round-robin as the MPI ranks, so heavy configurations spread over the slices) and writes its RunRecords, each
// double in hexadecimal so it comes back bit for bit; merging puts them back in task order before aggregating.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sweep/sweep_runner.hpp"

namespace sweep {

// Slice `index` of `count`, 0 <= index < count (0-based, as array job indexes are).
struct Shard {
  std::size_t index = 0;
  std::size_t count = 1;
};

// "K/N" with 0 <= K < N. Throws SweepError saying what was expected.
Shard parse_shard(const std::string& text);

// The array job variables read by --shard env, in the order they are looked for.
inline constexpr const char* kSlurmIndex = "SLURM_ARRAY_TASK_ID";
inline constexpr const char* kKubernetesIndex = "JOB_COMPLETION_INDEX";
inline constexpr const char* kAwsBatchIndex = "AWS_BATCH_JOB_ARRAY_INDEX";
// The slice count where the engine does not export one (Kubernetes, AWS Batch); --shard-count wins over it.
inline constexpr const char* kShardCountVariable = "SQSIM_SHARD_COUNT";

// Looks up an environment variable (std::getenv in the tool; a map in tests).
using Environment = std::function<std::optional<std::string>(const char* name)>;
Environment process_environment();

// The slice an array job's task runs: exactly one of the index variables must be set. Slurm gives the count
// (SLURM_ARRAY_TASK_COUNT; the index is counted from SLURM_ARRAY_TASK_MIN in steps of SLURM_ARRAY_TASK_STEP, so
// --array=1-10 and --array=0-9 both work); Kubernetes and AWS Batch do not, so `count` (--shard-count) or
// SQSIM_SHARD_COUNT gives it. Throws SweepError naming the variable and what was expected.
Shard shard_from_environment(const Environment& env, std::optional<std::size_t> count);

// The tasks of a slice, ascending: t in [0, task_count) with t % count == index.
std::vector<std::size_t> shard_tasks(std::size_t task_count, const Shard& s);

// A slice's partial result: enough to check that the slices belong to one sweep and to rebuild its records.
struct ShardResult {
  Shard shard;
  // The sweep's definition as the command line gave it (scenario file and document, --vary texts, replications,
  // seed, pricing file and document, free tier): slices merge only when these are equal.
  nlohmann::json definition;
  std::size_t task_count = 0;
  std::size_t slos = 0;            // verdicts per record: the SLOs and GameDay expectations (sweep::verdict_count)
  std::vector<std::size_t> tasks;  // ascending, as shard_tasks gives them
  std::vector<RunRecord> records;  // records[i] is task tasks[i]
  double wall_seconds = 0;         // for the user's information only
  unsigned workers = 1;
};

// "sweep-shard-K-of-N.json": the file a slice writes in its --out directory.
std::string shard_file_name(const Shard& s);
nlohmann::json shard_json(const ShardResult& r);
// Throws SweepError naming `file`, the JSON path and what was expected.
ShardResult parse_shard_json(const nlohmann::json& j, const std::string& file);
ShardResult read_shard_file(const std::string& file);
// The slice files named by `args`: a file as it is, a directory's sweep-shard-*.json files (sorted by name).
// Throws SweepError when an argument is neither, or a directory holds none.
std::vector<std::string> find_shard_files(const std::vector<std::string>& args);

struct NamedShard {
  std::string file;
  ShardResult result;
};
// Every task's record in task order. Throws SweepError when slices disagree on the count or the definition, a slice
// appears twice, one is missing, or a slice's tasks are not the ones it should have run.
std::vector<RunRecord> merge_shards(const std::vector<NamedShard>& slices);

}  // namespace sweep
