#!/bin/sh
# Incidents (doc/rules.md, "Incidents"): on the sample case, one upload
# session and one evening of classified printing are one finding each, with
# the count and the distinct values; the ids are the same on a second scan;
# a rule's own incident_gap (and --set) decides what merges; the report
# quotes at most 20 evidence lines per incident, collapsed, and links the
# rest to the timeline.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init incidents
e2e_need jq
S="$LT_SRCDIR/samples"
C="$W/case"
expect "run the sample case" 1 "$LT_BIN" run -o "$C" --context "$S/context.yaml" --tz Asia/Tokyo "$S/logs"
F="$C/findings.jsonl"
up() { jq -r 'select(.rule_id == "lt-web-upload-unapproved") | '"$1" "$F"; }
check "the upload session is one incident" "[ \"\$(up .id | wc -l)\" -eq 1 ]"
check "it merged the session's 3 uploads" "[ \"\$(up .count)\" = 3 ] && [ \"\$(up .nrefs_total)\" = 3 ]"
check "it names the domain once" \
	"[ \"\$(up '.values[] | select(.field == \"url.domain\") | .values | join(\",\")')\" = xfer7.gigafile.nu ]"
pc() { jq -r 'select(.rule_id == "lt-print-classified") | '"$1" "$F"; }
check "classified printing on 11-06 is one incident" "[ \"\$(pc .id | wc -l)\" -eq 1 ] && [ \"\$(pc .count)\" -ge 6 ]"
check "it lists every document" \
	"[ \"\$(pc '.values[] | select(.field == \"leaktrail.print.document\") | .values | length')\" = \"\$(pc .count)\" ]"
check "no finding lists a time among its values" "! jq -e '.values[] | select(.field | endswith(\".time\"))' '$F' >/dev/null"
check "mass printing is counted in pages (519 on 11-06)" \
	"jq -r 'select(.rule_id == \"lt-print-mass-daily\") | .message_ja' '$F' | grep -q '2026-11-06 に 519 ページを印刷'"
jq -r .id "$F" >"$W/ids1"
expect "scan again" 1 "$LT_BIN" scan "$C" --context "$S/context.yaml"
check "the same incident ids" "jq -r .id '$F' | cmp -s - '$W/ids1'"

# A rule of our own with incident_gap 0s: the three uploads stay apart;
# --set can widen the gap again.
mkdir -p "$W/rules"
cat >"$W/rules/upload.yml" <<'YML'
title: Upload (test)
id: t-upload
level: high
leaktrail:
  message_en: "{person} sent data to {url.domain}"
  params:
    incident_gap: 0s
logsource:
  category: web
detection:
  up:
    leaktrail.web.upload: true
    leaktrail.web.approved: false
  condition: up
YML
expect "scan with incident_gap 0s" 1 "$LT_BIN" scan "$C" --context "$S/context.yaml" --rules "$W/rules"
n0=$(jq -r 'select(.rule_id == "t-upload" and .person == "E1001") | .id' "$F" | wc -l)
expect "scan with --set t-upload.incident_gap=1h" 1 "$LT_BIN" scan "$C" --context "$S/context.yaml" \
	--rules "$W/rules" --set t-upload.incident_gap=1h
n1=$(jq -r 'select(.rule_id == "t-upload" and .person == "E1001") | .id' "$F" | wc -l)
check "gap 0s keeps the uploads apart ($n0), 1h merges them ($n1)" "[ $n0 -ge 3 ] && [ $n1 -lt $n0 ]"
check "the summary counts incidents, not findings" "grep -Eq 'high +1  t-upload' '$W/out'"

expect "a wrong incident_gap stops the scan" 64 "$LT_BIN" scan "$C" --context "$S/context.yaml" \
	--set lt-print-classified.incident_gap=often
check "and says which rule and value" "grep -q \"rule lt-print-classified: incident_gap 'often' (from --set)\" '$W/err'"
expect "scan with the shipped rules again" 1 "$LT_BIN" scan "$C" --context "$S/context.yaml"

# The report: evidence collapsed, at most 20 lines per incident, the rest linked.
R="$C/exports/report.ja.html"
check "evidence is in <details>" "grep -q '<details class=\"evidence\">' '$R'"
check "an incident shows its count" "grep -q 'この一連の行為にまとめた検知</td><td>3 件' '$R'"
awk '/<details class="evidence">/{n=0; d=1} d && /<div class="raw">/{n++} /<\/details>/{if (n > max) max = n; d=0} END{print max+0}' \
	"$R" >"$W/maxraw"
check "no incident quotes more than 20 lines ($(cat "$W/maxraw"))" "[ \$(cat '$W/maxraw') -le 20 ]"
check "the rest is linked to the timeline" "grep -q '<a href=\"#e[0-9]*\">件の記録は timeline.csv' '$R'"
e2e_finish
