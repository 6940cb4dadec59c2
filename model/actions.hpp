// The GameDay / what-if actions, defined once: each action's id (AWS FIS's where FIS has the action, "sim:" for the
// rest), what it targets, its parameters with unit, range and default, how it acts on each target and how it is undone,
// and one sentence for docs/gameday.md and the dashboard's tooltip. Read by the GameDay loader (ids, parameters,
// ranges), model::GameDay (apply and restore), the dashboard (which writes an action's JSON and reads it back through
// the loader) and docs/gameday.md (its actions table is generated from here; a test keeps it in step).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "model/aws_ranges.hpp"
#include "model/gameday_spec.hpp"

namespace model {

class LambdaFunction;
class SqsQueue;
class Producer;
class EventSourceMapping;
struct FunctionFaults;
struct ScenarioSpec;

// What an action acts on, named as the JSON "targets" key names it (FIS's resource type keys).
enum class TargetKind { None, Functions, Queues, Producers, EventSourceMappings };
std::string_view target_key(TargetKind k);  // "Functions", ... ("" for None)

// Where a parameter's value lands in a GameDayAction.
enum class ActionField {
  Value,                 // GameDayAction::value (sim: parameters)
  InvocationPercentage,  // FIS invocationPercentage
  StartupDelay,          // FIS startupDelayMilliseconds (ms)
  StatusCode,            // FIS statusCode
  PreventExecution,      // FIS preventExecution (a boolean)
  ContentType,           // FIS contentTypeHeader (a string)
  SsmDocument,           // the SSM automation's documentParameters (the SQS impairment reads it)
  Accepted,              // written by FIS templates, no effect in the model (documentArn, maxDuration)
};

struct ActionParameter {
  std::string_view key;  // as in the action's "parameters"
  ActionField field;
  std::string_view unit;  // "%", "ms", "s", "MB", "×" (a multiplier), "" (a count or a plain number)
  AwsRange range;         // numeric parameters: accepted values (inclusive)
  double fallback = 0;    // the default when absent (numbers; booleans: 0 or 1)
  std::string_view what;  // for messages: "a percentage", "a batch size (SQS: 1-10,000)"
  [[nodiscard]] bool numeric() const {
    return field != ActionField::PreventExecution && field != ActionField::ContentType &&
           field != ActionField::SsmDocument && field != ActionField::Accepted;
  }
};

// A target, resolved to the running component (the alternative matches the action's TargetKind).
using Component = std::variant<LambdaFunction*, SqsQueue*, Producer*, EventSourceMapping*>;

// How an action acts while it is in force.
enum class ActionEffect {
  Wait,           // nothing (aws:fis:wait sequences other actions)
  FunctionFault,  // the faults of every action in force on a function combine into its FunctionFaults
  Combined,       // every action of this id in force on a target combines into one number (a product, "any")
  Once,           // acts once when it starts (a burst); nothing to undo
  Setting,        // sets one setting on each target; restored per target when its duration ends
};

struct ActionBehaviour {
  ActionEffect effect = ActionEffect::Wait;
  // FunctionFault: adds this action's fault to a function's faults.
  void (*fault)(FunctionFaults&, const GameDayAction&) = nullptr;
  // Combined: start from `initial`, fold each action in force on the target with `combine`, hand the result to `set`.
  double initial = 0;
  double (*combine)(double acc, const GameDayAction&) = nullptr;
  void (*set_combined)(const Component&, double) = nullptr;
  // Once: what it does to each target when it starts.
  void (*once)(const Component&, const GameDayAction&) = nullptr;
  // Setting: the value on a running component (nullopt: unset, e.g. no reserved concurrency), how to set it (and
  // restore it), and how to write it into the scenario's spec so the same validation as a scenario file's runs on it.
  std::optional<double> (*current)(const Component&) = nullptr;
  void (*set)(const Component&, std::optional<double>) = nullptr;
  void (*edit_spec)(ScenarioSpec&, const std::string& target, double) = nullptr;
};

// A setting the dashboard offers as a what-if control (its "What if" panel, scripts and exercises name it).
struct ActionControl {
  std::string_view name;   // as scripts and exercises name it: "maximum_concurrency" (empty: not a control)
  std::string_view label;  // AWS's name for the setting, as the dashboard shows it: "MaximumConcurrency"
  bool whole = false;      // a count: a fraction is refused rather than truncated
  double unset = 0;        // shown when the setting is unset (MaximumConcurrency: Lambda's most, 1,000)
};

struct ActionDefinition {
  std::string_view id;
  GameDayAction::Kind kind;
  TargetKind target;
  std::span<const ActionParameter> parameters;  // besides "duration", which every action takes
  bool duration_required = false;
  std::string_view summary;  // one sentence: docs/gameday.md's table and the dashboard's tooltip
  ActionBehaviour behaviour;
  // The timeline's "effect" in words: a fmt format with the named arguments {targets} (joined by ", "), {value},
  // {percentage}, {delay_ms}, {status} and {without_handler} (" without running the handler" or "").
  std::string_view effect;
  ActionControl control{};  // Setting actions the dashboard offers, in the table's order
};

// Every action, in the order docs list them.
std::span<const ActionDefinition> action_table();
// nullptr for an unknown id.
const ActionDefinition* find_action(std::string_view id);
const ActionDefinition& action_definition(GameDayAction::Kind kind);
// The parameter `key` of an action, or nullptr.
const ActionParameter* find_parameter(const ActionDefinition& d, std::string_view key);

// What an action did, in words (its definition's `effect` filled in).
std::string describe(const GameDayAction& a);

// docs/gameday.md's actions table (Markdown), generated from the table above.
std::string actions_markdown();

}  // namespace model
