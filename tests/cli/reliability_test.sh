#!/usr/bin/env bash
# The issue-16 reproducers (tests/reliability, copied from ../shared/repro/reliability) through the command line: each
# ends within a bound with the documented outcome, and the external runtimes leave no process behind.
set -uo pipefail
sqsim="$(realpath "$1")"
root="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if eval "$2"; then echo "ok   - $1"; else echo "FAIL - $1"; fail=1; fi; }
# A 4 GB memory cap makes unbounded growth fail fast. AddressSanitizer reserves terabytes of address space for its
# shadow memory, so under it (the sanitizer suite exports ASAN_OPTIONS) the cap is its resident-memory limit instead.
capped() {
  if [ -n "${ASAN_OPTIONS:-}" ]; then
    ASAN_OPTIONS="$ASAN_OPTIONS:hard_rss_limit_mb=4000" timeout -s KILL 60 "$@"
  else
    (ulimit -v 4000000 && exec timeout -s KILL 60 "$@")
  fi
}
cp -r "$root/tests/reliability" "$tmp/r"
r="$tmp/r"
# True when no pid listed in the file is still running (zombies count as gone).
all_gone() {
  [ -s "$1" ] || return 1
  while read -r p; do
    if [ -e "/proc/$p/stat" ] && [ "$(awk '{print $3}' "/proc/$p/stat")" != "Z" ]; then return 1; fi
  done <"$1"
  return 0
}

if command -v python3 >/dev/null; then
  # 3 s rather than 2 s to answer: python's own start must fit in it on a busy CI machine (else an init error).
  sed 's/"answer_timeout_s": 2.0/"answer_timeout_s": 3.0/' "$r/ext-no-answer-hang.json" >"$r/ext-no-answer-5s.json"
  code=$(cd "$r"; timeout -s KILL 300 "$sqsim" run ext-no-answer-5s.json --out "$tmp/no-answer" -q 2>"$tmp/err"; echo $?)
  check "ext-no-answer-hang: the run ends (timeouts at answer_timeout_s, not a hang)" "[ $code -eq 0 ] || [ $code -eq 1 ]"
  check "ext-no-answer-hang: the timeouts are counted by reason in summary.json" \
    "grep -q '\"Sandbox.Timedout\"' $tmp/no-answer/summary.json"

  t0=$SECONDS
  "$sqsim" run "$r/ext-exit-now-slow.json" --out "$tmp/exit-now" >"$tmp/out" 2>"$tmp/err"; code=$?
  took=$((SECONDS - t0))
  check "ext-exit-now-slow: run from another folder, the command is found beside the scenario" "[ $code -le 1 ]"
  check "ext-exit-now-slow: each failure seen at once (run under 15 s, took ${took} s)" "[ $took -lt 15 ]"
  check "ext-exit-now-slow: Runtime.ExitError in the summary and the human summary" \
    "grep -q '\"Runtime.ExitError\"' $tmp/exit-now/summary.json && grep -q 'Runtime.ExitError: the environment was discarded' $tmp/out"

  t0=$SECONDS
  "$sqsim" run "$r/ext-sleep-forever-slow.json" --out "$tmp/sleep" -q 2>/dev/null; code=$?
  took=$((SECONDS - t0))
  check "ext-sleep-forever-slow: init errors in the summary (took ${took} s)" \
    "[ $code -le 1 ] && grep -q '\"Runtime.InitError\"' $tmp/sleep/summary.json && [ $took -lt 60 ]"

  t0=$SECONDS
  sed 's/"answer_timeout_s": 2.0/"answer_timeout_s": 10.0/' "$r/ext-ignore-sigterm-hang.json" >"$r/ext-ignore-10s.json"
  timeout -s KILL 120 "$sqsim" run "$r/ext-ignore-10s.json" --out "$tmp/ignore" -q 2>/dev/null; code=$?
  took=$((SECONDS - t0))
  check "ext-ignore-sigterm-hang: the run ends (exit $code, ${took} s)" "[ $code -le 1 ] && [ $took -lt 100 ]"
  check "ext-ignore-sigterm-hang: the process that ignored SIGTERM is gone" "all_gone $r/ext/ignore_term.pids"

  timeout -s KILL 60 "$sqsim" run "$r/ext-fork-orphans.json" --out "$tmp/fork" -q 2>/dev/null; code=$?
  check "ext-fork-orphans: the run ends (exit $code)" "[ $code -le 1 ]"
  check "ext-fork-orphans: every forked child is gone, the setsid one too" "all_gone $r/ext/children.pids"

  timeout -s KILL 120 "$sqsim" compare "$r/ext-stdout-corrupts-json.json" "$r/ext-stdout-corrupts-json.json" \
    --replications 2 --json >"$tmp/compare.json" 2>/dev/null; code=$?
  check "ext-stdout-corrupts-json: compare --json prints JSON only" \
    "[ $code -eq 0 ] && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' $tmp/compare.json"
  "$sqsim" run "$r/ext-stdout-corrupts-json.json" --out "$tmp/stdout" -q >"$tmp/out" 2>/dev/null
  check "ext-stdout-corrupts-json: run -q prints nothing; the handler's line is in its function's log" \
    "[ ! -s $tmp/out ] && grep -q 'log line from handler' $tmp/stdout/external-py.log"

  sed 's#"ext/exit_now.sh"#"ext/missing.sh"#' "$r/ext-exit-now-slow.json" >"$r/ext-missing.json"
  "$sqsim" validate "$r/ext-missing.json" 2>"$tmp/err"; code=$?
  check "validate: a missing external program is exit 2 with its JSON path" \
    "[ $code -eq 2 ] && grep -q 'ext-missing.json: error: \$.functions\[0\].handler_config.*command\[0\]: no executable file \"ext/missing.sh\"' $tmp/err"
else
  echo "skip - external runtime reproducers (python3 not installed)"
fi

# --- bad input: a clear error, exit 2, with file and JSON path or line:column ---
for cmd in run analyze; do
  "$sqsim" $cmd "$r/number-overflow-1e400.json" $([ $cmd = run ] && echo "--out $tmp/o1e400") >/dev/null 2>"$tmp/err"; code=$?
  check "number-overflow-1e400 ($cmd): exit 2 at \$.duration_s with line and column" \
    "[ $code -eq 2 ] && grep -q 'number-overflow-1e400.json: error: \$.duration_s: got 1e400 at line 6, column' $tmp/err"
done
"$sqsim" check "$r/number-overflow-1e400.json" --baseline "$root/tests/golden/summaries/order-processor.summary.json" \
  >/dev/null 2>"$tmp/err"; code=$?
check "number-overflow-1e400 (check): exit 2 at \$.duration_s" "[ $code -eq 2 ] && grep -q '\$.duration_s: got 1e400' $tmp/err"
for g in filter-deep-20000 handler-config-deep-100000 name-deep-100000; do
  gunzip -c "$r/$g.json.gz" >"$tmp/$g.json"
  "$sqsim" validate "$tmp/$g.json" >/dev/null 2>"$tmp/err"; code=$?
  check "$g: exit 2, nested too deeply, at its path (not SIGSEGV)" \
    "[ $code -eq 2 ] && grep -q '$g.json: error: \$\..*: nested too deeply: more than 64 levels' $tmp/err"
done
"$sqsim" validate "$tmp" >/dev/null 2>"$tmp/err"; code=$?
check "a folder as the scenario: exit 2, 'is a folder'" "[ $code -eq 2 ] && grep -q 'error: \$: is a folder, expected a file' $tmp/err"
"$sqsim" run "$r/names-csv-yaml-injection.json" --out "$tmp/names" --infracost-usage "$tmp/u.yml" >/dev/null 2>"$tmp/err"; code=$?
check "names-csv-yaml-injection: exit 2 naming SQS's and Lambda's naming rules; nothing written" \
  "[ $code -eq 2 ] && grep -q '\$.queues\[1\].name: got .*expected a name by the rule for SQS queue names' $tmp/err && grep -q '\$.functions\[0\].name: .*Lambda function names' $tmp/err && [ ! -e $tmp/names ] && [ ! -e $tmp/u.yml ]"
(cd "$root" && "$sqsim" check scenarios/order-processor.json --baseline "$r/check-baseline-latency-as-strings.json") \
  >/dev/null 2>"$tmp/err"; code=$?
check "check-baseline-latency-as-strings: exit 2, baseline metric of the wrong type" \
  "[ $code -eq 2 ] && grep -q 'check-baseline-latency-as-strings.json: error: \$.end_to_end_latency_ms.p99: got \"' $tmp/err"
python3 - "$root/scenarios/order-processor.json" "$tmp/dup.json" <<'PY'
import sys
t = open(sys.argv[1]).read()
open(sys.argv[2], "w").write(t.replace('"seed": 42,', '"seed": 42, "seed": 7,', 1))
PY
"$sqsim" validate "$tmp/dup.json" >/dev/null 2>"$tmp/err"; code=$?
check "a duplicate key: valid, with a warning at its path" \
  "[ $code -eq 0 ] && grep -q 'dup.json: warning: \$.seed: duplicate key \"seed\": its earlier value 42' $tmp/err"

# --- import: bounded alias expansion, UTF-8 ---
for y in import-billion-laughs-419B import-billion-laughs-465B import-billion-laughs-abort; do
  t0=$SECONDS
  capped "$sqsim" import "$r/$y.yaml" -o "$tmp/$y.json" >/dev/null 2>"$tmp/err"; code=$?
  took=$((SECONDS - t0))
  check "$y: exit 2, alias expansion bounded (${took} s, under 4 GB)" \
    "[ $code -eq 2 ] && grep -q '$y.yaml: line .*YAML aliases' $tmp/err"
done
"$sqsim" import "$r/import-bad-utf8.yaml" >/dev/null 2>"$tmp/err"; code=$?
check "import-bad-utf8: exit 2 with file, line and column" \
  "[ $code -eq 2 ] && grep -q 'import-bad-utf8.yaml: line 2, column 4: invalid UTF-8 (byte 0xFF)' $tmp/err"

# --- resources: estimated before they are used ---
# 2^64 arrivals in a minute: drawn one at a time they cost no memory, so the refusal is the arrival-rate bound.
"$sqsim" validate "$r/counts-2p64-accepted-by-validate.json" >/dev/null 2>"$tmp/err"; code=$?
check "counts-2p64: validate refuses it with the arrival-rate bound (exit 2)" \
  "[ $code -eq 2 ] && grep -q 'counts-2p64-accepted-by-validate.json: error: \$.invokers\[0\].arrival.counts: period 0 holds 18446744073709551615 arrivals' $tmp/err && grep -q 'at most 10,000,000' $tmp/err"
for f in resource-1e9-messages resource-backlog-14d; do
  "$sqsim" validate "$r/$f.json" >/dev/null 2>"$tmp/err"; code=$?
  check "$f: validate refuses it with the estimate (exit 2)" \
    "[ $code -eq 2 ] && grep -q '$f.json: error: \$: the run would need about' $tmp/err"
done
capped "$sqsim" run "$r/resource-1e9-messages.json" --out "$tmp/big" -q 2>"$tmp/err"; code=$?
check "resource-1e9-messages: run refuses it before starting (exit 2)" "[ $code -eq 2 ] && [ ! -e $tmp/big ]"
"$sqsim" validate "$root/scenarios/order-processor.json" --max-memory 1K >/dev/null 2>"$tmp/err"; code=$?
check "--max-memory sets the limit" "[ $code -eq 2 ] && grep -q 'more than --max-memory (1.0 KB)' $tmp/err"
"$sqsim" validate "$root/scenarios/order-processor.json" >"$tmp/out" 2>&1; code=$?
check "validate prints the estimate" "[ $code -eq 0 ] && grep -q 'estimated peak memory: ' $tmp/out"
"$sqsim" run "$root/scenarios/order-processor.json" --seed -1 --out "$tmp/neg" >/dev/null 2>&1; code=$?
check "run --seed -1 is an error (exit 2), not 2^64-1" "[ $code -eq 2 ]"
"$sqsim" sweep "$root/scenarios/order-processor.json" --vary batch_size=1..10000 --vary memory=128..10127 \
  --out "$tmp/sw" >/dev/null 2>"$tmp/err"; code=$?
check "sweep: a 10,000 × 10,000 grid is refused with its size" \
  "[ $code -eq 2 ] && grep -q 'the grid has 100000000 configurations (10000 × 10000)' $tmp/err"
"$sqsim" sweep "$root/scenarios/order-processor.json" --vary batch_size=5,10 --seed -1 --out "$tmp/sw" >/dev/null 2>&1; code=$?
check "sweep --seed -1 is an error (exit 2)" "[ $code -eq 2 ]"
"$sqsim" sweep "$root/scenarios/order-processor.json" --vary batch_size=5,10 --replications 100000 --out "$tmp/sw" >/dev/null 2>"$tmp/err"; code=$?
check "sweep --replications 100000 is an error (exit 2)" "[ $code -eq 2 ] && grep -q 'replications: got 100000, expected 1 to 10000' $tmp/err"

# --- outputs: all or nothing ---
"$sqsim" run "$root/scenarios/order-processor.json" --out "$tmp/full" --infracost-usage /dev/full -q >/dev/null 2>"$tmp/err"; code=$?
check "a full disk (/dev/full) is an error, and the run's folder is not written" \
  "[ $code -eq 2 ] && grep -q 'cannot write the Infracost usage file' $tmp/err && [ ! -e $tmp/full ]"
cp "$root/scenarios/order-processor.json" "$tmp/in.json"
"$sqsim" run "$tmp/in.json" --out "$tmp/o-in" --infracost-usage "$tmp/in.json" -q >/dev/null 2>"$tmp/err"; code=$?
check "an output never overwrites an input" "[ $code -eq 2 ] && cmp -s $tmp/in.json $root/scenarios/order-processor.json"
"$sqsim" run "$root/scenarios/order-processor.json" --out "$tmp/again" --message-trace -q >/dev/null 2>&1
"$sqsim" run "$root/scenarios/order-processor.json" --out "$tmp/again" -q >/dev/null 2>&1; code=$?
check "a rerun into the same folder replaces the whole set (no stale messages.jsonl)" \
  "[ $code -eq 0 ] && [ -s $tmp/again/summary.json ] && [ ! -e $tmp/again/messages.jsonl ]"
check "no staging folder is left behind" "! ls -d $tmp/*.partial-* >/dev/null 2>&1"

exit $fail
