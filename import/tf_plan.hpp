// An index over a Terraform plan (`terraform show -json`): every resource instance of planned_values (root module
// and child modules, recursively) with its values, its after_unknown flags from resource_changes and its
// configuration block, plus the resolution of configuration `references` through input variables and module outputs.
// The wiring between resources is only there when ARNs are unknown until apply (Terraform JSON output format,
// "Plan Representation" and "Configuration Representation").
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "import/import_model.hpp"

namespace scenarios::import {

struct TfInstance {
  std::string address;  // "module.m[\"a\"].aws_sqs_queue.q[0]"
  std::string module;   // "module.m[\"a\"]", "" for the root module
  std::string mode;     // "managed" or "data"
  std::string type;     // "aws_sqs_queue"
  std::string name;     // "q"
  std::string path;     // JSON path of the planned resource: "planned_values.root_module.resources[3]"
  const nlohmann::json* values = nullptr;         // planned values (an object)
  const nlohmann::json* after_unknown = nullptr;  // resource_changes[].change.after_unknown, or nullptr
  const nlohmann::json* config = nullptr;         // configuration resource (with "expressions"), or nullptr
};

// What an attribute's expression refers to.
struct TfReferences {
  std::set<std::string> addresses;   // resource instances in the plan
  std::set<std::string> literals;    // values known through variables or data sources (e.g. an ARN)
  std::set<std::string> unresolved;  // references the plan cannot resolve (locals, each.value, ...)
};

class TfPlan {
 public:
  // `root` must outlive the object. Malformed parts are skipped with a warning through `model`.
  TfPlan(const nlohmann::json& root, ImportModel& model);

  // Managed and data instances of planned_values, in document order.
  [[nodiscard]] const std::vector<TfInstance>& instances() const { return instances_; }
  [[nodiscard]] const TfInstance* find(const std::string& address) const;

  // The planned value of an attribute (nullptr when absent or null).
  [[nodiscard]] static const nlohmann::json* value(const TfInstance& inst, const std::string& attr);
  // True when the plan marks the attribute as known only after apply.
  [[nodiscard]] static bool unknown(const TfInstance& inst, const std::string& attr);
  // What the attribute's configuration expression refers to, followed through var.* and module.*.
  [[nodiscard]] TfReferences references(const TfInstance& inst, const std::string& attr) const;

 private:
  void walk(const nlohmann::json& module, const std::string& path, const std::string& module_address, int depth);
  void walk_prior(const nlohmann::json& module, int depth);
  [[nodiscard]] const nlohmann::json* config_module(const std::string& module_address) const;
  void resolve(const std::string& ref, const std::string& module_address, TfReferences& out, int depth) const;
  void resolve_expression(const nlohmann::json& expr, const std::string& module_address, TfReferences& out,
                          int depth) const;

  const nlohmann::json& root_;
  ImportModel& model_;
  std::vector<TfInstance> instances_;
  std::map<std::string, std::size_t> by_address_;
  std::set<std::string> module_addresses_;
  std::map<std::string, const nlohmann::json*> prior_data_;  // data source address -> values, from prior_state
};

// Splits a Terraform address on the dots outside brackets and quotes: module.a["x.y"].b -> module, a["x.y"], b.
std::vector<std::string> split_tf_address(const std::string& address);

}  // namespace scenarios::import
