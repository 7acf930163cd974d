#!/bin/sh
# End-to-end: a long ingest shows progress on a terminal (bytes, records,
# rate, time left) on stderr, and nothing when stderr is not a terminal or
# with --quiet. script(1) provides the terminal.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init prog
e2e_need script

# Enough lines to take more than a second, in two files so time is left after the first.
yes 'Oct  1 00:00:00 srv01 sshd[1]: Accepted password for alice from 10.0.0.1 port 22 ssh2' | head -n 1500000 > "$W/a.log"
cp "$W/a.log" "$W/b.log"
touch -d '2026-10-02' "$W/a.log" "$W/b.log"
for j in 1 2; do
	script -qc "'$LT_BIN' ingest -j $j -o '$W/case$j' '$W/a.log' '$W/b.log'" "$W/tty$j" > /dev/null 2>&1
	tr '\r' '\n' < "$W/tty$j" > "$W/lines$j"
	check "-j $j: a progress line on a terminal" "grep -q 'MB of logs, [0-9]* records, [0-9]* MB/s' '$W/lines$j'"
	check "-j $j: it estimates the time left" "grep -q 'left' '$W/lines$j'"
done
"$LT_BIN" ingest -j 1 -o "$W/case3" "$W/a.log" 2> "$W/err3"
check "no progress line when stderr is not a terminal" "! grep -q 'MB/s' '$W/err3'"
script -qc "'$LT_BIN' ingest -q -j 1 -o '$W/case4' '$W/a.log' '$W/b.log'" "$W/tty4" > /dev/null 2>&1
check "no progress line with --quiet" "! grep -q 'MB/s' '$W/tty4'"

e2e_finish
