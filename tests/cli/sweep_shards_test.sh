#!/usr/bin/env bash
# `sqsim sweep --shard` slices merged by `sqsim sweep-merge` give byte-identical outputs to one `sqsim sweep` process:
# slices run by GNU parallel on this machine, and slices that read their index from each array job's variables
# (Slurm, Kubernetes Indexed Jobs, AWS Batch). Missing, duplicate and foreign slices are clear errors (exit 2).
# Usage: sweep_shards_test.sh SQSIM ROOT
set -uo pipefail
sqsim="$1"
root="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if eval "$2"; then echo "ok   - $1"; else echo "FAIL - $1"; fail=1; fi; }
same() { # same DIR_A DIR_B: the three outputs byte for byte
  cmp -s "$1/sweep.csv" "$2/sweep.csv" && cmp -s "$1/sweep.json" "$2/sweep.json" && cmp -s "$1/sweep.html" "$2/sweep.html"
}
# Whatever runs this test (perhaps itself an array job), the slices see only the variables given here.
clean=(env -u SLURM_ARRAY_TASK_ID -u SLURM_ARRAY_TASK_COUNT -u SLURM_ARRAY_TASK_MIN -u SLURM_ARRAY_TASK_STEP
  -u JOB_COMPLETION_INDEX -u AWS_BATCH_JOB_ARRAY_INDEX -u SQSIM_SHARD_COUNT)
cp "$root/scenarios/order-processor.json" "$tmp/op.json"
cd "$tmp" || exit 1
# 3 × 2 configurations × 3 replications: 18 tasks.
args=(op.json --vary batch_size=1,5,10 --vary maximum_batching_window_s=0,2 --replications 3 -q --no-progress)

"${clean[@]}" "$sqsim" sweep "${args[@]}" --threads 2 --out single 2>/dev/null; single_code=$?
check "single-process sweep (exit 0)" "[ $single_code -eq 0 ]"

# --headroom F doubles the tasks (a second pass at F x the load): the slices carry it and merge the same.
"${clean[@]}" "$sqsim" sweep "${args[@]}" --headroom 1.5 --out head-single 2>/dev/null; head_code=$?
for k in 0 1 2; do
  "${clean[@]}" "$sqsim" sweep "${args[@]}" --headroom 1.5 --shard "$k/3" --out "head/$k" 2>/dev/null
done
"$sqsim" sweep-merge head/0 head/1 head/2 -q --out head-merged 2>/dev/null; code=$?
check "--headroom slices merge byte-identical to one process (exit $head_code)" \
  "[ $code -eq $head_code ] && same head-single head-merged"

if command -v parallel >/dev/null; then
  # 4 slices, two at a time, each with its own output directory as on separate machines.
  "${clean[@]}" parallel --will-cite --halt now,fail=1 -j 2 "$sqsim" sweep "${args[@]}" --threads 1 --shard {}/4 --out par/{} \
    ::: 0 1 2 3 2>"$tmp/par.err"; code=$?
  check "GNU parallel ran 4 slices (exit 0)" "[ $code -eq 0 ]" || cat "$tmp/par.err"
  check "each slice wrote its partial result" "[ -s par/0/sweep-shard-0-of-4.json ] && [ -s par/3/sweep-shard-3-of-4.json ]"
  "$sqsim" sweep-merge par/3 par/1 par/0 par/2 -q --out par-merged 2>"$tmp/merge.err"; code=$?
  check "sweep-merge of the 4 slices exits as the single process ($single_code)" "[ $code -eq $single_code ]" ||
    cat "$tmp/merge.err"
  check "GNU parallel slices merge byte-identical to one process" "same single par-merged"
else
  echo "skip - GNU parallel is not installed (scripts/setup.sh --parallel)"
fi

# A smaller sweep for the array jobs' variables: 3 configurations × 2 replications, 6 tasks.
small=(op.json --vary batch_size=1,5,10 --replications 2 -q --no-progress --threads 1)
"${clean[@]}" "$sqsim" sweep "${small[@]}" --out small 2>/dev/null
# Slurm: --array=1-3 (ids from SLURM_ARRAY_TASK_MIN), count from SLURM_ARRAY_TASK_COUNT.
for id in 1 2 3; do
  "${clean[@]}" SLURM_ARRAY_TASK_ID=$id SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_COUNT=3 \
    "$sqsim" sweep "${small[@]}" --shard env --out slurm/$id 2>>"$tmp/env.err"
done
check "Slurm: SLURM_ARRAY_TASK_ID 1..3 wrote slices 0..2 of 3" \
  "[ -s slurm/1/sweep-shard-0-of-3.json ] && [ -s slurm/3/sweep-shard-2-of-3.json ]" || cat "$tmp/env.err"
"$sqsim" sweep-merge slurm/1 slurm/2 slurm/3 -q --out slurm-merged 2>/dev/null
check "Slurm slices merge byte-identical to one process" "same small slurm-merged"
# Kubernetes Indexed Job: JOB_COMPLETION_INDEX, the count from --shard-count; all slices in one shared directory.
for k in 0 1 2 3; do
  "${clean[@]}" JOB_COMPLETION_INDEX=$k "$sqsim" sweep "${small[@]}" --shard env --shard-count 4 --out k8s \
    2>>"$tmp/env.err"
done
check "Kubernetes: JOB_COMPLETION_INDEX 0..3 wrote 4 slices into one directory" \
  "[ \$(ls k8s/sweep-shard-*-of-4.json | wc -l) -eq 4 ]" || cat "$tmp/env.err"
"$sqsim" sweep-merge k8s -q --out k8s-merged 2>/dev/null
check "Kubernetes slices merge byte-identical to one process" "same small k8s-merged"
# AWS Batch array job: AWS_BATCH_JOB_ARRAY_INDEX, the count from SQSIM_SHARD_COUNT; merged from the files.
for k in 0 1; do
  "${clean[@]}" AWS_BATCH_JOB_ARRAY_INDEX=$k SQSIM_SHARD_COUNT=2 "$sqsim" sweep "${small[@]}" --shard env \
    --out batch 2>>"$tmp/env.err"
done
"$sqsim" sweep-merge batch/sweep-shard-1-of-2.json batch/sweep-shard-0-of-2.json -q --out batch-merged 2>/dev/null
check "AWS Batch slices merge byte-identical to one process" "same small batch-merged"

# Errors: each exit 2 with a message that says what is wrong.
"$sqsim" sweep-merge k8s/sweep-shard-0-of-4.json k8s/sweep-shard-2-of-4.json --out bad 2>"$tmp/e1"; code=$?
check "a missing slice: exit 2, naming the missing ones" "[ $code -eq 2 ] && grep -q '2 of 4 slices missing: 1, 3' $tmp/e1"
"$sqsim" sweep-merge k8s k8s/sweep-shard-1-of-4.json --out bad 2>"$tmp/e2"; code=$?
check "a duplicate slice: exit 2" "[ $code -eq 2 ] && grep -q 'slice 1 of 4 is also in' $tmp/e2"
"$sqsim" sweep-merge slurm/1 slurm/2 k8s --out bad 2>"$tmp/e3"; code=$?
check "slices of different splits: exit 2" "[ $code -eq 2 ] && grep -q 'slices of different splits' $tmp/e3"
"${clean[@]}" "$sqsim" sweep op.json --vary batch_size=2,5,10 --replications 2 -q --threads 1 --shard 1/2 \
  --out other 2>/dev/null
"$sqsim" sweep-merge batch/sweep-shard-0-of-2.json other --out bad 2>"$tmp/e4"; code=$?
check "slices of different sweeps: exit 2" "[ $code -eq 2 ] && grep -q 'not the same sweep' $tmp/e4"
"${clean[@]}" "$sqsim" sweep "${small[@]}" --shard env --out bad 2>"$tmp/e5"; code=$?
check "--shard env outside an array job: exit 2" "[ $code -eq 2 ] && grep -q 'none of SLURM_ARRAY_TASK_ID' $tmp/e5"
"${clean[@]}" "$sqsim" sweep "${small[@]}" --shard 2/2 --out bad 2>"$tmp/e6"; code=$?
check "--shard 2/2: exit 2" "[ $code -eq 2 ] && grep -q 'expected K from 0 to 1' $tmp/e6"
sed -i 's/"visibility_timeout_s": 300/"visibility_timeout_s": 301/' op.json
"$sqsim" sweep-merge batch --out bad 2>"$tmp/e7"; code=$?
check "the scenario edited after the slices ran: exit 2" "[ $code -eq 2 ] && grep -q 'changed since the slices ran' $tmp/e7"
[ $fail -eq 0 ] && echo "sweep shards: all checks passed"
exit $fail
