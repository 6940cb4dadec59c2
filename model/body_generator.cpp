#include "model/body_generator.hpp"

#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>

namespace model {

bool BodyGenerator::is_invalid(std::uint64_t seq) const {
  const double f = spec_.invalid_fraction;
  if (f <= 0.0) return false;
  if (f >= 1.0) return true;
  return std::floor(static_cast<double>(seq + 1) * f) > std::floor(static_cast<double>(seq) * f);
}

std::string BodyGenerator::body(std::uint64_t seq, sim::RngEngine& rng) const {
  const std::string n = std::to_string(seq + 1);
  if (is_invalid(seq)) return "INVALID_JSON_" + n;  // the reference error-rate test's poison body
  if (spec_.kind == BodySpec::Kind::Text) {
    std::string out = spec_.text;
    for (std::size_t pos = out.find("{seq}"); pos != std::string::npos; pos = out.find("{seq}", pos + n.size())) {
      out.replace(pos, 5, n);
    }
    return out;
  }
  // An order as the reference producer sends it: amount in cents 1.00-500.00, one of 1,000 customers.
  const auto cents = boost::random::uniform_int_distribution<int>(100, 50000)(rng);
  const auto customer = boost::random::uniform_int_distribution<int>(1, 1000)(rng);
  return "{\"order_id\":\"ORDER-" + producer_ + "-" + n + "\",\"customer_id\":\"CUST-" + std::to_string(customer) +
         "\",\"amount\":" + std::to_string(cents / 100) + "." + (cents % 100 < 10 ? "0" : "") +
         std::to_string(cents % 100) + "}";
}

}  // namespace model
