#include "handlers/external_runtime.hpp"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cmath>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "handlers/sqs_event.hpp"

extern char** environ;

namespace handlers {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

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
    } else if (!key.starts_with("_")) {
      throw std::invalid_argument("external config: unknown key \"" + key +
                                  "\" (known: command, max_processes, answer_timeout_s, handler)");
    }
  }
  if (out.command.empty()) throw std::invalid_argument("external config: \"command\" is required");
  return out;
}

struct ExternalRuntimeHandler::Process {
  const ExternalRuntimeConfig& config;
  boost::asio::io_context io;
  tcp::acceptor acceptor{io, {boost::asio::ip::make_address("127.0.0.1"), 0}};
  std::optional<tcp::socket> socket;
  beast::flat_buffer buffer;
  pid_t pid = -1;
  bool waiting_next = false;  // the program's GET .../next is pending, to be answered with the next event
  std::uint64_t invocations = 0;

  explicit Process(const ExternalRuntimeConfig& c) : config(c) {
    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
    env_strings.push_back("AWS_LAMBDA_RUNTIME_API=127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()));
    env_strings.push_back("_HANDLER=" + config.handler);
    std::vector<char*> envp, argv;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> args = config.command;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), envp.data()) != 0)
      throw std::runtime_error("external runtime: cannot start \"" + config.command.front() + "\"");
  }

  ~Process() {
    if (pid > 0) {
      kill(pid, SIGTERM);
      int status = 0;
      waitpid(pid, &status, 0);
    }
  }

  [[nodiscard]] int timeout_ms() const { return static_cast<int>(std::lround(config.answer_timeout_s * 1000)); }

  void check_alive() {
    int status = 0;
    if (pid > 0 && waitpid(pid, &status, WNOHANG) == pid) {
      pid = -1;
      throw std::runtime_error("external runtime exited (status " + std::to_string(status) + ")");
    }
  }

  // The program's next request; a program that opens a new connection per request is followed to it.
  http::request<http::string_body> read_request() {
    for (int attempt = 0; attempt < 100; ++attempt) {
      if (!socket) {
        pollfd p{acceptor.native_handle(), POLLIN, 0};
        for (int waited = 0; poll(&p, 1, 100) == 0; waited += 100) {
          check_alive();
          if (waited >= timeout_ms()) throw std::runtime_error("external runtime did not connect in time");
        }
        socket.emplace(io);
        acceptor.accept(*socket);
        timeval tv{config.answer_timeout_s >= 1 ? static_cast<time_t>(config.answer_timeout_s) : 1, 0};
        setsockopt(socket->native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        buffer.clear();
      }
      http::request<http::string_body> req;
      beast::error_code ec;
      http::read(*socket, buffer, req, ec);
      if (!ec) return req;
      if (ec == boost::asio::error::would_block || ec == boost::asio::error::try_again || ec == beast::error::timeout)
        throw std::runtime_error("external runtime did not answer in time");
      socket.reset();  // closed by the program: it will connect again
      check_alive();
    }
    throw std::runtime_error("external runtime keeps dropping its connection");
  }

  void reply(http::status status, std::string body, const std::vector<std::pair<std::string, std::string>>& headers) {
    http::response<http::string_body> res{status, 11};
    for (const auto& [k, v] : headers) res.set(k, v);
    res.set(http::field::content_type, "application/json");
    res.body() = std::move(body);
    res.keep_alive(true);
    res.prepare_payload();
    beast::error_code ec;
    http::write(*socket, res, ec);
    if (ec) socket.reset();
  }

  // Waits for the program's GET .../next (after its init), or its init error.
  void await_next() {
    while (!waiting_next) {
      auto req = read_request();
      const std::string target(req.target());
      if (req.method() == http::verb::get && target == "/2018-06-01/runtime/invocation/next") {
        waiting_next = true;
      } else if (target == "/2018-06-01/runtime/init/error") {
        reply(http::status::accepted, R"({"status":"OK"})", {});
        throw std::runtime_error("external runtime init error: " + req.body());
      } else {
        reply(http::status::bad_request, R"({"errorMessage":"unexpected request"})", {});
      }
    }
  }
};

ExternalRuntimeHandler::ExternalRuntimeHandler(const nlohmann::json& config, std::shared_ptr<ExternalProcessPool> pool)
    : config_(parse_external_runtime_config(config)), pool_(std::move(pool)) {}

ExternalRuntimeHandler::~ExternalRuntimeHandler() {
  if (process_ && pool_) --pool_->live;
}

namespace {

// The program's response payload as a batch response, by Lambda's reading: empty, null or {} is a success; a
// batchItemFailures list names the records to retry; anything else fails the whole batch (an empty id does that
// through the usual rules).
lambda::SqsBatchResponse read_response(const std::string& payload, const lambda::SqsEvent& event) {
  lambda::SqsBatchResponse r;
  if (payload.empty()) return r;
  const nlohmann::json j = nlohmann::json::parse(payload, nullptr, false);
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

lambda::SqsBatchResponse ExternalRuntimeHandler::handle(const lambda::SqsEvent& event, const lambda::Context& ctx) {
  if (!process_) {
    if (pool_ && pool_->live >= config_.max_processes)
      throw std::runtime_error("external runtime: more than max_processes (" + std::to_string(config_.max_processes) +
                               ") environments at once");
    process_ = std::make_unique<Process>(config_);
    if (pool_) ++pool_->live;
  }
  Process& p = *process_;
  p.await_next();
  const std::string request_id =
      ctx.aws_request_id.empty() ? "invocation-" + std::to_string(p.invocations + 1) : ctx.aws_request_id;
  ++p.invocations;
  p.waiting_next = false;
  p.reply(
      http::status::ok, lambda::to_json(event),
      {{"Lambda-Runtime-Aws-Request-Id", request_id},
       {"Lambda-Runtime-Deadline-Ms", std::to_string(ctx.deadline_ms)},
       {"Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:" + ctx.function_name}});
  for (;;) {
    auto req = p.read_request();
    const std::string target(req.target());
    const std::string base = "/2018-06-01/runtime/invocation/" + request_id;
    if (req.method() == http::verb::post && target == base + "/response") {
      p.reply(http::status::accepted, R"({"status":"OK"})", {});
      return read_response(req.body(), event);
    }
    if (req.method() == http::verb::post && target == base + "/error") {
      p.reply(http::status::accepted, R"({"status":"OK"})", {});
      const nlohmann::json e = nlohmann::json::parse(req.body(), nullptr, false);
      throw std::runtime_error(e.is_object() ? e.value("errorType", "Error") + ": " + e.value("errorMessage", "")
                                             : "external runtime error");
    }
    if (req.method() == http::verb::get && target == "/2018-06-01/runtime/invocation/next") {
      // Asked for the next event without answering this one: Lambda counts that as a failed invocation.
      p.waiting_next = true;
      throw std::runtime_error("external runtime asked for the next event without answering " + request_id);
    }
    p.reply(http::status::bad_request, R"({"errorMessage":"unexpected request"})", {});
  }
}

}  // namespace handlers
