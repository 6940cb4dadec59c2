// Parses a config file's text, JSON or YAML, into nlohmann::json. CloudFormation's YAML short forms (!Ref, !GetAtt,
// !Sub, !Join, ...) become their JSON long forms ({"Ref": ...}, {"Fn::GetAtt": [...]}), so one reader serves both
// syntaxes. Syntax errors throw std::runtime_error "<file>: line L, column C: invalid JSON|YAML: ...".
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace scenarios::import {

enum class Syntax { Json, Yaml };

struct SourceDocument {
  nlohmann::json root;
  Syntax syntax = Syntax::Json;
};

SourceDocument parse_source_document(std::string_view text, const std::string& file);

}  // namespace scenarios::import
