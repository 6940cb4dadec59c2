// The one table of scenario keys the importer writes: the sqsim key, the AWS setting it comes from, its AWS default
// and range, and whether the scenario loader accepts it yet. A key the loader does not accept is written with a
// leading "_" (a comment to the loader) and a warning; flipping `supported` here makes the importer write the real key.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace scenarios::import {

enum class ValueKind { Integer, Number, Bool, String, StringList };

struct ScenarioKey {
  std::string_view path_key;  // "<object>.<key>": "queue.visibility_timeout_s", "esm.maximum_concurrency"
  std::string_view aws_name;  // the AWS setting, for messages: "ScalingConfig.MaximumConcurrency"
  bool supported;             // the scenario loader accepts the key today
  ValueKind kind;
  double lo = 0, hi = 0;          // AWS range (Integer/Number); for a StringList, hi > 0 is the most items
  std::string_view rule;          // the AWS rule behind the range, quoted in warnings
  std::string_view default_json;  // AWS default written when the config omits the value; "" = leave the key out
  // A value for which sqsim's behaviour already matches AWS even though the key is not modelled (e.g. an enabled
  // mapping): written as a comment without a warning. "" = every value warns.
  std::string_view neutral_json;
};

// Every key the importer writes into queues[], functions[] and event_source_mappings[] (besides names/wiring).
std::span<const ScenarioKey> scenario_keys();

// The entry for "<object>.<key>", or nullptr.
const ScenarioKey* find_scenario_key(std::string_view path_key);

// True when the scenario loader accepts the key (so it is written without the comment underscore).
bool sqsim_supports(std::string_view path_key);

// The key as written: "maximum_concurrency" when supported, "_maximum_concurrency" otherwise.
std::string emitted_key(const ScenarioKey& key);

}  // namespace scenarios::import
