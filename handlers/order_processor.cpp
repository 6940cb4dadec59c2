#include "handlers/order_processor.hpp"

#include <stdexcept>
#include <string_view>

namespace handlers {

OrderProcessor::OrderProcessor(const nlohmann::json& config) {
  if (config.is_null()) return;
  if (!config.is_object())
    throw std::invalid_argument("order-processor config: expected an object, got " + config.dump());
  for (const auto& [key, value] : config.items()) {
    if (key == "idempotency") {
      if (!value.is_boolean())
        throw std::invalid_argument("order-processor config.idempotency: expected true or false, got " + value.dump());
      idempotency_ = value.get<bool>();
    } else if (key == "idempotency_capacity") {
      if (!value.is_number_integer() || value.get<std::int64_t>() < 1 || value.get<std::int64_t>() > 100'000'000)
        throw std::invalid_argument(
            "order-processor config.idempotency_capacity: expected an integer from 1 to 100000000, got " +
            value.dump());
      processed_ids_ = RecentIds(value.get<std::size_t>());
    } else {
      throw std::invalid_argument("order-processor config: unknown key \"" + key +
                                  "\" (known: idempotency, idempotency_capacity)");
    }
  }
}

namespace {

// Checks an order while nlohmann's SAX parser reads it, without building a document: the validity test runs once per
// record, and a DOM (a map, a string per field) cost more than the rest of the simulated pipeline together.
// Same verdicts as parsing to nlohmann::json and inspecting it: a duplicate key counts by its last value, as the DOM
// parser keeps the last one.
class OrderCheck final : public nlohmann::json_sax<nlohmann::json> {
 public:
  [[nodiscard]] bool valid() const { return object_ && order_ok_ && customer_ok_ && amount_ok_; }

  bool null() override { return scalar(false, false, false); }
  bool boolean(bool) override { return scalar(false, false, false); }
  bool number_integer(number_integer_t v) override { return scalar(true, false, v > 0); }
  bool number_unsigned(number_unsigned_t v) override { return scalar(true, false, v > 0); }
  bool number_float(number_float_t v, const string_t&) override { return scalar(false, false, v > 0.0); }
  bool string(string_t& v) override { return scalar(!v.empty(), !v.empty(), false); }
  bool binary(binary_t&) override { return scalar(false, false, false); }
  bool start_object(std::size_t) override { return open(); }
  bool start_array(std::size_t) override {
    if (depth_ == 0) return false;  // not an object: invalid, stop reading
    return open();
  }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    if (depth_ == 1)
      field_ = k == "order_id"      ? Field::Order
               : k == "customer_id" ? Field::Customer
               : k == "amount"      ? Field::Amount
                                    : Field::Other;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  enum class Field { Other, Order, Customer, Amount };

  // A value at depth 1 settles its field: order_id a non-empty string or an integer, customer_id a non-empty string,
  // amount a number > 0. An integer order_id counts whatever its sign, as is_number_integer() does.
  bool scalar(bool order_ok, bool customer_ok, bool amount_positive) {
    if (depth_ == 0) return false;  // a bare scalar is not an order
    if (depth_ == 1) settle(order_ok, customer_ok, amount_positive);
    return true;
  }
  void settle(bool order_ok, bool customer_ok, bool amount_positive) {
    switch (field_) {
      case Field::Order:
        order_ok_ = order_ok;
        break;
      case Field::Customer:
        customer_ok_ = customer_ok;
        break;
      case Field::Amount:
        amount_ok_ = amount_positive;
        break;
      case Field::Other:
        break;
    }
  }
  bool open() {
    if (depth_ == 0) object_ = true;
    if (depth_ == 1) settle(false, false, false);  // an object or array where a scalar belongs
    ++depth_;
    return true;
  }
  bool close() {
    --depth_;
    return true;
  }

  int depth_ = 0;
  bool object_ = false;
  Field field_ = Field::Other;
  bool order_ok_ = false;
  bool customer_ok_ = false;
  bool amount_ok_ = false;
};

}  // namespace

bool OrderProcessor::is_valid_order(const std::string& body) {
  // No exceptions: a poison message is an ordinary outcome here, not an error path.
  OrderCheck check;
  return nlohmann::json::sax_parse(body, &check, nlohmann::json::input_format_t::json, true, false) && check.valid();
}

lambda::SqsBatchResponse OrderProcessor::handle(const lambda::SqsEvent& event, const lambda::Context&) {
  lambda::SqsBatchResponse response;
  bool stopped = false;
  if (idempotency_) {
    // Hash the batch's ids and prefetch their cells before the loop.
    hashes_.resize(event.records.size());
    for (std::size_t i = 0; i < event.records.size(); ++i) {
      hashes_[i] = RecentIds::key_of(event.records[i].message_id);
      processed_ids_.prefetch(hashes_[i]);
    }
  }
  for (std::size_t i = 0; i < event.records.size(); ++i) {
    const lambda::SqsMessage& record = event.records[i];
    // Lambda, FIFO queues with partial batch responses: stop at the first failure and return it and every record not
    // yet processed, so later messages of a group are never processed before an earlier failed one.
    if (stopped) {
      response.batch_item_failures.push_back({record.message_id});
      continue;
    }
    // At-least-once delivery: a message this environment already processed is skipped, not failed (the Go handler's
    // processedMessages map). Another environment has its own set and processes it again, as in production.
    const std::uint64_t id_hash = idempotency_ ? hashes_[i] : 0;
    if (idempotency_ && processed_ids_.contains(id_hash)) {
      ++duplicates_;
      continue;
    }
    // The Go handler's partial batch failure: an order it cannot process goes in batchItemFailures and is retried
    // until maxReceiveCount moves it to the DLQ.
    if (!validator_.valid(record.body)) {
      ++invalid_;
      response.batch_item_failures.push_back({record.message_id});
      stopped = record.event_source_arn.ends_with(".fifo");
      continue;
    }
    ++processed_;
    if (idempotency_) processed_ids_.insert(id_hash);
  }
  return response;
}

}  // namespace handlers
