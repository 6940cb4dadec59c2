// model::BodyGenerator: the reference producer's order bodies, the evenly spread invalid share (an exact count, as
// the reference error-rate test needs: 50 % of 100 messages is 50 poison bodies) and text templates.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "model/body_generator.hpp"

namespace {

model::BodySpec orders(double invalid_fraction) {
  model::BodySpec s;
  s.invalid_fraction = invalid_fraction;
  return s;
}

TEST(BodyGenerator, InvalidShareIsSpreadEvenlyWithAnExactCount) {
  EXPECT_FALSE(model::BodyGenerator(orders(0.0), "p").is_invalid(0));
  EXPECT_TRUE(model::BodyGenerator(orders(1.0), "p").is_invalid(7));
  for (const double f : {0.5, 0.01, 0.25, 1.0 / 3.0, 0.999, 1e-9}) {
    const model::BodyGenerator g(orders(f), "p");
    std::uint64_t invalid = 0;
    for (std::uint64_t i = 0; i < 100'000; ++i) {
      // Message i is invalid when floor((i+1) f) > floor(i f): the definition in body_generator.hpp.
      const bool expected = std::floor(static_cast<double>(i + 1) * f) > std::floor(static_cast<double>(i) * f);
      ASSERT_EQ(g.is_invalid(i), expected) << "fraction " << f << " message " << i;
      invalid += g.is_invalid(i) ? 1 : 0;
    }
    EXPECT_EQ(invalid, static_cast<std::uint64_t>(std::floor(100'000 * f))) << f;
    // Far into a long run the rule still holds (sequence numbers up to 2^53 are exact as doubles).
    for (std::uint64_t i = (std::uint64_t{1} << 53) - 1000; i < (std::uint64_t{1} << 53); ++i) {
      const bool expected = std::floor(static_cast<double>(i + 1) * f) > std::floor(static_cast<double>(i) * f);
      ASSERT_EQ(g.is_invalid(i), expected) << "fraction " << f << " message " << i;
    }
  }
  const model::BodyGenerator half(orders(0.5), "p");
  int in_first_100 = 0;
  for (std::uint64_t i = 0; i < 100; ++i) in_first_100 += half.is_invalid(i) ? 1 : 0;
  EXPECT_EQ(in_first_100, 50);
}

TEST(BodyGenerator, OrdersHaveTheReferenceProducersShapeAndPoisonBodiesItsMarker) {
  const model::BodyGenerator g(orders(0.1), "shop");
  sim::RngEngine rng = sim::make_stream(7, "test/bodies", 0);
  for (std::uint64_t seq = 0; seq < 2000; ++seq) {
    const std::string body = g.body(seq, rng);
    if (g.is_invalid(seq)) {
      EXPECT_EQ(body, "INVALID_JSON_" + std::to_string(seq + 1));
      continue;
    }
    const auto j = nlohmann::json::parse(body);
    EXPECT_EQ(j.at("order_id"), "ORDER-shop-" + std::to_string(seq + 1));
    const std::string customer = j.at("customer_id");
    ASSERT_EQ(customer.rfind("CUST-", 0), 0u) << body;
    const int c = std::stoi(customer.substr(5));
    EXPECT_GE(c, 1);
    EXPECT_LE(c, 1000);
    const double amount = j.at("amount");
    EXPECT_GE(amount, 1.0);
    EXPECT_LE(amount, 500.0);
    // Always two decimals: cents below ten keep their leading zero.
    const auto dot = body.find("\"amount\":");
    const std::string written = body.substr(dot + 9, body.size() - dot - 10);
    ASSERT_EQ(written.size() - written.find('.'), 3u) << body;
  }
}

// Every order byte for byte as printf writes it from the same draws (amount in cents, then customer), over enough
// bodies to meet every customer number (1-1,000: one to four digits) and dollar amounts of one to three digits, with
// the order numbers consecutive (as a producer asks: the generator carries one into the digits it kept), repeated,
// jumping back and forth, and at the ends of the 64-bit range.
TEST(BodyGenerator, OrdersAreExactlyWhatPrintfWritesFromTheSameDraws) {
  const model::BodyGenerator g(orders(0.0), "shop");
  sim::RngEngine rng = sim::make_stream(11, "test/bodies", 0);
  sim::RngEngine draws = rng;
  std::string body;
  char expected[160];
  std::vector<std::uint64_t> seqs;
  for (std::uint64_t seq = 0; seq < 200'000; ++seq) seqs.push_back(seq);
  for (const std::uint64_t seq :
       {std::uint64_t{5}, std::uint64_t{5}, std::uint64_t{999}, std::uint64_t{98}, std::uint64_t{99},
        std::uint64_t{100}, std::uint64_t{9'999'999}, std::uint64_t{123'456'789'012}, std::uint64_t{7}})
    seqs.push_back(seq);
  for (std::uint64_t seq = UINT64_MAX - 3;; ++seq) {  // the last one's number, seq + 1, wraps to 0 as to_chars gives it
    seqs.push_back(seq);
    if (seq == UINT64_MAX) break;
  }
  for (const std::uint64_t seq : seqs) {
    g.body(seq, rng, body);
    const int cents = boost::random::uniform_int_distribution<int>(100, 50000)(draws);
    const int customer = boost::random::uniform_int_distribution<int>(1, 1000)(draws);
    const int n = std::snprintf(expected, sizeof expected,
                                R"({"order_id":"ORDER-shop-%llu","customer_id":"CUST-%d","amount":%d.%02d})",
                                static_cast<unsigned long long>(seq + 1), customer, cents / 100, cents % 100);
    ASSERT_EQ(body, std::string(expected, static_cast<std::size_t>(n))) << seq;
  }
}

TEST(BodyGenerator, TextTemplatesReplaceEverySeq) {
  model::BodySpec s;
  s.kind = model::BodySpec::Kind::Text;
  s.text = "{seq}: hello {seq}{seq}";
  const model::BodyGenerator g(s, "p");
  sim::RngEngine rng = sim::make_stream(7, "test/bodies", 0);
  EXPECT_EQ(g.body(41, rng), "42: hello 4242");
}

}  // namespace
