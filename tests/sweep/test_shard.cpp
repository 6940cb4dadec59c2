// Sweep slices: --shard K/N and the array jobs' variables, round-robin task slicing, exact (hexadecimal) records,
// and merging that refuses missing, duplicate or foreign slices and gives back the single process's outputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <numeric>

#include "reports/compare.hpp"
#include "sweep/shard.hpp"
#include "sweep/sweep_report.hpp"
#include "sweep/sweep_result.hpp"
#include "sweep_test_support.hpp"

namespace {

using sweep::Shard;
using sweep::SweepError;

using sweep_test::kDefault;

sweep::Environment env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const SweepError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(SweepShard, ParsesKOfNCountedFromZero) {
  const Shard s = sweep::parse_shard("3/4");
  EXPECT_EQ(s.index, 3U);
  EXPECT_EQ(s.count, 4U);
  EXPECT_NE(error_of([] { sweep::parse_shard("4/4"); }).find("expected K from 0 to 3"), std::string::npos);
  for (const char* bad : {"", "1", "1/0", "a/4", "1/4x", "-1/4", "1//4"})
    EXPECT_NE(error_of([&] { sweep::parse_shard(bad); }).find("expected K/N"), std::string::npos) << bad;
}

TEST(SweepShard, SliceKOfNTakesEveryNthTaskFromK) {
  EXPECT_EQ(sweep::shard_tasks(10, {1, 4}), (std::vector<std::size_t>{1, 5, 9}));
  EXPECT_EQ(sweep::shard_tasks(10, {3, 4}), (std::vector<std::size_t>{3, 7}));
  EXPECT_TRUE(sweep::shard_tasks(2, {3, 4}).empty());  // more slices than tasks: some run nothing
  std::vector<int> seen(23, 0);
  for (std::size_t k = 0; k < 5; ++k)
    for (const std::size_t t : sweep::shard_tasks(23, {k, 5})) ++seen[t];
  EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), 23);  // every task exactly once
}

TEST(SweepShard, SlurmArrayTaskIdCountsFromTheArraysMinimumInItsSteps) {
  Shard s = sweep::shard_from_environment(env_of({{"SLURM_ARRAY_TASK_ID", "2"}, {"SLURM_ARRAY_TASK_COUNT", "4"}}), {});
  EXPECT_EQ(s.index, 2U);
  EXPECT_EQ(s.count, 4U);
  // --array=1-4: task ids 1..4 are slices 0..3.
  s = sweep::shard_from_environment(
      env_of({{"SLURM_ARRAY_TASK_ID", "4"}, {"SLURM_ARRAY_TASK_MIN", "1"}, {"SLURM_ARRAY_TASK_COUNT", "4"}}), {});
  EXPECT_EQ(s.index, 3U);
  // --array=10-40:10
  s = sweep::shard_from_environment(env_of({{"SLURM_ARRAY_TASK_ID", "30"},
                                            {"SLURM_ARRAY_TASK_MIN", "10"},
                                            {"SLURM_ARRAY_TASK_STEP", "10"},
                                            {"SLURM_ARRAY_TASK_COUNT", "4"}}),
                                    {});
  EXPECT_EQ(s.index, 2U);
  EXPECT_NE(
      error_of([] {
        sweep::shard_from_environment(env_of({{"SLURM_ARRAY_TASK_ID", "5"}, {"SLURM_ARRAY_TASK_COUNT", "4"}}), {});
      }).find("SLURM_ARRAY_TASK_ID gives slice 5 but there are only 4"),
      std::string::npos);
  EXPECT_NE(error_of([] {
              sweep::shard_from_environment(env_of({{"SLURM_ARRAY_TASK_ID", "x"}}), {});
            }).find("SLURM_ARRAY_TASK_ID=x: expected a whole number"),
            std::string::npos);
}

TEST(SweepShard, KubernetesAndAwsBatchIndexesTakeTheCountFromTheOptionOrSqsimShardCount) {
  Shard s = sweep::shard_from_environment(env_of({{"JOB_COMPLETION_INDEX", "1"}}), 3);
  EXPECT_EQ(s.index, 1U);
  EXPECT_EQ(s.count, 3U);
  s = sweep::shard_from_environment(env_of({{"AWS_BATCH_JOB_ARRAY_INDEX", "0"}, {"SQSIM_SHARD_COUNT", "2"}}), {});
  EXPECT_EQ(s.index, 0U);
  EXPECT_EQ(s.count, 2U);
  // The option wins over the variable.
  s = sweep::shard_from_environment(env_of({{"AWS_BATCH_JOB_ARRAY_INDEX", "4"}, {"SQSIM_SHARD_COUNT", "2"}}), 5);
  EXPECT_EQ(s.count, 5U);
  EXPECT_NE(error_of([] {
              sweep::shard_from_environment(env_of({{"JOB_COMPLETION_INDEX", "1"}}), {});
            }).find("give --shard-count N or set SQSIM_SHARD_COUNT"),
            std::string::npos);
  EXPECT_NE(error_of([] { sweep::shard_from_environment(env_of({}), {}); }).find("none of SLURM_ARRAY_TASK_ID"),
            std::string::npos);
  EXPECT_NE(
      error_of([] {
        sweep::shard_from_environment(env_of({{"JOB_COMPLETION_INDEX", "1"}, {"AWS_BATCH_JOB_ARRAY_INDEX", "1"}}), 2);
      }).find("both JOB_COMPLETION_INDEX and AWS_BATCH_JOB_ARRAY_INDEX are set"),
      std::string::npos);
}

sweep::RunRecord record(double base) {
  sweep::RunRecord r;
  for (std::size_t i = 0; i < reports::comparable_metrics().size(); ++i) r.metrics.push_back(base + 0.1 * i);
  r.metrics[0] = std::numeric_limits<double>::quiet_NaN();
  r.slo_measured = {std::numeric_limits<double>::infinity()};
  r.slo_bound = {1.0 / 3.0};
  r.slo_passed = {1};
  r.balanced = 1;
  r.events = 123456789;
  r.keeps_up = 0;
  r.backlog_per_min = base / 7;
  return r;
}

sweep::ShardResult slice(std::size_t k, std::size_t n, std::size_t tasks) {
  sweep::ShardResult r;
  r.shard = {k, n};
  r.definition = {{"scenario_file", "x.json"}, {"replications", 2}};
  r.task_count = tasks;
  r.slos = 1;
  r.tasks = sweep::shard_tasks(tasks, r.shard);
  for (const std::size_t t : r.tasks) r.records.push_back(record(static_cast<double>(t)));
  return r;
}

TEST(SweepShard, RecordsSurviveTheFileBitForBitIncludingNanAndInfinity) {
  const sweep::ShardResult a = slice(1, 3, 7);
  const sweep::ShardResult b = sweep::parse_shard_json(nlohmann::json::parse(sweep::shard_json(a).dump()), "s.json");
  ASSERT_EQ(b.records.size(), 2U);  // tasks 1 and 4
  EXPECT_EQ(b.tasks, (std::vector<std::size_t>{1, 4}));
  for (std::size_t i = 0; i < a.records.size(); ++i) {
    const auto x = a.records[i].to_doubles(), y = b.records[i].to_doubles();
    ASSERT_EQ(x.size(), y.size());
    for (std::size_t k = 0; k < x.size(); ++k) {
      if (std::isnan(x[k])) {
        EXPECT_TRUE(std::isnan(y[k]));
      } else {
        EXPECT_EQ(std::memcmp(&x[k], &y[k], sizeof(double)), 0) << k << ": " << x[k] << " vs " << y[k];
      }
    }
  }
  auto j = sweep::shard_json(a);
  j["records"][1]["values"][3] = 0.5;
  EXPECT_NE(error_of([&] {
              sweep::parse_shard_json(j, "s.json");
            }).find("s.json: error: $.records[1].values[3]: got 0.5, expected a number in hexadecimal"),
            std::string::npos);
  EXPECT_NE(error_of([&] { sweep::parse_shard_json(nlohmann::json::object(), "s.json"); }).find("$.format"),
            std::string::npos);
}

std::vector<sweep::NamedShard> named(const std::vector<sweep::ShardResult>& rs) {
  std::vector<sweep::NamedShard> out;
  for (const auto& r : rs) out.push_back({sweep::shard_file_name(r.shard), r});
  return out;
}

TEST(SweepShard, MergePutsRecordsBackInTaskOrderWhateverTheSliceOrder) {
  const auto merged = sweep::merge_shards(named({slice(2, 3, 8), slice(0, 3, 8), slice(1, 3, 8)}));
  ASSERT_EQ(merged.size(), 8U);
  for (std::size_t t = 0; t < 8; ++t) EXPECT_DOUBLE_EQ(merged[t].metrics[1], static_cast<double>(t) + 0.1);
}

TEST(SweepShard, MergeRefusesMissingDuplicateAndForeignSlices) {
  EXPECT_NE(error_of([] {
              sweep::merge_shards(named({slice(0, 4, 8), slice(2, 4, 8)}));
            }).find("2 of 4 slices missing: 1, 3 (have 2)"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              sweep::merge_shards(named({slice(0, 2, 8), slice(1, 2, 8), slice(1, 2, 8)}));
            }).find("slice 1 of 2 is also in sweep-shard-1-of-2.json"),
            std::string::npos);
  EXPECT_NE(error_of([] {
              sweep::merge_shards(named({slice(0, 2, 8), slice(1, 3, 8)}));
            }).find("slices of different splits"),
            std::string::npos);
  auto other = slice(1, 2, 8);
  other.definition["replications"] = 3;
  EXPECT_NE(error_of([&] {
              sweep::merge_shards(named({slice(0, 2, 8), other}));
            }).find("not the same sweep"),
            std::string::npos);
  auto cut = slice(1, 2, 8);
  cut.records.pop_back();
  cut.tasks.pop_back();
  EXPECT_NE(error_of([&] {
              sweep::merge_shards(named({slice(0, 2, 8), cut}));
            }).find("holds 3 runs, expected 4"),
            std::string::npos);
}

TEST(SweepShard, ThreeSlicesMergeIntoTheSingleProcessOutputs) {
  const sweep::SweepSpec s = sweep::make_sweep_spec(kDefault, {"batch_size=1,10", "maximum_batching_window_s=0,2"}, 2);
  const auto points = sweep::prepare_points(s);
  std::vector<std::size_t> all(points.size() * s.replications);
  std::iota(all.begin(), all.end(), std::size_t{0});
  const auto whole = sweep::aggregate(s, points, sweep::run_tasks(s, points, all, 2, nullptr));
  std::vector<sweep::NamedShard> slices;
  for (const std::size_t k : {2U, 0U, 1U}) {
    sweep::ShardResult r;
    r.shard = {k, 3};
    r.definition = {{"same", true}};
    r.task_count = all.size();
    r.slos = points.front().spec.slos.size();
    r.tasks = sweep::shard_tasks(all.size(), r.shard);
    r.records = sweep::run_tasks(s, points, r.tasks, 1, nullptr);
    // Through the file format, as on a cluster.
    slices.push_back({"k", sweep::parse_shard_json(nlohmann::json::parse(sweep::shard_json(r).dump()), "k")});
  }
  const auto merged = sweep::aggregate(s, points, sweep::merge_shards(slices));
  EXPECT_EQ(sweep::sweep_csv(whole), sweep::sweep_csv(merged));
  EXPECT_EQ(sweep::sweep_json(whole).dump(), sweep::sweep_json(merged).dump());
  EXPECT_EQ(sweep::sweep_html(whole), sweep::sweep_html(merged));
}

}  // namespace
