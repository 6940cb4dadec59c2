#!/usr/bin/env bash
# Builds and runs the whole test suite. With --sanitize: a separate ASan + UBSan build of the same suite
# (build-sanitize/). With Clang installed (scripts/setup.sh --fuzz) that build is Clang's and also holds the libFuzzer
# targets, so CI compiles the code under the sanitizers once for the suite and for scripts/fuzz.sh; it is a Debug
# build (no NDEBUG) at -O1, as AddressSanitizer advises, so the suite runs faster than at -O0.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
exclude=()
if [ "${1:-}" = "--sanitize" ]; then
  build="$root/build-sanitize"
  if command -v clang++ >/dev/null; then
    CXX=clang++ CC=clang SQSIM_BUILD_TYPE=Debug "$root/scripts/build.sh" "$build" -DSQSIM_SANITIZE=ON -DSQSIM_FUZZ=ON \
      -DSQSIM_WARNINGS_AS_ERRORS=OFF -DSQSIM_BUILD_BENCH=OFF "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1"
  else
    SQSIM_BUILD_TYPE=Debug "$root/scripts/build.sh" "$build" -DSQSIM_SANITIZE=ON -DSQSIM_BUILD_BENCH=OFF
  fi
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # Chromium renders the same report.html bytes the Release suite rendered; the sanitizers have already run the code
  # that wrote them (golden.fingerprints runs that scenario). Every other test runs under the sanitizers.
  exclude=(-E '^report\.html_in_chromium$')
else
  build="$root/build"
  "$root/scripts/build.sh" "$build"
fi
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" "${exclude[@]}"
