#include "import/cfn_resources.hpp"

#include "import/arn.hpp"
#include "import/json_member.hpp"
#include "model/event_filter.hpp"

namespace scenarios::import {

namespace {

using nlohmann::json;

const json* find_property(const PropertyLayers& layers, const std::string& key, std::string& path) {
  for (const PropertySource& l : layers) {
    if (const json* v = member(*l.object, key)) {
      path = l.path + "." + key;
      return v;
    }
  }
  return nullptr;
}

void set_known(CfnTemplate& t, Fields& fields, const char* field, const json& v, const std::string& path) {
  if (auto k = t.known(v, path)) fields[field] = Sourced{std::move(*k), path};
}

std::string function_name_of(const ImportModel& m, const std::string& name) {
  for (const auto& [id, f] : m.functions)
    if (f.name == name) return id;
  return "";
}

std::string queue_name_of(const ImportModel& m, const std::string& name) {
  for (const auto& [id, q] : m.queues)
    if (q.name == name) return id;
  return "";
}

}  // namespace

void read_function(CfnTemplate& t, const std::string& id, const PropertyLayers& layers) {
  ImportedFunction& f = t.model.functions[id];
  f.id = id;
  f.origin = "Resources." + id;
  std::string path;
  f.name = id;  // CloudFormation generates a name from the stack and logical id when FunctionName is absent
  if (const json* v = find_property(layers, "FunctionName", path)) {
    if (const auto name = t.known(*v, path); name && name->is_string()) f.name = name->get<std::string>();
  }
  if (const json* v = find_property(layers, "Runtime", path)) set_known(t, f.fields, "function.runtime", *v, path);
  if (const json* v = find_property(layers, "MemorySize", path))
    set_known(t, f.fields, "function.memory_size_mb", *v, path);
  if (const json* v = find_property(layers, "Timeout", path)) set_known(t, f.fields, "function.timeout_s", *v, path);
  if (const json* v = find_property(layers, "ReservedConcurrentExecutions", path))
    set_known(t, f.fields, "function.reserved_concurrency", *v, path);
  if (const json* v = find_property(layers, "Architectures", path)) {
    // Lambda: Architectures holds exactly one of x86_64 or arm64.
    const auto a = t.known(*v, path);
    if (a && a->is_array() && a->size() == 1 && ((*a)[0] == "x86_64" || (*a)[0] == "arm64")) {
      f.fields["function.architecture"] = Sourced{(*a)[0], path + "[0]"};
    } else if (a) {
      t.model.warn(path,
                   "got " + a->dump() + R"(, expected ["x86_64"] or ["arm64"] (Lambda takes exactly one); left out)");
    }
  }
  if (const json* v = find_property(layers, "PackageType", path)) {
    if (const auto k = t.known(*v, path); k && (*k == "Zip" || *k == "Image")) {
      f.fields["function.package_type"] = Sourced{*k, path};
    } else if (k) {
      t.model.warn(path, "got " + k->dump() + R"(, expected "Zip" or "Image"; left out)");
    }
  }
  if (const json* v = find_property(layers, "VpcConfig", path); v != nullptr && v->is_object()) {
    // Lambda attaches the function to a VPC when VpcConfig has subnets; an empty list detaches it.
    if (const json* subnets = member(*v, "SubnetIds"))
      f.fields["function.vpc"] = Sourced{!(subnets->is_array() && subnets->empty()), path + ".SubnetIds"};
  }
  if (const json* v = find_property(layers, "Handler", path); v != nullptr && v->is_string())
    f.notes.push_back("Code handler in the config: " + v->get<std::string>() + ".");
  if (const json* v = find_property(layers, "ProvisionedConcurrencyConfig", path)) {
    if (const json* n = member(*v, "ProvisionedConcurrentExecutions"))
      set_known(t, f.fields, "function.provisioned_concurrency", *n, path + ".ProvisionedConcurrentExecutions");
  }
  if (const json* v = find_property(layers, "SnapStart", path); v != nullptr)
    f.notes.push_back("SnapStart is configured: shorten cold_start.init_duration_ms to match.");
}

void read_mapping_fields(CfnTemplate& t, const json& props, const std::string& path, ImportedMapping& e) {
  if (const json* v = member(props, "BatchSize")) set_known(t, e.fields, "esm.batch_size", *v, path + ".BatchSize");
  if (const json* v = member(props, "MaximumBatchingWindowInSeconds"))
    set_known(t, e.fields, "esm.maximum_batching_window_s", *v, path + ".MaximumBatchingWindowInSeconds");
  if (const json* v = member(props, "FunctionResponseTypes"))
    set_known(t, e.fields, "esm.function_response_types", *v, path + ".FunctionResponseTypes");
  if (const json* v = member(props, "Enabled")) set_known(t, e.fields, "esm.enabled", *v, path + ".Enabled");
  if (const json* sc = member(props, "ScalingConfig")) {
    if (const json* v = member(*sc, "MaximumConcurrency"))
      set_known(t, e.fields, "esm.maximum_concurrency", *v, path + ".ScalingConfig.MaximumConcurrency");
  }
  if (const json* fc = member(props, "FilterCriteria")) {
    // Lambda: FilterCriteria.Filters[].Pattern, each a JSON pattern as a string, matched on the message body.
    const std::string fp = path + ".FilterCriteria.Filters";
    const auto filters = t.known(member(*fc, "Filters") != nullptr ? *member(*fc, "Filters") : json(nullptr), fp);
    json patterns = json::array();
    if (filters && filters->is_array()) {
      for (std::size_t i = 0; i < filters->size(); ++i) {
        const json* p = member((*filters)[i], "Pattern");
        std::string text;
        if (p != nullptr && p->is_string()) {
          text = p->get<std::string>();
        } else if (p != nullptr && p->is_object()) {
          text = p->dump();  // written as an object in YAML; Lambda takes its JSON text
        } else {
          t.model.warn(fp + "[" + std::to_string(i) + "]", "expected an object with a string Pattern; left out");
          continue;
        }
        // Lambda rejects a pattern that is not valid EventBridge syntax when the mapping is created.
        try {
          (void)model::EventFilter::parse(text, i);
          patterns.push_back(text);
        } catch (const model::FilterPatternError& err) {
          t.model.warn(fp + "[" + std::to_string(i) + "].Pattern",
                       std::string("Lambda would reject this filter pattern (") + err.what() + "); left out");
        }
      }
      e.fields["esm.filter_criteria"] = Sourced{patterns, fp};
    } else if (filters) {
      t.model.warn(fp, "got " + filters->dump() + ", expected a list of {\"Pattern\": \"...\"}; left out");
    }
  }
  if (const json* pp = member(props, "ProvisionedPollerConfig")) {
    const std::string pp_path = path + ".ProvisionedPollerConfig";
    if (const json* v = member(*pp, "MinimumPollers"))
      set_known(t, e.fields, "esm.scaling.minimum_pollers", *v, pp_path + ".MinimumPollers");
    if (const json* v = member(*pp, "MaximumPollers"))
      set_known(t, e.fields, "esm.scaling.maximum_pollers", *v, pp_path + ".MaximumPollers");
    if (!e.fields.contains("esm.scaling.minimum_pollers") && !e.fields.contains("esm.scaling.maximum_pollers"))
      e.fields["esm.scaling.minimum_pollers"] = Sourced{2, pp_path};  // AWS default MinimumPollers
  }
}

std::optional<std::string> queue_of(CfnTemplate& t, const json& v, const std::string& path, std::string& not_sqs) {
  const auto target = t.target(v, path);
  if (!target) return std::nullopt;
  if (!target->logical_id.empty()) {
    const std::string type = t.type_of(target->logical_id);
    if (type == "AWS::SQS::Queue") return target->logical_id;
    not_sqs = type;
    return std::nullopt;
  }
  const std::string& s = target->literal;
  std::string name;
  if (const auto arn = parse_arn(s)) {
    if (arn->service != "sqs") {
      not_sqs = "an ARN of service " + arn->service;
      return std::nullopt;
    }
    name = arn->resource;
  } else if (s.starts_with("https://") &&
             (s.find("sqs") != std::string::npos || s.find("queue.amazonaws") != std::string::npos)) {
    name = s.substr(s.rfind('/') + 1);  // a queue URL: https://sqs.<region>.amazonaws.com/<account>/<name>
  }
  if (name.empty()) {
    t.model.warn(path, "got \"" + s + "\", expected an SQS queue ARN, URL, Ref or Fn::GetAtt; left out");
    return std::nullopt;
  }
  if (const std::string id = queue_name_of(t.model, name); !id.empty()) return id;
  t.model.warn(path, "queue " + name + " is not defined in this file; imported as a stand-in queue with AWS defaults");
  return t.model.stand_in_queue(s, name, "referenced as " + s + " at " + path);
}

std::optional<std::string> function_of(CfnTemplate& t, const json& v, const std::string& path) {
  std::string current_path = path;
  json current = v;
  // Follow Ref to an alias or version to its function (an alias of an alias is not allowed by Lambda; 4 is ample).
  for (int hop = 0; hop < 4; ++hop) {
    const auto target = t.target(current, current_path);
    if (!target) return std::nullopt;
    if (target->logical_id.empty()) {
      const std::string name = lambda_function_name(target->literal);
      if (const std::string id = function_name_of(t.model, name); !id.empty()) return id;
      t.model.warn(current_path, "function " + name +
                                     " is not defined in this file; imported as a stand-in function with AWS defaults");
      return t.model.stand_in_function("external function " + name, name,
                                       "named " + target->literal + " at " + current_path);
    }
    const std::string type = t.type_of(target->logical_id);
    if (type == "AWS::Lambda::Function" || type == "AWS::Serverless::Function") return target->logical_id;
    const json* fn = member(t.properties(target->logical_id), "FunctionName");
    if ((type != "AWS::Lambda::Alias" && type != "AWS::Lambda::Version") || fn == nullptr) {
      t.model.warn(current_path,
                   "names " + target->logical_id + " (" + type + "), expected a Lambda function; left out");
      return std::nullopt;
    }
    current = *fn;
    current_path = "Resources." + target->logical_id + ".Properties.FunctionName";
  }
  t.model.warn(path, "aliases refer to each other in a loop; left out");
  return std::nullopt;
}

}  // namespace scenarios::import
