// A CloudFormation template (also the base of SAM) and its intrinsic functions, evaluated as far as they can be
// before deploy: parameters take their Default, Fn::Sub / Fn::Join / Fn::Select / Fn::FindInMap / Fn::Split are
// computed, and Ref / Fn::GetAtt of a resource become a reference to its logical id. What only exists at deploy time
// (Fn::If on conditions, Fn::ImportValue, another stack's outputs) is reported as unresolvable.
#pragma once

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "import/import_model.hpp"

namespace scenarios::import {

// What a Ref, Fn::GetAtt, ARN or queue URL points at: a resource in the template, or a literal string.
struct CfnTarget {
  std::string logical_id;  // set when it names a resource of this template
  std::string attribute;   // "Arn", "QueueName", ... ("" for Ref)
  std::string literal;     // otherwise: the resolved string (an ARN, a URL, a name)
};

class CfnTemplate {
 public:
  // `root` must outlive the object. Warns (through model) about malformed resource entries.
  CfnTemplate(const nlohmann::json& root, ImportModel& model);

  // Well-formed resources by logical id (sorted, so every pass is deterministic).
  [[nodiscard]] const std::map<std::string, const nlohmann::json*>& resources() const { return resources_; }
  [[nodiscard]] const nlohmann::json& root() const { return root_; }
  // The resource's Type, or "" when the id is not a resource.
  [[nodiscard]] std::string type_of(const std::string& logical_id) const;
  // The resource's Properties (an empty object when absent or malformed).
  [[nodiscard]] const nlohmann::json& properties(const std::string& logical_id) const;

  // The value with every intrinsic evaluated; references to resources stay as references that target() reads.
  // nullopt when absent (AWS::NoValue) or unresolvable; the latter with a warning at `path`.
  std::optional<nlohmann::json> value(const nlohmann::json& v, const std::string& path);
  // A value that must be known before deploy (a number, a name): a reference to a resource is unresolvable here.
  std::optional<nlohmann::json> known(const nlohmann::json& v, const std::string& path);
  // What a value points at (Ref / Fn::GetAtt, or an ARN or URL built with Fn::Sub / Fn::Join); nullopt + warning if
  // unresolvable.
  std::optional<CfnTarget> target(const nlohmann::json& v, const std::string& path);
  // Strings built by value() may embed references; this names the first one ("" when none).
  [[nodiscard]] static std::string embedded_reference(const std::string& s);
  // Parses JSON text built by value() (a RedrivePolicy string around ${DLQ.Arn}), keeping embedded references.
  // Throws nlohmann::json::parse_error on invalid JSON.
  [[nodiscard]] static nlohmann::json parse_json_text(const std::string& s);

  ImportModel& model;

 private:
  enum class Status { Ok, Absent, Unresolved };
  // `index_paths`: name array items and members in the paths of warnings (off inside an intrinsic's arguments, whose
  // positions mean nothing to the user).
  Status eval(const nlohmann::json& v, const std::string& path, nlohmann::json& out, std::string& why, int depth,
              bool index_paths = true);
  Status eval_intrinsic(const std::string& fn, const nlohmann::json& arg, const std::string& path, nlohmann::json& out,
                        std::string& why, int depth);
  Status eval_sub(const nlohmann::json& arg, const std::string& path, nlohmann::json& out, std::string& why, int depth);
  Status eval_ref(const std::string& name, const std::string& path, nlohmann::json& out, std::string& why, int depth);

  const nlohmann::json& root_;
  std::map<std::string, const nlohmann::json*> resources_;
};

}  // namespace scenarios::import
