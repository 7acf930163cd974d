#!/bin/sh
# Hostile input, class "regular expressions" (issue 13, 1): a rule whose
# pattern backtracks catastrophically is bounded by the match limit, and a
# record on which it gave up is reported as "rule could not be evaluated on
# this record" (findings, scan summary, coverage.json) -- never a silent
# non-match; rules check warns about the nested quantifiers. 10 000 such
# records scan in bounded time (the figure is printed).
set -u
. "$LT_SRCDIR/tests/hostile/lib.sh"
e2e_init hostile-regex
e2e_need jq python3

A=$(printf 'a%.0s' $(seq 40))
{
	echo "1794359880.000    338 192.168.10.23 TCP_MISS/200 59103 GET https://www.example.jp/ sato HIER_DIRECT/www.example.jp text/html"
	echo "1794359881.000    338 192.168.10.23 TCP_MISS/200 59103 GET ${A}b/secret sato HIER_DIRECT/x text/html"
} >"$W/access.log"
mkdir "$W/rules"
mkrule "$W/rules/re.yml" t-hostile-re 'url.original|re' '^(a+)+$|secret'
mkrule "$W/rules/plain.yml" t-plain 'url.original|contains' secret

hexpect "rules check passes with a warning" 0 "$LT_BIN" rules check "$W/rules"
check "the nested quantifier is named with file:line:column" \
	"grep -qF \"$W/rules/re.yml:9:22: warning: regular expression '^(a+)+\\\$|secret' has nested quantifiers\" '$W/err'"

hexpect "ingest" 0 "$LT_BIN" ingest -o "$W/case" "$W/access.log"
hexpect "scan reports findings" 1 "$LT_BIN" scan "$W/case" --rules "$W/rules"
F="$W/case/findings.jsonl"
check "the plain rule matches line 2" "jq -e -s 'any(.[]; .rule_id == \"t-plain\" and .refs[0].line == 2)' '$F' >/dev/null"
check "the regex rule is reported as not evaluated on line 2, with field and reason" \
	"jq -e -s '[.[] | select(.rule_id == \"t-hostile-re\")] | length == 1 and .[0].refs[0].line == 2 and .[0].refs[0].source_path == \"$W/access.log\" and .[0].group_key == \"unevaluated\" and .[0].level == \"high\" and .[0].message_en == \"rule could not be evaluated on this record: regular expression match limit reached on field url.original (pattern ^(a+)+\$|secret)\"' '$F' >/dev/null"
check "nothing else was lost: exactly two findings" "[ \$(wc -l <'$F') -eq 2 ]"
check "the scan summary names the rule and the count" \
	"grep -q '^  t-hostile-re: a regular expression hit its limit on 1 record(s); 1 could not be evaluated' '$W/out'"
check "coverage.json counts it" \
	"jq -e '.rules[] | select(.id == \"t-hostile-re\") | .regex_limit_hits == 1 and .unevaluated == 1' '$W/case/coverage.json' >/dev/null"

# A monotone condition that holds anyway is a match: the pattern gave up,
# but the other value of the list matched.
mkdir "$W/rules2"
cat >"$W/rules2/or.yml" <<'EOR'
title: Either
id: t-either
status: test
level: low
logsource:
  category: web
detection:
  sel:
    url.original|re:
      - '^(a+)+$'
      - 'secret$'
  condition: sel
EOR
cat >"$W/rules2/not.yml" <<'EOR'
title: Not hostile
id: t-not
status: test
level: low
logsource:
  category: web
detection:
  sel:
    url.original|re: '^(a+)+$'
  condition: not sel
EOR
hexpect "scan with an OR and a NOT rule" 1 "$LT_BIN" scan "$W/case" --rules "$W/rules2"
check "OR: a real match stands despite the limit" \
	"jq -e -s '[.[] | select(.rule_id == \"t-either\")] | length == 1 and .[0].group_key != \"unevaluated\"' '$F' >/dev/null"
check "NOT: line 1 matches, line 2 is unknown (not a match)" \
	"jq -e -s '[.[] | select(.rule_id == \"t-not\")] | length == 2 and (map(select(.group_key == \"unevaluated\")) | .[0].refs[0].line == 2) and (map(select(.group_key != \"unevaluated\")) | .[0].refs[0].line == 1)' '$F' >/dev/null"

# A user format's pattern that gives up: the line is unparsed with that
# reason and located, never taken for a line of another shape; the other
# lines are records.
printf "formats:\n  - name: hostilef\n    type: regex\n    pattern: '^(?<t>\\\\S+) (?<u>(a+)+)\$'\n    fields: { t: '@timestamp', u: user.name }\n    time_format: iso8601\n" >"$W/f.yaml"
printf '2026-11-09T10:15:02+09:00 aaa\n2026-11-09T10:15:03+09:00 %sb\n2026-11-09T10:15:04+09:00 aa\n' "$A" >"$W/u.log"
hexpect "ingest with a user format whose pattern gives up on a line" 0 "$LT_BIN" ingest -o "$W/ucase" --formats "$W/f.yaml" --format hostilef "$W/u.log"
check "the line is unparsed with the reason, located" \
	"grep -qxF \"    line 2 (offset 30): the format's pattern gave up on this line (regular expression limit reached): 2026-11-09T10:15:03+09:00 ${A}b\" '$W/err'"
check "nothing else was lost: 2 records, 1 unparsed" "grep -q ', 2 record(s), 1 unparsed line(s)' '$W/err'"

# 10 000 hostile records: without limits 2 000 took 39 s.
i=0
python3 -c "
import sys
a = 'a' * 40
for i in range(10000):
    print('%d.000    338 192.168.10.23 TCP_MISS/200 59103 GET %sb/secret sato HIER_DIRECT/x text/html' % (1794359881 + i, a))
" >"$W/big.log"
"$LT_BIN" ingest -o "$W/big" "$W/big.log" >/dev/null 2>&1
rm "$W/rules/plain.yml"
start=$(date +%s.%N)
hexpect "scan of 10 000 hostile records" 1 "$LT_BIN" scan "$W/big" --rules "$W/rules"
end=$(date +%s.%N)
secs=$(echo "$end $start" | awk '{printf "%.2f", $1 - $2}')
echo "figure: 10000 hostile records scanned in $secs s (wall clock, shared machine)"
check "all 10 000 reported as not evaluated (in incidents)" "[ \$(jq -s 'map(select(.group_key == \"unevaluated\") | .count) | add' '$W/big/findings.jsonl') -eq 10000 ]"
# The bound is asserted where it cannot flake: on the engine's CPU time,
# with the engine's own count of limit hits (tests/unit/test_rules.c,
# engine/ten_thousand_hostile_records_are_bounded_and_reported). The wall
# clock here depends on the machine's load (130 s under ASan at a load of
# 25 on two cores): printed, not asserted.
e2e_finish
