// The what-if controls by the names scripts and exercises use (batch_size, maximum_concurrency...): the Setting actions
// of the action table (model/actions.hpp) that carry a control, in its order. An exercise says which controls a learner
// may touch and the judge tells which control a recorded change came from by its action id.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/actions.hpp"

namespace gui {

class Session;

struct Control {
  std::string name;       // script and exercise name: "maximum_concurrency"
  std::string label;      // as the dashboard shows it: "MaximumConcurrency"
  std::string action_id;  // the GameDay action a change injects: "sim:set-maximum-concurrency"
  std::string unit;       // the value's unit as the action's parameter states it: "s", "MB" or ""
  const model::ActionDefinition* action = nullptr;
  [[nodiscard]] bool whole() const { return action->control.whole; }
};

// Every what-if control, in the order the dashboard shows them.
const std::vector<Control>& controls();
// The control of that name, or nullptr.
const Control* find_control(std::string_view name);
// The control whose change injects this GameDay action (nullopt: a fault or another action).
std::optional<std::string> control_of_action(std::string_view action_id);
// "BatchSize, MaximumConcurrency and VisibilityTimeout": names as the dashboard shows them.
std::string control_labels(const std::vector<std::string>& names);

// Makes the change on the session (throws std::invalid_argument for an unknown control or a value outside AWS's
// range, naming it).
void apply_control(Session& s, std::string_view name, double value);

}  // namespace gui
