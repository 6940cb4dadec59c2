// The handler registry: a value holding factories by name, one handler object per execution environment.
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "handlers/handler_registry.hpp"
#include "handlers/order_processor.hpp"

namespace {

TEST(HandlerRegistry, BuiltinsAreListedSorted) {
  const handlers::HandlerRegistry r = handlers::builtin_handlers();
  EXPECT_EQ(r.names(), (std::vector<std::string>{"always-fail", "always-succeed", "external", "ingestion-worker",
                                                 "library-sync-importer", "order-processor", "s3-object-processor"}));
  EXPECT_TRUE(r.contains("order-processor"));
  EXPECT_FALSE(r.contains("order_processor"));
}

TEST(HandlerRegistry, CreatesAFreshObjectPerCall) {
  // One object per execution environment: two environments never share in-memory state.
  const handlers::HandlerRegistry r = handlers::builtin_handlers();
  const auto a = r.create("order-processor", nullptr);
  const auto b = r.create("order-processor", nullptr);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_NE(a.get(), b.get());
  EXPECT_NE(dynamic_cast<handlers::OrderProcessor*>(a.get()), nullptr);
}

TEST(HandlerRegistry, PassesTheConfigToTheFactory) {
  const handlers::HandlerRegistry r = handlers::builtin_handlers();
  EXPECT_THROW((void)r.create("order-processor", nlohmann::json{{"idempotency", 1}}), std::invalid_argument);
}

TEST(HandlerRegistry, UnknownNameThrowsListingTheKnownOnes) {
  const handlers::HandlerRegistry r = handlers::builtin_handlers();
  try {
    (void)r.create("nope", nullptr);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'nope'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("order-processor"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)handlers::HandlerRegistry{}.create("order-processor", nullptr), std::invalid_argument);
}

TEST(HandlerRegistry, AlwaysSucceedReturnsAnEmptyResponse) {
  const auto h = handlers::builtin_handlers().create("always-succeed", nullptr);
  lambda::SqsEvent e;
  e.records.resize(3);
  EXPECT_TRUE(h->handle(e, {}).batch_item_failures.empty());
}

TEST(HandlerRegistry, AlwaysFailThrowsAFunctionError) {
  const auto h = handlers::builtin_handlers().create("always-fail", nullptr);
  EXPECT_THROW(h->handle({}, {}), std::runtime_error);
}

TEST(HandlerRegistry, AddRegistersAndReplacesFactories) {
  handlers::HandlerRegistry r = handlers::builtin_handlers();
  int built = 0;
  r.add("counting", [&built](const nlohmann::json&) {
    ++built;
    return handlers::builtin_handlers().create("always-succeed", nullptr);
  });
  EXPECT_TRUE(r.contains("counting"));
  (void)r.create("counting", nullptr);
  EXPECT_EQ(built, 1);
  r.add("always-fail", [](const nlohmann::json&) { return std::make_unique<handlers::OrderProcessor>(); });
  EXPECT_NO_THROW(r.create("always-fail", nullptr)->handle({}, {}));
  EXPECT_EQ(r.names().size(), 8u);
}

TEST(HandlerRegistry, AFactoryReturningNothingIsAnError) {
  handlers::HandlerRegistry r;
  r.add("empty", [](const nlohmann::json&) { return std::unique_ptr<lambda::SqsHandler>(); });
  EXPECT_THROW((void)r.create("empty", nullptr), std::logic_error);
}

}  // namespace
