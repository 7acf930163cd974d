#!/bin/sh
# The README's second command: install what is missing, build with gcc and
# with clang + AddressSanitizer/UBSan, run every test in both, and print the
# total as "N passed, N failed". Exit status 0 only when everything passed.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
sh "$top/scripts/deps.sh" || exit 1
status=0
sh "$top/scripts/build.sh" "$top/build" CC=gcc || exit 1
sh "$top/scripts/build.sh" "$top/build-asan" CC=clang --enable-sanitizers || exit 1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd "$top/build" && make -s -j"$(nproc)" check >/dev/null 2>&1) || status=1
(cd "$top/build-asan" && make -s -j"$(nproc)" check >/dev/null 2>&1) || status=1
for d in build build-asan; do
	if [ -f "$top/$d/test-suite.log" ] && grep -q '^# FAIL: *[1-9]\|^# ERROR: *[1-9]' "$top/$d/test-suite.log"; then
		echo "--- failures in $d:" >&2
		sed -n '/^FAIL\|^ERROR/,$p' "$top/$d/test-suite.log" | head -n 200 >&2
	fi
done
sh "$top/tests/count-results" "$top/build" "$top/build-asan" || status=1
exit $status
