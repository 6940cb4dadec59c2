#include "runtime/runtime_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <stdexcept>

namespace runtime {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

struct RuntimeClient::Connection {
  std::string host, port;
  boost::asio::io_context io;
  beast::tcp_stream stream{io};
  bool connected = false;
  beast::flat_buffer buffer;

  void connect() {
    if (connected) return;
    tcp::resolver resolver(io);
    stream.connect(resolver.resolve(host, port));
    connected = true;
  }

  http::response<http::string_body> exchange(http::verb verb, const std::string& target, const std::string& body,
                                             const std::string& content_type) {
    // A keep-alive connection the server closed is reopened once.
    for (int attempt = 0;; ++attempt) {
      try {
        connect();
        http::request<http::string_body> req{verb, target, 11};
        req.set(http::field::host, host);
        req.set(http::field::user_agent, "sqsim-bootstrap/0.1");
        if (verb == http::verb::post) {
          req.set(http::field::content_type, content_type);
          req.body() = body;
          req.prepare_payload();
        }
        http::write(stream, req);
        http::response<http::string_body> res;
        http::read(stream, buffer, res);
        if (!res.keep_alive()) {
          beast::error_code ec;
          stream.socket().shutdown(tcp::socket::shutdown_both, ec);
          stream.close();
          connected = false;
        }
        return res;
      } catch (const beast::system_error&) {
        stream.close();
        connected = false;
        if (attempt > 0) throw;
      }
    }
  }
};

RuntimeClient::RuntimeClient(const std::string& endpoint) : c_(std::make_unique<Connection>()) {
  const auto colon = endpoint.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == endpoint.size())
    throw std::invalid_argument("AWS_LAMBDA_RUNTIME_API: expected host:port, got \"" + endpoint + "\"");
  c_->host = endpoint.substr(0, colon);
  c_->port = endpoint.substr(colon + 1);
}

RuntimeClient::~RuntimeClient() = default;

lambda::InvocationRequest RuntimeClient::next() {
  auto res = c_->exchange(http::verb::get, "/2018-06-01/runtime/invocation/next", "", "");
  if (res.result() != http::status::ok)
    throw std::runtime_error("Runtime API invocation/next answered " + std::to_string(res.result_int()));
  lambda::InvocationRequest r;
  r.payload = std::move(res.body());
  r.request_id = std::string(res["Lambda-Runtime-Aws-Request-Id"]);
  r.function_arn = std::string(res["Lambda-Runtime-Invoked-Function-Arn"]);
  r.xray_trace_id = std::string(res["Lambda-Runtime-Trace-Id"]);
  const std::string deadline(res["Lambda-Runtime-Deadline-Ms"]);
  r.deadline_ms_epoch = deadline.empty() ? 0 : std::stoll(deadline);
  // In production "now" is the wall clock, in epoch milliseconds, as the deadline header is.
  r.now_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  if (r.request_id.empty()) throw std::runtime_error("Runtime API invocation/next: no Lambda-Runtime-Aws-Request-Id");
  return r;
}

int RuntimeClient::post(const std::string& request_id, const lambda::InvocationResponse& response) {
  const std::string target =
      "/2018-06-01/runtime/invocation/" + request_id + (response.is_success() ? "/response" : "/error");
  return c_->exchange(http::verb::post, target, response.payload(), response.content_type()).result_int();
}

int RuntimeClient::post_init_error(const std::string& message, const std::string& type) {
  const auto doc = lambda::InvocationResponse::failure(message, type);
  return c_->exchange(http::verb::post, "/2018-06-01/runtime/init/error", doc.payload(), doc.content_type())
      .result_int();
}

}  // namespace runtime
