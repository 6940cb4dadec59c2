// Lambda event filtering for SQS event source mappings (FilterCriteria): EventBridge-style patterns matched against
// each record's metadata and body before the record joins a batch (aws-semantics.md sections 2 and 10). A record that
// matches no filter is deleted from the queue by Lambda and counted (FilteredOutEventCount): a data-loss risk.
#pragma once

#include <cstddef>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "handlers/sqs_event.hpp"

namespace model {

class FilterPatternError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// One FilterCriteria.Filters[i].Pattern, compiled.
class EventFilter {
 public:
  // Throws FilterPatternError naming Filters[index].Pattern<path>, the value and what was expected.
  static EventFilter parse(std::string_view pattern_json, std::size_t index = 0);
  // `event` is the record as Lambda filters it: an object with messageId, body (parsed JSON, or the plain string),
  // attributes, messageAttributes... Never throws.
  [[nodiscard]] bool matches(const nlohmann::json& event) const;
  // Top-level keys the pattern reads (so a caller builds only those).
  [[nodiscard]] const std::set<std::string>& keys() const { return keys_; }

  struct Node;

 private:
  std::shared_ptr<const Node> root_;
  std::set<std::string> keys_;
};

// All the filters of one event source mapping: a record passes if any filter matches.
class FilterCriteria {
 public:
  // Lambda: 5 filters per event source mapping by default, 10 with a quota increase.
  static constexpr std::size_t kMaxFilters = 10;
  static FilterCriteria parse(const std::vector<std::string>& patterns);
  [[nodiscard]] bool empty() const { return filters_.empty(); }
  // Builds the record's filterable view (parsing the body once) and tries each filter; empty() passes everything.
  [[nodiscard]] bool matches(const lambda::SqsMessage& record) const;
  // The view of a record that patterns see (exposed for tests and tools).
  [[nodiscard]] static nlohmann::json record_view(const lambda::SqsMessage& record, const std::set<std::string>& keys);

 private:
  std::vector<EventFilter> filters_;
  std::set<std::string> keys_;
};

}  // namespace model
