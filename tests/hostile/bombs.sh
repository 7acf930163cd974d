#!/bin/sh
# Hostile input, classes that already passed the audit of issue 13 and are
# held here in one place: decompression bombs of five kinds (gzip, bzip2,
# xz, zstd, zip) and a nested one (a gzip bomb inside a gzip), over-deep
# nesting (ten gzip layers, max_depth 8), and a device given as evidence
# (/dev/zero: skipped, never read forever). Each bomb is stopped at the cap
# with a located error naming the cap, the source is partial, and nothing
# else is lost: the good log next to them is read whole. (The ratio cap is
# held by tests/e2e/bad_input.sh, the sparse-tar bomb by tests/unit/test_input.c.)
set -u
. "$LT_SRCDIR/tests/hostile/lib.sh"
e2e_init hostile-bombs
e2e_need python3 jq timeout

mkdir "$W/in"
printf '2026-11-09T10:15:02+09:00 pc-sato sshd[1]: Accepted password for sato from 192.168.10.23 port 50000 ssh2\n' >"$W/in/good.log"
python3 - "$W/in" <<'PY'
import bz2, gzip, lzma, sys, zipfile
d = sys.argv[1]
zeros = b'\0' * (12 << 20)          # 12 MiB, the cap below is 4 MiB
open(d + '/b.gz', 'wb').write(gzip.compress(zeros, 1, mtime=0))
open(d + '/b.bz2', 'wb').write(bz2.compress(zeros, 1))
open(d + '/b.xz', 'wb').write(lzma.compress(zeros, preset=0))
with zipfile.ZipFile(d + '/b.zip', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('zeros.log', zeros)
open(d + '/nested.gz', 'wb').write(gzip.compress(gzip.compress(zeros, 1, mtime=0), 1, mtime=0))
deep = b'2026-11-09T10:15:03+09:00 pc-sato sshd[2]: Accepted password for sato from 192.168.10.23 port 50001 ssh2\n'
for i in range(10):
    deep = gzip.compress(deep, 1, mtime=0)
open(d + '/deep.gz', 'wb').write(deep)
PY
bombs="b.gz b.bz2 b.xz b.zip nested.gz"
if command -v zstd >/dev/null 2>&1; then
	head -c 12582912 /dev/zero | zstd -q -1 -c >"$W/in/b.zst"
	bombs="$bombs b.zst"
else
	echo "note: zstd not installed: the zstd bomb is not made (scripts/deps.sh installs it)"
fi

hexpect "ingest: every bomb stopped, a device skipped (exit 2)" 2 timeout 120 "$LT_BIN" ingest -o "$W/case" \
	--max-size 4M "$W/in" /dev/zero
M="$W/case/manifest.json"
for b in $bombs; do
	check "$b: partial at the cap, named" \
		"jq -e --arg p '$W/in/$b' '.sources[] | select(.path == \$p) | .status == \"partial\" and (.reason | test(\"stopped at 4194304 decompressed bytes, the cap per stream \\\\(max_stream_bytes\\\\)\"))' '$M' >/dev/null"
	check "$b: a located error on stderr" \
		"grep -q '^leaktrail: error: $W/in/$b: .*offset 4194304: stopped at 4194304 decompressed bytes' '$W/err'"
done
check "over-deep nesting: partial, naming max_depth" \
	"jq -e --arg p '$W/in/deep.gz' '.sources[] | select(.path == \$p) | .status == \"partial\" and (.reason | test(\"max_depth\"))' '$M' >/dev/null"
check "the device is skipped and named" "grep -qxF 'leaktrail: note: /dev/zero: a character device: skipped' '$W/err'"
check "nothing else was lost: the good log is complete" \
	"jq -e --arg p '$W/in/good.log' '.sources[] | select(.path == \$p) | .status == \"complete\"' '$M' >/dev/null"
check "nothing else was lost: its record is in the case" \
	"[ \$('$LT_BIN' dump '$W/case' | jq -s 'map(select(.\"leaktrail.source.path\" == \"$W/in/good.log\")) | length') -eq 1 ]"
e2e_finish
