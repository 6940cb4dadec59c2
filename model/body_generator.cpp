#include "model/body_generator.hpp"

#include <boost/random/uniform_int_distribution.hpp>
#include <charconv>
#include <cmath>
#include <string_view>

namespace model {

bool BodyGenerator::is_invalid(std::uint64_t seq) const {
  const double f = spec_.invalid_fraction;
  if (f <= 0.0) return false;
  if (f >= 1.0) return true;
  return std::floor(static_cast<double>(seq + 1) * f) > std::floor(static_cast<double>(seq) * f);
}

std::string BodyGenerator::body(std::uint64_t seq, sim::RngEngine& rng) const {
  std::string out;
  body(seq, rng, out);
  return out;
}

void BodyGenerator::body(std::uint64_t seq, sim::RngEngine& rng, std::string& out) const {
  char n[24];
  const std::string_view num(n, static_cast<std::size_t>(std::to_chars(n, n + sizeof n, seq + 1).ptr - n));
  out.clear();
  if (is_invalid(seq)) {
    out.append("INVALID_JSON_").append(num);  // the reference error-rate test's poison body
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
  char buf[24];
  const auto append_int = [&](int v) { out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr); };
  out.append("{\"order_id\":\"ORDER-").append(producer_).append("-").append(num).append("\",\"customer_id\":\"CUST-");
  append_int(customer);
  out.append("\",\"amount\":");
  append_int(cents / 100);
  out.push_back('.');
  if (cents % 100 < 10) out.push_back('0');
  append_int(cents % 100);
  out.push_back('}');
}

}  // namespace model
