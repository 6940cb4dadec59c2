#!/usr/bin/env bash
# Instructions per simulated message (the order-processor stack with a no-op handler, then with the order processor
# itself) and per event (SimFaaS's
# steady-state run, the whole `sqsim run` process), counted by Cachegrind. Unlike a wall-clock rate, which moves by a
# factor of two here with the shared machine's load, an instruction count is the same on every run: it compares two
# commits exactly (docs/performance.md). It says nothing about cache misses or branch mispredictions.
# Usage: scripts/count_instructions.sh [build dir]   (needs valgrind and the benchmarks built; ~2 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
command -v valgrind >/dev/null || { echo "count_instructions: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }

instructions() {  # instructions executed by the command
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    awk '/I +refs:/ { gsub(",", "", $NF); print $NF }'
}

bench="$build/bench/bench_pipeline_order_processor"
small=$(instructions "$bench" 1000 2000 1000 noop)
large=$(instructions "$bench" 300000 2000 1000 noop)
awk -v s="$small" -v l="$large" 'BEGIN { printf "no-op stack: %.0f instructions per message (300,000 less 1,000 messages)\n", (l - s) / 299000 }'
small=$(instructions "$bench" 1000 2000 1000 order)
large=$(instructions "$bench" 300000 2000 1000 order)
awk -v s="$small" -v l="$large" 'BEGIN { printf "order-processor stack: %.0f instructions per message (300,000 less 1,000 messages)\n", (l - s) / 299000 }'

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
whole=$(instructions "$build/app/sqsim" run bench/simfaas-steady-state.json --out "$out")
events=$("$build/app/sqsim" run bench/simfaas-steady-state.json --out "$out" 2>&1 | awk '/ events in / { print $2 }')
awk -v w="$whole" -v e="$events" 'BEGIN { printf "SimFaaS steady state: %.0f instructions per event (whole process, %d events)\n", w / e, e }'
