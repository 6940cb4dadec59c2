// What the handlers' tests share (one definition each, so a layer's tests can be compiled as one unity source).
#pragma once

#include <cstdlib>

namespace handler_test {

// The external-runtime tests run Python programs; without python3 (and its HTTP modules) they are skipped.
inline bool have_python() {
  return std::system("python3 -c 'import http.client, urllib.request' >/dev/null 2>&1") == 0;
}

}  // namespace handler_test
