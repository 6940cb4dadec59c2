// Reading an input file whole (a scenario, a workload, lessons, a script, a shard, a log), the one way every command
// does it: a folder, a file over the size limit, one that cannot be opened or read are refused with the reason, which
// the caller puts in its "FILE: error: $: ..." line.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace scenarios {

// Input files are at most this large (a scenario is kilobytes; trace data lives in CSV files read line by line).
inline constexpr std::uintmax_t kMaxInputFileBytes = 64ULL << 20;

// The file's bytes, or nullopt with `why` set: "is a folder, expected a file", "larger than 64 MB, the limit for an
// input file", "cannot open the file for reading" or "cannot read the file".
std::optional<std::string> read_input_text(const std::filesystem::path& path, std::string& why,
                                           std::uintmax_t max_bytes = kMaxInputFileBytes);

}  // namespace scenarios
