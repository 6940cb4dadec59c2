#!/usr/bin/env bash
# Configures (once) and builds sqsim. Usage: scripts/build.sh [BUILD_DIR] [extra cmake -D options...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
shift || true
"$root/scripts/setup.sh"
launcher=()
# A developer's machine with ccache rebuilds other worktrees and build types from its cache; CI has none and needs none.
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${SQSIM_BUILD_TYPE:-Release}" "${launcher[@]}" "$@" >&2
fi
cmake --build "$build" -j "$(nproc)" >&2
