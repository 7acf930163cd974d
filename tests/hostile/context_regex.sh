#!/bin/sh
# Hostile input, class "regular expressions" on the context side (issue
# 13, 1): a classification or secret-repository pattern that gives up on a
# value is reported with the record (source, offset, line), the field and
# the pattern's place in the context file -- on stderr, in the scan summary
# and in coverage.json ("context_regex_limits") -- never a silent "not
# classified"; the other values are still classified.
set -u
. "$LT_SRCDIR/tests/hostile/lib.sh"
e2e_init hostile-context-regex
e2e_need jq

A=$(printf 'a%.0s' $(seq 40))
{
	echo "Nov 25 09:15:02 fs-honsha smbd_audit: ueno|10.20.3.80|PC-UENO|keiri|openat|ok|r|2026/給与/賞与一覧.xlsx"
	echo "Nov 25 09:15:03 fs-honsha smbd_audit: ueno|10.20.3.80|PC-UENO|keiri|openat|ok|r|${A}b/社外秘.xlsx"
	echo "Nov 25 09:15:04 fs-honsha smbd_audit: ueno|10.20.3.80|PC-UENO|keiri|openat|ok|r|d/${A}b社外秘.xlsx"
} >"$W/audit.log"
cat >"$W/ctx.yaml" <<'EOC'
classification:
  pattern: '^(a+)+$|社外秘'
secret_repositories:
  - { name: 給与台帳, area: 経理, pattern: '^(a+)+$|給与' }
EOC
mkdir "$W/rules"
mkrule "$W/rules/repo.yml" t-repo leaktrail.file.repository 給与台帳 file
mkrule "$W/rules/label.yml" t-label leaktrail.file.classified true file
sed -i "s/'true'/true/" "$W/rules/label.yml"

hexpect "ingest" 0 "$LT_BIN" ingest -o "$W/case" "$W/audit.log"
hexpect "scan: findings, and the limits are warnings" 1 "$LT_BIN" scan "$W/case" --context "$W/ctx.yaml" --rules "$W/rules"
check "the secret-repository limit is located: record, field, pattern's place" \
	"grep -qxF 'leaktrail: warning: $W/audit.log: offset 110: line 2: context pattern $W/ctx.yaml:4 gave up on field file.path (regular expression match limit reached): the value is not classified' '$W/err'"
check "the classification limit is located: record, field, pattern's place" \
	"grep -qxF 'leaktrail: warning: $W/audit.log: offset 247: line 3: context pattern $W/ctx.yaml:2 gave up on field file.name (regular expression match limit reached): the value is not classified' '$W/err'"
check "exactly those two" "[ \$(grep -c 'gave up on field' '$W/err') -eq 2 ]"
check "the total is a warning" \
	"grep -qF 'leaktrail: warning: context: a classification or secret-repository pattern gave up on 2 value(s)' '$W/err'"
check "the scan summary says so" \
	"grep -qxF '  context: a classification or secret-repository pattern gave up on 2 value(s); not classified (coverage.json \"context_regex_limits\" names them)' '$W/out'"
check "coverage.json lists both with their place" \
	"jq -e '.context_regex_limits | .count == 2 and .listed == 2 and .records[0] == {field: \"file.path\", pattern: \"$W/ctx.yaml:4\", reason: \"regular expression match limit reached\", source_path: \"$W/audit.log\", member: null, offset: 110, line: 2} and .records[1].field == \"file.name\" and .records[1].line == 3 and .records[1].pattern == \"$W/ctx.yaml:2\"' '$W/case/coverage.json' >/dev/null"
F="$W/case/findings.jsonl"
check "nothing else was lost: line 1 is in the repository" \
	"jq -e -s '[.[] | select(.rule_id == \"t-repo\")] | length == 1 and .[0].refs[0].line == 1' '$F' >/dev/null"
check "nothing else was lost: lines 2 and 3 are classified (by file.name and by file.path)" \
	"jq -e -s '[.[] | select(.rule_id == \"t-label\") | .refs[].line] | sort == [2, 3]' '$F' >/dev/null"

# The hand-over package matches the same patterns against the tokens of the
# cited lines: a token on which one gives up is named once, with the cited
# line's place and the pattern's.
hexpect "scan again with the hostile context" 1 "$LT_BIN" scan "$W/case" --context "$W/ctx.yaml" --rules "$W/rules"
hexpect "handover: the package is written, with warnings" 0 "$LT_BIN" handover "$W/case" --for counsel --person ueno -o "$W/pkg"
check "the hand-over names the classification pattern's limit on line 2" \
	"grep -qxF 'leaktrail: warning: $W/audit.log: offset 110: line 2: hand-over: the context pattern at $W/ctx.yaml:2 gave up on a token of the cited line (regular expression match limit reached); it is not counted as marked or in a secret repository' '$W/err'"
check "and the repository pattern's, once each (two languages, one warning)" \
	"[ \$(grep -c 'hand-over: the context pattern at $W/ctx.yaml:4 gave up' '$W/err') -eq 1 ] && [ \$(grep -c 'hand-over: the context pattern at $W/ctx.yaml:2 gave up' '$W/err') -eq 1 ]"

# A clean context: no limit, no line about limits, an empty list.
printf "classification:\n  pattern: '社外秘'\n" >"$W/ok.yaml"
hexpect "scan with a harmless pattern" 1 "$LT_BIN" scan "$W/case" --context "$W/ok.yaml" --rules "$W/rules"
check "no limit reported" "! grep -q 'gave up' '$W/err' '$W/out'"
check "coverage.json: count 0" "jq -e '.context_regex_limits == {count: 0, listed: 0, records: []}' '$W/case/coverage.json' >/dev/null"
e2e_finish
