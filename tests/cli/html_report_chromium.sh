#!/usr/bin/env bash
# report.html in a real browser: headless Chromium (Debian's package) renders the GameDay scenario's report offline and
# takes a screenshot, which must show the charts (many non-white pixels and colours), not a blank page; the rendered
# DOM must open with the verdict panel. The same for a sweep's sweep.html.
# Exit 77 (skipped) when no Chromium is installed; .ci/run installs it (scripts/setup.sh --browser).
set -uo pipefail
sqsim="$1"
root="$2"
out="${3:-$(mktemp -d)}"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then echo "chromium not installed: skipped"; exit 77; fi
mkdir -p "$out"
# The GameDay fails its "no order lost" expectation (exit 1) by design: the report is written either way.
"$sqsim" run "$root/scenarios/order-processor-gameday.json" --out "$out" -q 2>/dev/null
[ $? -le 1 ] && [ -s "$out/report.html" ] || { echo "FAIL - sqsim run"; exit 1; }
"$sqsim" sweep "$root/scenarios/order-processor.json" --vary batch_size=1,10 --vary maximum_concurrency=2,5 \
  --out "$out/sweep" -q --no-progress 2>/dev/null
[ $? -le 1 ] && [ -s "$out/sweep/sweep.html" ] || { echo "FAIL - sqsim sweep"; exit 1; }
# No network: the page must not reference anything outside itself.
if grep -o 'https\?://[^"]*' "$out/report.html" | grep -v '^http://www.w3.org/2000/svg$' | grep -q .; then
  echo "FAIL - report.html references the network"; exit 1
fi
shot() { timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --no-first-run \
  --screenshot="$2" --window-size=1400,1400 "file://$1" >/dev/null 2>&1; }
dom() { timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
  --dump-dom "file://$1" 2>/dev/null; }
# The verdict panel is what the page opens with: the first <section> of the rendered DOM, with PASS/FAIL in it.
dom "$out/report.html" >"$out/report.dom"
grep -o '<section[^>]*>' "$out/report.dom" | head -1 | grep -q 'id="verdict"' || { echo "FAIL - no verdict panel first"; exit 1; }
grep -q 'no order lost' "$out/report.dom" || { echo "FAIL - the verdict panel lacks the expectations"; exit 1; }
dom "$out/sweep/sweep.html" | grep -q 'class="legend"' || { echo "FAIL - sweep.html has no colour legend"; exit 1; }
shot "$out/report.html" "$out/report.png"
shot "$out/sweep/sweep.html" "$out/sweep.png"
printf '<!DOCTYPE html><html><body></body></html>' >"$out/blank.html"
shot "$out/blank.html" "$out/blank.png"
[ -s "$out/report.png" ] && [ -s "$out/sweep.png" ] || { echo "FAIL - no screenshot"; exit 1; }
for png in "$out/report.png" "$out/sweep.png"; do
if command -v python3 >/dev/null; then
  # Decode the PNG (8-bit RGB/RGBA, as Chromium writes it) with the standard library and count what is drawn.
  python3 - "$png" <<'PY' || exit 1
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w, h, ctype = 8, b"", 0, 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    chunk = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", chunk[:10])
        assert depth == 8 and ctype in (2, 6), "unexpected PNG format"
    elif kind == b"IDAT":
        idat += chunk
    pos += 12 + n
bpp = 3 if ctype == 2 else 4
raw, stride = zlib.decompress(idat), w * bpp
prev, inked, colours = bytearray(stride), 0, set()
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 2 == 0:
        for x in range(0, w, 2):
            px = bytes(line[x * bpp:x * bpp + 3])
            if px != b"\xff\xff\xff":
                inked += 1
                colours.add(px)
    prev = line
share = inked / ((w // 2) * (h // 2))
print(f"screenshot {w}x{h}: {share:.1%} of pixels drawn, {len(colours)} colours")
# Charts, tables and text: a blank or error page has almost nothing drawn and one or two colours.
sys.exit(0 if share > 0.03 and len(colours) > 20 else 1)
PY
else
  # Without Python: the charts' screenshot compresses far worse than a blank page's.
  r=$(stat -c %s "$png"); b=$(stat -c %s "$out/blank.png")
  echo "screenshot $r bytes, blank page $b bytes"
  [ "$r" -gt $((b * 5)) ] || { echo "FAIL - the screenshot looks blank"; exit 1; }
fi
done
echo "report.html and sweep.html render in Chromium: ok (screenshots $out/report.png, $out/sweep.png)"
