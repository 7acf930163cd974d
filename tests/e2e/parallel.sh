#!/bin/sh
# End-to-end: parallel ingest (-j) gives the same case as one process: the
# same records in the same order, the same manifest apart from run times, the
# same faults and exit status.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init par
e2e_need jq

mkdir -p "$W/in"
cp -r "$LT_SRCDIR/samples/logs" "$W/in/logs"
# a fault among good inputs: a gzip cut short
head -c 300 "$LT_SRCDIR/samples/logs/proxy/access.log.1.gz" > "$W/in/cut.log.gz"
same_manifest() { # the manifest without what differs by design: case id, run times, store file names
	jq -S 'del(.case) | del(.ingest) | del(.store)' "$1/manifest.json"
}
for j in 1 2 3 5; do
	"$LT_BIN" ingest -q -j "$j" --tz Asia/Tokyo -o "$W/case$j" "$W/in" 2> "$W/err$j"
	echo $? > "$W/rc$j"
	"$LT_BIN" dump "$W/case$j" > "$W/dump$j"
	same_manifest "$W/case$j" > "$W/man$j"
done
check "the cut gzip is a fault (exit 2)" "[ \$(cat '$W/rc1') -eq 2 ]"
for j in 2 3 5; do
	check "-j $j: same exit status" "cmp -s '$W/rc1' '$W/rc$j'"
	check "-j $j: same records in the same order" "cmp -s '$W/dump1' '$W/dump$j'"
	check "-j $j: same manifest" "cmp -s '$W/man1' '$W/man$j'"
	check "-j $j: the fault is reported" "grep -q 'cut.log.gz' '$W/err$j'"
	check "-j $j: no worker files left" "[ -z \"\$(ls -A '$W/case$j' | grep ingest-worker)\" ]"
done
check "records were read" "[ -s '$W/dump1' ]"
"$LT_BIN" ingest -q -j 0 -o "$W/bad" "$W/in" > /dev/null 2>&1
check "-j 0 is a usage error" "[ $? -eq 64 ]"

e2e_finish
