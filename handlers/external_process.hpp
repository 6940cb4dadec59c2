// One external runtime process: started in its own process group with its stdout and stderr on a pipe, watched
// without blocking, and stopped for good (SIGTERM to the group, SIGKILL after a grace period, reaped; descendants
// that left the group are found by an environment token and killed too). Linux only (/proc, prctl).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace handlers {

// The program named by argv[0]: a name with a '/' is resolved against `working_directory` (the scenario's folder),
// a bare name is searched on PATH. nullopt when there is no such executable file.
std::optional<std::filesystem::path> resolve_program(const std::string& argv0,
                                                     const std::filesystem::path& working_directory);

class ExternalProcess {
 public:
  // Lambda: the runtime gets SIGTERM at shutdown and 500 ms (with extensions) before SIGKILL.
  static constexpr std::chrono::milliseconds kStopGrace{500};

  // Starts `program` (already resolved) with argv and the parent's environment plus `extra_env`, in
  // working_directory, stdin from /dev/null. Throws std::runtime_error when it cannot be started.
  ExternalProcess(const std::filesystem::path& program, const std::vector<std::string>& argv,
                  const std::filesystem::path& working_directory, const std::vector<std::string>& extra_env);
  ~ExternalProcess();  // stop()
  ExternalProcess(const ExternalProcess&) = delete;
  ExternalProcess& operator=(const ExternalProcess&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }
  // The read end of its stdout+stderr pipe (non-blocking), or -1 once every writer has closed it.
  [[nodiscard]] int output_fd() const { return output_fd_; }
  // What it wrote since the last call (empty when nothing is waiting).
  std::string read_output();
  // "exit status 3" / "signal 9 (Killed)" once it has exited, else nullopt; it stays a zombie until stop().
  std::optional<std::string> exit_reason();
  // Ends the process group and every descendant carrying this process's token; reaps them. Idempotent. The output
  // pipe stays readable (to the end of what they wrote) until destruction.
  void stop();

 private:
  pid_t pid_ = -1;
  int output_fd_ = -1;
  std::string token_;  // SQSIM_RUNTIME_TOKEN in its environment, inherited by whatever it forks
  void kill_descendants(pid_t group);
};

}  // namespace handlers
