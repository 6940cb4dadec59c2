// The deepest nesting of arrays and objects in a JSON text, found without parsing it: a text nested deeper than a
// documented limit is refused before any recursive code (copying, printing, walking a parsed value) can overflow the
// stack on it.
#pragma once

#include <cstddef>
#include <string_view>

namespace handlers {

// Counts '[' and '{' outside strings (escapes honoured); a malformed text gives the depth it reached.
inline std::size_t json_nesting_depth(std::string_view text) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace handlers
