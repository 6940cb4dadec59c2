#!/usr/bin/env bash
# Builds and runs the whole test suite. With --sanitize: a separate ASan + UBSan build of the same suite.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ "${1:-}" = "--sanitize" ]; then
  build="$root/build-sanitize"
  SQSIM_BUILD_TYPE=Debug "$root/scripts/build.sh" "$build" -DSQSIM_SANITIZE=ON -DSQSIM_BUILD_BENCH=OFF
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
  build="$root/build"
  "$root/scripts/build.sh" "$build"
fi
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
