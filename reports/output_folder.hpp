// All-or-nothing outputs: a run writes its files into a staging folder beside the destination and moves them into
// place only when every one was written completely, so a failed or interrupted run never leaves a mixed set of old
// and new files that looks valid (the staging folder, "<DEST>.partial-<pid>", is removed on failure).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace reports {

class OutputFolder {
 public:
  // The files a run may write into its folder. A commit removes those of them a previous run left and this one did
  // not write (e.g. an old messages.jsonl), so the folder always holds one run's set.
  static bool is_run_output(const std::string& file_name);

  // Creates the staging folder (and DEST's parent). Throws std::runtime_error naming the folder and the reason.
  explicit OutputFolder(std::filesystem::path destination);
  ~OutputFolder();  // removes the staging folder unless committed
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  [[nodiscard]] const std::filesystem::path& destination() const { return destination_; }
  [[nodiscard]] const std::filesystem::path& staging() const { return staging_; }
  // Writes staging()/name completely (flushed and closed); false with error() set when it could not.
  bool write(const std::string& name, std::string_view text);
  // Moves every staged file into the destination: the staging folder is renamed into place when the destination is
  // missing or empty, else file by file (each rename atomic). False with error() set on failure.
  bool commit();
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  std::filesystem::path destination_;
  std::filesystem::path staging_;
  bool committed_ = false;
  std::string error_;
};

// Writes one file completely, or fails: into a temporary file beside it renamed over it (a regular or missing file),
// or straight into it (a device such as /dev/full or /dev/stdout). False with `error` set on failure.
bool write_file_atomically(const std::filesystem::path& path, std::string_view text, std::string& error);

// True when `output` would overwrite one of `inputs` (the same file, through any path or link).
bool is_same_file(const std::filesystem::path& output, const std::vector<std::filesystem::path>& inputs);

}  // namespace reports
