#!/bin/sh
# leaktrail merge (issue 17): the four shards of a multi-source evidence
# folder (samples/logs plus a tar.gz made here), merged, scanned and
# exported, equal a single-machine run byte for byte: records (dump, in
# store order, not sorted), findings, coverage, CSV and JSONL timelines, and
# the manifest's sources; the merged manifest and audit log name every
# shard; verify re-hashes every shard's evidence. Bad sets of shards are
# named errors with their exit status, and nothing is written.
set -u
: "${LT_BIN:?}" "${LT_SRCDIR:?}"
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init merge
e2e_need jq tar
. "$LT_SRCDIR/tests/e2e/recipe.sh"
recipe_evidence
ing() { "$LT_BIN" ingest -q --tz Asia/Tokyo "$@"; }
# scan and export a case as run does; the status of scan is 0 or 1 (findings)
scan_export() {
	"$LT_BIN" scan "$1" >/dev/null 2>&1
	[ $? -le 1 ] || return 1
	"$LT_BIN" timeline "$1" --format csv >/dev/null 2>&1 &&
		"$LT_BIN" timeline "$1" --format jsonl >/dev/null 2>&1
}

check_cmd "single machine: ingest (reference)" ing -j1 -o "$W/all" "$E"
check_cmd "single machine: scan and timelines" scan_export "$W/all"
for i in 0 1 2 3; do
	check_cmd "ingest --shard $i/4" ing -j1 --shard "$i/4" -o "$W/s$i" "$E"
done
# Given out of order: merge sorts them by index.
check_cmd "merge -o M s2 s0 s3 s1" "$LT_BIN" merge -q -o "$W/M" "$W/s2" "$W/s0" "$W/s3" "$W/s1"
check_cmd "merged case: scan and timelines" scan_export "$W/M"

"$LT_BIN" dump "$W/all" >"$W/all.dump"
"$LT_BIN" dump "$W/M" >"$W/M.dump"
check "records (dump, store order) equal the single ingest's byte for byte ($(wc -l <"$W/all.dump") records)" \
	"[ -s '$W/all.dump' ] && cmp -s '$W/all.dump' '$W/M.dump'"
check "the reference has findings to compare" "[ -s '$W/all/findings.jsonl' ]"
for f in findings.jsonl coverage.json exports/timeline.csv exports/timeline.jsonl; do
	check "$f equals the single machine's byte for byte" "[ -s '$W/all/$f' ] && cmp -s '$W/all/$f' '$W/M/$f'"
done
check "manifest sources (hashes, streams, counts) equal the single ingest's" \
	"jq -S .sources '$W/all/manifest.json' >'$W/a.src' && jq -S .sources '$W/M/manifest.json' >'$W/m.src' && cmp -s '$W/a.src' '$W/m.src'"
check "the merged store holds every shard's run files, byte for byte, shard by shard" "
	n=0
	for i in 0 1 2 3; do
		for f in \$(ls '$W/s'\$i/records); do
			cmp -s '$W/s'\$i/records/\$f '$W/M/records/run-s000'\$i-\${f#run-} || exit 1
			n=\$((n + 1))
		done
	done
	[ \$n -ge 4 ] && [ \$(ls '$W/M/records' | wc -l) -eq \$n ]"
check "merge section: N, digest, the four shards in order with manifest hash, audit head and store" \
	"jq -e --arg d \"\$(jq -r .shard.inputs_digest '$W/s0/manifest.json')\" '.merge.count == 4 and .merge.inputs_digest == \$d and ([.merge.shards[].index] == [0,1,2,3]) and all(.merge.shards[]; (.manifest_sha256|test(\"^[0-9a-f]{64}\$\")) and (.audit.head|test(\"^[0-9a-f]{64}\$\")) and (.store|length) > 0) and .merge.records == ([.merge.shards[].records]|add)' '$W/M/manifest.json' >/dev/null"
check "merged manifest has no shard section; ingest runs name their shard" \
	"jq -e '(has(\"shard\")|not) and ([.ingest[].shard] == [0,1,2,3])' '$W/M/manifest.json' >/dev/null"
check "manifest records each shard's manifest SHA-256" \
	"for i in 0 1 2 3; do [ \"\$(jq -r \".merge.shards[\$i].manifest_sha256\" '$W/M/manifest.json')\" = \"\$(sha256sum <'$W/s'\$i/manifest.json | cut -c1-64)\" ] || exit 1; done"
check "audit log line 1 records every shard's audit head" \
	"for i in 0 1 2 3; do h=\$(tail -n1 '$W/s'\$i/audit.log | jq -r .hash); head -n1 '$W/M/audit.log' | jq -e --arg h \"\$h\" --argjson i \$i '.shards[\$i].audit_head == \$h and .shards[\$i].index == \$i' >/dev/null || exit 1; done"
check "audit log line 1 lists every shard's manifest as an input" \
	"[ \$(head -n1 '$W/M/audit.log' | jq '[.inputs[].path | select(endswith(\"manifest.json\"))] | length') -eq 4 ]"
expect "verify on the merged case" 0 "$LT_BIN" verify "$W/M"
n=$(jq '.sources | length' "$W/all/manifest.json")
check "verify re-hashes every shard's evidence ($n sources)" "[ \$(grep -c '^ok  *evidence ' '$W/out') -eq $n ]"

# Shards ingested with -j 2 (tagged runs): the same records.
for i in 0 1 2 3; do ing -j2 --shard "$i/4" -o "$W/t$i" "$E" >/dev/null 2>&1; done
check_cmd "merge of shards ingested with -j 2" "$LT_BIN" merge -q -o "$W/MT" "$W/t0" "$W/t1" "$W/t2" "$W/t3"
check "same records as the single ingest" "$LT_BIN dump '$W/MT' | cmp -s - '$W/all.dump'"
check "shards ingested with -j 2 have more runs than 4" "[ \$(ls '$W'/t?/records | grep -c '^run-') -gt 4 ]"
check_cmd "merge --max-runs 2 (runs k-way merged)" "$LT_BIN" merge -q --max-runs 2 -o "$W/MT2" "$W/t0" "$W/t1" "$W/t2" "$W/t3"
check "--max-runs 2: at most 2 runs, the same records" \
	"[ \$(ls '$W/MT2/records' | wc -l) -le 2 ] && $LT_BIN dump '$W/MT2' | cmp -s - '$W/all.dump'"
# The copies' names, in name order, and where each comes from.
for i in 0 1 2 3; do for f in $(ls "$W/t$i/records"); do echo "run-s000$i-${f#run-} $W/t$i/records/$f"; done; done | sort >"$W/copies"
nt=$(wc -l <"$W/copies")
check_cmd "merge --max-runs $((nt - 1)) (one run fewer than the copies)" "$LT_BIN" merge -q --max-runs $((nt - 1)) -o "$W/MT3" "$W/t0" "$W/t1" "$W/t2" "$W/t3"
check "--max-runs $((nt - 1)): the first two runs merged into one, the later ones still byte-for-byte copies" "
	[ \$(ls '$W/MT3/records' | wc -l) -eq $((nt - 1)) ] || exit 1
	[ ! -e '$W/MT3/records/'\$(sed -n 2p '$W/copies' | cut -d' ' -f1) ] || exit 1
	sed -n '3,\$p' '$W/copies' | while read -r name from; do cmp -s \"\$from\" '$W/MT3/records/'\$name || exit 1; done"
check "--max-runs $((nt - 1)): the same records" "$LT_BIN dump '$W/MT3' | cmp -s - '$W/all.dump'"
check_cmd "merge --max-runs 1 (one fully merged run)" "$LT_BIN" merge -q --max-runs 1 -o "$W/M1" "$W/s0" "$W/s1" "$W/s2" "$W/s3"
check "--max-runs 1: one run, the same records" \
	"[ \$(ls '$W/M1/records' | wc -l) -eq 1 ] && $LT_BIN dump '$W/M1' | cmp -s - '$W/all.dump'"
check "--max-runs 1 again: the same store bytes" \
	"$LT_BIN merge -q --max-runs 1 -o '$W/M1b' '$W/s0' '$W/s1' '$W/s2' '$W/s3' && cmp -s '$W/M1/records/run-s0000-00000001.mpk.zst' '$W/M1b/records/run-s0000-00000001.mpk.zst'"
check_cmd "scan of the one-run case" sh -c "'$LT_BIN' scan '$W/M1' >/dev/null; [ \$? -le 1 ]"
check "one-run case: findings equal the single machine's" "cmp -s '$W/all/findings.jsonl' '$W/M1/findings.jsonl'"
expect "verify of the one-run case" 0 "$LT_BIN" verify "$W/M1"

# ---- bad input: a named error, its status, nothing written ----
nothing() { [ ! -e "$W/X" ] && [ -z "$(ls -A "$W" | grep '^\.X\.merging')" ]; }
bad_merge() { # what status pattern args...
	what=$1 st=$2 pat=$3
	shift 3
	expect "$what: exit $st" "$st" "$LT_BIN" merge -q -o "$W/X" "$@"
	check "$what: names it ('$pat'), nothing written" "grep -q -- \"$pat\" '$W/err' && nothing"
}
bad_merge "a missing shard" 64 "shard 3/4 is missing" "$W/s0" "$W/s1" "$W/s2"
bad_merge "a shard given twice" 64 "are both shard 1/4 (overlapping shards)" "$W/s0" "$W/s1" "$W/t1" "$W/s2" "$W/s3"
cp -R "$W/s0" "$W/s0as3"
jq '.shard.index = 3' "$W/s0/manifest.json" >"$W/s0as3/manifest.json"
bad_merge "a source in two shards" 64 "is in shard .* and in shard .* (overlapping shards)" "$W/s0" "$W/s1" "$W/s2" "$W/s0as3"
echo "2026-11-01T00:00:00Z extra" >"$W/extra.log"
ing --shard 3/4 -o "$W/other" "$E" "$W/extra.log" >/dev/null 2>&1
bad_merge "a shard from another input list" 64 "is from another input list" "$W/s0" "$W/s1" "$W/s2" "$W/other"
ing --shard 1/2 -o "$W/half" "$E" >/dev/null 2>&1
bad_merge "a shard of another N" 64 "one of 2 shards" "$W/s0" "$W/half" "$W/s2" "$W/s3"
bad_merge "a case that is not a shard" 64 "is not a shard case" "$W/s0" "$W/s1" "$W/s2" "$W/all"
"$LT_BIN" ingest -q --tz UTC --shard 3/4 -o "$W/utc3" "$E" >/dev/null 2>&1
bad_merge "a shard ingested with other options" 64 "with other time_zone" "$W/s0" "$W/s1" "$W/s2" "$W/utc3"
mkdir -p "$W/X"
echo keep >"$W/X/file"
expect "an output that exists: exit 64" 64 "$LT_BIN" merge -q -o "$W/X" "$W/s0" "$W/s1" "$W/s2" "$W/s3"
check "an output that exists: named, left as it was" \
	"grep -q 'exists and is not empty' '$W/err' && [ \"\$(ls -A '$W/X')\" = file ]"
rm -rf "$W/X"

# Evidence changed after the shards were read: a copy of the evidence,
# sharded, then one file of one shard changed.
cp -R "$E" "$W/ev2"
for i in 0 1 2 3; do ing --shard "$i/4" -o "$W/e$i" "$W/ev2" >/dev/null 2>&1; done
victim=$(jq -r '.sources[0].path' "$W/e2/manifest.json")
cp -p "$victim" "$W/victim.orig"
echo "2026-11-01T00:00:00Z one more line" >>"$victim"
bad_merge "evidence that grew" 3 "evidence .* changed since it was read" "$W/e0" "$W/e1" "$W/e2" "$W/e3"
# Same size, same time: only a re-hash sees it.
cp -p "$W/victim.orig" "$victim"
printf 'X' | dd of="$victim" bs=1 seek=0 conv=notrunc 2>/dev/null
touch -r "$W/victim.orig" "$victim"
bad_merge "evidence changed in place (--verify-evidence)" 3 "fails verification.*evidence .*SHA-256" \
	--verify-evidence "$W/e0" "$W/e1" "$W/e2" "$W/e3"
cp -p "$W/victim.orig" "$victim"
check_cmd "the restored evidence merges (with --verify-evidence)" \
	"$LT_BIN" merge -q --verify-evidence -o "$W/ME" "$W/e0" "$W/e1" "$W/e2" "$W/e3"
# A damaged record store.
run=$(ls "$W/e1/records" | head -n1)
printf 'XXXX' | dd of="$W/e1/records/$run" bs=1 seek=100 conv=notrunc 2>/dev/null
bad_merge "a shard whose record store changed" 3 "fails verification.*records/" "$W/e0" "$W/e1" "$W/e2" "$W/e3"

expect "no SHARD_CASE is a usage error" 64 "$LT_BIN" merge -o "$W/X"
expect "no -o is a usage error" 64 "$LT_BIN" merge "$W/s0"
expect "--max-runs 0 is a usage error" 64 "$LT_BIN" merge --max-runs 0 -o "$W/X" "$W/s0"
e2e_finish
