// The what-if controls by the names scripts and exercises use (batch_size, maximum_concurrency...), each with the
// GameDay action it injects, so an exercise can say which controls a learner may touch and the judge can tell which
// control a recorded change came from. The change itself is made by gui::Session's setters.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gui {

class Session;

struct Control {
  const char* name;       // script and exercise name: "maximum_concurrency"
  const char* label;      // as the dashboard shows it: "MaximumConcurrency"
  const char* action_id;  // the GameDay action a change injects: "sim:set-maximum-concurrency"
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
