#!/bin/sh
# Risk per person (doc/rules-default.md, "Risk per person"; issue 14): on
# the sample case every finding carries a score, low-signal observations are
# marked as contributions, the departing designer and the vendor account
# after its contract get a person alert and nobody else does; the alert
# lists the person's contributing findings in time order and heads the
# report and the run summary; the context's `risk:` section moves the
# threshold, and a typo in it stops the scan with its place.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init risk
e2e_need jq
S="$LT_SRCDIR/samples"
C="$W/case"
expect "run the sample case" 1 "$LT_BIN" run -o "$C" --context "$S/context.yaml" --tz Asia/Tokyo "$S/logs"
F="$C/findings.jsonl"
alerted=$(jq -r 'select(.kind == "person_alert") | .person' "$F" | sort | tr '\n' ' ')
check "alerts for E1001 and V3001 only (got: $alerted)" "[ '$alerted' = 'E1001 V3001 ' ]"
check "the run summary lists the alerts with their scores" \
	"grep -Eq '^  person alerts:  2: E1001 \([0-9.]+\) V3001 \([0-9.]+\)$' '$W/out'"
check "the run summary's finding count leaves the alerts out" \
	"grep -q '^  findings:       '\"\$(jq -s '[.[] | select(.kind == \"finding\")] | length' '$F')\"' ' '$W/out'"
check "contributions are marked: job-search, leak-site, off-hours logons, USB" \
	"[ \"\$(jq -r 'select(.contribution) | .rule_id' '$F' | sort -u | tr '\n' ' ')\" = 'lt-offhours-logon lt-offhours-logon-new lt-usb-unapproved lt-web-filesharing-access lt-web-jobsearch lt-web-leaksite ' ]"
check "a departing person's upload carries the departing modifier" \
	"jq -e -s 'any(.[]; .rule_id == \"lt-web-upload-unapproved\" and .person == \"E1001\" and .risk_factors == \"departing off_hours\" and .risk > 15)' '$F' >/dev/null"
check "rules that count a fact already do not get its modifier" \
	"jq -e -s 'all(.[] | select(.rule_id == \"lt-departing-bulk-files\"); (.risk_factors // \"\") | contains(\"departing\") | not)' '$F' >/dev/null"
check "C2001's single medium mail raises no alert" \
	"jq -e -s 'any(.[]; .person == \"C2001\" and .kind == \"finding\") and all(.[]; .person != \"C2001\" or .kind == \"finding\")' '$F' >/dev/null"
check "the alert's contributions are the person's findings, in time order" \
	"jq -e -s '(map(select(.kind == \"finding\") | {key: .id, value: [.person, .first]}) | from_entries) as \$p | [.[] | select(.kind == \"person_alert\" and .person == \"E1001\") | .values[] | select(.field == \"finding.id\") | .values[] | \$p[.]] | (all(.[0] == \"E1001\")) and (map(.[1]) == (map(.[1]) | sort)) and length >= 10' '$F' >/dev/null"
R="$C/exports/report.ja.html"
E="$C/exports/report.en.html"
check "the Japanese report opens with the person alerts, E1001 first" \
	"grep 'id=\"alerts\"' '$R' | grep -o '<a href=\"#f[0-9]*\">[EVC][0-9]*' | head -1 | grep -q 'E1001'"
check "the persons table shows the alert scores" \
	"sed -n '/class=\"persons\"/,/<\/table>/p' '$R' | grep -q '<strong class=\"risk\" title=\"リスク点数\">[0-9.]*</strong>'"
check "the person's section lists the alert's contributing findings" \
	"grep -q 'class=\"finding alert\"' '$R' && grep -q '寄与した検知（時刻順）' '$R'"
check "the alerts come before the persons table" \
	"[ \"\$(grep -n 'id=\"alerts\"' '$R' | cut -d: -f1)\" -lt \"\$(grep -n 'class=\"persons\"' '$R' | cut -d: -f1)\" ]"
check "the Japanese report names modifiers in Japanese" "grep -q '（退職予定期間・時間外）' '$R'"
check "the English report has its alert section in English" "grep -q '<strong>Person alerts</strong>' '$E' && grep -q 'departing window, off-hours' '$E'"
check "the English report does not show the modifier identifiers" "! grep -q 'departing off_hours' '$E'"
# no raw vocabulary identifiers in the English report either (src/rules/vocab.c)
check "the English report words the mail score reasons" "grep -q 'personal address, free mail, classified attachment' '$E'"
check "... and has no raw score-reason identifiers" "! grep -Eq 'personal_address|classified_attachment|leaktrail\.mail\.score_reasons' '$E'"
check "... and names the listed fields in English" "grep -q 'Site category: ' '$E' && ! grep -q 'leaktrail.web.category: ' '$E'"

# determinism: the same case scanned again gives the same bytes
cp "$F" "$W/first.jsonl"
"$LT_BIN" scan "$C" --context "$S/context.yaml" >/dev/null 2>&1
check "a second scan writes the same findings and alerts" "cmp -s '$F' '$W/first.jsonl'"

# the threshold is a context parameter
sed "s#^people: *#people: $S/#" "$S/context.yaml" >"$W/ctx.yaml"
printf 'risk:\n  threshold: 1000\n' >>"$W/ctx.yaml"
"$LT_BIN" scan "$C" --context "$W/ctx.yaml" >"$W/out" 2>"$W/err"
check "a high threshold in the context: no alert" "[ \"\$(jq -s '[.[] | select(.kind == \"person_alert\")] | length' '$F')\" = 0 ] && grep -q '^person alerts: 0 ' '$W/out'"
sed "s#^people: *#people: $S/#" "$S/context.yaml" >"$W/ctx.yaml"
printf 'risk:\n  levels: {high: 100}\n' >>"$W/ctx.yaml"
"$LT_BIN" scan "$C" --context "$W/ctx.yaml" >/dev/null 2>&1
check "a level weight in the context moves the scores" \
	"jq -e -s 'any(.[]; .rule_id == \"lt-web-upload-unapproved\" and .risk >= 100)' '$F' >/dev/null"
printf 'risk:\n  treshold: 5\n' >"$W/bad.yaml"
expect "a typo in risk: stops the scan" 64 "$LT_BIN" scan "$C" --context "$W/bad.yaml"
check "... naming the place and the key" "grep -q 'bad.yaml:2:3: risk: unknown key .treshold.' '$W/err'"
"$LT_BIN" scan "$C" --context "$S/context.yaml" --set lt-web-leaksite.risk_confidence=lots >/dev/null 2>"$W/err"
check "a rule's risk_confidence that is not a number stops the scan" \
	"grep -q \"lt-web-leaksite: risk_confidence 'lots' is not a number\" '$W/err'"
e2e_finish
