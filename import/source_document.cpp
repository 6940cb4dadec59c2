#include "import/source_document.hpp"
#include "handlers/json_depth.hpp"
#include "loader/json_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdlib>
#include <regex>
#include <stdexcept>

namespace scenarios::import {

namespace {

using nlohmann::json;

// Deeper nesting than any real template; stops a hostile file from exhausting the stack while converting.
constexpr int kMaxDocumentDepth = 200;
// YAML aliases let a few hundred bytes name billions of nodes ("billion laughs"). Converting follows each alias, so
// the converted document is bounded instead (documented in docs/scenario-format.md). CloudFormation caps a template
// at 1 MB and 500 resources, a few tens of thousands of values; 250,000 leaves room for that five times over and
// refuses a bomb in a quarter of the time 1,000,000 took (under the sanitizers, that was 10 s: the fuzzers' hang
// limit).
constexpr std::size_t kMaxConvertedNodes = 250'000;

std::string mark_text(const YAML::Mark& m) {
  if (m.is_null()) return "line ?";
  return "line " + std::to_string(m.line + 1) + ", column " + std::to_string(m.column + 1);
}

[[noreturn]] void fail(const std::string& file, const std::string& where, const std::string& what) {
  throw std::runtime_error(file + ": " + where + ": " + what);
}

// YAML 1.2 core schema for plain (unquoted) scalars, which is what CloudFormation's YAML parser applies: null, bools,
// decimal integers and floats; everything else stays a string. Integers with a leading zero stay strings so account
// ids such as 012345678901 keep their digits.
json plain_scalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  static const std::regex kInt("[-+]?(0|[1-9][0-9]*)");
  static const std::regex kFloat("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  if (std::regex_match(s, kInt)) {
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (errno == 0 && end != nullptr && *end == '\0') return v;
    return s;  // beyond 64 bits: keep the digits
  }
  if (std::regex_match(s, kFloat)) {
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (errno == 0 && end != nullptr && *end == '\0') return v;
  }
  return s;
}

json typed_scalar(const YAML::Node& n, const std::string& file) {
  const std::string& tag = n.Tag();
  const std::string& s = n.Scalar();
  if (tag == "?") return plain_scalar(s);
  if (tag == "!" || tag == "tag:yaml.org,2002:str") return s;  // quoted, or an explicit !!str
  const json v = plain_scalar(s);
  if (tag == "tag:yaml.org,2002:int" && v.is_number_integer()) return v;
  if (tag == "tag:yaml.org,2002:float" && v.is_number()) return v.get<double>();
  if (tag == "tag:yaml.org,2002:bool" && v.is_boolean()) return v;
  if (tag == "tag:yaml.org,2002:null" && v.is_null()) return v;
  fail(file, mark_text(n.Mark()), "got \"" + s + "\" tagged " + tag + ", expected a value of that type");
}

json convert(const YAML::Node& n, const std::string& file, int depth, std::size_t& nodes);

// CloudFormation short form -> long form (AWS CloudFormation User Guide, "Intrinsic function reference": in YAML,
// !Ref X is {"Ref": X}, !GetAtt A.B is {"Fn::GetAtt": ["A", "B"]}, and !Name v is {"Fn::Name": v}).
json intrinsic(const std::string& tag, json arg, const YAML::Node& n, const std::string& file) {
  const std::string name = tag.substr(1);
  if (name == "Ref") return json{{"Ref", std::move(arg)}};
  if (name == "Condition") return json{{"Condition", std::move(arg)}};
  if (name == "GetAtt" && arg.is_string()) {
    // "Logical.Attr": the logical id has no dots; attributes such as Endpoint.Address may.
    const std::string s = arg.get<std::string>();
    const std::size_t dot = s.find('.');
    if (dot == std::string::npos)
      fail(file, mark_text(n.Mark()), "got !GetAtt " + s + ", expected LogicalId.Attribute");
    return json{{"Fn::GetAtt", json::array({s.substr(0, dot), s.substr(dot + 1)})}};
  }
  return json{{"Fn::" + name, std::move(arg)}};
}

// The node's content, ignoring its tag; `scalar_as_string` for the argument of a short-form tag.
json content(const YAML::Node& n, const std::string& file, int depth, bool scalar_as_string, std::size_t& nodes) {
  switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar:
      return scalar_as_string ? json(n.Scalar()) : typed_scalar(n, file);
    case YAML::NodeType::Sequence: {
      json a = json::array();
      for (const YAML::Node& item : n) a.push_back(convert(item, file, depth + 1, nodes));
      return a;
    }
    case YAML::NodeType::Map: {
      json o = json::object();
      for (const auto& kv : n) {
        if (!kv.first.IsScalar()) fail(file, mark_text(kv.first.Mark()), "expected a plain mapping key");
        const std::string key = kv.first.Scalar();
        // CloudFormation rejects a template with a duplicate key; silently keeping one would import the wrong value.
        if (o.contains(key)) fail(file, mark_text(kv.first.Mark()), "duplicate key \"" + key + "\"");
        o[key] = convert(kv.second, file, depth + 1, nodes);
      }
      return o;
    }
  }
  return nullptr;
}

json convert(const YAML::Node& n, const std::string& file, int depth, std::size_t& nodes) {
  if (depth > kMaxDocumentDepth)
    fail(file, mark_text(n.Mark()), "nested more than " + std::to_string(kMaxDocumentDepth) + " levels");
  if (++nodes > kMaxConvertedNodes)
    fail(file, mark_text(n.Mark()),
         "more than " + std::to_string(kMaxConvertedNodes) +
             " values once YAML aliases (*name) are expanded; a template this large is refused (alias bomb?)");
  const std::string& tag = n.Tag();
  const bool short_form = tag.size() > 1 && tag[0] == '!' && tag.rfind("tag:", 0) != 0;
  if (short_form) return intrinsic(tag, content(n, file, depth, true, nodes), n, file);
  return content(n, file, depth, false, nodes);
}

std::string fmt_hex(unsigned char c) {
  const char* digits = "0123456789ABCDEF";
  return {digits[c >> 4], digits[c & 15]};
}

bool looks_like_hcl(std::string_view text) {
  static const std::regex kHcl(R"((^|\n)\s*(resource|module|provider|variable|terraform|data)\s+("[^"\n]*"\s*)*\{)");
  return std::regex_search(text.begin(), text.end(), kHcl);
}

}  // namespace

SourceDocument parse_source_document(std::string_view text, const std::string& file) {
  std::size_t start = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") start = 3;  // UTF-8 byte order mark
  while (start < text.size() &&
         (text[start] == ' ' || text[start] == '\t' || text[start] == '\r' || text[start] == '\n'))
    ++start;
  if (start == text.size())
    fail(file, "line 1", "the file is empty, expected a Terraform plan JSON or a CloudFormation/SAM template");

  // Names and values end up in a JSON scenario, which must be UTF-8.
  if (const auto bad = first_invalid_utf8(text))
    fail(file, line_column(text, *bad),
         "invalid UTF-8 (byte 0x" + fmt_hex(static_cast<unsigned char>(text[*bad])) + "), expected UTF-8 text");
  if (text[start] == '{' || text[start] == '[') {
    if (handlers::json_nesting_depth(text) > kMaxJsonNesting)
      fail(file, "line 1", "nested more than " + std::to_string(kMaxJsonNesting) + " levels of arrays and objects");
    try {
      return {json::parse(text.begin() + static_cast<std::ptrdiff_t>(start), text.end()), Syntax::Json};
    } catch (const json::parse_error& e) {
      // nlohmann's message repeats "parse error at line L, column C:"; keep only what was expected.
      std::string what = e.what();
      const std::size_t colon = what.find(": ", what.find("parse error"));
      if (colon != std::string::npos) what = what.substr(colon + 2);
      const std::size_t at = start + (e.byte > 0 ? e.byte - 1 : 0);
      fail(file, line_column(text, at), "invalid JSON: " + what);
    }
  }
  if (looks_like_hcl(text)) {
    fail(file, "line 1",
         "this is Terraform source (HCL), expected a plan as JSON: run `terraform plan -out=plan.tfplan && "
         "terraform show -json plan.tfplan > plan.json` and import plan.json");
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    fail(file, mark_text(e.mark), "invalid YAML: " + e.msg);
  }
  try {
    std::size_t nodes = 0;
    return {convert(root, file, 0, nodes), Syntax::Yaml};
  } catch (const YAML::Exception& e) {
    fail(file, mark_text(e.mark), "invalid YAML: " + e.msg);
  }
}

}  // namespace scenarios::import
