#!/bin/sh
# The evaluation organisation (issue 14; doc/rules-default.md, "Evaluation"):
# tests/e2e/evalorg.py generates 1,000 staff (plus service and vendor
# accounts) over eight weeks with benign variety and twelve planted insider
# stories; `leaktrail run` over it must raise a person alert on each story's
# person within a day of the first malicious act, and on at most 2 % of the
# benign people. Prints recall, the false-alert rate and the figures a
# manager sees (incidents, person alerts, report sizes). The slowest e2e
# test: EVAL_PEOPLE (default 1000) makes it smaller while developing.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init evaluation
e2e_need python3 jq
N=${EVAL_PEOPLE:-1000}
O="$W/org"
check_cmd "generate the organisation ($N people, 8 weeks)" python3 "$LT_SRCDIR/tests/e2e/evalorg.py" "$O" "$N"
python3 "$LT_SRCDIR/tests/e2e/evalorg.py" "$W/org2" "$N"
check "the generator is deterministic" "diff -r '$O' '$W/org2' >/dev/null"
rm -rf "$W/org2"
expect "run over the organisation" 1 "$LT_BIN" run -q -o "$W/case" --context "$O/context.yaml" --tz Asia/Tokyo "$O/logs"
python3 "$LT_SRCDIR/tests/e2e/evalscore.py" "$O/truth.json" "$W/case/findings.jsonl" >"$W/score" 2>&1
rc=$?
sed 's/^/  | /' "$W/score"
check "every story alerted on its person within a day, false alerts <= 2 %" "[ $rc -eq 0 ]"
check "the scores name recall and the false-alert rate" "grep -q '^recall: ' '$W/score' && grep -q '^false alerts: ' '$W/score'"
# The report stays bounded (doc/evidence.md, "The HTML report"): under
# 5 MB, persons past the budget in brief, everything in the timeline files.
for lang in ja en; do
	size=$(wc -c <"$W/case/exports/report.$lang.html")
	echo "  | report.$lang.html: $size bytes"
	check "report.$lang.html is under 5 MB ($size bytes)" "[ $size -lt 5000000 ]"
	check "report.$lang.html has brief sections past its budget" "grep -q '<ul class=\"brief\">' '$W/case/exports/report.$lang.html'"
done
check "the English report is not mixed with Japanese section texts" "! grep -q '検知の一覧のみ' '$W/case/exports/report.en.html'"
e2e_finish
