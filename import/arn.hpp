// ARNs as configs write them: the service and resource parts, and Lambda's three ways to name a function.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace scenarios::import {

// Splits "arn:partition:service:region:account:resource" into its 6 parts (resource may hold ':'); nullopt if not.
struct Arn {
  std::string service;
  std::string resource;
};
inline std::optional<Arn> parse_arn(const std::string& s) {
  if (!s.starts_with("arn:")) return std::nullopt;
  std::vector<std::string> parts;
  std::size_t pos = 0;
  for (int i = 0; i < 5; ++i) {
    const std::size_t colon = s.find(':', pos);
    if (colon == std::string::npos) return std::nullopt;
    parts.push_back(s.substr(pos, colon - pos));
    pos = colon + 1;
  }
  return Arn{parts[2], s.substr(pos)};
}

// The function name in a Lambda function ARN or partial ARN ("function:name:alias", "123456789012:function:name"),
// or the string itself when it is a plain name. Lambda accepts all three forms in FunctionName.
inline std::string lambda_function_name(const std::string& s) {
  std::string rest = s;
  if (const auto arn = parse_arn(s)) rest = arn->resource;
  const std::size_t f = rest.find("function:");
  if (f != std::string::npos) rest = rest.substr(f + 9);
  const std::size_t colon = rest.find(':');  // drop a version or alias qualifier
  return colon == std::string::npos ? rest : rest.substr(0, colon);
}

}  // namespace scenarios::import
