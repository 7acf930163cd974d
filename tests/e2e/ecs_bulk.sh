#!/bin/sh
# timeline --format ecs-bulk on the sample case: _bulk NDJSON pairs (action
# line, ECS document), ids = row hashes (unique, deterministic), provenance
# and chain hash in every document, verify re-walks the file and names a
# flipped byte (in a hashed value, in a key, in the action line).
set -u
: "${LT_BIN:?}" "${LT_SRCDIR:?}"
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init ecs_bulk
e2e_need jq python3
logs="$LT_SRCDIR/samples/logs"
[ -d "$logs" ] || e2e_skip_all "samples/logs is missing"
C="$W/case"
N="$C/exports/timeline.ndjson"
flip() { python3 -c "import sys; p=sys.argv[1]; o=int(sys.argv[2]); b=bytearray(open(p,'rb').read()); b[o]^=1; open(p,'wb').write(bytes(b))" "$1" "$2"; }

"$LT_BIN" run -o "$C" --context "$LT_SRCDIR/samples/context.yaml" --tz Asia/Tokyo "$logs" >"$W/run.out" 2>&1
check "run on samples made a case with findings" "[ -s '$C/findings.jsonl' ]"
check_cmd "timeline --format ecs-bulk" "$LT_BIN" timeline "$C" --format ecs-bulk --lang en
check "default name exports/timeline.ndjson, not empty" "[ -s '$N' ]"
lines=$(wc -l <"$N")
check "even number of lines (pairs)" "[ $((lines % 2)) -eq 0 ] && [ $lines -gt 0 ]"
check "every line is one JSON object (jq)" "jq -e -c 'type == \"object\"' '$N' >'$W/t' && ! grep -qv '^true\$' '$W/t' && [ \$(wc -l <'$W/t') -eq $lines ]"
check "odd lines are index actions on leaktrail-timeline with an _id" \
	"[ \$(sed -n 'p;n' '$N' | jq -c 'select(.index._index == \"leaktrail-timeline\" and (.index._id|test(\"^[0-9a-f]{64}\$\")) and (keys == [\"index\"]))' | wc -l) -eq $((lines / 2)) ]"
check "even lines are documents: @timestamp, message, event.hash = the action's _id" \
	"[ \$(jq -s -c '[range(0; length; 2) as \$i | select(.[\$i].index._id == .[\$i+1].event.hash and (.[\$i+1].\"@timestamp\"|test(\"^[0-9]{4}-\")) and (.[\$i+1].message|length > 0))] | length' '$N') -eq $((lines / 2)) ]"
check "ids unique" "[ \$(sed -n 'p;n' '$N' | jq -r '.index._id' | sort -u | wc -l) -eq $((lines / 2)) ]"
check "event rows carry provenance (path, sha256, offset, line, raw) and chain" \
	"sed -n 'n;p' '$N' | jq -e -s 'map(select(.leaktrail.entry_type == \"event\")) | length > 0 and all(.log.file.path and (.leaktrail.source_sha256|test(\"^[0-9a-f]{64}\$\")) and (.log.offset|type == \"number\") and (.leaktrail.line|type == \"number\") and .event.original and .leaktrail.prev_hash and .event.kind == \"event\")' >/dev/null"
check "finding rows are event.kind alert with rule.id and user.name" \
	"sed -n 'n;p' '$N' | jq -e -s 'map(select(.leaktrail.entry_type == \"finding\")) | length > 0 and all(.event.kind == \"alert\" and .rule.id and .rule.name and .leaktrail.finding_id)' >/dev/null"
"$LT_BIN" timeline "$C" --format jsonl --lang en -o "$W/en.jsonl" >/dev/null 2>&1
check "same rows, same hashes as the JSONL timeline" \
	"[ \"\$(sed -n 'n;p' '$N' | jq -r .event.hash)\" = \"\$(jq -r .hash '$W/en.jsonl')\" ] && [ -s '$W/en.jsonl' ]"
# The shipped index template is strict: every field a document carries must
# be mapped in it, and every mapped field must be one the writer can emit.
jq -r '.template.mappings.properties | [paths(objects | select(has("type"))) | map(select(. != "properties")) | join(".")] | .[]' \
	"$LT_SRCDIR/doc/opensearch-template.json" | sort >"$W/mapped"
sed -n 'n;p' "$N" | jq -r '[paths(scalars) | join(".")] | .[]' | sort -u >"$W/emitted"
check "doc/opensearch-template.json maps every emitted field" "[ -s '$W/emitted' ] && [ -z \"\$(comm -13 '$W/mapped' '$W/emitted')\" ]"
check "doc/opensearch-template.json maps no field the writer lacks" "[ -z \"\$(comm -23 '$W/mapped' '$W/emitted')\" ]"
cp "$N" "$W/first.ndjson"
"$LT_BIN" timeline "$C" --format ecs-bulk --lang en >/dev/null 2>&1
check_cmd "deterministic: second export byte-identical" cmp "$W/first.ndjson" "$N"
check "manifest records the output with its format" "jq -e '[.outputs[] | select(.format == \"ecs-bulk\")] | length == 1' '$C/manifest.json' >/dev/null"
check "verify passes and re-walks the ndjson" "'$LT_BIN' verify '$C' >'$W/v' 2>&1 && grep -q 'timeline.ndjson' '$W/v'"

# One flipped byte at a time: in a hashed value, in a key, in the action line.
flipped() {
	what=$1 pattern=$2
	cp "$W/first.ndjson" "$N"
	off=$(grep -abo "$pattern" "$N" | head -1 | cut -d: -f1)
	if [ -z "$off" ]; then bad "$what: pattern $pattern not found"; return; fi
	flip "$N" $((off + 3))
	check "verify: flipped byte in $what -> 3, names the entry" \
		"'$LT_BIN' verify '$C' >'$W/st' 2>&1; [ \$? -eq 3 ] && grep -q 'first difference: output exports/timeline.ndjson: chain broken at entry' '$W/st'"
}
flipped "event.original (hashed value)" '"original":"'
flipped "a key (user.name)" '"user":{'
flipped "the action line (_index)" '"_index":"'
flipped "event.kind (derived)" '"kind":"'
cp "$W/first.ndjson" "$N"
check_cmd "verify: restored file passes" "$LT_BIN" verify -q "$C"
head -n 3 "$W/first.ndjson" >"$N"
check "verify: action line without its document -> 3" "'$LT_BIN' verify '$C' >'$W/st' 2>&1; [ \$? -eq 3 ] && grep -q 'ndjson' '$W/st'"
cp "$W/first.ndjson" "$N"
e2e_finish
