#include "handlers/external_runtime.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "handlers/external_process.hpp"
#include "handlers/json_depth.hpp"
#include "handlers/sqs_event.hpp"

namespace handlers {

namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

namespace {
// Lambda: a synchronous invocation's response payload is at most 6 MB (Function.ResponseSizeTooLarge beyond).
constexpr std::uint64_t kMaxResponseBytes = 6ULL * 1024 * 1024;
// Deeper responses are read as garbage (a whole-batch failure), never parsed.
constexpr std::size_t kMaxResponseNesting = 64;
constexpr std::string_view kNext = "/2018-06-01/runtime/invocation/next";

// A file descriptor closed with its owner.
struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  void reset(int f = -1) {
    if (fd >= 0) close(fd);
    fd = f;
  }
};
}  // namespace

ExternalRuntimeConfig parse_external_runtime_config(const nlohmann::json& c) {
  if (!c.is_object()) throw std::invalid_argument("external config: expected an object with \"command\"");
  ExternalRuntimeConfig out;
  for (const auto& [key, v] : c.items()) {
    if (key == "command") {
      if (v.is_string()) {
        std::istringstream words(v.get<std::string>());
        for (std::string w; words >> w;) out.command.push_back(w);
      } else if (v.is_array()) {
        for (const auto& w : v) {
          if (!w.is_string()) throw std::invalid_argument("external config.command: expected strings");
          out.command.push_back(w.get<std::string>());
        }
      }
      if (out.command.empty())
        throw std::invalid_argument("external config.command: expected a command line, e.g. \"python3 bootstrap.py\"");
    } else if (key == "max_processes") {
      if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > 10000)
        throw std::invalid_argument("external config.max_processes: expected an integer from 1 to 10000");
      out.max_processes = v.get<std::uint32_t>();
    } else if (key == "answer_timeout_s") {
      if (!v.is_number() || v.get<double>() <= 0 || v.get<double>() > 3600)
        throw std::invalid_argument("external config.answer_timeout_s: expected a number of seconds, 0 to 3600");
      out.answer_timeout_s = v.get<double>();
    } else if (key == "handler") {
      if (!v.is_string()) throw std::invalid_argument("external config.handler: expected a string");
      out.handler = v.get<std::string>();
    } else if (key == "working_directory") {
      if (!v.is_string()) throw std::invalid_argument("external config.working_directory: expected a folder");
      out.working_directory = v.get<std::string>();
    } else if (!key.starts_with("_")) {
      throw std::invalid_argument("external config: unknown key \"" + key +
                                  "\" (known: command, max_processes, answer_timeout_s, handler, working_directory)");
    }
  }
  if (out.command.empty()) throw std::invalid_argument("external config: \"command\" is required");
  if (!resolve_program(out.command.front(), out.working_directory))
    throw std::invalid_argument(
        "external config.command[0]: no executable file \"" + out.command.front() + "\" (" +
        (out.command.front().find('/') != std::string::npos
             ? "relative paths are resolved against the scenario file's folder, " + out.working_directory.string()
             : std::string("searched on PATH")) +
        ")");
  return out;
}

// One environment's process and the Runtime API it is served on. Every wait is bounded by a deadline and watches the
// process: it never blocks longer than answer_timeout_s, and a process that has exited is seen within 50 ms.
struct ExternalRuntimeHandler::Process {
  enum class Phase { Init, Invoke };  // what a missed deadline means: an init error or an invocation timeout

  const ExternalRuntimeConfig& config;
  ExternalProcessPool* pool;
  std::string function;
  Fd listener;
  Fd connection;
  std::string pending;  // received, not yet parsed
  std::optional<http::request_parser<http::string_body>> parser;
  std::optional<ExternalProcess> process;
  bool initialised = false;   // it has asked for an event at least once
  bool waiting_next = false;  // the program's GET .../next is pending, to be answered with the next event
  std::uint64_t invocations = 0;

  Process(const ExternalRuntimeConfig& c, ExternalProcessPool* p, std::string function_name)
      : config(c), pool(p), function(std::move(function_name)) {
    // Close-on-exec: no other program started by sqsim inherits this socket.
    listener.reset(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (listener.fd < 0 || bind(listener.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(listener.fd, 16) != 0 || getsockname(listener.fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
      throw std::runtime_error("external runtime: cannot listen on loopback: " + std::string(strerror(errno)));
    const auto program = resolve_program(config.command.front(), config.working_directory);
    // Lambda: a bootstrap that is missing or not executable fails the init with Runtime.InvalidEntrypoint.
    if (!program)
      throw lambda::EnvironmentFailure("Runtime.InvalidEntrypoint",
                                       "no executable file \"" + config.command.front() + "\"");
    try {
      process.emplace(
          *program, config.command, config.working_directory,
          std::vector<std::string>{"AWS_LAMBDA_RUNTIME_API=127.0.0.1:" + std::to_string(ntohs(addr.sin_port)),
                                   "_HANDLER=" + config.handler, "AWS_LAMBDA_FUNCTION_NAME=" + function});
    } catch (const std::runtime_error& e) {
      throw lambda::EnvironmentFailure("Runtime.InvalidEntrypoint", e.what());
    }
  }

  ~Process() {
    if (!process) return;
    log_output();
    process->stop();
    // What it wrote up to its end (every writer is gone now, so this reaches the end of the pipe).
    for (std::string out = process->read_output(); !out.empty(); out = process->read_output()) log(out);
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  void log(std::string_view bytes) {
    if (pool != nullptr) pool->logs.append(function, bytes);
  }
  void log_output() { log(process->read_output()); }

  [[nodiscard]] Clock::time_point deadline() const {
    return Clock::now() + std::chrono::microseconds(std::llround(config.answer_timeout_s * 1e6));
  }

  [[noreturn]] void missed(Phase phase) const {
    std::ostringstream s;
    s << config.answer_timeout_s;
    if (phase == Phase::Init)
      throw lambda::EnvironmentFailure(
          "Runtime.InitError",
          "the runtime did not ask for an event within answer_timeout_s (" + s.str() + " s wall clock)");
    // Lambda stops an invocation at its timeout and resets the environment.
    throw lambda::EnvironmentFailure("Sandbox.Timedout",
                                     "no response within answer_timeout_s (" + s.str() + " s wall clock)", true);
  }

  // Until fd is ready for `events`, logging the program's output meanwhile. Throws when the program exits first
  // (Runtime.ExitError) or the deadline passes.
  void wait_for(int fd, short events, Clock::time_point until, Phase phase) {
    for (;;) {
      pollfd fds[2] = {{fd, events, 0}, {process->output_fd(), POLLIN, 0}};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count() + 1;
      const int ms = static_cast<int>(std::clamp<long long>(left, 0, 50));
      const int n = poll(fds, process->output_fd() >= 0 ? 2 : 1, ms);
      if (n < 0 && errno != EINTR)
        throw lambda::EnvironmentFailure("Runtime.ExitError", "poll failed: " + std::string(strerror(errno)));
      if (n > 0 && fds[1].fd >= 0 && fds[1].revents != 0) log_output();
      if (n > 0 && fds[0].revents != 0) return;
      // Lambda: a runtime process that exits fails the invocation (or the init) with Runtime.ExitError.
      if (const auto why = process->exit_reason())
        throw lambda::EnvironmentFailure("Runtime.ExitError", "Runtime exited with error: " + *why);
      if (Clock::now() >= until) missed(phase);
    }
  }

  void drop_connection() {
    connection.reset();
    pending.clear();
    parser.reset();
  }

  // More bytes from the program; a program that opens a new connection per request is followed to it.
  void receive(Clock::time_point until, Phase phase) {
    if (connection.fd < 0) {
      wait_for(listener.fd, POLLIN, until, phase);
      const int fd = accept4(listener.fd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
      if (fd < 0) return;
      drop_connection();
      connection.reset(fd);
    }
    wait_for(connection.fd, POLLIN, until, phase);
    char buf[65536];
    const ssize_t n = recv(connection.fd, buf, sizeof buf, 0);
    if (n > 0) {
      pending.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
      drop_connection();  // closed by the program (it may connect again)
    }
  }

  // The program's next request, complete, by `until`.
  http::request<http::string_body> read_request(Clock::time_point until, Phase phase) {
    for (;;) {
      if (!parser) {
        parser.emplace();
        parser->eager(true);
        parser->body_limit(kMaxResponseBytes);
      }
      while (!pending.empty()) {
        beast::error_code ec;
        const std::size_t used = parser->put(boost::asio::buffer(pending), ec);
        pending.erase(0, used);
        if (ec == http::error::need_more) break;
        if (ec == http::error::body_limit)
          throw lambda::EnvironmentFailure("Function.ResponseSizeTooLarge",
                                           "the runtime sent more than the 6 MB payload limit");
        if (ec)
          throw lambda::EnvironmentFailure("Runtime.ProtocolError", "malformed Runtime API request: " + ec.message());
        if (parser->is_done()) {
          http::request<http::string_body> req = parser->release();
          parser.reset();
          return req;
        }
        if (used == 0) break;
      }
      receive(until, phase);
    }
  }

  // False when the program closed its connection first.
  bool reply(http::status status, std::string body, const std::vector<std::pair<std::string, std::string>>& headers,
             Clock::time_point until, Phase phase) {
    http::response<http::string_body> res{status, 11};
    for (const auto& [k, v] : headers) res.set(k, v);
    res.set(http::field::content_type, "application/json");
    res.body() = std::move(body);
    res.keep_alive(true);
    res.prepare_payload();
    std::ostringstream os;
    os << res;
    const std::string data = os.str();
    std::size_t off = 0;
    while (off < data.size()) {
      if (connection.fd < 0) return false;
      const ssize_t n = send(connection.fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
      if (n > 0) {
        off += static_cast<std::size_t>(n);
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        wait_for(connection.fd, POLLOUT, until, phase);
      } else {
        drop_connection();
        return false;
      }
    }
    return true;
  }

  // Waits for the program's GET .../next (after its init), or its init error.
  void await_next() {
    const auto until = deadline();
    const Phase phase = initialised ? Phase::Invoke : Phase::Init;
    while (!waiting_next) {
      auto req = read_request(until, phase);
      const std::string target(req.target());
      if (req.method() == http::verb::get && target == kNext) {
        waiting_next = true;
        initialised = true;
      } else if (target == "/2018-06-01/runtime/init/error") {
        (void)reply(http::status::accepted, R"({"status":"OK"})", {}, until, phase);
        // Lambda: an init error fails the invocation and the environment is initialised again for the next one.
        throw lambda::EnvironmentFailure("Runtime.InitError", req.body().substr(0, 1000));
      } else {
        (void)reply(http::status::bad_request, R"({"errorMessage":"unexpected request"})", {}, until, phase);
      }
    }
  }
};
namespace {

// The program's response payload as a batch response, by Lambda's reading: empty, null or {} is a success; a
// batchItemFailures list names the records to retry; anything else fails the whole batch (an empty id does that
// through the usual rules).
lambda::SqsBatchResponse read_response(const std::string& payload, const lambda::SqsEvent& event) {
  lambda::SqsBatchResponse r;
  if (payload.empty()) return r;
  const nlohmann::json j = json_nesting_depth(payload) <= kMaxResponseNesting
                               ? nlohmann::json::parse(payload, nullptr, false)
                               : nlohmann::json(nlohmann::json::value_t::discarded);
  if (j.is_null() || (j.is_object() && (!j.contains("batchItemFailures") || j["batchItemFailures"].is_null())))
    return r;
  if (j.is_object() && j["batchItemFailures"].is_array()) {
    for (const auto& f : j["batchItemFailures"])
      r.batch_item_failures.push_back({f.is_object() && f.contains("itemIdentifier") && f["itemIdentifier"].is_string()
                                           ? f["itemIdentifier"].get<std::string>()
                                           : std::string()});
    return r;
  }
  for (const auto& rec : event.records) r.batch_item_failures.push_back({rec.message_id});
  return r;
}

}  // namespace

ExternalRuntimeHandler::ExternalRuntimeHandler(const nlohmann::json& config, std::shared_ptr<ExternalProcessPool> pool)
    : config_(parse_external_runtime_config(config)), pool_(std::move(pool)) {}

ExternalRuntimeHandler::~ExternalRuntimeHandler() {
  end_process();
}

lambda::SqsBatchResponse ExternalRuntimeHandler::handle(const lambda::SqsEvent& event, const lambda::Context& ctx) {
  if (!process_) {
    if (pool_ && pool_->live >= config_.max_processes)
      throw std::runtime_error("external runtime: more than max_processes (" + std::to_string(config_.max_processes) +
                               ") environments at once");
    process_ = std::make_unique<Process>(config_, pool_.get(), ctx.function_name);
    if (pool_) ++pool_->live;
  }
  try {
    return exchange(event, ctx);
  } catch (const lambda::EnvironmentFailure&) {
    // The environment is broken: its process is ended now (not at the environment's teardown), and the next
    // invocation here, if any, starts a new one.
    end_process();
    throw;
  }
}

void ExternalRuntimeHandler::end_process() {
  if (!process_) return;
  process_.reset();
  if (pool_) --pool_->live;
}

lambda::SqsBatchResponse ExternalRuntimeHandler::exchange(const lambda::SqsEvent& event, const lambda::Context& ctx) {
  using Phase = Process::Phase;
  Process& p = *process_;
  p.await_next();
  const std::string request_id =
      ctx.aws_request_id.empty() ? "invocation-" + std::to_string(p.invocations + 1) : ctx.aws_request_id;
  ++p.invocations;
  p.waiting_next = false;
  const auto until = p.deadline();
  if (!p.reply(http::status::ok, lambda::to_json(event),
               {{"Lambda-Runtime-Aws-Request-Id", request_id},
                {"Lambda-Runtime-Deadline-Ms", std::to_string(ctx.deadline_ms)},
                {"Lambda-Runtime-Invoked-Function-Arn",
                 "arn:aws:lambda:us-east-1:000000000000:function:" + ctx.function_name}},
               until, Phase::Invoke))
    throw lambda::EnvironmentFailure("Runtime.ProtocolError", "the runtime closed its connection before the event");
  for (;;) {
    auto req = p.read_request(until, Phase::Invoke);
    const std::string target(req.target());
    const std::string base = "/2018-06-01/runtime/invocation/" + request_id;
    if (req.method() == http::verb::post && target == base + "/response") {
      (void)p.reply(http::status::accepted, R"({"status":"OK"})", {}, until, Phase::Invoke);
      return read_response(req.body(), event);
    }
    if (req.method() == http::verb::post && target == base + "/error") {
      (void)p.reply(http::status::accepted, R"({"status":"OK"})", {}, until, Phase::Invoke);
      const nlohmann::json e = handlers::json_nesting_depth(req.body()) <= kMaxResponseNesting
                                   ? nlohmann::json::parse(req.body(), nullptr, false)
                                   : nlohmann::json();
      throw std::runtime_error(e.is_object() ? e.value("errorType", "Error") + ": " + e.value("errorMessage", "")
                                             : "external runtime error");
    }
    if (req.method() == http::verb::get && target == kNext) {
      // Asked for the next event without answering this one: Lambda counts that as a failed invocation.
      p.waiting_next = true;
      throw std::runtime_error("external runtime asked for the next event without answering " + request_id);
    }
    (void)p.reply(http::status::bad_request, R"({"errorMessage":"unexpected request"})", {}, until, Phase::Invoke);
  }
}

}  // namespace handlers
