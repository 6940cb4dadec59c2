// Safe lookup into JSON read from a user's file: a member of an object, or nullptr when the value is not an object or
// lacks the key. The readers never index unchecked, so malformed input becomes a warning, not an exception.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace scenarios::import {

inline const nlohmann::json* member(const nlohmann::json& obj, const std::string& key) {
  if (!obj.is_object()) return nullptr;
  const auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

}  // namespace scenarios::import
