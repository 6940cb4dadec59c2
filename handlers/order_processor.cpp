#include "handlers/order_processor.hpp"

#include <stdexcept>

namespace handlers {

OrderProcessor::OrderProcessor(const nlohmann::json& config) {
  if (config.is_null()) return;
  if (!config.is_object())
    throw std::invalid_argument("order-processor config: expected an object, got " + config.dump());
  for (const auto& [key, value] : config.items()) {
    if (key != "idempotency")
      throw std::invalid_argument("order-processor config: unknown key \"" + key + "\" (known: idempotency)");
    if (!value.is_boolean())
      throw std::invalid_argument("order-processor config.idempotency: expected true or false, got " + value.dump());
    idempotency_ = value.get<bool>();
  }
}

bool OrderProcessor::is_valid_order(const std::string& body) {
  // No exceptions: a poison message is an ordinary outcome here, not an error path.
  const nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  const auto order = j.find("order_id");
  const auto customer = j.find("customer_id");
  const auto amount = j.find("amount");
  if (order == j.end() || customer == j.end() || amount == j.end()) return false;
  const bool order_ok =
      (order->is_string() && !order->get_ref<const std::string&>().empty()) || order->is_number_integer();
  const bool customer_ok = customer->is_string() && !customer->get_ref<const std::string&>().empty();
  // is_number() excludes booleans and strings: "amount": "7" is invalid, as a Go float64 field would reject it.
  const bool amount_ok = amount->is_number() && amount->get<double>() > 0.0;
  return order_ok && customer_ok && amount_ok;
}

lambda::SqsBatchResponse OrderProcessor::handle(const lambda::SqsEvent& event, const lambda::Context&) {
  lambda::SqsBatchResponse response;
  bool stopped = false;
  for (const lambda::SqsMessage& record : event.records) {
    // Lambda, FIFO queues with partial batch responses: stop at the first failure and return it and every record not
    // yet processed, so later messages of a group are never processed before an earlier failed one.
    if (stopped) {
      response.batch_item_failures.push_back({record.message_id});
      continue;
    }
    // At-least-once delivery: a message this environment already processed is skipped, not failed (the Go handler's
    // processedMessages map). Another environment has its own set and processes it again, as in production.
    if (idempotency_ && processed_ids_.contains(record.message_id)) {
      ++duplicates_;
      continue;
    }
    // The Go handler's partial batch failure: an order it cannot process goes in batchItemFailures and is retried
    // until maxReceiveCount moves it to the DLQ.
    if (!is_valid_order(record.body)) {
      ++invalid_;
      response.batch_item_failures.push_back({record.message_id});
      stopped = record.event_source_arn.ends_with(".fifo");
      continue;
    }
    ++processed_;
    if (idempotency_) processed_ids_.insert(record.message_id);
  }
  return response;
}

}  // namespace handlers
