# Shared by the scale-out tests (shard.sh, merge.sh, slurm.sh, parallel.sh): sourced
# after lib.sh and e2e_init.
#   recipe_evidence          multi-source evidence in $E (samples/logs and a tar.gz)
#   recipe_reference         N=1: one ingest, scan and timelines of $E into $W/one
#   recipe_extract NAME      the doc/scale-out.md block after "<!-- recipe: NAME",
#                            EVIDENCE and CASES set to $E and $W/cases, into $W/NAME.sh
#   recipe_compare CASE      CASE equals $W/one: records, findings, coverage, timelines
#   recipe_path              $W/bin (leaktrail = $LT_BIN) first on PATH
recipe_evidence() {
	logs="$LT_SRCDIR/samples/logs"
	[ -d "$logs" ] || e2e_skip_all "samples/logs is missing"
	E="$W/evidence"
	mkdir -p "$E"
	cp -R "$logs/." "$E/"
	tar -czf "$E/proxy-archive.tar.gz" -C "$logs" proxy
}
recipe_path() {
	mkdir -p "$W/bin"
	ln -sf "$LT_BIN" "$W/bin/leaktrail"
	PATH="$W/bin:$PATH"
	export PATH
}
recipe_reference() {
	"$LT_BIN" ingest -q --tz Asia/Tokyo -o "$W/one" "$E" || [ $? -eq 2 ] || return 1
	"$LT_BIN" scan "$W/one" >/dev/null || [ $? -eq 1 ] || return 1
	"$LT_BIN" timeline "$W/one" --format csv >/dev/null 2>&1 &&
		"$LT_BIN" timeline "$W/one" --format jsonl >/dev/null 2>&1
}
recipe_extract() {
	awk -v name="$1" '
		index($0, "<!-- recipe: " name " ") == 1 { want = 1; next }
		want && /^```sh$/ { inside = 1; next }
		inside && /^```$/ { exit }
		inside { print }' "$LT_SRCDIR/doc/scale-out.md" |
		sed -e "s|EVIDENCE=[^ ]*|EVIDENCE=$E|" -e "s|CASES=[^ ]*|CASES=$W/cases|" >"$W/$1.sh"
	[ -s "$W/$1.sh" ]
}
recipe_compare() {
	"$LT_BIN" dump "$W/one" >"$W/one.dump"
	"$LT_BIN" dump "$1" >"$W/n4.dump" 2>/dev/null
	check "N=4 = N=1: records (leaktrail dump) byte for byte ($(wc -l <"$W/one.dump") records)" \
		"[ -s '$W/one.dump' ] && cmp -s '$W/one.dump' '$W/n4.dump'"
	for f in findings.jsonl coverage.json exports/timeline.csv exports/timeline.jsonl; do
		check "N=4 = N=1: $f byte for byte" "[ -s '$W/one/$f' ] && cmp -s '$W/one/$f' '$1/$f'"
	done
	check "N=4 = N=1: the manifests' sources" \
		"jq -S .sources '$W/one/manifest.json' >'$W/a.src' && jq -S .sources '$1/manifest.json' >'$W/b.src' && cmp -s '$W/a.src' '$W/b.src'"
	check "the merged case names its 4 shards" "jq -e '.merge.count == 4 and (.merge.shards | length) == 4' '$1/manifest.json' >/dev/null"
}
