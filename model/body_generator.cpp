#include "model/body_generator.hpp"

#include <array>
#include <boost/random/uniform_int_distribution.hpp>
#include <charconv>
#include <cstring>
#include <string_view>

namespace model {

using std::string_view_literals::operator""sv;

namespace {

// "00", "01", ... "99": two decimal digits per lookup, as fmt and libstdc++ format integers.
constexpr std::array<char, 200> kDigitPairs = [] {
  std::array<char, 200> pairs{};
  for (int i = 0; i < 100; ++i) {
    pairs[static_cast<std::size_t>(2 * i)] = static_cast<char>('0' + i / 10);
    pairs[static_cast<std::size_t>(2 * i + 1)] = static_cast<char>('0' + i % 10);
  }
  return pairs;
}();

char* put_two_digits(char* p, unsigned v) {  // v < 100, with a leading zero
  std::memcpy(p, &kDigitPairs[2 * v], 2);
  return p + 2;
}

// v < 10,000 in decimal, as std::to_chars writes it. An order's customer and whole dollars are such numbers; to_chars
// counts the digits with a loop of divisions first, which for these was most of its work.
char* put_below_10000(char* p, unsigned v) {
  if (v < 10) {
    *p = static_cast<char>('0' + v);
    return p + 1;
  }
  if (v < 100) return put_two_digits(p, v);
  if (v < 1000) {
    *p = static_cast<char>('0' + v / 100);
    return put_two_digits(p + 1, v % 100);
  }
  return put_two_digits(put_two_digits(p, v / 100), v % 100);
}

}  // namespace

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

std::string_view BodyGenerator::renumber(std::uint64_t n) const {
  if (has_number_ && n == number_ + 1 && n != 0) {
    // Add one to the kept digits: a carry through trailing nines, and one more digit when all were nines.
    std::size_t i = digits_.size();
    for (;;) {
      --i;
      if (i < first_digit_) {
        digits_[i] = '1';
        first_digit_ = i;
        break;
      }
      if (digits_[i] != '9') {
        ++digits_[i];
        break;
      }
      digits_[i] = '0';
    }
  } else if (!has_number_ || n != number_) {
    char fresh[24];
    const auto length = static_cast<std::size_t>(std::to_chars(fresh, fresh + sizeof fresh, n).ptr - fresh);
    first_digit_ = digits_.size() - length;
    std::memcpy(&digits_[first_digit_], fresh, length);
  }
  has_number_ = true;
  number_ = n;
  return {&digits_[first_digit_], digits_.size() - first_digit_};
}

void BodyGenerator::body(std::uint64_t seq, sim::RngEngine& rng, std::string& out) const {
  const std::string_view num = number_text(seq + 1);
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
  // Written in place: the string grows to the longest possible order (its storage, reused from the previous body, is
  // there already), then shrinks to what was written. Appending piece by piece went through std::string's capacity
  // checks nine times per message, and a local buffer cost a second copy.
  constexpr std::size_t kLongestTail = 20 + 22 + 4 + 11 + 3 + 1 + 2 + 1;  // number, customer, amount, closing brace
  const std::size_t prefix = order_prefix_.size();
  out.resize(prefix + kLongestTail);
  char* const begin = out.data();
  std::memcpy(begin, order_prefix_.data(), prefix);
  char* p = begin + prefix;
  const auto put = [&p](std::string_view text) {
    std::memcpy(p, text.data(), text.size());
    p += text.size();
  };
  put(num);
  put(R"(","customer_id":"CUST-)"sv);
  p = put_below_10000(p, static_cast<unsigned>(customer));  // 1-1,000
  put(R"(","amount":)"sv);
  p = put_below_10000(p, static_cast<unsigned>(cents / 100));  // 1-500
  *p++ = '.';
  p = put_two_digits(p, static_cast<unsigned>(cents % 100));  // always two digits: 1.05, not 1.5
  *p++ = '}';
  out.resize(static_cast<std::size_t>(p - begin));
}

}  // namespace model
