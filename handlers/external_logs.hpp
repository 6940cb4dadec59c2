// Where external runtime processes' stdout and stderr go: one log per function (external-<function>.log) in the run's
// output folder, each bounded, or nowhere when there is no output folder. Never sqsim's own stdout.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>

namespace handlers {

class ExternalLogs {
 public:
  static constexpr std::uint64_t kDefaultMaxBytes = 10ULL << 20;  // per function

  ExternalLogs() = default;  // discards everything
  explicit ExternalLogs(std::filesystem::path dir, std::uint64_t max_bytes_per_function = kDefaultMaxBytes)
      : dir_(std::move(dir)), max_bytes_(max_bytes_per_function) {}
  ~ExternalLogs() { (void)finish(); }
  ExternalLogs(const ExternalLogs&) = delete;
  ExternalLogs& operator=(const ExternalLogs&) = delete;

  void append(const std::string& function, std::string_view bytes);
  [[nodiscard]] static std::string file_name(const std::string& function) { return "external-" + function + ".log"; }
  // Ends each truncated log with a line saying how much was dropped and closes the logs (later output is dropped).
  // False when a write failed (a full disk): the run's outputs are then incomplete.
  [[nodiscard]] bool finish();

 private:
  struct Sink {
    std::ofstream out;
    std::uint64_t written = 0;
    std::uint64_t dropped = 0;
  };
  std::filesystem::path dir_;
  std::uint64_t max_bytes_ = kDefaultMaxBytes;
  std::map<std::string, Sink, std::less<>> sinks_;
  bool ok_ = true;
  bool finished_ = false;
};

}  // namespace handlers
