#!/bin/bash
# make bench-nightly (and make bench): the nightly mode over BENCH_NIGHTS
# nights of a growing Squid log, rotated every night by logrotate's
# dateext + compress (the day's file renamed access.log-YYYYMMDD and
# gzipped, a new access.log begun). Prints, per night, the wall time and
# peak RSS of `leaktrail run --state`, the records in the case, the
# evidence bytes it read and its CPU seconds, and at the
# end one batch run over the same history for comparison. Not a test.
#
# Environment:
#   BENCH_NIGHTS       nights (default 30)
#   BENCH_NIGHT_LINES  lines added per night (default 10000)
#   BENCH_HISTORY_MB   MiB of proxy log read on night 0, before the nights
#                      (default 1700: about 10 M records, the issue's scale;
#                      set 0 for a quick look)
#   BENCH_DIR          work folder (default: temporary, removed afterwards)
set -euo pipefail
builddir=${BUILDDIR:-$(pwd)}
lt="$builddir/leaktrail"
gen="$builddir/bench/loggen"
nights=${BENCH_NIGHTS:-30}
per_night=${BENCH_NIGHT_LINES:-10000}
history_mb=${BENCH_HISTORY_MB:-1700}
[ -x "$lt" ] && [ -x "$gen" ] || { echo "bench: build leaktrail and bench/loggen first" >&2; exit 1; }
work=${BENCH_DIR:-$(mktemp -d /tmp/leaktrail-nightly.XXXXXX)}
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$work"' EXIT
logs=$work/logs state=$work/state
mkdir -p "$logs"
# The nights' lines: a second generator stream, cut into nights.
lines_mb=$(( (nights * per_night * 200) / 1048576 + 1 ))
"$gen" proxy "$lines_mb" 11 > "$work/gen.log"
head -n $(( nights * per_night )) "$work/gen.log" > "$work/nights.log"
rm -f "$work/gen.log"
# CPU seconds (user + system) beside the wall time: on a shared machine
# the wall time says more about the neighbours than about leaktrail.
run() { # prints "wall_s rss_mb cpu_s" of one run --state
	/usr/bin/time -f '%e %M %U %S' -o "$work/time" "$lt" run -q --tz Asia/Tokyo --state "$state" "$logs" \
		> /dev/null 2> "$work/err" || [ $? -le 2 ]
	read -r wall rss usr sys < <(tail -n 1 "$work/time")
	echo "$wall $(( rss / 1024 )) $(awk -v u="$usr" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
}
records() { jq '[.ingest[].summary.records] | add' "$state/case/manifest.json"; }
# Evidence bytes the night read from disk (doc/cron.md, "Reading only what is new").
read_kb() { jq '.increments[-1].evidence_bytes_read / 1024 | floor' "$state/case/manifest.json"; }
printf '%-6s %10s %10s %8s %12s %10s %8s\n' night new_lines wall_s rss_MB records read_KiB cpu_s
if [ "$history_mb" -gt 0 ]; then
	"$gen" proxy "$history_mb" 3 | gzip -1 -n > "$logs/access.log-20260930.gz"
	read -r wall rss cpu <<< "$(run)"
	printf '%-6s %10s %10s %8s %12s %10s %8s\n' 0 "(history)" "$wall" "$rss" "$(records)" "$(read_kb)" "$cpu"
fi
: > "$logs/access.log"
for n in $(seq 1 "$nights"); do
	sed -n "$(( (n - 1) * per_night + 1 )),$(( n * per_night ))p" "$work/nights.log" >> "$logs/access.log"
	read -r wall rss cpu <<< "$(run)"
	printf '%-6s %10s %10s %8s %12s %10s %8s\n' "$n" "$per_night" "$wall" "$rss" "$(records)" "$(read_kb)" "$cpu"
	# logrotate dateext + compress, after the night's run
	day=$(date -u -d "2026-10-01 + $n day" +%Y%m%d)
	mv "$logs/access.log" "$logs/access.log-$day" && gzip -1 -n "$logs/access.log-$day"
	: > "$logs/access.log"
done
/usr/bin/time -f '%e %M %U %S' -o "$work/time" "$lt" run -q --tz Asia/Tokyo -o "$work/batch" "$logs" \
	> /dev/null 2>&1 || true
read -r wall rss usr sys < <(tail -n 1 "$work/time")
echo "batch run over the same history: ${wall} s, $(( rss / 1024 )) MB, $(awk -v u="$usr" -v s="$sys" 'BEGIN { printf "%.2f", u + s }') s CPU"
