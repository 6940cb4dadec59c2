#include "handlers/external_process.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace handlers {

namespace fs = std::filesystem;

namespace {

bool executable_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) && access(p.c_str(), X_OK) == 0;
}

struct ProcStat {
  pid_t ppid = 0;
  pid_t pgrp = 0;
};

// The parent pid and process group of /proc/PID/stat (after the command name, which may hold spaces and parentheses).
std::optional<ProcStat> proc_stat(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream rest(stat.substr(close + 1));
  std::string state;
  ProcStat s;
  if (!(rest >> state >> s.ppid >> s.pgrp)) return std::nullopt;
  return s;
}

bool environment_has(pid_t pid, const std::string& entry) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/environ", std::ios::binary);
  for (std::string e; std::getline(in, e, '\0');)
    if (e == entry) return true;
  return false;
}

}  // namespace

std::optional<fs::path> resolve_program(const std::string& argv0, const fs::path& working_directory) {
  if (argv0.empty()) return std::nullopt;
  if (argv0.find('/') != std::string::npos) {
    fs::path p(argv0);
    if (p.is_relative()) p = working_directory / p;
    if (executable_file(p)) return p.lexically_normal();
    return std::nullopt;
  }
  const char* path_env = std::getenv("PATH");
  std::istringstream dirs(path_env != nullptr ? path_env : "/usr/local/bin:/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const fs::path p = fs::path(dir.empty() ? "." : dir) / argv0;
    if (executable_file(p)) return p;
  }
  return std::nullopt;
}

ExternalProcess::ExternalProcess(const fs::path& program, const std::vector<std::string>& argv,
                                 const fs::path& working_directory, const std::vector<std::string>& extra_env) {
  // Descendants that leave the process group (setsid) are re-parented to this process rather than to init when their
  // parent ends, so stop() can still find and end them.
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  std::ostringstream token;
  token << getpid() << '-' << static_cast<const void*>(this);
  token_ = "SQSIM_RUNTIME_TOKEN=" + token.str();

  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0)
    throw std::runtime_error("cannot create a pipe: " + std::string(strerror(errno)));
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  for (const auto& e : extra_env) env_strings.push_back(e);
  env_strings.push_back(token_);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (auto& a : args) argp.push_back(a.data());
  argp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  posix_spawn_file_actions_addchdir_np(&actions, working_directory.c_str());
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own process group (pgid = its pid), default signal handling and an empty mask whatever sqsim's are.
  posix_spawnattr_setpgroup(&attr, 0);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (const int s : {SIGTERM, SIGINT, SIGPIPE, SIGHUP, SIGCHLD}) sigaddset(&defaults, s);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  const int rc = posix_spawn(&pid_, program.c_str(), &actions, &attr, argp.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(pipe_fds[1]);
  if (rc != 0) {
    close(pipe_fds[0]);
    pid_ = -1;
    throw std::runtime_error("cannot start \"" + program.string() + "\": " + strerror(rc));
  }
  output_fd_ = pipe_fds[0];
  fcntl(output_fd_, F_SETFL, fcntl(output_fd_, F_GETFL) | O_NONBLOCK);
}

ExternalProcess::~ExternalProcess() {
  stop();
  if (output_fd_ >= 0) close(output_fd_);
}

std::string ExternalProcess::read_output() {
  std::string out;
  if (output_fd_ < 0) return out;
  char buf[65536];
  for (;;) {
    const ssize_t n = read(output_fd_, buf, sizeof buf);
    if (n > 0) {
      out.append(buf, static_cast<std::size_t>(n));
      if (out.size() >= (1U << 20)) break;  // the rest on the next call
      continue;
    }
    if (n == 0) {  // every writer (it and its descendants) closed it
      close(output_fd_);
      output_fd_ = -1;
    }
    break;  // EAGAIN: nothing more now
  }
  return out;
}

std::optional<std::string> ExternalProcess::exit_reason() {
  if (pid_ <= 0) return "not running";
  siginfo_t info{};
  // WNOWAIT: the zombie keeps its pid (and so its process group id) reserved until stop() has signalled the group.
  if (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid == 0)
    return std::nullopt;
  if (info.si_code == CLD_EXITED) return "exit status " + std::to_string(info.si_status);
  return "signal " + std::to_string(info.si_status) + " (" + strsignal(info.si_status) + ")";
}

void ExternalProcess::stop() {
  const pid_t group = pid_;
  if (pid_ > 0) {
    kill(-pid_, SIGTERM);
    const auto until = std::chrono::steady_clock::now() + kStopGrace;
    while (!exit_reason() && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    // Whatever is left of the group, the leader included if it ignored SIGTERM. The leader is not reaped yet, so its
    // pid cannot have been reused as another group's id.
    kill(-pid_, SIGKILL);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }
  if (!token_.empty()) {
    kill_descendants(group);
    token_.clear();
  }
}

// The group's other members and its descendants that called setsid() (out of reach of the group signal) become this
// process's children once their parents have gone (it is their subreaper): each is ended by SIGKILL and reaped, round
// by round until the group is empty and no child carries the token.
void ExternalProcess::kill_descendants(pid_t group) {
  const pid_t self = getpid();
  for (int round = 0; round < 40; ++round) {
    std::vector<pid_t> found;
    if (DIR* d = opendir("/proc")) {
      while (const dirent* e = readdir(d)) {
        char* end = nullptr;
        const long n = std::strtol(e->d_name, &end, 10);
        if (end == e->d_name || *end != '\0' || n <= 0) continue;
        const auto pid = static_cast<pid_t>(n);
        const auto st = proc_stat(pid);
        if (st && st->ppid == self && ((group > 0 && st->pgrp == group) || environment_has(pid, token_)))
          found.push_back(pid);
      }
      closedir(d);
    }
    for (const pid_t p : found) kill(p, SIGKILL);
    for (const pid_t p : found) {
      int status = 0;
      while (waitpid(p, &status, 0) < 0 && errno == EINTR) {
      }
    }
    const bool group_empty = group <= 0 || (kill(-group, 0) != 0 && errno == ESRCH);
    if (found.empty() && group_empty) return;
    if (found.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace handlers
