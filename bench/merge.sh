#!/bin/bash
# make bench-merge (and make bench): leaktrail merge of 4 shards against
# reading the same 4 record stores once (issue 17, doc/performance.md).
# Generates BENCH_MERGE_MB MiB of logs (8 files of 4 families, plain text)
# in a temporary folder under /tmp, ingests them as 4 shards (--shard I/4,
# two at a time), then times, each with /usr/bin/time (wall, user, sys,
# peak RSS):
#   cat      the shards' run files to /dev/null (the compressed bytes)
#   read     every record of the 4 stores through the store reader
#            (leaktrail dump --source with an id no source has: every run
#            decompressed, every record decoded and ordered, none printed)
#   merge    leaktrail merge -o M shard-0 .. shard-3 (with its checks; the
#            run files copied, as long as there are at most 128)
#   merge1   the same with --max-runs 1 (every record k-way merged into one
#            new run: decompressed, ordered, compressed again)
# and, after both rounds, reads the two merged stores (readM, readM1).
# Not a test; removes its data at the end.
#
# Environment:
#   BENCH_MERGE_MB   MiB of logs in total (default 1000: 1.05 GB)
#   BENCH_DIR        work folder (default: temporary, removed afterwards)
set -euo pipefail
builddir=${BUILDDIR:-$(pwd)}
lt="$builddir/leaktrail"
gen="$builddir/bench/loggen"
mb=${BENCH_MERGE_MB:-1000}
[ -x "$lt" ] && [ -x "$gen" ] || { echo "bench-merge: build leaktrail and bench/loggen first" >&2; exit 1; }
work=${BENCH_DIR:-$(mktemp -d /tmp/leaktrail-merge.XXXXXX)}
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/logs"
per=$(( mb / 8 ))
i=0
for f in proxy fileserver vpn mail; do
	for seed in 1 2; do
		i=$((i + 1))
		"$gen" "$f" "$per" "$seed" >"$work/logs/$f-$seed.log"
	done
done
bytes=$(cat "$work"/logs/* | wc -c)
echo "bench-merge: $bytes bytes of logs in 8 files, 4 shards" >&2
shard() { "$lt" ingest -q -j1 --tz Asia/Tokyo --shard "$1/4" -o "$work/shard-$1" "$work/logs" || [ $? -eq 2 ]; }
shard 0 & p0=$!
shard 1 & p1=$!
wait $p0 $p1
shard 2 & p2=$!
shard 3 & p3=$!
wait $p2 $p3
store=$(cat "$work"/shard-*/records/* | wc -c)
records=$(jq -s '[.[].ingest[0].summary.records] | add' "$work"/shard-*/manifest.json)
timed() { # label command...: prints "label wall user sys rss_MB"
	local label=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >/dev/null
	read -r wall user sys rss <"$work/time"
	printf '%-6s %8s %8s %8s %8s %10d\n' "$label" "$wall" "$user" "$sys" \
		"$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')" $((rss / 1024))
}
read_all() { for i in 0 1 2 3; do "$lt" dump --source 999999999 "$work/shard-$i"; done; }
export -f read_all
export lt work
printf '# %s bytes of logs, %s records, %s bytes in the 4 stores\n' "$bytes" "$records" "$store"
printf '%-6s %8s %8s %8s %8s %10s\n' what wall_s user_s sys_s cpu_s peak_MB
cat "$work"/shard-*/records/* >/dev/null	# warm the page cache alike for all
timed cat sh -c 'cat "$work"/shard-*/records/*'
timed read bash -c read_all
for round in 1 2; do
	rm -rf "$work/merged" "$work/merged1"
	timed read bash -c read_all
	timed merge "$lt" merge -q -o "$work/merged" "$work"/shard-0 "$work"/shard-1 "$work"/shard-2 "$work"/shard-3
	timed merge1 "$lt" merge -q --max-runs 1 -o "$work/merged1" "$work"/shard-0 "$work"/shard-1 "$work"/shard-2 "$work"/shard-3
done
echo "# merged stores: $(ls "$work"/merged/records | wc -l) runs, $(cat "$work"/merged/records/* | wc -c) bytes;" \
	"--max-runs 1: $(ls "$work"/merged1/records | wc -l) run, $(cat "$work"/merged1/records/* | wc -c) bytes"
timed readM bash -c '"$lt" dump --source 999999999 "$work/merged"'
timed readM1 bash -c '"$lt" dump --source 999999999 "$work/merged1"'
