#!/bin/sh
# End-to-end: leaktrail's EVTX record counts equal an independent reader's
# (python-evtx, Debian python3-evtx) on every .evtx under ../shared (corpus
# and SigmaHQ regression data), through scripts/evtx-counts.
set -u
: "${LT_SHARED:=}"
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init evtxc
[ -n "$LT_SHARED" ] && [ -d "$LT_SHARED" ] || e2e_skip_all "../shared not found (\$LT_SHARED)"
PY=""
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import Evtx.Evtx' 2>/dev/null; then
		PY=$p
		break
	fi
done
[ -n "$PY" ] || e2e_skip_all "python-evtx is missing (python3-evtx; scripts/deps.sh installs it)"
n=$(find "$LT_SHARED" -name '*.evtx' | wc -l)
[ "$n" -gt 0 ] || e2e_skip_all "no .evtx under $LT_SHARED"
"$PY" "$LT_SRCDIR/scripts/evtx-counts" --leaktrail "$LT_BIN" "$LT_SHARED" >"$W/out" 2>"$W/err"
st=$?
if [ "$st" -eq 0 ]; then
	ok "$(tail -1 "$W/out")"
else
	bad "evtx-counts exits $st"
	grep -A3 DIFF "$W/out" | head -40
	sed 's/^/  | /' "$W/err" | head
fi
files=$(grep -c -E ' (equal|DIFF) ' "$W/out")
check_eq "every one of the $n .evtx files compared" "$files" "$n"
e2e_finish
