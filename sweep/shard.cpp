#include "sweep/shard.hpp"

#include "loader/input_file.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string_view>
#include <system_error>

namespace sweep {

using nlohmann::json;

namespace {

constexpr const char* kFormat = "sqsim-sweep-shard";
constexpr int kVersion = 2;  // 2: records carry GameDay expectations and loss by reason

std::optional<std::size_t> whole_number(const std::string& s) {
  std::size_t v = 0;
  const char* end = s.data() + s.size();
  const auto [p, ec] = std::from_chars(s.data(), end, v);
  if (s.empty() || ec != std::errc() || p != end) return std::nullopt;
  return v;
}

std::size_t env_number(const Environment& env, const char* name) {
  const auto text = env(name);
  const auto v = text ? whole_number(*text) : std::nullopt;
  if (!v) throw SweepError(fmt::format("--shard env: {}={}: expected a whole number", name, text.value_or("")));
  return *v;
}

// Exact: the shortest hexadecimal form that reads back to the same bits ("1.8p+3", "nan", "inf").
std::string hex(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::hex);
  return std::string(buf, r.ptr);
}

std::optional<double> from_hex(const std::string& s) {
  double v = 0;
  const char* end = s.data() + s.size();
  const auto [p, ec] = std::from_chars(s.data(), end, v, std::chars_format::hex);
  if (s.empty() || ec != std::errc() || p != end) return std::nullopt;
  return v;
}

std::size_t expected_tasks(std::size_t task_count, const Shard& s) {
  return task_count > s.index ? (task_count - s.index + s.count - 1) / s.count : 0;
}

}  // namespace

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  const auto k = slash == std::string::npos ? std::nullopt : whole_number(text.substr(0, slash));
  const auto n = slash == std::string::npos ? std::nullopt : whole_number(text.substr(slash + 1));
  if (!k || !n || *n == 0)
    throw SweepError(fmt::format(
        "--shard {}: expected K/N (slice K of N, K from 0 to N-1, e.g. 0/4), or env to read an array job's index",
        text));
  if (*k >= *n)
    throw SweepError(
        fmt::format("--shard {}: expected K from 0 to {} (slices are counted from 0, as array job "
                    "indexes are)",
                    text, *n - 1));
  return {*k, *n};
}

Environment process_environment() {
  return [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Shard shard_from_environment(const Environment& env, std::optional<std::size_t> count) {
  std::vector<const char*> set;
  for (const char* name : {kSlurmIndex, kKubernetesIndex, kAwsBatchIndex})
    if (env(name)) set.push_back(name);
  if (set.empty())
    throw SweepError(
        fmt::format("--shard env: none of {}, {} or {} is set; run it as an array job's task, or give "
                    "--shard K/N",
                    kSlurmIndex, kKubernetesIndex, kAwsBatchIndex));
  if (set.size() > 1)
    throw SweepError(fmt::format("--shard env: both {} and {} are set; give --shard K/N to say which slice this is",
                                 set[0], set[1]));
  if (count && *count == 0) throw SweepError("--shard-count: expected at least 1");
  if (!count && env(kShardCountVariable)) {
    count = env_number(env, kShardCountVariable);
    if (*count == 0) throw SweepError(fmt::format("--shard env: {}=0: expected at least 1", kShardCountVariable));
  }
  std::size_t index = env_number(env, set[0]);
  if (std::string_view(set[0]) == kSlurmIndex) {
    // Slurm: --array=MIN-MAX[:STEP]; SLURM_ARRAY_TASK_COUNT counts the tasks (a list with gaps is not contiguous).
    const std::size_t min = env("SLURM_ARRAY_TASK_MIN") ? env_number(env, "SLURM_ARRAY_TASK_MIN") : 0;
    const std::size_t step = env("SLURM_ARRAY_TASK_STEP") ? env_number(env, "SLURM_ARRAY_TASK_STEP") : 1;
    if (index < min || step == 0 || (index - min) % step != 0)
      throw SweepError(
          fmt::format("--shard env: SLURM_ARRAY_TASK_ID={} is not SLURM_ARRAY_TASK_MIN={} plus a "
                      "multiple of SLURM_ARRAY_TASK_STEP={}; use --array=0-(N-1)",
                      index, min, step));
    index = (index - min) / step;
    if (!count) {
      if (!env("SLURM_ARRAY_TASK_COUNT"))
        throw SweepError("--shard env: SLURM_ARRAY_TASK_COUNT is not set; give --shard-count N");
      count = env_number(env, "SLURM_ARRAY_TASK_COUNT");
    }
  }
  if (!count)
    throw SweepError(
        fmt::format("--shard env: {} gives the slice but not how many there are; give --shard-count N "
                    "or set {}",
                    set[0], kShardCountVariable));
  if (index >= *count)
    throw SweepError(fmt::format("--shard env: {} gives slice {} but there are only {} (0 to {})", set[0], index,
                                 *count, *count - 1));
  return {index, *count};
}

std::vector<std::size_t> shard_tasks(std::size_t task_count, const Shard& s) {
  std::vector<std::size_t> out;
  for (std::size_t t = s.index; t < task_count; t += s.count) out.push_back(t);
  return out;
}

std::string shard_file_name(const Shard& s) {
  return fmt::format("sweep-shard-{}-of-{}.json", s.index, s.count);
}

json shard_json(const ShardResult& r) {
  json records = json::array();
  for (std::size_t i = 0; i < r.records.size(); ++i) {
    json values = json::array();
    for (const double v : r.records[i].to_doubles()) values.push_back(hex(v));
    records.push_back({{"task", r.tasks.at(i)}, {"values", std::move(values)}});
  }
  return {{"format", kFormat},
          {"version", kVersion},
          {"shard", {{"index", r.shard.index}, {"count", r.shard.count}}},
          {"definition", r.definition},
          {"task_count", r.task_count},
          {"slos", r.slos},
          {"wall_seconds", r.wall_seconds},
          {"workers", r.workers},
          {"records", std::move(records)}};
}

ShardResult parse_shard_json(const json& j, const std::string& file) {
  const auto fail = [&](const std::string& path, const std::string& what) {
    return SweepError(fmt::format("{}: error: {}: {}", file, path, what));
  };
  const auto count_at = [&](const json& obj, const char* key, const std::string& path) {
    if (!obj.contains(key) || !obj[key].is_number_unsigned())
      throw fail(path + "." + key, "expected a whole number ≥ 0");
    return obj[key].get<std::size_t>();
  };
  if (!j.is_object() || !j.contains("format") || j["format"] != kFormat)
    throw fail("$.format", fmt::format("expected \"{}\" (a file written by sqsim sweep --shard)", kFormat));
  if (!j.contains("version") || j["version"] != kVersion)
    throw fail("$.version", fmt::format("expected {} (written by another sqsim version?)", kVersion));
  ShardResult r;
  if (!j.contains("shard") || !j["shard"].is_object()) throw fail("$.shard", "expected {\"index\", \"count\"}");
  r.shard.index = count_at(j["shard"], "index", "$.shard");
  r.shard.count = count_at(j["shard"], "count", "$.shard");
  if (r.shard.count == 0 || r.shard.index >= r.shard.count)
    throw fail("$.shard",
               fmt::format("got slice {} of {}, expected an index below the count", r.shard.index, r.shard.count));
  if (!j.contains("definition") || !j["definition"].is_object()) throw fail("$.definition", "expected an object");
  r.definition = j["definition"];
  r.task_count = count_at(j, "task_count", "$");
  r.slos = count_at(j, "slos", "$");
  if (j.contains("wall_seconds") && j["wall_seconds"].is_number()) r.wall_seconds = j["wall_seconds"].get<double>();
  if (j.contains("workers") && j["workers"].is_number_unsigned()) r.workers = j["workers"].get<unsigned>();
  if (!j.contains("records") || !j["records"].is_array()) throw fail("$.records", "expected an array");
  const std::size_t width = RunRecord::width(r.slos);
  for (std::size_t i = 0; i < j["records"].size(); ++i) {
    const json& rec = j["records"][i];
    const std::string path = fmt::format("$.records[{}]", i);
    if (!rec.is_object()) throw fail(path, "expected {\"task\", \"values\"}");
    r.tasks.push_back(count_at(rec, "task", path));
    if (!rec.contains("values") || !rec["values"].is_array() || rec["values"].size() != width)
      throw fail(path + ".values", fmt::format("expected an array of {} numbers", width));
    std::vector<double> x;
    for (std::size_t k = 0; k < width; ++k) {
      const json& v = rec["values"][k];
      const auto d = v.is_string() ? from_hex(v.get<std::string>()) : std::nullopt;
      if (!d)
        throw fail(fmt::format("{}.values[{}]", path, k),
                   fmt::format("got {}, expected a number in hexadecimal as sqsim writes it (\"1.8p+3\")", v.dump()));
      x.push_back(*d);
    }
    r.records.push_back(RunRecord::from_doubles(x.data(), r.slos));
  }
  return r;
}

ShardResult read_shard_file(const std::string& file) {
  std::string why;
  const std::optional<std::string> text = scenarios::read_input_text(file, why);
  if (!text) throw SweepError(file + ": error: $: " + why);
  const json j = json::parse(*text, nullptr, false);
  if (j.is_discarded()) throw SweepError(file + ": error: $: expected JSON (a file written by sqsim sweep --shard)");
  return parse_shard_json(j, file);
}

std::vector<std::string> find_shard_files(const std::vector<std::string>& args) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const std::string& a : args) {
    std::error_code ec;
    if (fs::is_regular_file(a, ec)) {
      out.push_back(a);
      continue;
    }
    if (!fs::is_directory(a, ec)) throw SweepError(a + ": error: no such file or directory");
    std::vector<std::string> found;
    for (const auto& e : fs::directory_iterator(a, ec)) {
      const std::string name = e.path().filename().string();
      if (e.is_regular_file() && name.rfind("sweep-shard-", 0) == 0 && e.path().extension() == ".json")
        found.push_back(e.path().string());
    }
    if (ec) throw SweepError(a + ": error: cannot list the directory: " + ec.message());
    if (found.empty())
      throw SweepError(a + ": error: no sweep-shard-*.json here (the --out directory of sqsim sweep --shard)");
    std::sort(found.begin(), found.end());  // directory order is the filesystem's: never let it decide anything
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

std::vector<RunRecord> merge_shards(const std::vector<NamedShard>& slices) {
  if (slices.empty()) throw SweepError("error: no slices given");
  const ShardResult& first = slices.front().result;
  const std::size_t n = first.shard.count;
  std::map<std::size_t, const NamedShard*> by_index;
  for (const NamedShard& s : slices) {
    const ShardResult& r = s.result;
    if (r.shard.count != n)
      throw SweepError(fmt::format("{}: error: slice {} of {}, but {} is a slice of {}: slices of different splits",
                                   s.file, r.shard.index, r.shard.count, slices.front().file, n));
    if (r.definition != first.definition || r.task_count != first.task_count || r.slos != first.slos)
      throw SweepError(
          fmt::format("{}: error: not the same sweep as {} (scenario, --vary, --replications, --seed, "
                      "pricing or free tier differ)",
                      s.file, slices.front().file));
    const auto [it, fresh] = by_index.emplace(r.shard.index, &s);
    if (!fresh)
      throw SweepError(fmt::format("{}: error: slice {} of {} is also in {}: each slice must be given once", s.file,
                                   r.shard.index, n, it->second->file));
    const std::vector<std::size_t> want = shard_tasks(r.task_count, r.shard);
    if (r.tasks != want || r.records.size() != want.size())
      throw SweepError(fmt::format(
          "{}: error: slice {} of {} holds {} runs, expected {} (tasks {} + k × {}): an "
          "unfinished or edited slice",
          s.file, r.shard.index, n, r.records.size(), expected_tasks(r.task_count, r.shard), r.shard.index, n));
  }
  if (by_index.size() != n) {
    std::string missing;
    std::size_t shown = 0;
    for (std::size_t k = 0; k < n; ++k) {
      if (by_index.count(k) != 0) continue;
      if (shown++ < 10) missing += (missing.empty() ? "" : ", ") + std::to_string(k);
    }
    if (shown > 10) missing += fmt::format(" and {} more", shown - 10);
    throw SweepError(
        fmt::format("error: {} of {} slices missing: {} (have {})", n - by_index.size(), n, missing, by_index.size()));
  }
  std::vector<RunRecord> out(first.task_count);
  for (const auto& [index, s] : by_index)
    for (std::size_t i = 0; i < s->result.tasks.size(); ++i) out[s->result.tasks[i]] = s->result.records[i];
  return out;
}

}  // namespace sweep
