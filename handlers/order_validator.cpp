#include "handlers/order_validator.hpp"

#include <simdjson.h>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "handlers/order_processor.hpp"

namespace handlers {

struct OrderValidator::Parser {
  simdjson::dom::parser dom;  // reuses its buffers across bodies: one per execution environment
};

OrderValidator::OrderValidator() : parser_(std::make_unique<Parser>()) {}
OrderValidator::~OrderValidator() = default;
OrderValidator::OrderValidator(OrderValidator&&) noexcept = default;
OrderValidator& OrderValidator::operator=(OrderValidator&&) noexcept = default;

namespace {

// key == literal, with the literal's length known here: the comparison is a few loads, not a call to memcmp (three
// per order body, a tenth of the fast path's time).
template <std::size_t N>
bool key_is(std::string_view key, const char (&literal)[N]) {
  return key.size() == N - 1 && std::memcmp(key.data(), literal, N - 1) == 0;
}

// The verdict on a body in the shape producers write, read in one pass: a flat object without whitespace whose keys
// and values are plain strings (printable ASCII, no escapes) or plain numbers (an optional minus, an integer part
// without leading zeros, an optional fraction, at most 17 digits, no exponent); and "not an order" for a body whose
// first byte cannot open an object. Any other input, valid JSON or not, gets nullopt and goes to simdjson. Why:
// simdjson's setup per document (padding copy, two stages, a tape) was most of the handler's time on ~90-byte bodies;
// within this subset every JSON reader agrees on the value, so the verdict is the reference's
// (fuzz/order_validator_fuzz.cpp and tests/handlers hold it to nlohmann's on random bodies).
class OrderFastPath {
 public:
  explicit OrderFastPath(std::string_view body) : p_(body.data()), end_(body.data() + body.size()) {}

  std::optional<bool> verdict() {
    // Only an object is an order, and a JSON text is one only if it opens with '{' after optional whitespace (and, for
    // nlohmann, a UTF-8 byte order mark): any other first byte, as in a poison body "INVALID_JSON_7", settles it
    // here. Sent on to simdjson, it failed to parse and went to nlohmann for the reference verdict, whose error
    // message strings were most of a pipeline's allocations per message.
    if (p_ == end_) return false;
    if (!opens_object(*p_)) return false;
    if (!eat('{')) return std::nullopt;
    bool order_ok = false, customer_ok = false, amount_ok = false;
    do {
      const Field field = key();
      if (field == Field::Unreadable) return std::nullopt;
      Value v;
      if (!value(v)) return std::nullopt;
      // As OrderValidator's field loop: every field in order, a duplicate key counting by its last value.
      if (field == Field::OrderId) {
        order_ok = v.is_string ? !v.text.empty() : v.integer;
      } else if (field == Field::CustomerId) {
        customer_ok = v.is_string && !v.text.empty();
      } else if (field == Field::Amount) {
        amount_ok = !v.is_string && !v.negative && v.nonzero;
      }
    } while (eat(','));
    if (!eat('}') || p_ != end_) return std::nullopt;
    return order_ok && customer_ok && amount_ok;
  }

 private:
  static bool opens_object(char c) {
    return c == '{' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\xEF';
  }

  enum class Field { OrderId, CustomerId, Amount, Other, Unreadable };
  // A key and its colon. The three an order needs are matched as whole tokens ("order_id": and the others): the same
  // bytes read as a plain string then a colon give the same key, so the verdict cannot change, and the usual body
  // skips three scans of a string (a third of the reader's instructions per message went to its keys). Anything else
  // is read as any string.
  Field key() {
    if (end_ - p_ >= 9 && p_[0] == '"') {
      switch (p_[1]) {
        case 'o':
          if (token("\"order_id\":")) return Field::OrderId;
          break;
        case 'c':
          if (token("\"customer_id\":")) return Field::CustomerId;
          break;
        case 'a':
          if (token("\"amount\":")) return Field::Amount;
          break;
        default:
          break;
      }
    }
    std::string_view text;
    if (!string(text) || !eat(':')) return Field::Unreadable;
    if (key_is(text, "order_id")) return Field::OrderId;
    if (key_is(text, "customer_id")) return Field::CustomerId;
    if (key_is(text, "amount")) return Field::Amount;
    return Field::Other;
  }
  // Consumes the literal when the body continues with it.
  template <std::size_t N>
  bool token(const char (&literal)[N]) {
    if (end_ - p_ < static_cast<std::ptrdiff_t>(N - 1) || std::memcmp(p_, literal, N - 1) != 0) return false;
    p_ += N - 1;
    return true;
  }

  struct Value {
    bool is_string = false;
    std::string_view text;
    bool integer = false;  // a number without a fraction
    bool negative = false;
    bool nonzero = false;  // some digit is not 0
  };

  bool eat(char c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  // The index of the first marked byte of eight, each marked byte all ones.
  static std::size_t first_marked(std::uint64_t marks) {
    if constexpr (std::endian::native == std::endian::little) {
      return static_cast<std::size_t>(std::countr_zero(marks)) / 8;
    } else {
      return static_cast<std::size_t>(std::countl_zero(marks)) / 8;
    }
  }

  // Moves p_ over plain bytes up to the first special byte (the closing quote, or a byte this subset leaves to
  // simdjson: a backslash, a control byte below 0x20, 0x7f or non-ASCII), sixteen bytes at a time, and stops there or
  // where fewer than sixteen remain (the byte loop in string() goes on from there). Sixteen at a time: an order id
  // ("ORDER-order-producer-" and a number) is two steps. GCC's vector extension compiles to SSE2 on x86-64 and to NEON
  // on ARM; each marked lane is all ones, so the first is exact on either byte order.
  void skip_plain() {
    using Bytes16 = unsigned char __attribute__((vector_size(16)));
    for (; end_ - p_ >= 16; p_ += 16) {
      Bytes16 w;
      std::memcpy(&w, p_, 16);
      const auto marks = (w == '"') | (w == '\\') | (w < 0x20) | (w > 0x7e);
      std::uint64_t half[2];
      static_assert(sizeof(marks) == sizeof(half));
      std::memcpy(half, &marks, sizeof(half));
      if ((half[0] | half[1]) != 0) {
        p_ += half[0] != 0 ? first_marked(half[0]) : 8 + first_marked(half[1]);
        return;
      }
    }
  }
  bool string(std::string_view& out) {
    if (!eat('"')) return false;
    const char* const start = p_;
    skip_plain();
    while (p_ != end_ && *p_ != '"') {
      const auto c = static_cast<unsigned char>(*p_);
      if (c < 0x20 || c > 0x7e || c == '\\') return false;
      ++p_;
    }
    if (p_ == end_) return false;
    out = std::string_view(start, static_cast<std::size_t>(p_ - start));
    ++p_;
    return true;
  }
  bool digits(int& count, bool& nonzero) {
    const char* const start = p_;
    for (; p_ != end_ && *p_ >= '0' && *p_ <= '9'; ++p_) nonzero |= *p_ != '0';
    count += static_cast<int>(p_ - start);
    return p_ != start;
  }
  bool value(Value& v) {
    if (p_ != end_ && *p_ == '"') {
      v.is_string = true;
      return string(v.text);
    }
    v.negative = eat('-');
    // "-0" and leading zeros are where readers differ (negative zero, octal-looking integers): not in this subset.
    if (p_ == end_ || *p_ == '0') {
      if (v.negative || p_ == end_ || (p_ + 1 != end_ && p_[1] >= '0' && p_[1] <= '9')) return false;
    }
    int count = 0;
    if (!digits(count, v.nonzero)) return false;
    v.integer = !eat('.');
    if (!v.integer && !digits(count, v.nonzero)) return false;
    return count <= 17 && p_ != end_ && (*p_ == ',' || *p_ == '}');
  }

  const char* p_;
  const char* end_;
};

}  // namespace

bool OrderValidator::valid(const std::string& body) {
  if (const std::optional<bool> v = OrderFastPath(body).verdict()) {
    ++fast_path_verdicts_;
    return *v;
  }
  simdjson::dom::element doc;
  if (parser_->dom.parse(body).get(doc) != simdjson::SUCCESS) return OrderProcessor::is_valid_order(body);
  simdjson::dom::object object;
  if (doc.get(object) != simdjson::SUCCESS) return false;  // an array or a bare value is not an order
  bool order_ok = false, customer_ok = false, amount_ok = false;
  // Every field in order, so a duplicate key counts by its last value, as nlohmann's DOM keeps the last one.
  for (const simdjson::dom::key_value_pair field : object) {
    const simdjson::dom::element& v = field.value;
    if (key_is(field.key, "order_id")) {
      // A non-empty string or an integer (signed or unsigned, whatever its sign), as is_number_integer() says.
      std::string_view s;
      order_ok = (v.get(s) == simdjson::SUCCESS && !s.empty()) || v.is_int64() || v.is_uint64();
    } else if (key_is(field.key, "customer_id")) {
      std::string_view s;
      customer_ok = v.get(s) == simdjson::SUCCESS && !s.empty();
    } else if (key_is(field.key, "amount")) {
      std::int64_t i = 0;
      std::uint64_t u = 0;
      double d = 0;
      amount_ok = v.is_int64()    ? (v.get(i) == simdjson::SUCCESS && i > 0)
                  : v.is_uint64() ? (v.get(u) == simdjson::SUCCESS && u > 0)
                  : v.is_double() ? (v.get(d) == simdjson::SUCCESS && d > 0.0)
                                  : false;
    }
  }
  return order_ok && customer_ok && amount_ok;
}

}  // namespace handlers
