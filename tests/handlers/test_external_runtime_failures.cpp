// External runtimes that misbehave, run for real (tests/reliability/ext, copied from the reproducers into a
// scratch folder because they write pid files beside themselves): each fails its invocation the way Lambda reports it,
// within answer_timeout_s, and leaves no process behind. Skipped without python3.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "handler_test_support.hpp"
#include "handlers/external_runtime.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

using handler_test::have_python;

// A fresh copy of the reproducers' programs.
fs::path scratch_ext(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("sqsim-ext-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy(fs::path(SQSIM_SOURCE_DIR) / "tests/reliability/ext", dir / "ext", fs::copy_options::recursive);
  return dir;
}

lambda::SqsEvent one_record() {
  lambda::SqsEvent e;
  lambda::SqsMessage m;
  m.message_id = "id-0";
  m.body = "{}";
  e.records.push_back(m);
  return e;
}

lambda::Context context(const std::string& id) {
  lambda::Context c;
  c.aws_request_id = id;
  c.function_name = "py";
  c.deadline_ms = 60'000;
  return c;
}

nlohmann::json config(const fs::path& dir, std::vector<std::string> command, double timeout_s) {
  return {{"command", command}, {"answer_timeout_s", timeout_s}, {"working_directory", dir.string()}};
}

// The failure's Lambda error type, and how long handle() took.
struct Outcome {
  std::string error_type;
  bool timed_out = false;
  double seconds = 0;
};
Outcome fail_once(handlers::ExternalRuntimeHandler& h, const std::string& id) {
  const auto t0 = Clock::now();
  Outcome o;
  try {
    (void)h.handle(one_record(), context(id));
    o.error_type = "(none)";
  } catch (const lambda::EnvironmentFailure& e) {
    o.error_type = e.error_type();
    o.timed_out = e.timed_out();
  }
  o.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return o;
}

std::vector<pid_t> pids_in(const fs::path& file) {
  std::vector<pid_t> out;
  std::ifstream in(file);
  for (long p; in >> p;) out.push_back(static_cast<pid_t>(p));
  return out;
}

bool alive(pid_t pid) {
  // A zombie still answers kill(0): read its state.
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = stat.rfind(')');
  return close != std::string::npos && stat.size() > close + 2 && stat[close + 2] != 'Z';
}

TEST(ExternalRuntimeFailures, AHandlerThatNeverAnswersTimesOutAtAnswerTimeoutAndIsReplaced) {
  if (!have_python()) GTEST_SKIP() << "python3 not installed";
  const fs::path dir = scratch_ext("no-answer");
  auto pool = std::make_shared<handlers::ExternalProcessPool>();
  // 3 s: python's start (the init) must fit in it on a busy machine too.
  handlers::ExternalRuntimeHandler h(config(dir, {"python3", "ext/bad_response.py", "no_answer"}, 3.0), pool);
  const Outcome o = fail_once(h, "r-1");
  EXPECT_EQ(o.error_type, "Sandbox.Timedout");
  EXPECT_TRUE(o.timed_out);
  EXPECT_GE(o.seconds, 2.9);
  EXPECT_LT(o.seconds, 8.0);                  // the init, answer_timeout_s, and the 500 ms stop grace at most
  EXPECT_EQ(pool->live, 0U);                  // the broken environment's process is gone at once
  const Outcome again = fail_once(h, "r-2");  // a new process (a cold start), failing the same way
  EXPECT_EQ(again.error_type, "Sandbox.Timedout");
  fs::remove_all(dir);
}

TEST(ExternalRuntimeFailures, AProgramThatExitsIsARuntimeExitErrorSeenAtOnce) {
  const fs::path dir = scratch_ext("exit-now");
  auto pool = std::make_shared<handlers::ExternalProcessPool>();
  handlers::ExternalRuntimeHandler h(config(dir, {"ext/exit_now.sh"}, 10.0), pool);
  for (const char* id : {"r-1", "r-2", "r-3"}) {
    const Outcome o = fail_once(h, id);
    EXPECT_EQ(o.error_type, "Runtime.ExitError");
    EXPECT_FALSE(o.timed_out);
    EXPECT_LT(o.seconds, 2.0) << "not the 10 s answer timeout";  // each time a new process, seen exiting in ~50 ms
  }
  EXPECT_EQ(pool->live, 0U);
  fs::remove_all(dir);
}

TEST(ExternalRuntimeFailures, AProgramThatNeverConnectsIsAnInitError) {
  if (!have_python()) GTEST_SKIP() << "python3 not installed";
  const fs::path dir = scratch_ext("sleep");
  auto pool = std::make_shared<handlers::ExternalProcessPool>();
  handlers::ExternalRuntimeHandler h(config(dir, {"python3", "ext/sleep_forever.py"}, 1.0), pool);
  const Outcome o = fail_once(h, "r-1");
  EXPECT_EQ(o.error_type, "Runtime.InitError");
  EXPECT_FALSE(o.timed_out);
  EXPECT_GE(o.seconds, 0.9);
  EXPECT_LT(o.seconds, 4.0);
  fs::remove_all(dir);
}

TEST(ExternalRuntimeFailures, GarbageAndOversizedAnswersFailTheEnvironmentNotTheTest) {
  if (!have_python()) GTEST_SKIP() << "python3 not installed";
  const fs::path dir = scratch_ext("garbage");
  auto pool = std::make_shared<handlers::ExternalProcessPool>();
  {
    handlers::ExternalRuntimeHandler h(config(dir, {"python3", "ext/bad_response.py", "huge_body"}, 5.0), pool);
    EXPECT_EQ(fail_once(h, "r-1").error_type, "Function.ResponseSizeTooLarge");
  }
  {
    handlers::ExternalRuntimeHandler h(config(dir, {"python3", "ext/bad_response.py", "bad_content_length"}, 3.0),
                                       pool);
    EXPECT_EQ(fail_once(h, "r-1").error_type, "Sandbox.Timedout");  // a body that never comes
  }
  {
    // Invalid JSON in a well-formed answer is the program's answer: the whole batch fails, the environment lives on.
    handlers::ExternalRuntimeHandler h(config(dir, {"python3", "ext/bad_response.py", "invalid_json"}, 5.0), pool);
    const auto r = h.handle(one_record(), context("r-1"));
    ASSERT_EQ(r.batch_item_failures.size(), 1U);
    EXPECT_EQ(pool->live, 1U);
  }
  EXPECT_EQ(pool->live, 0U);
  fs::remove_all(dir);
}

TEST(ExternalRuntimeFailures, AProgramIgnoringSigtermIsKilledAfterTheGraceAndReaped) {
  if (!have_python()) GTEST_SKIP() << "python3 not installed";
  const fs::path dir = scratch_ext("ignore-term");
  auto pool = std::make_shared<handlers::ExternalProcessPool>();
  auto h = std::make_unique<handlers::ExternalRuntimeHandler>(
      config(dir, {"python3", "ext/ignore_term_after_event.py"}, 5.0), pool);
  EXPECT_TRUE(h->handle(one_record(), context("r-1")).batch_item_failures.empty());
  const auto t0 = Clock::now();
  h.reset();  // the environment goes: SIGTERM (ignored), SIGKILL after the grace
  const double stop_s = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_GE(stop_s, 0.4);
  EXPECT_LT(stop_s, 3.0);
  const auto pids = pids_in(dir / "ext/ignore_term.pids");
  ASSERT_EQ(pids.size(), 1U);
  EXPECT_FALSE(alive(pids[0]));
  fs::remove_all(dir);
}

TEST(ExternalRuntimeFailures, ForkedChildrenEvenInANewSessionEndWithTheEnvironment) {
  if (!have_python()) GTEST_SKIP() << "python3 not installed";
  const fs::path dir = scratch_ext("fork");
  auto pool = std::make_shared<handlers::ExternalProcessPool>();
  {
    handlers::ExternalRuntimeHandler h(config(dir, {"python3", "ext/fork_children.py"}, 5.0), pool);
    EXPECT_TRUE(h.handle(one_record(), context("r-1")).batch_item_failures.empty());
  }
  const auto pids = pids_in(dir / "ext/children.pids");
  ASSERT_EQ(pids.size(), 2U);
  for (const pid_t p : pids) EXPECT_FALSE(alive(p)) << "child " << p << " outlived its environment";
  fs::remove_all(dir);
}

TEST(ExternalRuntimeFailures, TheProgramsOutputGoesToItsFunctionsLogNeverToStdout) {
  if (!have_python()) GTEST_SKIP() << "python3 not installed";
  const fs::path dir = scratch_ext("stdout");
  const fs::path logs = dir / "logs";
  fs::create_directories(logs);
  auto pool = std::make_shared<handlers::ExternalProcessPool>(logs);
  testing::internal::CaptureStdout();
  {
    handlers::ExternalRuntimeHandler h(config(dir, {"python3", "ext/print_line.py"}, 5.0), pool);
    EXPECT_TRUE(h.handle(one_record(), context("r-1")).batch_item_failures.empty());
  }
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "");
  ASSERT_TRUE(pool->logs.finish());
  std::ifstream in(logs / "external-py.log");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "log line from handler\n");
  fs::remove_all(dir);
}

TEST(ExternalRuntimeFailures, LogsAreBounded) {
  const fs::path dir = fs::temp_directory_path() / ("sqsim-logs-" + std::to_string(getpid()));
  fs::create_directories(dir);
  {
    handlers::ExternalLogs logs(dir, 10);
    logs.append("f", "0123456789abcdef");
    logs.append("f", "more");
    ASSERT_TRUE(logs.finish());
  }
  std::ifstream in(dir / "external-f.log");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "0123456789\n[sqsim: log truncated at 10 bytes; 10 more bytes dropped]\n");
  fs::remove_all(dir);
}

TEST(ExternalRuntimeFailures, TheCommandIsResolvedAgainstTheWorkingDirectory) {
  const fs::path dir = scratch_ext("resolve");
  EXPECT_NO_THROW(handlers::parse_external_runtime_config(config(dir, {"ext/exit_now.sh"}, 1.0)));
  try {
    (void)handlers::parse_external_runtime_config(config(dir, {"ext/missing.sh"}, 1.0));
    FAIL() << "a missing program must be refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("command[0]: no executable file \"ext/missing.sh\""), std::string::npos)
        << e.what();
  }
  EXPECT_THROW((void)handlers::parse_external_runtime_config(config(dir, {"no-such-program-anywhere"}, 1.0)),
               std::invalid_argument);
  fs::remove_all(dir);
}

}  // namespace
