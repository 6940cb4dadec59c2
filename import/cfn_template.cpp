#include "import/cfn_template.hpp"

#include "import/arn.hpp"
#include "import/json_member.hpp"

namespace scenarios::import {

namespace {

using nlohmann::json;

constexpr int kMaxIntrinsicDepth = 64;
constexpr char kMark = '\x1f';  // delimits a resource reference inside an evaluated string; never in a template

std::string marker(const std::string& id, const std::string& attr) {
  return std::string(1, kMark) + "ref:" + id + (attr.empty() ? "" : "." + attr) + std::string(1, kMark);
}

bool has_marker(const json& v) {
  if (v.is_string()) return v.get<std::string>().find(kMark) != std::string::npos;
  if (v.is_array() || v.is_object()) {
    for (const json& e : v)
      if (has_marker(e)) return true;
  }
  return false;
}

// Pseudo parameters that only shape ARNs and URLs get stand-in values (the importer needs the ARN's last part, not
// its account); the stack name is kept as written so a name built from it shows where it came from.
std::optional<std::string> pseudo_parameter(const std::string& name) {
  if (name == "AWS::Partition") return "aws";
  if (name == "AWS::Region") return "us-east-1";
  if (name == "AWS::AccountId") return "123456789012";
  if (name == "AWS::URLSuffix") return "amazonaws.com";
  if (name == "AWS::StackName" || name == "AWS::StackId") return "${" + name + "}";
  return std::nullopt;
}

bool to_text(const json& v, std::string& out) {
  if (v.is_string()) {
    out = v.get<std::string>();
    return true;
  }
  if (v.is_number() || v.is_boolean()) {
    out = v.dump();
    return true;
  }
  return false;
}

}  // namespace

CfnTemplate::CfnTemplate(const json& root, ImportModel& m) : model(m), root_(root) {
  const json* res = member(root, "Resources");
  if (res == nullptr || !res->is_object()) return;
  for (const auto& [id, r] : res->items()) {
    const json* type = member(r, "Type");
    if (type == nullptr || !type->is_string()) {
      model.warn("Resources." + id, "skipped: expected an object with a string \"Type\"");
      continue;
    }
    resources_[id] = &r;
  }
}

std::string CfnTemplate::type_of(const std::string& logical_id) const {
  const auto it = resources_.find(logical_id);
  return it == resources_.end() ? "" : it->second->at("Type").get<std::string>();
}

const json& CfnTemplate::properties(const std::string& logical_id) const {
  static const json kEmpty = json::object();  // immutable; not shared state
  const auto it = resources_.find(logical_id);
  if (it == resources_.end()) return kEmpty;
  const json* p = member(*it->second, "Properties");
  return p != nullptr && p->is_object() ? *p : kEmpty;
}

std::string CfnTemplate::embedded_reference(const std::string& s) {
  const std::size_t a = s.find(kMark);
  if (a == std::string::npos) return "";
  const std::size_t b = s.find(kMark, a + 1);
  if (b == std::string::npos) return "";
  return s.substr(a + 5, b - a - 5);  // after "\x1fref:"
}

json CfnTemplate::parse_json_text(const std::string& s) {
  // JSON forbids raw control characters in strings; the reference delimiter goes in escaped and comes out as itself.
  std::string text;
  for (const char c : s) {
    if (c == kMark) {
      text += "\\u001f";
    } else {
      text += c;
    }
  }
  return json::parse(text);
}

CfnTemplate::Status CfnTemplate::eval(const json& v, const std::string& path, json& out, std::string& why, int depth,
                                      bool index_paths) {
  if (depth > kMaxIntrinsicDepth) {
    why = "intrinsic functions nested more than " + std::to_string(kMaxIntrinsicDepth) + " deep";
    return Status::Unresolved;
  }
  if (v.is_object() && v.size() == 1) {
    const std::string& key = v.begin().key();
    if (key == "Ref" || key.starts_with("Fn::")) return eval_intrinsic(key, v.begin().value(), path, out, why, depth);
  }
  if (v.is_object()) {
    out = json::object();
    for (const auto& [k, e] : v.items()) {
      json r;
      const Status s = eval(e, index_paths ? path + "." + k : path, r, why, depth + 1, index_paths);
      if (s == Status::Unresolved) return s;
      if (s == Status::Ok) out[k] = std::move(r);
    }
    return Status::Ok;
  }
  if (v.is_array()) {
    out = json::array();
    for (std::size_t i = 0; i < v.size(); ++i) {
      json r;
      const Status s =
          eval(v[i], index_paths ? path + "[" + std::to_string(i) + "]" : path, r, why, depth + 1, index_paths);
      if (s == Status::Unresolved) return s;
      if (s == Status::Ok) out.push_back(std::move(r));
    }
    return Status::Ok;
  }
  out = v;
  return Status::Ok;
}

CfnTemplate::Status CfnTemplate::eval_ref(const std::string& name, const std::string& path, json& out, std::string& why,
                                          int depth) {
  if (name == "AWS::NoValue") return Status::Absent;  // CloudFormation: removes the property
  if (const auto p = pseudo_parameter(name)) {
    out = *p;
    return Status::Ok;
  }
  if (name.starts_with("AWS::")) {
    why = "the pseudo parameter " + name + " is only known at deploy";
    return Status::Unresolved;
  }
  if (resources_.contains(name)) {
    out = marker(name, "");
    return Status::Ok;
  }
  const json* params = member(root_, "Parameters");
  const json* param = params != nullptr ? member(*params, name.c_str()) : nullptr;
  if (param == nullptr) {
    why = "Ref to \"" + name + "\", which is neither a parameter nor a resource of the template";
    return Status::Unresolved;
  }
  const json* def = member(*param, "Default");
  if (def == nullptr) {
    why = "parameter " + name + " has no Default; its value is only given at deploy";
    return Status::Unresolved;
  }
  const Status s = eval(*def, "Parameters." + name + ".Default", out, why, depth + 1);
  if (s != Status::Ok) return s;
  // CloudFormation: a List<...> or CommaDelimitedList parameter's Default is one comma-separated string.
  const json* type = member(*param, "Type");
  if (type != nullptr && type->is_string() && type->get<std::string>().find("List") != std::string::npos &&
      out.is_string()) {
    const std::string s2 = out.get<std::string>();
    json list = json::array();
    std::size_t pos = 0;
    while (true) {
      const std::size_t comma = s2.find(',', pos);
      list.push_back(s2.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
    out = list;
  }
  model.warn(path, "uses parameter " + name + ": imported with its Default " + out.dump() +
                       " (the deployed value may differ)");
  return Status::Ok;
}

CfnTemplate::Status CfnTemplate::eval_sub(const json& arg, const std::string& path, json& out, std::string& why,
                                          int depth) {
  std::string text;
  json vars = json::object();
  if (arg.is_string()) {
    text = arg.get<std::string>();
  } else if (arg.is_array() && arg.size() == 2 && arg[0].is_string() && arg[1].is_object()) {
    text = arg[0].get<std::string>();
    vars = arg[1];
  } else {
    why = "Fn::Sub expects a string or [string, {variables}]";
    return Status::Unresolved;
  }
  std::string result;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t open = text.find("${", pos);
    const std::size_t close = open == std::string::npos ? std::string::npos : text.find('}', open);
    if (open == std::string::npos || close == std::string::npos) {
      result += text.substr(pos);
      break;
    }
    result += text.substr(pos, open - pos);
    const std::string name = text.substr(open + 2, close - open - 2);
    pos = close + 1;
    if (name.starts_with("!")) {  // ${!Literal} writes "${Literal}"
      result += "${" + name.substr(1) + "}";
      continue;
    }
    json piece;
    Status s = Status::Ok;
    if (const json* var = member(vars, name.c_str())) {
      s = eval(*var, path, piece, why, depth + 1, false);
    } else if (const std::size_t dot = name.find('.'); dot != std::string::npos && !name.starts_with("AWS::")) {
      // ${Resource.Attribute} is Fn::GetAtt.
      const std::string id = name.substr(0, dot);
      if (!resources_.contains(id)) {
        why = "Fn::Sub refers to ${" + name + "}, but " + id + " is not a resource of the template";
        return Status::Unresolved;
      }
      piece = marker(id, name.substr(dot + 1));
    } else {
      s = eval_ref(name, path, piece, why, depth + 1);
    }
    if (s == Status::Unresolved) return s;
    std::string t;
    if (s == Status::Ok && !to_text(piece, t)) {
      why = "Fn::Sub variable ${" + name + "} is not a string";
      return Status::Unresolved;
    }
    result += t;
  }
  out = result;
  return Status::Ok;
}

CfnTemplate::Status CfnTemplate::eval_intrinsic(const std::string& fn, const json& arg, const std::string& path,
                                                json& out, std::string& why, int depth) {
  if (fn == "Ref") {
    if (!arg.is_string()) {
      why = "Ref expects a name";
      return Status::Unresolved;
    }
    return eval_ref(arg.get<std::string>(), path, out, why, depth);
  }
  if (fn == "Fn::GetAtt") {
    std::string id;
    std::string attr;
    if (arg.is_string()) {
      const std::string s = arg.get<std::string>();
      const std::size_t dot = s.find('.');
      id = s.substr(0, dot);
      attr = dot == std::string::npos ? "" : s.substr(dot + 1);
    } else if (arg.is_array() && arg.size() == 2 && arg[0].is_string()) {
      id = arg[0].get<std::string>();
      json a;
      if (eval(arg[1], path, a, why, depth + 1, false) != Status::Ok || !a.is_string()) {
        why = "Fn::GetAtt attribute name is not a string";
        return Status::Unresolved;
      }
      attr = a.get<std::string>();
    } else {
      why = "Fn::GetAtt expects [LogicalId, Attribute]";
      return Status::Unresolved;
    }
    if (!resources_.contains(id)) {
      why = "Fn::GetAtt of \"" + id + "\", which is not a resource of the template";
      return Status::Unresolved;
    }
    out = marker(id, attr);
    return Status::Ok;
  }
  if (fn == "Fn::Sub") return eval_sub(arg, path, out, why, depth);
  if (fn == "Fn::Join" || fn == "Fn::Select" || fn == "Fn::Split" || fn == "Fn::FindInMap") {
    json args;
    const Status s = eval(arg, path, args, why, depth + 1, false);
    if (s != Status::Ok) return s == Status::Absent ? Status::Unresolved : s;
    if (fn == "Fn::Join" && args.is_array() && args.size() == 2 && args[0].is_string() && args[1].is_array()) {
      std::string result;
      for (std::size_t i = 0; i < args[1].size(); ++i) {
        std::string t;
        if (!to_text(args[1][i], t)) {
          why = "Fn::Join list item " + std::to_string(i) + " is not a string";
          return Status::Unresolved;
        }
        result += (i == 0 ? "" : args[0].get<std::string>()) + t;
      }
      out = result;
      return Status::Ok;
    }
    if (fn == "Fn::Select" && args.is_array() && args.size() == 2 && args[1].is_array()) {
      std::string t;
      if (to_text(args[0], t) && !t.empty() && t.find_first_not_of("0123456789") == std::string::npos && t.size() < 9 &&
          std::stoul(t) < args[1].size()) {
        out = args[1][std::stoul(t)];
        return Status::Ok;
      }
      why = "Fn::Select index is not within the list";
      return Status::Unresolved;
    }
    if (fn == "Fn::Split" && args.is_array() && args.size() == 2 && args[0].is_string() && args[1].is_string() &&
        !args[0].get<std::string>().empty()) {
      const std::string d = args[0].get<std::string>();
      const std::string s2 = args[1].get<std::string>();
      out = json::array();
      std::size_t pos = 0;
      while (true) {
        const std::size_t at = s2.find(d, pos);
        out.push_back(s2.substr(pos, at == std::string::npos ? std::string::npos : at - pos));
        if (at == std::string::npos) break;
        pos = at + d.size();
      }
      return Status::Ok;
    }
    if (fn == "Fn::FindInMap" && args.is_array() && args.size() >= 3 && args[0].is_string() && args[1].is_string() &&
        args[2].is_string()) {
      const json* maps = member(root_, "Mappings");
      const json* m1 = maps != nullptr ? member(*maps, args[0].get<std::string>().c_str()) : nullptr;
      const json* m2 = m1 != nullptr ? member(*m1, args[1].get<std::string>().c_str()) : nullptr;
      const json* m3 = m2 != nullptr ? member(*m2, args[2].get<std::string>().c_str()) : nullptr;
      if (m3 != nullptr) return eval(*m3, path, out, why, depth + 1, false);
      why = "Fn::FindInMap " + args.dump() + " is not in the template's Mappings";
      return Status::Unresolved;
    }
    why = fn + " has arguments of an unexpected shape: " + arg.dump();
    return Status::Unresolved;
  }
  if (fn == "Fn::ToJsonString") {  // AWS::LanguageExtensions
    json v;
    const Status s = eval(arg, path, v, why, depth + 1, false);
    if (s != Status::Ok) return Status::Unresolved;
    out = v.is_string() ? v : json(v.dump());
    return Status::Ok;
  }
  if (fn == "Fn::If") {
    why = "Fn::If depends on a condition evaluated at deploy";
  } else if (fn == "Fn::ImportValue") {
    why = "Fn::ImportValue reads another stack's output, known only at deploy";
  } else {
    why = fn + " is only evaluated at deploy";
  }
  return Status::Unresolved;
}

std::optional<json> CfnTemplate::value(const json& v, const std::string& path) {
  json out;
  std::string why;
  switch (eval(v, path, out, why, 0)) {
    case Status::Ok:
      return out;
    case Status::Absent:
      return std::nullopt;
    case Status::Unresolved:
      break;
  }
  model.warn(path, "cannot be resolved from the template (" + why + "); left out");
  return std::nullopt;
}

std::optional<json> CfnTemplate::known(const json& v, const std::string& path) {
  std::optional<json> out = value(v, path);
  if (!out) return out;
  if (has_marker(*out)) {
    const std::string ref = out->is_string() ? embedded_reference(out->get<std::string>()) : "";
    model.warn(path, "depends on " + (ref.empty() ? std::string("another resource") : "resource attribute " + ref) +
                         ", known only after deploy; left out");
    return std::nullopt;
  }
  if (out->is_string() && out->get<std::string>().find("${AWS::Stack") != std::string::npos)
    model.warn(path, "depends on the stack name, known only at deploy; kept as written: " + out->dump());
  return out;
}

std::optional<CfnTarget> CfnTemplate::target(const json& v, const std::string& path) {
  const std::optional<json> out = value(v, path);
  if (!out) return std::nullopt;
  if (!out->is_string()) {
    model.warn(path, "got " + out->dump() + ", expected a Ref, Fn::GetAtt, ARN or name; left out");
    return std::nullopt;
  }
  // An ARN or URL built around a reference ("arn:...:sqs:...:${Q.QueueName}", "arn:...:function:${F}",
  // "https://sqs.../${Q.QueueName}") names that resource; keep only the part that can hold it.
  std::string s = out->get<std::string>();
  if (const auto arn = parse_arn(s)) {
    s = arn->resource;
    if (arn->service == "lambda" && s.starts_with("function:")) s = s.substr(9);
    const std::size_t end = s.size() > 1 && s.front() == kMark ? s.find(kMark, 1) : std::string::npos;
    if (end != std::string::npos && end + 1 < s.size() && s[end + 1] == ':') s = s.substr(0, end + 1);  // qualifier
  } else if (s.starts_with("https://") && s.find('/', 8) != std::string::npos) {
    s = s.substr(s.rfind('/') + 1);
  }
  if (s.size() > 2 && s.front() == kMark && s.back() == kMark && s.find(kMark, 1) == s.size() - 1) {
    const std::string ref = embedded_reference(s);
    const std::size_t dot = ref.find('.');
    return CfnTarget{ref.substr(0, dot), dot == std::string::npos ? "" : ref.substr(dot + 1), ""};
  }
  if (has_marker(*out)) {
    model.warn(path, "is built from resource attribute " + embedded_reference(s) +
                         " and other text; cannot tell which resource it names; left out");
    return std::nullopt;
  }
  return CfnTarget{"", "", out->get<std::string>()};
}

}  // namespace scenarios::import
