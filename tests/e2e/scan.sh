#!/bin/sh
# End-to-end: leaktrail scan and leaktrail rules on the sample case
# (samples/logs with samples/context.yaml and the shipped rules).
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init scan
e2e_need jq

R="$LT_SRCDIR/rules"
CTX="$LT_SRCDIR/samples/context.yaml"
expect "rules check on the shipped rules" 0 "$LT_BIN" rules check "$R"
expect "rules check refuses broken files" 64 "$LT_BIN" rules check "$LT_SRCDIR/tests/rules/bad-rules"
check "errors carry file:line:column" "grep -q 'a-modifier.yml:7:5: unsupported modifier' '$W/err'"
expect "rules list" 0 "$LT_BIN" rules list --rules "$R"
check "rules list shows an id and the digest" "grep -q 'lt-usb-unapproved' '$W/out' && grep -q '^rule-set digest [0-9a-f]\{64\}' '$W/out'"
expect "scan of a missing case" 74 "$LT_BIN" scan "$W/nonexistent" --rules "$R"
expect "scan without a case" 64 "$LT_BIN" scan

"$LT_BIN" ingest -o "$W/case" "$LT_SRCDIR/samples/logs" >/dev/null 2>&1
expect "scan with a parameter nobody declares" 64 "$LT_BIN" scan "$W/case" --context "$CTX" --rules "$R" --set lt-usb-unapproved.nosuch=1
expect "scan finds something in the sample" 1 "$LT_BIN" scan "$W/case" --context "$CTX" --rules "$R"
F="$W/case/findings.jsonl"
check "findings are JSON lines with evidence" "jq -e -s 'length > 0 and all(.[] | select(.kind == \"finding\"); .refs | length > 0)' '$F' >/dev/null"
check "findings are sorted by first time" "jq -e -s '[.[] | select(.kind == \"finding\") | .first] == ([.[] | select(.kind == \"finding\") | .first] | sort)' '$F' >/dev/null"
# Person alerts (src/rules/risk.h) follow the findings, in the order raised,
# each naming findings of its own person that are in the file.
check "person alerts follow the findings" "jq -e -s '([.[].kind] | index(\"person_alert\")) as \$i | \$i != null and all(.[\$i:][]; .kind == \"person_alert\")' '$F' >/dev/null"
check "every alert lists findings of its own person" "jq -e -s '(map(select(.kind == \"finding\") | {key: .id, value: .person}) | from_entries) as \$p | [.[] | select(.kind == \"person_alert\") | . as \$a | .values[] | select(.field == \"finding.id\") | .values[] | \$p[.] == \$a.person] | length > 0 and all' '$F' >/dev/null"
check "every finding carries a risk score" "jq -e -s 'all(.[]; (.risk | type) == \"number\")' '$F' >/dev/null"
check "unapproved USB stick found" "jq -e -s 'any(.[]; .rule_id == \"lt-usb-unapproved\")' '$F' >/dev/null"
check "bilingual messages" "jq -e -s 'all(.[]; (.message_en | length > 0) and (.message_ja | length > 0))' '$F' >/dev/null"
check "every reference names its source file and line" "jq -e -s 'all(.[].refs[]; .source_path != null and .line > 0)' '$F' >/dev/null"
check "every reference carries its source's SHA-256 (from the manifest)" "jq -e -s 'all(.[].refs[]; .source_sha256 | test(\"^[0-9a-f]{64}$\"))' '$F' >/dev/null"
check "coverage lists the context's people" "jq -e '.rules[0].people | length >= 7' '$W/case/coverage.json' >/dev/null"
C="$W/case/coverage.json"
check "coverage lists every rule with a status" "jq -e '.rules | length > 0 and all(.[]; .status == \"evaluated\" or .status == \"not evaluable\")' '$C' >/dev/null"
check "a rule without data is not evaluable, with a reason" "jq -e '[.rules[] | select(.records == 0)] | all(.[]; .status == \"not evaluable\" and (.reason | startswith(\"not evaluable\")))' '$C' >/dev/null"
M="$W/case/manifest.json"
check "manifest records the rule-set digest and rule files" "jq -e '.rules.digest | test(\"^[0-9a-f]{64}$\")' '$M' >/dev/null && jq -e '.rules.files | length > 0' '$M' >/dev/null && jq -e '.scan.ruleset_digest == .rules.digest' '$M' >/dev/null"
check "manifest records the context hash" "jq -e '.scan.context_sha256 | test(\"^[0-9a-f]{64}$\")' '$M' >/dev/null"
check "manifest records the findings' hash" "jq -e '.outputs | to_entries | any(.[]; (.key | endswith(\"findings.jsonl\")) and (.value.sha256 | length == 64))' '$M' >/dev/null"
cp "$F" "$W/first.jsonl"
expect "scan again" 1 "$LT_BIN" scan "$W/case" --context "$CTX" --rules "$R" --quiet
check "same findings, byte for byte" "cmp -s '$F' '$W/first.jsonl'"
check "--quiet prints nothing" "[ ! -s '$W/out' ]"
expect "a stricter parameter changes the result" 1 "$LT_BIN" scan "$W/case" --context "$CTX" --rules "$R" --set lt-print-large-job.pages=100000 --quiet
check "no large print job above 100000 pages" "! jq -e -s 'any(.[]; .rule_id == \"lt-print-large-job\")' '$F' >/dev/null"
check "the override is recorded with its origin" "jq -e '.rules.parameters[\"lt-print-large-job.pages\"] == {\"value\":\"100000\",\"from\":\"--set\"}' '$M' >/dev/null"

e2e_finish
