// The custom runtime against a Lambda Runtime API served on loopback inside the test (Boost.Beast): invocation/next
// with its headers, the partial batch response posted back, handler exceptions as errors, init errors, the deadline
// header, and the real `bootstrap` executable end to end.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "handlers/handler_registry.hpp"
#include "runtime/bootstrap_loop.hpp"

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

struct Posted {
  std::string target;
  std::string body;
};

// A Runtime API on 127.0.0.1 (an ephemeral port): serves `events` in order to GET .../next, records every POST.
// It answers connections one after another until it has seen `expected_posts` POSTs.
class FakeRuntimeApi {
 public:
  FakeRuntimeApi(std::deque<std::string> events, std::size_t expected_posts)
      : events_(std::move(events)),
        expected_(expected_posts),
        acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeRuntimeApi() {
    if (thread_.joinable()) thread_.join();
  }
  [[nodiscard]] std::string endpoint() const {
    return "127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
  }
  std::vector<Posted> wait() {
    thread_.join();
    return posted_;
  }
  std::int64_t deadline_ms = 0;

 private:
  void serve() {
    int n = 0;
    while (posted_.size() < expected_) {
      tcp::socket socket(io_);
      acceptor_.accept(socket);
      beast::flat_buffer buffer;
      beast::error_code ec;
      while (posted_.size() < expected_) {
        http::request<http::string_body> req;
        http::read(socket, buffer, req, ec);
        if (ec) break;
        http::response<http::string_body> res;
        res.version(11);
        res.keep_alive(true);
        if (req.method() == http::verb::get && req.target() == "/2018-06-01/runtime/invocation/next" &&
            !events_.empty()) {
          res.result(http::status::ok);
          res.set("Lambda-Runtime-Aws-Request-Id", "req-" + std::to_string(++n));
          res.set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:f");
          res.set("Lambda-Runtime-Trace-Id", "Root=1-0-0");
          const auto now =
              std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                  .count();
          deadline_ms = now + 3000;
          res.set("Lambda-Runtime-Deadline-Ms", std::to_string(deadline_ms));
          res.body() = events_.front();
          events_.pop_front();
        } else if (req.method() == http::verb::post) {
          posted_.push_back({std::string(req.target()), req.body()});
          res.result(http::status::accepted);
          res.body() = R"({"status":"OK"})";
        } else {
          res.result(http::status::bad_request);
        }
        res.prepare_payload();
        http::write(socket, res, ec);
        if (ec) break;
      }
    }
  }

  std::deque<std::string> events_;
  std::size_t expected_;
  boost::asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  std::vector<Posted> posted_;
};

std::string fixture() {
  std::ifstream in(std::string(SQSIM_SHARED_DIR) + "/fixtures/events/sqs-event.json");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string order_event(const std::string& body) {
  nlohmann::json e = nlohmann::json::parse(fixture());
  e["Records"][0]["body"] = body;
  return e.dump();
}

TEST(Bootstrap, OrderProcessorAnswersWithItsPartialBatchResponse) {
  // The fixture's record has the body "Message Body": not an order, so it is reported; then a valid order.
  FakeRuntimeApi api({fixture(), order_event(R"({"order_id":"o-1","customer_id":"c-1","amount":5})")}, 2);
  runtime::RuntimeClient client(api.endpoint());
  const auto stats = runtime::run_loop(
      client, [] { return handlers::builtin_handlers().create("order-processor", nullptr); }, "order-processor", 2);
  const auto posted = api.wait();
  EXPECT_EQ(stats.invocations, 2U);
  EXPECT_EQ(stats.errors, 0U);
  ASSERT_EQ(posted.size(), 2U);
  EXPECT_EQ(posted[0].target, "/2018-06-01/runtime/invocation/req-1/response");
  const auto r0 = nlohmann::json::parse(posted[0].body);
  ASSERT_EQ(r0["batchItemFailures"].size(), 1U);
  EXPECT_EQ(r0["batchItemFailures"][0]["itemIdentifier"], "MessageID_1");
  EXPECT_EQ(posted[1].target, "/2018-06-01/runtime/invocation/req-2/response");
  EXPECT_TRUE(nlohmann::json::parse(posted[1].body)["batchItemFailures"].empty());
}

TEST(Bootstrap, AHandlerExceptionIsPostedAsAnInvocationError) {
  FakeRuntimeApi api({fixture(), "not json"}, 2);
  runtime::RuntimeClient client(api.endpoint());
  const auto stats = runtime::run_loop(
      client, [] { return handlers::builtin_handlers().create("always-fail", nullptr); }, "f", 2);
  const auto posted = api.wait();
  EXPECT_EQ(stats.errors, 2U);
  ASSERT_EQ(posted.size(), 2U);
  EXPECT_EQ(posted[0].target, "/2018-06-01/runtime/invocation/req-1/error");
  const auto doc = nlohmann::json::parse(posted[0].body);
  EXPECT_EQ(doc["errorType"], "HandlerError");
  EXPECT_NE(doc["errorMessage"].get<std::string>().find("always-fail"), std::string::npos);
  // An event that is not an SQS event fails the same way, naming what was wrong.
  EXPECT_NE(nlohmann::json::parse(posted[1].body)["errorMessage"].get<std::string>().find("$"), std::string::npos);
}

TEST(Bootstrap, AHandlerThatCannotBeBuiltPostsAnInitError) {
  FakeRuntimeApi api({}, 1);
  runtime::RuntimeClient client(api.endpoint());
  EXPECT_THROW(runtime::run_loop(
                   client, [] { return handlers::builtin_handlers().create("ingestion-worker", nullptr); }, "f", 1),
               std::invalid_argument);
  const auto posted = api.wait();
  ASSERT_EQ(posted.size(), 1U);
  EXPECT_EQ(posted[0].target, "/2018-06-01/runtime/init/error");
  EXPECT_NE(nlohmann::json::parse(posted[0].body)["errorMessage"].get<std::string>().find("needs a table"),
            std::string::npos);
}

TEST(Bootstrap, TheContextCarriesTheDeadlineHeader) {
  class Probe final : public lambda::SqsHandler {
   public:
    std::int64_t* remaining;
    std::int64_t* deadline;
    Probe(std::int64_t* r, std::int64_t* d) : remaining(r), deadline(d) {}
    lambda::SqsBatchResponse handle(const lambda::SqsEvent&, const lambda::Context& c) override {
      *remaining = c.remaining_time_ms();
      *deadline = c.deadline_ms;
      return {};
    }
  };
  std::int64_t remaining = -1, deadline = -1;
  FakeRuntimeApi api({fixture()}, 1);
  runtime::RuntimeClient client(api.endpoint());
  (void)runtime::run_loop(
      client, [&] { return std::make_unique<Probe>(&remaining, &deadline); }, "f", 1);
  (void)api.wait();
  EXPECT_EQ(deadline, api.deadline_ms);
  EXPECT_GT(remaining, 0);
  EXPECT_LE(remaining, 3000);
}

TEST(Bootstrap, TheBootstrapExecutableRunsTheLoopFromLambdasEnvironment) {
  FakeRuntimeApi api({fixture(), fixture()}, 2);
  const std::string cmd = "AWS_LAMBDA_RUNTIME_API=" + api.endpoint() +
                          " _HANDLER=order-processor SQSIM_BOOTSTRAP_MAX_INVOCATIONS=2 "
                          "SQSIM_HANDLER_CONFIG='{\"idempotency\":true}' " SQSIM_BOOTSTRAP " 2>/dev/null";
  const int code = std::system(cmd.c_str());
  const auto posted = api.wait();
  EXPECT_EQ(code, 0);
  ASSERT_EQ(posted.size(), 2U);
  EXPECT_EQ(posted[1].target, "/2018-06-01/runtime/invocation/req-2/response");
  EXPECT_EQ(nlohmann::json::parse(posted[1].body)["batchItemFailures"][0]["itemIdentifier"], "MessageID_1");
}

}  // namespace
