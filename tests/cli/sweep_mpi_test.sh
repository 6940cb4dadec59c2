#!/usr/bin/env bash
# sqsim-sweep-mpi under mpirun on one machine gives byte-identical outputs to the threaded `sqsim sweep`.
set -uo pipefail
mpirun="$1"
mpi_sweep="$2"
sqsim="$3"
root="$4"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if eval "$2"; then echo "ok   - $1"; else echo "FAIL - $1"; fail=1; fi; }
# CI runs as root in a container: OpenMPI refuses root unless told, and needs no network transport for one host.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl=self,vader OMPI_MCA_plm=isolated \
  OMPI_MCA_rmaps_base_oversubscribe=1
# Under the sanitizer build, LeakSanitizer reports OpenMPI's own allocations at exit (libmpi, libopen-pal). Leak
# checking stays on for our code through tests/sweep (the same sweep library); here only ASan/UBSan errors count.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
args=("$root/scenarios/order-processor.json" --vary batch_size=1,5,10 --vary maximum_batching_window_s=0,2
  --replications 3 -q --no-progress)

"$sqsim" sweep "${args[@]}" --threads 1 --out "$tmp/threads" 2>/dev/null; code=$?
check "threaded sweep (exit 0)" "[ $code -eq 0 ]"
"$mpirun" -np 2 "$mpi_sweep" "${args[@]}" --threads 1 --out "$tmp/np2" >"$tmp/np2.log" 2>&1; code=$?
check "mpirun -np 2 (exit 0)" "[ $code -eq 0 ]" || cat "$tmp/np2.log"
# 3 ranks × 2 threads: 18 tasks split 6/6/6 over ranks, out of order within each.
"$mpirun" -np 3 "$mpi_sweep" "${args[@]}" --threads 2 --out "$tmp/np3" >"$tmp/np3.log" 2>&1; code=$?
check "mpirun -np 3 --threads 2 (exit 0)" "[ $code -eq 0 ]" || cat "$tmp/np3.log"
for n in np2 np3; do
  for f in sweep.csv sweep.json sweep.html; do
    check "$n: $f byte-identical to the threaded sweep" "cmp -s $tmp/threads/$f $tmp/$n/$f"
  done
done
# 4 ranks for 2 tasks: two ranks have nothing to do.
"$mpirun" -np 4 "$mpi_sweep" "$root/scenarios/order-processor.json" --vary batch_size=5,10 -q --no-progress \
  --threads 1 --out "$tmp/np4" >/dev/null 2>&1; code=$?
"$sqsim" sweep "$root/scenarios/order-processor.json" --vary batch_size=5,10 -q --threads 1 --out "$tmp/t4" 2>/dev/null
check "more ranks than tasks (exit 0, same outputs)" "[ $code -eq 0 ] && cmp -s $tmp/np4/sweep.csv $tmp/t4/sweep.csv"
"$mpirun" -np 2 "$mpi_sweep" "$root/scenarios/order-processor.json" --vary batch_size=0 --out "$tmp/bad" \
  >"$tmp/bad.log" 2>&1; code=$?
check "bad input: exit 2 on every rank, the error shown" "[ $code -eq 2 ] && grep -q 'batch_size' $tmp/bad.log"
[ $fail -eq 0 ] && echo "sweep-mpi: all checks passed"
exit $fail
