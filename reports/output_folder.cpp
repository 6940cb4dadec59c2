#include "reports/output_folder.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace reports {

namespace fs = std::filesystem;

namespace {

bool write_whole(const fs::path& path, std::string_view text, std::string& error) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    error = path.string() + ": cannot open for writing: " + std::strerror(errno);
    return false;
  }
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();  // flushes: a full disk shows here
  if (out.fail()) {
    error = path.string() + ": write failed (disk full?): " + std::strerror(errno);
    return false;
  }
  return true;
}

// Moves a staged output over the previous run's file of that name. ext4 (its auto_da_alloc option, on by default)
// starts writing a file's data back inside rename() when the rename replaces another file: milliseconds for a long
// run's metrics.csv, a tenth of a short run. Exchanging the two names replaces nothing: the previous file goes to the
// staging folder and is removed with it. Only a regular file is exchanged (anything else is left to rename(), which
// refuses a folder as before); where the file system cannot exchange, a plain rename.
void move_into_place(const fs::path& from, const fs::path& to, std::error_code& ec) {
#if defined(__linux__) && defined(RENAME_EXCHANGE)
  if (fs::is_regular_file(fs::symlink_status(to, ec)) &&
      ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_EXCHANGE) == 0) {
    ec.clear();
    return;
  }
#endif
  fs::rename(from, to, ec);
}

}  // namespace

bool OutputFolder::is_run_output(const std::string& name) {
  return name == "summary.json" || name == "metrics.csv" || name == "report.html" || name == "lambda-report.log" ||
         name == "messages.jsonl" || (name.starts_with("external-") && name.ends_with(".log"));
}

OutputFolder::OutputFolder(fs::path destination) : destination_(std::move(destination)) {
  std::error_code ec;
  if (destination_.empty()) destination_ = ".";
  if (fs::exists(destination_, ec) && !fs::is_directory(destination_, ec))
    throw std::runtime_error(destination_.string() + ": error: exists and is not a folder");
  fs::path base = fs::absolute(destination_, ec).lexically_normal();
  if (base.filename().empty()) base = base.parent_path();  // "out/" or "."
  fs::create_directories(base.parent_path(), ec);
  if (ec) throw std::runtime_error(base.parent_path().string() + ": error: cannot create the folder: " + ec.message());
  staging_ = base.parent_path() / (base.filename().string() + ".partial-" + std::to_string(getpid()));
  fs::remove_all(staging_, ec);  // a leftover of an interrupted run with the same pid
  ec.clear();
  fs::create_directory(staging_, ec);
  if (ec) throw std::runtime_error(staging_.string() + ": error: cannot create the staging folder: " + ec.message());
}

OutputFolder::~OutputFolder() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

bool OutputFolder::write(const std::string& name, std::string_view text) {
  return write_whole(staging_ / name, text, error_);
}

bool OutputFolder::commit() {
  std::error_code ec;
  const bool empty_destination = !fs::exists(destination_, ec) || fs::is_empty(destination_, ec);
  if (empty_destination) {
    fs::remove(destination_, ec);  // an empty folder: rename() replaces only files
    fs::rename(staging_, destination_, ec);
    if (!ec) {
      committed_ = true;
      return true;
    }
  }
  fs::create_directories(destination_, ec);
  std::vector<std::string> staged;
  for (const auto& e : fs::directory_iterator(staging_, ec)) staged.push_back(e.path().filename().string());
  if (ec) {
    error_ = destination_.string() + ": cannot list the staging folder: " + ec.message();
    return false;
  }
  // A previous run's outputs this run did not write go first: the folder must not mix two runs.
  for (const auto& e : fs::directory_iterator(destination_, ec)) {
    const std::string n = e.path().filename().string();
    if (is_run_output(n) && std::find(staged.begin(), staged.end(), n) == staged.end()) fs::remove(e.path(), ec);
  }
  for (const std::string& n : staged) {
    move_into_place(staging_ / n, destination_ / n, ec);
    if (ec) {
      error_ = (destination_ / n).string() + ": cannot move into place: " + ec.message();
      return false;
    }
  }
  fs::remove_all(staging_, ec);  // with the previous run's files exchanged into it
  committed_ = true;
  return true;
}

bool write_file_atomically(const fs::path& path, std::string_view text, std::string& error) {
  std::error_code ec;
  const auto st = fs::status(path, ec);
  if (fs::exists(st) && !fs::is_regular_file(st)) return write_whole(path, text, error);  // a device: no rename
  const fs::path tmp = path.string() + ".partial-" + std::to_string(getpid());
  if (!write_whole(tmp, text, error)) {
    fs::remove(tmp, ec);
    return false;
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    error = path.string() + ": cannot move into place: " + ec.message();
    fs::remove(tmp, ec);
    return false;
  }
  return true;
}

bool is_same_file(const fs::path& output, const std::vector<fs::path>& inputs) {
  std::error_code ec;
  for (const auto& in : inputs)
    if (!in.empty() && fs::equivalent(output, in, ec) && !ec) return true;
  return false;
}

}  // namespace reports
