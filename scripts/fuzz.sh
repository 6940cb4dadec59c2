#!/usr/bin/env bash
# Fuzzes the scenario loader, the config importer (JSON and YAML) and the order validator with libFuzzer for a bounded
# time each (default 60 s; the YAML importer a third of it), all at once: no crash, no hang (10 s per input), no
# sanitizer report. A 4 MB stack and memory limits (-rss_limit_mb, -malloc_limit_mb) make stack overflow and unbounded
# growth findings, not machine trouble. Seeded with the scenarios, the import fixtures and tests/reliability's
# reproducers.
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
targets=(scenario_loader_fuzz config_import_fuzz yaml_import_fuzz order_validator_fuzz)
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}" >&2
pids=()
run() {
  local target="$1" seeds="$2" time="${3:-$seconds}"
  local corpus="$build/corpus-$target"
  mkdir -p "$corpus"
  # In a subshell: the stack limit applies to the fuzzer only.
  (ulimit -s 4096 && exec "$build/fuzz/$target" "$corpus" "$seeds" -max_total_time="$time" -timeout=10 \
    -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 -artifact_prefix="$build/crash-$target-" \
    >"$build/fuzz-$target.log" 2>&1) &
  pids+=("$!")
}
repro="$root/tests/reliability"
seeds_s="$build/seeds-scenarios"; mkdir -p "$seeds_s"; cp "$root"/scenarios/*.json "$seeds_s"/
cp "$repro"/*.json "$seeds_s"/
for g in "$repro"/*.json.gz; do gunzip -c "$g" >"$seeds_s/$(basename "$g" .gz)"; done
seeds_i="$build/seeds-import"; mkdir -p "$seeds_i"
if [ -d "$root/../shared/fixtures" ]; then
  find "$root/../shared/fixtures" -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) -exec cp {} "$seeds_i"/ \;
fi
cp "$repro"/*.yaml "$seeds_i"/
seeds_y="$build/seeds-yaml"; mkdir -p "$seeds_y"
cp "$repro"/*.yaml "$seeds_y"/
find "$seeds_i" -name '*.yaml' -exec cp {} "$seeds_y"/ \;
seeds_o="$build/seeds-orders"; mkdir -p "$seeds_o"
printf '{"order_id":"ORDER-1","customer_id":"CUST-7","amount":12.5}' >"$seeds_o/valid.json"
printf '{"order_id":1,"customer_id":"C","amount":1,"amount":-1}' >"$seeds_o/duplicate.json"
printf 'INVALID_JSON_3' >"$seeds_o/invalid.txt"
run scenario_loader_fuzz "$seeds_s"
run config_import_fuzz "$seeds_i"
run yaml_import_fuzz "$seeds_y" "$(((seconds + 2) / 3))"
run order_validator_fuzz "$seeds_o"
failed=0
for i in "${!pids[@]}"; do wait "${pids[$i]}" || failed=1; done
for target in "${targets[@]}"; do
  echo "-- $target"
  tail -n 12 "$build/fuzz-$target.log"
done
if [ "$failed" -ne 0 ]; then
  echo "fuzz: a target found a crash, hang or sanitizer report (its log above; the input in $build/crash-*)" >&2
  exit 1
fi
echo "fuzz: no crash, hang or sanitizer report in ${seconds} s per target"
