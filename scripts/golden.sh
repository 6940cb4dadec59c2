#!/usr/bin/env bash
# Golden fingerprints: every scenario in scenarios/ is run with its own seed and its outputs are compared with the
# checked-in ones in tests/golden/ (summary.json in full, so a change shows in numbers; metrics.csv and the event
# count as a SHA-256 fingerprint).
#
#   scripts/golden.sh [--sqsim BIN]            check: exit 1 and a numeric diff when any output moved
#   scripts/golden.sh --update [--sqsim BIN]   a deliberate change: rewrite tests/golden/ and print what moved
#
# A commit that moves a fingerprint says why in its message (STYLE.md, "Golden fingerprints").
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mode=check
sqsim="$root/build/app/sqsim"
while [ $# -gt 0 ]; do
  case "$1" in
    --update) mode=update ;;
    --sqsim) sqsim="$2"; shift ;;
    *) echo "golden: unknown option $1 (expected --update or --sqsim BIN)" >&2; exit 2 ;;
  esac
  shift
done
[ -x "$sqsim" ] || { echo "golden: $sqsim is not built (run scripts/build.sh first)" >&2; exit 2; }

golden="$root/tests/golden"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/summaries"

cd "$root"
: > "$work/fingerprints.tsv"
for scenario in scenarios/*.json; do
  name="$(basename "$scenario" .json)"
  out="$work/runs/$name"
  # Exit 1 (a missed SLO or expectation) is an outcome the fingerprint records; 2 or a crash is not.
  rc=0
  "$sqsim" run "$scenario" --out "$out" --quiet 2>"$work/$name.stderr" >/dev/null || rc=$?
  if [ "$rc" -ge 2 ]; then
    echo "golden: $scenario: sqsim run exited $rc" >&2
    cat "$work/$name.stderr" >&2
    exit 1
  fi
  events="$(grep -o '"events_processed": *[0-9]*' "$out/summary.json" | grep -o '[0-9]*$')"
  printf '%s\texit=%s\tevents=%s\tsummary=%s\tmetrics=%s\n' "$name" "$rc" "$events" \
    "$(sha256sum < "$out/summary.json" | cut -c1-16)" "$(sha256sum < "$out/metrics.csv" | cut -c1-16)" \
    >> "$work/fingerprints.tsv"
  cp "$out/summary.json" "$work/summaries/$name.summary.json"
done

# What moved, in numbers: the changed lines of each summary.json, and the fingerprint lines that differ.
show_diff() {
  diff -u "$golden/fingerprints.tsv" "$work/fingerprints.tsv" | grep '^[-+][^-+]' || true
  for f in "$work"/summaries/*.summary.json; do
    name="$(basename "$f")"
    if [ ! -f "$golden/summaries/$name" ]; then
      echo "new: $name"
    elif ! cmp -s "$golden/summaries/$name" "$f"; then
      echo "--- $name"
      diff -U0 "$golden/summaries/$name" "$f" | grep '^[-+] ' | head -n 60 || true
    fi
  done
  for f in "$golden"/summaries/*.summary.json; do
    [ -e "$f" ] || continue
    [ -f "$work/summaries/$(basename "$f")" ] || echo "removed: $(basename "$f")"
  done
}

if [ "$mode" = update ]; then
  mkdir -p "$golden/summaries"
  if [ -f "$golden/fingerprints.tsv" ]; then show_diff; fi
  rm -f "$golden"/summaries/*.summary.json
  cp "$work"/summaries/*.summary.json "$golden/summaries/"
  cp "$work/fingerprints.tsv" "$golden/fingerprints.tsv"
  echo "golden: updated $(wc -l < "$golden/fingerprints.tsv") fingerprints in tests/golden/"
  exit 0
fi

if cmp -s "$golden/fingerprints.tsv" "$work/fingerprints.tsv"; then
  echo "golden: $(wc -l < "$work/fingerprints.tsv") scenarios, every output byte-identical to tests/golden/"
  exit 0
fi
echo "golden: outputs moved (if deliberate: scripts/golden.sh --update, and say why in the commit message)" >&2
show_diff >&2
exit 1
