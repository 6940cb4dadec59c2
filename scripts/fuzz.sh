#!/usr/bin/env bash
# Fuzzes the scenario loader, the config importer and the order validator with libFuzzer for a bounded time each
# (default 60 s), the three at once: no crash, no hang (10 s per input), no sanitizer report.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]. With SQSIM_FUZZ_BUILD=DIR, the fuzzers are built in that existing
# Clang build when it has SQSIM_FUZZ on (CI: the sanitizer suite's build-sanitize/, so ASan builds the code once).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-60}"
"$root/scripts/setup.sh" --fuzz
build="$root/build-fuzz"
if [ -n "${SQSIM_FUZZ_BUILD:-}" ] && grep -q '^SQSIM_FUZZ:BOOL=ON' "$SQSIM_FUZZ_BUILD/CMakeCache.txt" 2>/dev/null; then
  build="$(cd "$SQSIM_FUZZ_BUILD" && pwd)"
elif [ ! -f "$build/build.ninja" ]; then
  CXX=clang++ CC=clang cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSQSIM_FUZZ=ON \
    -DSQSIM_BUILD_TESTS=OFF -DSQSIM_BUILD_BENCH=OFF -DSQSIM_WARNINGS_AS_ERRORS=OFF >&2
fi
cmake --build "$build" -j "$(nproc)" --target scenario_loader_fuzz config_import_fuzz order_validator_fuzz >&2
pids=()
run() {
  local target="$1" seeds="$2"
  local corpus="$build/corpus-$target"
  mkdir -p "$corpus"
  "$build/fuzz/$target" "$corpus" "$seeds" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/crash-$target-" >"$build/fuzz-$target.log" 2>&1 &
  pids+=("$!")
}
seeds_s="$build/seeds-scenarios"; mkdir -p "$seeds_s"; cp "$root"/scenarios/*.json "$seeds_s"/
seeds_i="$build/seeds-import"; mkdir -p "$seeds_i"
if [ -d "$root/../shared/fixtures" ]; then
  find "$root/../shared/fixtures" -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) -exec cp {} "$seeds_i"/ \;
fi
run scenario_loader_fuzz "$seeds_s"
run config_import_fuzz "$seeds_i"
seeds_o="$build/seeds-orders"; mkdir -p "$seeds_o"
printf '{"order_id":"ORDER-1","customer_id":"CUST-7","amount":12.5}' >"$seeds_o/valid.json"
printf '{"order_id":1,"customer_id":"C","amount":1,"amount":-1}' >"$seeds_o/duplicate.json"
printf 'INVALID_JSON_3' >"$seeds_o/invalid.txt"
run order_validator_fuzz "$seeds_o"
failed=0
for i in "${!pids[@]}"; do wait "${pids[$i]}" || failed=1; done
for target in scenario_loader_fuzz config_import_fuzz order_validator_fuzz; do
  echo "-- $target"
  tail -n 12 "$build/fuzz-$target.log"
done
if [ "$failed" -ne 0 ]; then
  echo "fuzz: a target found a crash, hang or sanitizer report (its log above; the input in $build/crash-*)" >&2
  exit 1
fi
echo "fuzz: no crash, hang or sanitizer report in ${seconds} s per target"
