// A handler that is another program: a Lambda custom runtime in Python (tests/runtime/python_bootstrap.py) driven
// through the Runtime API this process serves on loopback. Skipped when python3 is not installed.
#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>

#include "handler_test_support.hpp"
#include "handlers/external_runtime.hpp"

namespace {

const std::string kScript = std::string(SQSIM_SOURCE_DIR) + "/tests/runtime/python_bootstrap.py";

using handler_test::have_python;

lambda::SqsEvent event(const std::vector<std::string>& bodies) {
  lambda::SqsEvent e;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    lambda::SqsMessage m;
    m.message_id = "id-" + std::to_string(i);
    m.body = bodies[i];
    m.event_source_arn = "arn:aws:sqs:us-east-1:000000000000:q";
    e.records.push_back(m);
  }
  return e;
}

TEST(ExternalRuntime, APythonRuntimeReportsPartialBatchFailures) {
  if (!have_python()) GTEST_SKIP() << "python3 not installed";
  auto pool = std::make_shared<handlers::ExternalProcessPool>();
  {
    handlers::ExternalRuntimeHandler h({{"command", {"python3", kScript}}, {"answer_timeout_s", 20}}, pool);
    lambda::Context ctx;
    ctx.aws_request_id = "r-1";
    ctx.deadline_ms = 60'000;
    const auto r = h.handle(event({R"({"amount": 5})", "INVALID_JSON_1", R"({"amount": 0})", R"({"amount": 1})"}), ctx);
    ASSERT_EQ(r.batch_item_failures.size(), 2U);
    EXPECT_EQ(r.batch_item_failures[0].item_identifier, "id-1");
    EXPECT_EQ(r.batch_item_failures[1].item_identifier, "id-2");
    EXPECT_EQ(pool->live, 1U);
    // The same process serves the next invocation; an exception in it is a function error.
    ctx.aws_request_id = "r-2";
    EXPECT_TRUE(h.handle(event({R"({"amount": 2})"}), ctx).batch_item_failures.empty());
    ctx.aws_request_id = "r-3";
    try {
      (void)h.handle(event({"CRASH"}), ctx);
      FAIL() << "CRASH must be a function error";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("RuntimeError: crash requested"), std::string::npos) << e.what();
    }
    ctx.aws_request_id = "r-4";
    EXPECT_TRUE(h.handle(event({R"({"amount": 3})"}), ctx).batch_item_failures.empty());  // still alive
  }
  EXPECT_EQ(pool->live, 0U);  // the environment went, and its process with it
}

TEST(ExternalRuntime, TheProcessCapAndABrokenCommandAreFunctionErrors) {
  if (!have_python()) GTEST_SKIP() << "python3 not installed";
  auto pool = std::make_shared<handlers::ExternalProcessPool>();
  handlers::ExternalRuntimeHandler a({{"command", {"python3", kScript}}, {"max_processes", 1}}, pool);
  handlers::ExternalRuntimeHandler b({{"command", {"python3", kScript}}, {"max_processes", 1}}, pool);
  lambda::Context ctx;
  ctx.aws_request_id = "x";
  (void)a.handle(event({R"({"amount": 1})"}), ctx);
  EXPECT_THROW((void)b.handle(event({R"({"amount": 1})"}), ctx), std::runtime_error);
  // A missing program is a config error (validate reports it with its JSON path), before any process is started.
  EXPECT_THROW(handlers::ExternalRuntimeHandler({{"command", "/nonexistent/bootstrap"}}, pool), std::invalid_argument);
}

TEST(ExternalRuntime, BadConfigsAreRejected) {
  auto pool = std::make_shared<handlers::ExternalProcessPool>();
  EXPECT_THROW(handlers::ExternalRuntimeHandler(nlohmann::json::object(), pool), std::invalid_argument);
  EXPECT_THROW(handlers::ExternalRuntimeHandler({{"command", ""}}, pool), std::invalid_argument);
  EXPECT_THROW(handlers::ExternalRuntimeHandler({{"command", "x"}, {"max_processes", 0}}, pool), std::invalid_argument);
  EXPECT_THROW(handlers::ExternalRuntimeHandler({{"command", "x"}, {"cmd", 1}}, pool), std::invalid_argument);
}

}  // namespace
