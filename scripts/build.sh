#!/usr/bin/env bash
# Configures (once) and builds sqsim. Usage: scripts/build.sh [BUILD_DIR] [extra cmake -D options...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
shift || true
"$root/scripts/setup.sh"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${SQSIM_BUILD_TYPE:-Release}" "$@" >&2
fi
cmake --build "$build" -j "$(nproc)" >&2
