#!/bin/sh
# End-to-end: leaktrail's EVTX record counts equal an independent reader's
# (python-evtx, Debian python3-evtx) on every .evtx under ../shared (corpus
# and SigmaHQ regression data), through scripts/evtx-counts.
set -u
: "${LT_BIN:?}" "${LT_SRCDIR:?}" "${LT_SHARED:=}"
skip() {
	echo "evtx_counts.sh: SKIP: $1"
	echo "e2e: 0 passed, 0 failed, 1 skipped"
	exit 77
}
[ -n "$LT_SHARED" ] && [ -d "$LT_SHARED" ] || skip "../shared not found (\$LT_SHARED)"
PY=""
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import Evtx.Evtx' 2>/dev/null; then
		PY=$p
		break
	fi
done
[ -n "$PY" ] || skip "python-evtx is missing (python3-evtx; scripts/deps.sh installs it)"
n=$(find "$LT_SHARED" -name '*.evtx' | wc -l)
[ "$n" -gt 0 ] || skip "no .evtx under $LT_SHARED"
W=$(mktemp -d "${TMPDIR:-/tmp}/lt-evtxc.XXXXXX")
trap 'rm -rf "$W"' EXIT
"$PY" "$LT_SRCDIR/scripts/evtx-counts" --leaktrail "$LT_BIN" "$LT_SHARED" >"$W/out" 2>"$W/err"
st=$?
pass=0 fail=0
if [ "$st" -eq 0 ]; then
	pass=1
	echo "ok: $(tail -1 "$W/out")"
else
	fail=1
	echo "FAIL: evtx-counts exits $st"
	grep -A3 DIFF "$W/out" | head -40
	sed 's/^/  | /' "$W/err" | head
fi
files=$(grep -c -E ' (equal|DIFF) ' "$W/out")
if [ "$files" -eq "$n" ]; then
	pass=$((pass + 1))
	echo "ok: every one of the $n .evtx files compared"
else
	fail=$((fail + 1))
	echo "FAIL: $files of $n .evtx files compared"
fi
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
