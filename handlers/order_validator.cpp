#include "handlers/order_validator.hpp"

#include <simdjson.h>

#include "handlers/order_processor.hpp"

namespace handlers {

struct OrderValidator::Parser {
  simdjson::dom::parser dom;  // reuses its buffers across bodies: one per execution environment
};

OrderValidator::OrderValidator() : parser_(std::make_unique<Parser>()) {}
OrderValidator::~OrderValidator() = default;
OrderValidator::OrderValidator(OrderValidator&&) noexcept = default;
OrderValidator& OrderValidator::operator=(OrderValidator&&) noexcept = default;

bool OrderValidator::valid(const std::string& body) {
  simdjson::dom::element doc;
  if (parser_->dom.parse(body).get(doc) != simdjson::SUCCESS) return OrderProcessor::is_valid_order(body);
  simdjson::dom::object object;
  if (doc.get(object) != simdjson::SUCCESS) return false;  // an array or a bare value is not an order
  bool order_ok = false, customer_ok = false, amount_ok = false;
  // Every field in order, so a duplicate key counts by its last value, as nlohmann's DOM keeps the last one.
  for (const simdjson::dom::key_value_pair field : object) {
    const simdjson::dom::element& v = field.value;
    if (field.key == "order_id") {
      // A non-empty string or an integer (signed or unsigned, whatever its sign), as is_number_integer() says.
      std::string_view s;
      order_ok = (v.get(s) == simdjson::SUCCESS && !s.empty()) || v.is_int64() || v.is_uint64();
    } else if (field.key == "customer_id") {
      std::string_view s;
      customer_ok = v.get(s) == simdjson::SUCCESS && !s.empty();
    } else if (field.key == "amount") {
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
