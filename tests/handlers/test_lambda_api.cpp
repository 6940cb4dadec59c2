// The invocation contract mirrored from awslabs/aws-lambda-cpp, and the context's remaining-time clock.
#include <gtest/gtest.h>

#include <cstdint>

#include <nlohmann/json.hpp>

#include "handlers/lambda_api.hpp"

namespace {

TEST(LambdaApi, RemainingTimeIsDeadlineMinusTheInjectedClock) {
  std::int64_t now = 1000;
  lambda::InvocationRequest req;
  req.deadline_ms_epoch = 4000;
  req.now_ms = [&now] { return now; };
  EXPECT_EQ(req.get_time_remaining_ms(), 3000);
  now = 3999;
  EXPECT_EQ(req.get_time_remaining_ms(), 1);

  lambda::Context ctx;
  ctx.deadline_ms = 4000;
  ctx.now_ms = [&now] { return now; };
  EXPECT_EQ(ctx.remaining_time_ms(), 1);
}

TEST(LambdaApi, RemainingTimeIsNeverNegative) {
  lambda::Context ctx;
  ctx.deadline_ms = 100;
  ctx.now_ms = [] { return std::int64_t{250}; };
  EXPECT_EQ(ctx.remaining_time_ms(), 0);
}

TEST(LambdaApi, WithoutAClockTheDeadlineReadsAsABudget) {
  // No wall clock inside sqsim: an empty now_ms means "now" is 0.
  lambda::InvocationRequest req;
  req.deadline_ms_epoch = 900;
  EXPECT_EQ(req.get_time_remaining_ms(), 900);
  EXPECT_EQ(lambda::Context{}.remaining_time_ms(), 0);
}

TEST(LambdaApi, SuccessCarriesPayloadAndContentType) {
  const auto r = lambda::InvocationResponse::success(R"({"batchItemFailures":[]})");
  EXPECT_TRUE(r.is_success());
  EXPECT_EQ(r.payload(), R"({"batchItemFailures":[]})");
  EXPECT_EQ(r.content_type(), "application/json");
  EXPECT_EQ(lambda::InvocationResponse::success("hi", "text/plain").content_type(), "text/plain");
}

TEST(LambdaApi, FailureIsTheRuntimeApiErrorDocument) {
  const auto r = lambda::InvocationResponse::failure("bad \"order\"\n", "ValidationError");
  EXPECT_FALSE(r.is_success());
  EXPECT_EQ(r.content_type(), "application/json");
  const auto j = nlohmann::json::parse(r.payload());  // escaped properly, so it parses
  EXPECT_EQ(j.at("errorMessage"), "bad \"order\"\n");
  EXPECT_EQ(j.at("errorType"), "ValidationError");
  EXPECT_TRUE(j.at("stackTrace").is_array());
}

}  // namespace
