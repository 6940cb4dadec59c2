// The order processor's validity test on the hot path: a one-pass reader for the plain shape producers write (a flat
// object of unescaped strings and simple numbers, no whitespace), then for anything else simdjson's DOM parser
// (several times faster than nlohmann's SAX parser on these ~100-byte bodies), falling back to
// OrderProcessor::is_valid_order (nlohmann) whenever simdjson reports any error, so the verdicts are nlohmann's on
// every input: simdjson and nlohmann both implement RFC 8259 strictly, and where simdjson stops (numbers beyond 64
// bits, nesting deeper than 1,024, invalid UTF-8) nlohmann decides. tests/handlers checks the two on random bodies.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace handlers {

class OrderValidator {
 public:
  OrderValidator();
  ~OrderValidator();
  OrderValidator(OrderValidator&&) noexcept;
  OrderValidator& operator=(OrderValidator&&) noexcept;
  OrderValidator(const OrderValidator&) = delete;
  OrderValidator& operator=(const OrderValidator&) = delete;

  // Same verdict as OrderProcessor::is_valid_order(body). Never throws.
  bool valid(const std::string& body);
  // How many verdicts the one-pass reader gave without simdjson: the handler's speed rests on it deciding every
  // body the producers write, and tests/handlers holds it to that.
  [[nodiscard]] std::uint64_t fast_path_verdicts() const { return fast_path_verdicts_; }

 private:
  struct Parser;  // simdjson::dom::parser, kept out of this header (simdjson.h is large)
  std::unique_ptr<Parser> parser_;
  std::uint64_t fast_path_verdicts_ = 0;
};

}  // namespace handlers
