#!/bin/sh
# Short libFuzzer run of the loader targets of issue 13 (built with
# --enable-fuzzing): the rule loader with matching under limits, the context
# loader, the user-format loader. FUZZ_SECONDS (default 3) per target.
# Seeds: the shipped rules, the sample context (YAML, NUL, people.csv), a
# formats file.
top=${LT_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
bindir=${FUZZ_BINDIR:-tests/fuzz}
secs=${FUZZ_SECONDS:-3}
pass=0 fail=0
work=$(mktemp -d "${TMPDIR:-/tmp}/lt-fuzzl.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/rules" "$work/context" "$work/uformat_loader"
find "$top/rules" -name '*.yml' -exec cp {} "$work/rules/" \;
{ cat "$top/samples/context.yaml"; printf '\0'; cat "$top/samples/people.csv"; } >"$work/context/seed"
cp "$top/tests/fuzz/seeds/userformat-loader.yaml" "$work/uformat_loader/"
for t in rules context uformat_loader; do
	bin=$bindir/fuzz_$t
	if [ ! -x "$bin" ]; then
		echo "FAIL: $t: $bin not built"
		fail=$((fail + 1))
		continue
	fi
	if "$bin" -max_total_time="$secs" -max_len=8192 -seed=1 -artifact_prefix="$work/$t-" "$work/$t" >"$work/$t.log" 2>&1; then
		echo "ok: fuzz $t ($secs s, $(grep -o 'Done [0-9]* runs' "$work/$t.log" | head -1))"
		pass=$((pass + 1))
	else
		echo "FAIL: fuzz $t"
		tail -30 "$work/$t.log" | sed 's/^/  | /'
		fail=$((fail + 1))
	fi
done
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
