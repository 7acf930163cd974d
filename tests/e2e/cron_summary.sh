#!/bin/bash
# The summary of a nightly run (issue 12, item 8): the files present this
# night (not one per night in the manifest), the lines new this night, and
# the report's times in the organisation's zone (context
# organisation.time_zone, else the case's recorded zone, never the
# machine's: else UTC).
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init cron-summary
S=$LT_SRCDIR/samples
zcat "$S/logs/proxy/access.log.1.gz" > "$W/src"
split -d -a 1 -n l/4 "$W/src" "$W/p"
mkdir -p "$W/logs"
cp "$W/p0" "$W/logs/access.log"
lt() { "$LT_BIN" run --context "$S/context.yaml" --state "$W/st" "$W/logs"; }
lt > "$W/n1" 2>/dev/null
check "night 1: one file" "grep -q '^  sources: *1 files' '$W/n1'"
check "night 1: its lines are new" "grep -q \"^  new lines: *$(wc -l < "$W/p0"), \" '$W/n1'"
mv "$W/logs/access.log" "$W/logs/access.log.1"
cat "$W/p1" >> "$W/logs/access.log.1"	# appended just before the rotation
cp "$W/p2" "$W/logs/access.log"
lt > "$W/n2" 2>/dev/null
check "night 2: the two files present" "grep -q '^  sources: *2 files' '$W/n2'"
new=$(( $(wc -l < "$W/p1") + $(wc -l < "$W/p2") ))
check "night 2: only this night's lines count ($new)" "grep -q \"^  new lines: *$new, \" '$W/n2'"
check "night 2: times in the organisation's zone" "grep -q '^  times in: *Asia/Tokyo' '$W/n2'"
check "night 2: new findings at +09:00" \
	"grep -q '^\[high\] E1001  2026-11-04T21:10:00.000000+09:00' '$W/n2'"
check "night 2: each new finding names the file holding its evidence now" \
	"grep -q \"^  evidence: $W/logs/access.log.1 line [0-9]* (offset [0-9]*)\\\$\" '$W/n2'"
# No zone anywhere: UTC, whatever the machine's zone.
mkdir -p "$W/utc"
cp "$W/p1" "$W/utc/access.log"
TZ=Asia/Tokyo "$LT_BIN" run --state "$W/utc-st" "$W/utc" > "$W/u" 2>/dev/null
check "no zone given: times in UTC, not the machine's zone" "grep -q '^  times in: *UTC' '$W/u'"
check "... findings at +00:00" "grep -q '^\[high\] [a-z0-9]*  2026-11-0[0-9]T[0-9:.]*+00:00 \.\.' '$W/u'"
e2e_finish
