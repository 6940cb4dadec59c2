#!/usr/bin/env bash
# The sqsim command line as a user meets it: help, exit codes, error messages, outputs, byte-identical reruns.
set -uo pipefail
sqsim="$1"
root="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if eval "$2"; then echo "ok   - $1"; else echo "FAIL - $1"; fail=1; fi; }

"$sqsim" --help >"$tmp/help" 2>&1; code=$?
check "--help exits 0" "[ $code -eq 0 ]"
check "--help lists run and validate" "grep -q 'run' $tmp/help && grep -q 'validate' $tmp/help"
"$sqsim" run --help >"$tmp/runhelp" 2>&1
check "run --help documents --seed and --out" "grep -q -- '--seed' $tmp/runhelp && grep -q -- '--out' $tmp/runhelp"

"$sqsim" >/dev/null 2>&1; code=$?
check "no subcommand is a usage error (exit 2)" "[ $code -eq 2 ]"

printf '{"name":"x","queues":[{"name":"q","visibility_timeout_s":-1}]}' >"$tmp/bad.json"
"$sqsim" run "$tmp/bad.json" --out "$tmp/o" 2>"$tmp/err"; code=$?
check "invalid scenario exits 2" "[ $code -eq 2 ]"
check "error names file, JSON path and range" "grep -q 'bad.json: error: \$.queues\[0\].visibility_timeout_s: got -1, expected a number from 0 to 43200' $tmp/err"

"$sqsim" validate "$root/scenarios/fifo-orders-redrive.json" --dot "$tmp/topology.dot" >/dev/null 2>&1; code=$?
check "validate --dot writes the topology as DOT" "[ $code -eq 0 ] && grep -q 'digraph G' $tmp/topology.dot && grep -q 'label=maxReceiveCount' $tmp/topology.dot"

"$sqsim" validate /nonexistent.json 2>/dev/null; code=$?
check "missing file exits 2" "[ $code -eq 2 ]"
printf '{"name": ' >"$tmp/trunc.json"
"$sqsim" validate "$tmp/trunc.json" 2>"$tmp/err"; code=$?
check "truncated JSON exits 2 with a line number" "[ $code -eq 2 ] && grep -q 'line 1' $tmp/err"

"$sqsim" run "$root/scenarios/order-processor.json" --out "$tmp/a" >"$tmp/out" 2>/dev/null; code=$?
check "default scenario runs (exit 0)" "[ $code -eq 0 ]"
check "summary.json and metrics.csv written" "[ -s $tmp/a/summary.json ] && [ -s $tmp/a/metrics.csv ]"
check "human summary shows the balance" "grep -q 'balanced' $tmp/out"
"$sqsim" run "$root/scenarios/order-processor.json" --out "$tmp/b" -q 2>/dev/null
check "rerun is byte-identical" "cmp -s $tmp/a/summary.json $tmp/b/summary.json && cmp -s $tmp/a/metrics.csv $tmp/b/metrics.csv"
"$sqsim" run "$root/scenarios/order-processor.json" --out "$tmp/c" --seed 7 -q 2>/dev/null
check "--seed changes the draws" "! cmp -s $tmp/a/summary.json $tmp/c/summary.json"
check "metrics.csv has CloudWatch-named columns" "head -1 $tmp/a/metrics.csv | grep -q 'order-processor-queue/ApproximateNumberOfMessagesVisible'"

"$sqsim" run "$root/scenarios/order-processor.json" --out "$tmp/d" -q --report-lines 2>/dev/null
check "--report-lines writes AWS REPORT lines" "grep -q 'REPORT RequestId: .*Billed Duration: [0-9]* ms.*Init Duration' $tmp/d/lambda-report.log"
check "--report-lines does not change the results" "cmp -s $tmp/a/summary.json $tmp/d/summary.json"
# An output cap that truncates says so on stderr and in summary.json.
"$sqsim" run "$root/scenarios/order-processor.json" --out "$tmp/cap" -q --report-lines --report-lines-max 10 2>"$tmp/cap.err"
check "--report-lines-max truncation is a warning and a summary.json field" "grep -q 'warning: lambda-report.log was truncated by --report-lines-max 10' $tmp/cap.err && grep -q '\"truncated_outputs\"' $tmp/cap/summary.json"
# The message trace of the GameDay (about 21 MB) capped at 1 MB: a warning, a summary.json field, a last marker line
# (the file ends within a line of the cap).
"$sqsim" run "$root/scenarios/throttling-pitfall.json" --out "$tmp/player" --player >"$tmp/player.out" 2>&1
check "run --player writes the animated session page, offline (inline data, no script from the network)" \
  "grep -q 'session-player.html (animated)' $tmp/player.out && grep -q 'id=\"data\"' $tmp/player/session-player.html && ! grep -q '<script src' $tmp/player/session-player.html && ! grep -q 'https\?://' $tmp/player/session-player.html"
"$sqsim" run "$root/scenarios/order-processor-gameday.json" --out "$tmp/tcap" -q --message-trace --message-trace-max-mb 1 2>"$tmp/tcap.err"
check "--message-trace-max-mb truncation is a warning, a summary.json field and a trace_truncated last line" \
  "grep -q 'warning: messages.jsonl was truncated by --message-trace-max-mb 1' $tmp/tcap.err && grep -q '\"option\": \"--message-trace-max-mb\"' $tmp/tcap/summary.json && tail -n 1 $tmp/tcap/messages.jsonl | grep -q '\"event\":\"trace_truncated\"' && [ \$(stat -c %s $tmp/tcap/messages.jsonl) -le 1049600 ]"
# sqsim calibrate: REPORT lines sqsim wrote, fitted back; a bad --fit is bad input.
"$sqsim" calibrate "$tmp/d/lambda-report.log" --scenario "$root/scenarios/order-processor.json" --fit init,duration --replications 1 -o "$tmp/fragment.json" >"$tmp/cal.out" 2>"$tmp/cal.err"; code=$?
check "calibrate fits init and duration from REPORT lines and writes a fragment" "[ $code -eq 0 ] && grep -q 'init_duration_ms' $tmp/cal.out && grep -q '\"lognormal\"' $tmp/fragment.json"
"$sqsim" calibrate "$tmp/d/lambda-report.log" --scenario "$root/scenarios/order-processor.json" --fit memory >/dev/null 2>"$tmp/cal.err"; code=$?
check "calibrate --fit with an unknown parameter exits 2" "[ $code -eq 2 ] && grep -q 'cannot fit \"memory\"' $tmp/cal.err"
shared="$root/../shared"
if [ -d "$shared/fixtures" ]; then
  for f in "$shared"/fixtures/terraform/*.json "$shared"/fixtures/cloudformation/*.json "$shared"/fixtures/sam/*.yaml; do
    "$sqsim" import "$f" -o "$tmp/imported.json" 2>/dev/null; code=$?
    check "import $(basename "$f")" "[ $code -eq 0 ]"
    "$sqsim" validate "$tmp/imported.json" >/dev/null 2>&1; code=$?
    check "imported $(basename "$f") validates" "[ $code -eq 0 ]"
  done
fi
printf 'resource "aws_sqs_queue" "q" {}' >"$tmp/main.tf"
"$sqsim" import "$tmp/main.tf" 2>"$tmp/err"; code=$?
check "import of HCL source exits 2 and says to use terraform show -json" "[ $code -eq 2 ] && grep -q 'terraform show -json' $tmp/err"
check "summary.json has a cost section" "grep -q '\"monthly_projection_usd\"' $tmp/a/summary.json"
"$sqsim" run "$root/scenarios/order-processor.json" --out "$tmp/e" -q --pricing "$root/scenarios/pricing/us-east-1.json" 2>/dev/null
check "the shipped pricing file gives the built-in prices" "cmp -s $tmp/a/summary.json $tmp/e/summary.json"
printf '{"lambda": {"requests_per_million": "cheap"}}' >"$tmp/badprice.json"
"$sqsim" run "$root/scenarios/order-processor.json" --out "$tmp/f" -q --pricing "$tmp/badprice.json" 2>"$tmp/err"; code=$?
check "a bad pricing file exits 2 naming the path" "[ $code -eq 2 ] && grep -q 'lambda.requests_per_million' $tmp/err"

for s in "$root"/scenarios/*.json; do
  "$sqsim" validate "$s" >/dev/null 2>&1; code=$?
  check "scenario library: $(basename "$s") is valid" "[ $code -eq 0 ]"
done

"$sqsim" run "$root/scenarios/order-processor.json" --out "$tmp/t1" -q --message-trace 2>/dev/null
"$sqsim" run "$root/scenarios/order-processor.json" --out "$tmp/t2" -q --message-trace 2>/dev/null
check "--message-trace writes one JSON line per message event, byte-identical" "[ \$(grep -c '\"event\":\"deleted\"' $tmp/t1/messages.jsonl) -eq 1050 ] && cmp -s $tmp/t1/messages.jsonl $tmp/t2/messages.jsonl"
check "--message-trace does not change the results" "cmp -s $tmp/a/summary.json $tmp/t1/summary.json"

"$sqsim" run "$root/scenarios/order-processor-gameday.json" --out "$tmp/gd" >"$tmp/gdout" 2>&1; code=$?
check "the GameDay with the plain producer loses refused orders: shown as loss, 'no order lost' fails (exit 1)" "[ $code -eq 1 ] && grep -q 'LOSS: [0-9]* refused at SendMessage: access denied' $tmp/gdout && grep -q 'expectation FAIL: no order lost' $tmp/gdout && grep -q 'expectation PASS: the DLQ alarm never fires' $tmp/gdout"
check "report.html opens with the verdict panel, loss in red" "grep -q '<section id=\"verdict\"' $tmp/gd/report.html && grep -q '<li class=\"fail\">[0-9]* refused at SendMessage' $tmp/gd/report.html"
# One judgement for run, check and sweep: the sweep judges the GameDay's expectations too, and shows the loss.
"$sqsim" sweep "$root/scenarios/order-processor-gameday.json" --vary batch_size=10 --out "$tmp/gdsw" >"$tmp/gdsw.out" 2>&1; code=$?
check "sweep of the GameDay recommends nothing: 'no order lost' missed, loss by reason shown (exit 1)" "[ $code -eq 1 ] && grep -q '#0 batch_size=10: missed: no order lost.*LOSS: [0-9]* refused at SendMessage: access denied' $tmp/gdsw.out && grep -q 'refused_access_denied' $tmp/gdsw/sweep.json && grep -q '<th>lost</th>' $tmp/gdsw/sweep.html"
"$sqsim" check "$root/scenarios/order-processor-gameday.json" --baseline "$tmp/gdbase.json" --write-baseline >/dev/null 2>"$tmp/gdbase.err"; code=$?
check "check --write-baseline on a run that fails an expectation writes it (exit 0) but warns on stderr" "[ $code -eq 0 ] && [ -s $tmp/gdbase.json ] && grep -q 'warning: the baseline.s run fails its expectation \"no order lost' $tmp/gdbase.err"
"$sqsim" sweep "$root/scenarios/order-processor.json" --vary batch_size=10 --headroom 1.5 --out "$tmp/hr" -q >/dev/null 2>"$tmp/hr.err"
check "sweep --headroom says 1 replication at two loads, not 2 replications" "grep -q '2 runs (1 configurations × 1 replication × 2 loads (1x and 1.5x))' $tmp/hr.err"
"$sqsim" check "$root/scenarios/order-processor-gameday.json" --baseline "$tmp/gdbase.json" --junit "$tmp/gdj.xml" --markdown "$tmp/gdc.md" >"$tmp/gdcheck" 2>&1; code=$?
check "check prints the loss by reason in text, Markdown and JUnit (accounting's system-out)" "[ $code -eq 1 ] && grep -q '^LOSS: [0-9]* refused at SendMessage: access denied' $tmp/gdcheck && grep -q '^- LOSS: [0-9]* refused at SendMessage' $tmp/gdc.md && python3 -c \"import sys,xml.etree.ElementTree as E; r=E.parse(sys.argv[1]).getroot(); c=[c for c in r.iter('testcase') if c.get('classname')=='sqsim.accounting'][0]; sys.exit(0 if 'LOSS: ' in c.find('system-out').text else 1)\" $tmp/gdj.xml"
mkdir -p "$tmp/gdo"
"$sqsim" run "$root/scenarios/order-processor-gameday-outbox.json" --out "$tmp/gdo/out" >"$tmp/gdo/out.txt" 2>&1; code=$?
check "the same GameDay with an outbox producer loses nothing and every expectation holds (exit 0)" "[ $code -eq 0 ] && grep -q 'expectation PASS: no order lost' $tmp/gdo/out.txt && grep -q 'expectation PASS: at most 5 throttles' $tmp/gdo/out.txt && ! grep -q 'LOSS' $tmp/gdo/out.txt"
check "summary.json has the GameDay timeline" "grep -q '\"action_id\": \"aws:ssm:start-automation-execution\"' $tmp/gd/summary.json"
sed 's/"max_s": 1500/"max_s": 10/' "$root/scenarios/order-processor-gameday.json" >"$tmp/gd-fail.json"
cp -r "$root/scenarios/fis" "$tmp/fis"
"$sqsim" run "$tmp/gd-fail.json" --out "$tmp/gdf" -q 2>"$tmp/gderr"; code=$?
check "a failed expectation exits 1 and says which" "[ $code -eq 1 ] && grep -q 'expectation failed: the oldest message' $tmp/gderr"
# The CI recipe of docs/ci.md on the Terraform fixture: import + workload, baseline, check, a regression, bad input.
if [ -f "$shared/fixtures/terraform/sqs-queue-plan.json" ]; then
  "$sqsim" import "$shared/fixtures/terraform/sqs-queue-plan.json" --workload "$root/docs/ci/workload.json" -o "$tmp/ci.json" 2>/dev/null; code=$?
  check "ci recipe: import --workload (exit 0)" "[ $code -eq 0 ]"
  "$sqsim" check "$tmp/ci.json" --baseline "$tmp/base.json" --write-baseline >/dev/null 2>&1
  "$sqsim" check "$tmp/ci.json" --baseline "$tmp/base.json" >"$tmp/check" 2>&1; code=$?
  check "ci recipe: check against its own baseline passes (exit 0)" "[ $code -eq 0 ] && grep -q 'check: pass' $tmp/check"
  sed 's/"latency_p99_ms": [0-9.e+]*/"latency_p99_ms": 1.0/' "$tmp/base.json" >"$tmp/base-fast.json"
  "$sqsim" check "$tmp/ci.json" --baseline "$tmp/base-fast.json" >"$tmp/check" 2>&1; code=$?
  check "ci recipe: a worse p99 than the baseline is a regression (exit 1)" "[ $code -eq 1 ] && grep -q 'FAIL tolerance *latency_p99_ms' $tmp/check"
  printf '{"latency_p98_ms": {"relative": 0.1}}' >"$tmp/tol.json"
  "$sqsim" check "$tmp/ci.json" --baseline "$tmp/base.json" --tolerances "$tmp/tol.json" >/dev/null 2>"$tmp/err"; code=$?
  check "ci recipe: an unknown metric in the tolerances is bad input (exit 2)" "[ $code -eq 2 ] && grep -q 'latency_p98_ms: unknown metric' $tmp/err"
  # check is a CI gate on the run's own verdicts: a missed SLO fails it even against its own baseline.
  python3 -c "import json,sys; s=json.load(open(sys.argv[1])); s['slos']=[{'name':'p99 under 1 ms','type':'latency_percentile_below','percentile':99,'max_ms':1}]; json.dump(s,open(sys.argv[2],'w'))" "$tmp/ci.json" "$tmp/ci-slo.json"
  "$sqsim" check "$tmp/ci-slo.json" --baseline "$tmp/base.json" --junit "$tmp/junit.xml" --markdown "$tmp/check.md" >"$tmp/check" 2>&1; code=$?
  check "check exits 1 on a missed SLO and says which" "[ $code -eq 1 ] && grep -q 'FAIL SLO *p99 under 1 ms' $tmp/check"
  check "check --junit writes valid JUnit XML with the failing SLO" "python3 -c \"import sys,xml.etree.ElementTree as E; r=E.parse(sys.argv[1]).getroot(); f=[c.get('name') for c in r.iter('testcase') if c.find('failure') is not None]; sys.exit(0 if r.tag=='testsuites' and f==['p99 under 1 ms'] and int(r.get('failures'))==1 else 1)\" $tmp/junit.xml"
  check "check --markdown writes the verdict table, failures first" "head -1 $tmp/check.md | grep -q '### sqsim check: FAIL' && grep -m1 '^| ' $tmp/check.md >/dev/null && sed -n '/^|---/{n;p;q}' $tmp/check.md | grep -q 'p99 under 1 ms'"
  "$sqsim" check "$tmp/ci.json" --baseline "$tmp/base.json" --junit "$tmp/junit-ok.xml" >/dev/null 2>&1; code=$?
  check "check --junit on a passing run: no failures" "[ $code -eq 0 ] && grep -q 'failures=\"0\"' $tmp/junit-ok.xml"
  # Infracost: every usage key is a resource address of the plan the scenario was imported from.
  "$sqsim" run "$tmp/ci.json" --out "$tmp/ci-run" -q --infracost-usage "$tmp/ci-usage.yml" 2>/dev/null
  check "--infracost-usage keys are the Terraform plan's addresses" "python3 -c \"
import json,sys,re
plan=json.load(open(sys.argv[1]))
def walk(m):
  for r in m.get('resources',[]): yield r['address']
  for c in m.get('child_modules',[]): yield from walk(c)
addresses=set(walk(plan['planned_values']['root_module']))
keys=[l.strip()[:-1] for l in open(sys.argv[2]) if re.match(r'^  [^ #].*:\$',l)]
sys.exit(0 if keys and all(k in addresses for k in keys) else 1)\" $shared/fixtures/terraform/sqs-queue-plan.json $tmp/ci-usage.yml"
  # An imported config run before a workload is added: nothing to project to a month.
  "$sqsim" import "$shared/fixtures/terraform/lambda-plan.json" -o "$tmp/empty.json" 2>/dev/null
  "$sqsim" run "$tmp/empty.json" --out "$tmp/empty" >"$tmp/empty.out" 2>/dev/null
  check "an empty imported run prints no monthly projection, and says why" "grep -q 'no monthly projection' $tmp/empty.out && ! grep -q 'a month' $tmp/empty.out && grep -q '\"monthly_projection_usd\": null' $tmp/empty/summary.json"
fi
"$sqsim" compare "$tmp/a" "$tmp/c" >"$tmp/cmp" 2>&1; code=$?
check "compare two run directories (exit 0)" "[ $code -eq 0 ] && grep -q 'latency_p99_ms' $tmp/cmp"
"$sqsim" compare "$tmp/a" /nonexistent >/dev/null 2>&1; code=$?
check "compare with a missing input exits 2" "[ $code -eq 2 ]"
"$sqsim" run "$root/scenarios/order-processor.json" --out "$tmp/ic" -q --infracost-usage "$tmp/ic/usage.yml" 2>/dev/null
check "--infracost-usage without imported addresses keys nothing and says why" "grep -q '^version: 0.1' $tmp/ic/usage.yml && grep -q 'no Terraform address' $tmp/ic/usage.yml && ! grep -q 'aws_lambda_function.order-processor:' $tmp/ic/usage.yml"
"$sqsim" compare "$tmp/a" "$tmp/gd" >"$tmp/cmpv" 2>&1; code=$?
check "compare shows each side's loss and failed verdicts" "[ $code -eq 0 ] && grep -q '^B: refused_access_denied' $tmp/cmpv && grep -q '^B: FAIL expectation no order lost' $tmp/cmpv"

"$sqsim" analyze "$root/scenarios/order-processor.json" >"$tmp/an" 2>/dev/null; code=$?
check "analyze prints Erlang C beside the simulation (exit 0)" "[ $code -eq 0 ] && grep -q 'M/M/c (Erlang C)' $tmp/an && grep -q 'simulated: mean end-to-end' $tmp/an"
printf '{"name":"over","duration_s":1800,"stop_when_drained":false,"queues":[{"name":"q"}],"functions":[{"name":"f","handler":"always-succeed","reserved_concurrency":2,"duration":{"per_invocation_ms":1000}}],"event_source_mappings":[{"queue":"q","function":"f","batch_size":1}],"producers":[{"name":"p","queue":"q","arrival":{"type":"poisson","rate_per_s":20}}],"slos":[{"name":"p99 under 10 s","type":"latency_percentile_below","percentile":99,"max_ms":10000}]}' >"$tmp/over.json"
"$sqsim" analyze "$tmp/over.json" >"$tmp/over.an" 2>/dev/null; code=$?
check "analyze at utilisation >= 1: the queue grows without bound, and which c and batch size fix it" "[ $code -eq 0 ] && grep -q 'the queue grows without bound' $tmp/over.an && grep -q 'stable from c >= 21; \"p99 under 10 s\" met from c >= 21' $tmp/over.an && grep -q 'batch size >= 20 makes it stable' $tmp/over.an && ! grep -q 'against M/M/c W' $tmp/over.an"
check "analyze gives the batch size meeting the latency SLO and its own simulation's keeps-up verdict" "grep -q 'at c = 2: \"p99 under 10 s\" met from batch size >= 20' $tmp/over.an && grep -q '^simulated run: falls behind: backlog +' $tmp/over.an && grep -q '^simulated run: keeps up' $tmp/an"
"$sqsim" run "$tmp/over.json" --out "$tmp/over" >"$tmp/over.out" 2>"$tmp/over.err"; code=$?
check "a run that falls behind is flagged in the summary and on stderr" "[ $code -eq 1 ] && grep -q 'falls behind: backlog +[0-9]*/min at the end' $tmp/over.out && grep -q 'sqsim: falls behind' $tmp/over.err"

# SLOs: the default scenario meets its own; a copy with an impossible latency bound fails the run (exit 1).
"$sqsim" run "$root/scenarios/order-processor.json" --out "$tmp/slo" >"$tmp/slo.out" 2>/dev/null; code=$?
check "the default scenario meets its SLOs (summary.json slos, human summary)" "[ $code -eq 0 ] && grep -q '\"slos\"' $tmp/slo/summary.json && grep -q 'SLO met: no order lost' $tmp/slo.out"
sed 's/"max_ms": 10000/"max_ms": 1/' "$root/scenarios/order-processor.json" >"$tmp/tight.json"
"$sqsim" run "$tmp/tight.json" --out "$tmp/tight" -q 2>"$tmp/tight.err"; code=$?
check "a missed SLO fails the run (exit 1) and says which" "[ $code -eq 1 ] && grep -q 'SLO missed: p99 end-to-end latency under 10 s' $tmp/tight.err"

# Sweeps: outputs, the cheapest configuration, thread-count independence, bad input, progress.
"$sqsim" sweep "$root/scenarios/order-processor.json" --vary batch_size=1,10 --vary maximum_batching_window_s=0..2:2 \
  --replications 2 --threads 1 --out "$tmp/sw1" >"$tmp/sw.out" 2>"$tmp/sw.err"; code=$?
check "sweep runs (exit 0) and writes CSV, JSON and HTML" "[ $code -eq 0 ] && [ -s $tmp/sw1/sweep.csv ] && [ -s $tmp/sw1/sweep.json ] && grep -q '<svg' $tmp/sw1/sweep.html"
check "sweep names the cheapest configuration meeting the SLOs" "grep -q 'cheapest configuration meeting every SLO: batch_size=10 maximum_batching_window_s=2' $tmp/sw.out"
check "sweep.csv: a header and one row per configuration" "[ \$(wc -l <$tmp/sw1/sweep.csv) -eq 5 ]"
"$sqsim" sweep "$root/scenarios/order-processor.json" --vary batch_size=1,10 --vary maximum_batching_window_s=0..2:2 \
  --replications 2 --threads 2 --out "$tmp/sw2" -q --progress 2>"$tmp/sw2.err"
check "sweep outputs are byte-identical for 1 and 2 threads" "cmp -s $tmp/sw1/sweep.csv $tmp/sw2/sweep.csv && cmp -s $tmp/sw1/sweep.json $tmp/sw2/sweep.json && cmp -s $tmp/sw1/sweep.html $tmp/sw2/sweep.html"
check "sweep --progress reports progress on stderr" "grep -q 'sweep: 8/8 runs (100 %)' $tmp/sw2.err"
"$sqsim" sweep "$root/scenarios/order-processor.json" --vary batchsize=1 --out "$tmp/swbad" 2>"$tmp/swbad.err"; code=$?
check "sweep with an unknown parameter exits 2 and lists the known ones" "[ $code -eq 2 ] && grep -q 'unknown parameter \"batchsize\"; expected one of batch_size' $tmp/swbad.err"
"$sqsim" sweep "$root/scenarios/order-processor.json" --vary batch_size=10,20000 --out "$tmp/swskip" >"$tmp/swskip.out" 2>"$tmp/swskip.err"; code=$?
check "sweep skips an invalid grid point, lists its reason and finishes (exit 0)" "[ $code -eq 0 ] && grep -q 'batch_size=20000: skipped, invalid: .*event_source_mappings\[0\].batch_size' $tmp/swskip.out && grep -q 'skipped: invalid' $tmp/swskip/sweep.csv"
"$sqsim" sweep "$root/scenarios/order-processor.json" --vary memory=64 --out "$tmp/swbad" 2>"$tmp/swbad.err"; code=$?
check "sweep with an invalid configuration exits 2 naming it and the JSON path" "[ $code -eq 2 ] && grep -q 'memory=64' $tmp/swbad.err && grep -q 'functions\[0\].memory_size_mb' $tmp/swbad.err"
"$sqsim" sweep "$tmp/tight.json" --vary batch_size=5,10 --out "$tmp/swnone" -q 2>"$tmp/swnone.err"; code=$?
check "sweep where no configuration meets the SLOs exits 1" "[ $code -eq 1 ] && grep -q 'no configuration in the grid meets every SLO' $tmp/swnone.err"

# sqsim gui hands over to sqsim-gui when it is built, and says what to install when it is not.
if [ -x "$(dirname "$sqsim")/../gui/sqsim-gui" ]; then
  "$sqsim" gui "$root/scenarios/order-processor.json" --help >"$tmp/gui.out" 2>&1; code=$?
  check "sqsim gui passes its options to sqsim-gui" "[ $code -eq 0 ] && grep -q 'Usage: sqsim-gui' $tmp/gui.out"
  "$sqsim" gui /nonexistent.json >"$tmp/gui.out" 2>&1; code=$?
  check "sqsim gui on a missing scenario exits 2" "[ $code -eq 2 ] && grep -q 'cannot open' $tmp/gui.out"
else
  "$sqsim" gui "$root/scenarios/order-processor.json" >"$tmp/gui.out" 2>&1; code=$?
  check "sqsim gui without the dashboard built says what to install (exit 2)" "[ $code -eq 2 ] && grep -q 'libimgui-dev' $tmp/gui.out"
fi

for s in "$root"/scenarios/*.json; do
  "$sqsim" run "$s" --out "$tmp/lib" -q >/dev/null 2>&1; code=$?
  # The GameDay fails "no order lost" on purpose (its plain producer loses refused sends; docs/gameday.md).
  expected=0
  [ "$(basename "$s")" = "order-processor-gameday.json" ] && expected=1
  check "scenario library: $(basename "$s") runs and its expectations hold (or fail as documented)" "[ $code -eq $expected ]"
done

[ $fail -eq 0 ] && echo "cli: all checks passed"
exit $fail
