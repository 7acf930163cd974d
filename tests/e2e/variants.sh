#!/bin/sh
# Data-driven autodetection test over tests/data/variants/<family>/<variant>/:
# each folder holds one input file (input.*), written by us in the shape of
# a real variant (doc/parsers.md names where each shape came from), and
# expected.json:
#   { "parser": "cef",                 parser autodetection must choose
#     "args": ["--tz", "UTC"],         extra ingest arguments (default --tz UTC)
#     "unparsed": 0,                   unparsed lines (default 0)
#     "mtime": "2026-12-01 00:00:00Z", the input's mtime (year inference;
#                                      this is the default)
#     "records": [ {field: value}, ... ] }
# The input is ingested WITHOUT --format; the records (ordered by byte
# offset) must be exactly as many as listed, and every listed field must
# have the listed value ("@timestamp" included). Fields not listed are not
# checked; a field listed with null must be absent.
# VARIANTS_DIR overrides the folder (used to check that a broken fixture fails).
set -u
: "${LT_BIN:?}"
: "${LT_SRCDIR:?}"
dir=${VARIANTS_DIR:-$LT_SRCDIR/tests/data/variants}
if ! command -v jq >/dev/null 2>&1; then
	echo "variants.sh: SKIP: jq is needed"
	echo "e2e: 0 passed, 0 failed, 1 skipped"
	exit 77
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/lt-variants.XXXXXX")
trap 'rm -rf "$W"' EXIT
pass=0 fail=0

check_variant() {
	v=$1 name=$2
	exp=$v/expected.json
	input=$(find "$v" -maxdepth 1 -type f -name 'input*' | LC_ALL=C sort | head -1)
	if [ ! -f "$exp" ] || [ -z "$input" ]; then
		echo "FAIL: $name: needs expected.json and an input.* file"
		return 1
	fi
	C=$W/case
	rm -rf "$C"
	# arguments one per line, so that values with blanks stay whole
	jq -r '(.args // ["--tz", "UTC"])[]' "$exp" >"$W/args"
	set --
	while IFS= read -r a; do set -- "$@" "$a"; done <"$W/args"
	# a copy with a fixed mtime: year-less stamps are placed by it
	rm -rf "$W/in" && mkdir "$W/in"
	cp "$input" "$W/in/"
	copy=$W/in/$(basename "$input")
	touch -d "$(jq -r '.mtime // "2026-12-01 00:00:00Z"' "$exp")" "$copy"
	"$LT_BIN" ingest -q -o "$C" "$@" "$copy" >"$W/out" 2>&1
	if [ ! -f "$C/manifest.json" ]; then
		echo "FAIL: $name: no manifest"; sed 's/^/  | /' "$W/out" | head -5
		return 1
	fi
	want=$(jq -r '.parser' "$exp")
	got=$(jq -r '[.sources[].streams[].parser.name // "none"] | first' "$C/manifest.json")
	if [ "$got" != "$want" ]; then
		echo "FAIL: $name: parser $got, want $want"
		return 1
	fi
	un=$(jq -r '[.sources[].streams[].counts.unparsed] | add' "$C/manifest.json")
	wun=$(jq -r '.unparsed // 0' "$exp")
	if [ "$un" != "$wun" ]; then
		echo "FAIL: $name: $un unparsed lines, want $wun"
		return 1
	fi
	"$LT_BIN" dump "$C" | jq -s 'sort_by(."leaktrail.offset")' >"$W/got.json"
	jq -r --slurpfile g "$W/got.json" '
		.records as $e | $g[0] as $g |
		(if ($e | length) != ($g | length)
		 then "\($g | length) records, want \($e | length)" else empty end),
		($e | to_entries[] | .key as $i | .value | to_entries[] |
		 select(($g[$i] // {})[.key] != .value) |
		 "record \($i + 1): \(.key) = \(($g[$i] // {})[.key] | tojson), want \(.value | tojson)")
	' "$exp" >"$W/diff"
	if [ -s "$W/diff" ]; then
		echo "FAIL: $name"
		sed 's/^/  | /' "$W/diff" | head -20
		return 1
	fi
	echo "ok: $name -> $got ($(jq '.records | length' "$exp") records)"
	return 0
}

for v in "$dir"/*/*/; do
	[ -d "$v" ] || continue
	v=${v%/}
	name=${v#"$dir"/}
	if check_variant "$v" "$name"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done
if [ $((pass + fail)) -eq 0 ]; then
	echo "FAIL: no variant folders under $dir"
	fail=1
fi
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
