#!/bin/sh
# Short libFuzzer run of every parser of the table (`leaktrail parsers`),
# through the one fuzz_parser binary (built with --enable-fuzzing), and of
# the other targets. FUZZ_SECONDS (default 3) per target; a longer run:
# FUZZ_SECONDS=60 make check. Each starts from tests/fuzz/seeds/NAME.txt: a
# parser without a seed file fails here, by name.
top=${LT_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
bindir=${FUZZ_BINDIR:-tests/fuzz}	# run from the build directory, as make check does
secs=${FUZZ_SECONDS:-3}
pass=0 fail=0
work=$(mktemp -d "${TMPDIR:-/tmp}/lt-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
ltbin=${LT_BIN:-./leaktrail}
parsers=$("$ltbin" parsers | awk 'NR > 1 { print $1 }')
[ -n "$parsers" ] || { echo "FAIL: '$ltbin parsers' listed no parser"; echo "e2e: 0 passed, 1 failed"; exit 1; }
for t in $parsers userformat evtx_binxml; do
	case $t in
	userformat) bin=$bindir/fuzz_userformat ;;
	evtx_binxml) bin=$bindir/fuzz_evtx_binxml ;;
	*) bin=$bindir/fuzz_parser ;;
	esac
	if [ ! -x "$bin" ]; then
		echo "FAIL: $t: $bin not built"
		fail=$((fail + 1))
		continue
	fi
	if [ ! -f "$top/tests/fuzz/seeds/$t.txt" ]; then
		echo "FAIL: $t: no seed file tests/fuzz/seeds/$t.txt"
		fail=$((fail + 1))
		continue
	fi
	mkdir -p "$work/$t"
	cp "$top/tests/fuzz/seeds/$t.txt" "$work/$t/"
	if LT_FUZZ_PARSER=$t "$bin" -max_total_time="$secs" -max_len=4096 -seed=1 -artifact_prefix="$work/$t-" "$work/$t" >"$work/$t.log" 2>&1; then
		echo "ok: fuzz $t ($secs s, $(grep -o 'Done [0-9]* runs' "$work/$t.log" | head -1))"
		pass=$((pass + 1))
	else
		echo "FAIL: fuzz $t"
		tail -30 "$work/$t.log" | sed 's/^/  | /'
		ls "$work"/$t-* 2>/dev/null | sed 's/^/  artifact: /'
		fail=$((fail + 1))
	fi
done
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
