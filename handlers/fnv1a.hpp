// FNV-1a, 64 bits: a fixed hash, so which ids collide (or which records a "random" failure mode picks) does not
// depend on the standard library. handlers/ cannot use sim/'s copy (no sim/ include here).
#pragma once

#include <cstdint>
#include <string_view>

namespace handlers {

inline std::uint64_t fnv1a64(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace handlers
