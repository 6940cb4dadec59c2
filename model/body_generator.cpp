#include "model/body_generator.hpp"

#include <boost/random/uniform_int_distribution.hpp>
#include <charconv>
#include <cstring>
#include <string_view>

namespace model {

using std::string_view_literals::operator""sv;

bool BodyGenerator::is_invalid(std::uint64_t seq) const {
  const double f = spec_.invalid_fraction;
  if (f <= 0.0) return false;
  if (f >= 1.0) return true;
  // Both products lie in [0, 2^64): truncation to an unsigned integer is their floor, without floor's rounding-mode
  // work on every message.
  return static_cast<std::uint64_t>(static_cast<double>(seq + 1) * f) >
         static_cast<std::uint64_t>(static_cast<double>(seq) * f);
}

std::string BodyGenerator::body(std::uint64_t seq, sim::RngEngine& rng) const {
  std::string out;
  body(seq, rng, out);
  return out;
}

void BodyGenerator::body(std::uint64_t seq, sim::RngEngine& rng, std::string& out) const {
  char n[24];
  const std::string_view num(n, static_cast<std::size_t>(std::to_chars(n, n + sizeof n, seq + 1).ptr - n));
  if (is_invalid(seq)) {
    out.clear();
    out.append("INVALID_JSON_"sv).append(num);  // the reference error-rate test's poison body
    return;
  }
  if (spec_.kind == BodySpec::Kind::Text) {
    out = spec_.text;
    for (std::size_t pos = out.find("{seq}"); pos != std::string::npos; pos = out.find("{seq}", pos + num.size())) {
      out.replace(pos, 5, num);
    }
    return;
  }
  // An order as the reference producer sends it: amount in cents 1.00-500.00, one of 1,000 customers.
  const auto cents = boost::random::uniform_int_distribution<int>(100, 50000)(rng);
  const auto customer = boost::random::uniform_int_distribution<int>(1, 1000)(rng);
  // Everything after the producer's constant prefix is at most ~70 characters: written into a local buffer, then
  // copied once. Appending piece by piece went through std::string's capacity checks nine times per message.
  char tail[128];  // at most 20 + 21 + 11 + 11 + 11 + 2 + 11 + 1 characters
  char* p = tail;
  const auto put = [&p](std::string_view text) {
    std::memcpy(p, text.data(), text.size());
    p += text.size();
  };
  put(num);
  put(R"(","customer_id":"CUST-)"sv);
  p = std::to_chars(p, p + 11, customer).ptr;
  put(R"(","amount":)"sv);
  p = std::to_chars(p, p + 11, cents / 100).ptr;
  *p++ = '.';
  if (cents % 100 < 10) *p++ = '0';
  p = std::to_chars(p, p + 11, cents % 100).ptr;
  *p++ = '}';
  const auto tail_size = static_cast<std::size_t>(p - tail);
  out.resize(order_prefix_.size() + tail_size);
  std::memcpy(out.data(), order_prefix_.data(), order_prefix_.size());
  std::memcpy(out.data() + order_prefix_.size(), tail, tail_size);
}

}  // namespace model
