#!/bin/sh
# ingest --shard I/N and run --shard I/N on a multi-source evidence folder
# (samples/logs plus a tar.gz made here, which must stay one source): the
# N=4 shares cover every source exactly once, are the same run after run
# (and with -j), are balanced by size, name the shard, the input list's
# digest and N in their manifests, and their records together are the
# single ingest's records; a bad --shard is a usage error.
set -u
: "${LT_BIN:?}" "${LT_SRCDIR:?}"
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init shard
e2e_need jq tar
. "$LT_SRCDIR/tests/e2e/recipe.sh"
recipe_evidence
ing() { "$LT_BIN" ingest -q --tz Asia/Tokyo "$@"; }

check_cmd "single ingest (reference)" ing -j1 -o "$W/all" "$E"
for i in 0 1 2 3; do
	check_cmd "ingest --shard $i/4" ing -j1 --shard "$i/4" -o "$W/s$i" "$E"
done
total=$(jq '.sources | length' "$W/all/manifest.json")
check "reference has several sources (got $total)" "[ $total -ge 8 ]"
jq -r '.sources[] | "\(.id) \(.sha256) \(.path)"' "$W/all/manifest.json" | sort >"$W/ref.src"
for i in 0 1 2 3; do jq -r '.sources[] | "\(.id) \(.sha256) \(.path)"' "$W/s$i/manifest.json"; done | sort >"$W/shards.src"
check "the four shares cover every source exactly once (id, SHA-256, path)" "cmp -s '$W/ref.src' '$W/shards.src'"
check "no share is empty" "for i in 0 1 2 3; do [ \$(jq '.sources | length' '$W/s'\$i/manifest.json) -gt 0 ] || exit 1; done"
check "the archive is one source, in one share" \
	"[ \$(grep -c 'proxy-archive.tar.gz\$' '$W/shards.src') -eq 1 ]"
check "manifests name the shard, N, the input list digest and its size" \
	"for i in 0 1 2 3; do jq -e --argjson i \$i '.shard.index == \$i and .shard.count == 4 and (.shard.inputs_digest|test(\"^[0-9a-f]{64}\$\")) and .shard.inputs_sources == $total' '$W/s'\$i/manifest.json >/dev/null || exit 1; done"
check "every share has the same input list digest" \
	"[ \$(for i in 0 1 2 3; do jq -r .shard.inputs_digest '$W/s'\$i/manifest.json; done | sort -u | wc -l) -eq 1 ]"
sum=0
for i in 0 1 2 3; do sum=$((sum + $(jq .shard.bytes "$W/s$i/manifest.json"))); done
check "shard bytes add up to the input list's bytes ($sum)" "[ $sum -gt 0 ] && [ $sum -eq \$(jq .shard.inputs_bytes '$W/s0/manifest.json') ]"
# Greedy by size, largest first: no share exceeds an even share by more
# than the largest source.
check "balanced: max share <= total/4 + largest source" "
	max=\$(for i in 0 1 2 3; do jq .shard.bytes '$W/s'\$i/manifest.json; done | sort -n | tail -1)
	big=\$(find '$E' -type f -printf '%s\n' | sort -n | tail -1)
	all=\$(jq .shard.inputs_bytes '$W/s0/manifest.json')
	[ \$((max * 4)) -le \$((all + 4 * big)) ]"
check "single manifest has no shard section" "jq -e 'has(\"shard\") | not' '$W/all/manifest.json' >/dev/null"
for i in 0 1 2 3; do "$LT_BIN" dump "$W/s$i"; done | sort >"$W/shards.dump"
"$LT_BIN" dump "$W/all" | sort >"$W/all.dump"
check "records of the four shares = the single ingest's records (dump, sorted)" \
	"[ -s '$W/all.dump' ] && cmp -s '$W/all.dump' '$W/shards.dump'"

check_cmd "verify passes on a shard case" "$LT_BIN" verify -q "$W/s2"

# Stable: again, and with -j 2, the same sources per share.
for i in 0 1 2 3; do
	ing -j2 --shard "$i/4" -o "$W/t$i" "$E" >/dev/null 2>&1
	jq -c '[.shard, [.sources[] | [.id, .path, .sha256]]]' "$W/s$i/manifest.json" >"$W/a$i"
	jq -c '[.shard, [.sources[] | [.id, .path, .sha256]]]' "$W/t$i/manifest.json" >"$W/b$i"
	check "share $i is the same again (with -j 2)" "[ -s '$W/a$i' ] && cmp -s '$W/a$i' '$W/b$i'"
done
check "N=1: one share holds everything" "ing --shard 0/1 -o '$W/one' '$E' && [ \$(jq '.sources | length' '$W/one/manifest.json') -eq $total ]"

# A different input list gives a different digest.
echo "2026-11-01T00:00:00Z extra" >"$W/extra.log"
ing --shard 0/4 -o "$W/other" "$E" "$W/extra.log" >/dev/null 2>&1
check "another input list, another digest" \
	"[ \"\$(jq -r .shard.inputs_digest '$W/other/manifest.json')\" != \"\$(jq -r .shard.inputs_digest '$W/s0/manifest.json')\" ]"

# run --shard: the same share, scanned and exported.
check_cmd "run --shard 1/4" sh -c "'$LT_BIN' run -q --shard 1/4 --tz Asia/Tokyo -o '$W/r1' '$E'; [ \$? -le 2 ]"
check "run --shard: manifest names the shard, same sources as ingest --shard" \
	"[ \"\$(jq -c '[.sources[] | .id]' '$W/r1/manifest.json')\" = \"\$(jq -c '[.sources[] | .id]' '$W/s1/manifest.json')\" ] && jq -e '.shard.index == 1' '$W/r1/manifest.json' >/dev/null"

# Bad --shard: usage errors, no case made.
for bad in 4/4 5/4 -1/4 1/0 a/4 1/ /4 1/4x 1 0/4097; do
	expect "ingest --shard $bad is a usage error" 64 ing --shard "$bad" -o "$W/bad" "$E"
	check "ingest --shard $bad: message names --shard, no case" "grep -q -- '--shard' '$W/err' && [ ! -e '$W/bad' ]"
done
expect "run --shard 4/4 is a usage error" 64 "$LT_BIN" run --shard 4/4 -o "$W/bad" "$E"
expect "--shard with stdin is a usage error" 64 sh -c "echo x | '$LT_BIN' ingest -q --shard 0/2 -o '$W/bad' -"
check "--shard with stdin: says why" "grep -q 'stdin' '$W/err'"
expect "--shard with --append is a usage error" 64 ing --append --shard 0/2 -o "$W/s0" "$E"
e2e_finish
