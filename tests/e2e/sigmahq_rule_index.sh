#!/bin/sh
# The rule index (issue 18, doc/rules.md "Rule index") never changes a
# result: every loadable SigmaHQ rule (rules/, rules-threat-hunting/,
# rules-emerging-threats/) over every .evtx of SigmaHQ's regression data,
# scanned once with the index (log-source groups and the literal
# prefilter) and once with LT_RULE_INDEX=0 (every rule tested in full on
# every record); findings.jsonl and coverage.json must be equal byte for
# byte, and some rules must have fired (so equality is not two empty
# files). Skips when $LT_SHARED/peer/sigmahq is absent.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init ruleindex
peer=${LT_SHARED:-}/peer/sigmahq
[ -d "$peer/regression_data" ] || e2e_skip_all "SigmaHQ suite not found at $peer (set LT_SHARED)"
find "$peer/regression_data" -name '*.evtx' | LC_ALL=C sort >"$W/evtx"
check "the regression data has its .evtx files" "[ \$(wc -l <'$W/evtx') -ge 100 ]"
# one case holds them all (ingest takes many inputs)
tr '\n' '\0' <"$W/evtx" | xargs -0 "$LT_BIN" ingest -q -o "$W/case" >"$W/ingest.log" 2>&1
check "ingest of the regression .evtx files" "[ -f '$W/case/manifest.json' ]"
set -- --rules "$peer/rules" --rules "$peer/rules-threat-hunting" --rules "$peer/rules-emerging-threats"
label=indexed ix=1
LT_RULE_INDEX=$ix "$LT_BIN" scan -q "$W/case" "$@" >"$W/$label.log" 2>&1
echo $? >"$W/$label.status"
cp "$W/case/findings.jsonl" "$W/$label.findings.jsonl"
cp "$W/case/coverage.json" "$W/$label.coverage.json"
label=full ix=0
LT_RULE_INDEX=$ix "$LT_BIN" scan -q "$W/case" "$@" >"$W/$label.log" 2>&1
echo $? >"$W/$label.status"
cp "$W/case/findings.jsonl" "$W/$label.findings.jsonl"
cp "$W/case/coverage.json" "$W/$label.coverage.json"
check "both scans ran (exit 0 or 1)" \
	"[ \$(cat '$W/indexed.status') -le 1 ] && [ \$(cat '$W/full.status') -le 1 ]"
n=$(wc -l <"$W/indexed.findings.jsonl")
echo "  $n findings with the index, $(wc -l <"$W/full.findings.jsonl") without"
check "rules fired (at least 150 findings)" "[ $n -ge 150 ]"
check "findings equal byte for byte" "cmp '$W/indexed.findings.jsonl' '$W/full.findings.jsonl'"
check "coverage equal byte for byte" "cmp '$W/indexed.coverage.json' '$W/full.coverage.json'"
e2e_finish
