#!/bin/sh
# Hostile input, the smaller classes of issue 13 (6): a context error is
# printed once; an XML stream's unparsed event is not "1 of 0 line(s)";
# misspelt top-level rule keys warn; extra trailing fields in people.csv
# warn with their place.
set -u
. "$LT_SRCDIR/tests/hostile/lib.sh"
e2e_init hostile-small
e2e_need jq

printf '2026-11-09T10:15:02+09:00 pc-sato sshd[1]: Accepted password for sato from 192.168.10.23 port 50000 ssh2\n' >"$W/auth.log"
hexpect "ingest" 0 "$LT_BIN" ingest -o "$W/case" "$W/auth.log"

# 1. context errors once
printf 'classification:\n  pattern: "(unclosed"\n' >"$W/bad.yaml"
hexpect "scan with a broken context" 64 "$LT_BIN" scan "$W/case" --context "$W/bad.yaml"
check "the error is located" "grep -qF 'leaktrail: error: $W/bad.yaml:2:12: bad pattern at offset 9: missing closing parenthesis' '$W/err'"
check "and printed once" "[ \$(grep -c 'missing closing parenthesis' '$W/err') -eq 1 ]"

# 2. the XML summary
printf '<?xml version="1.0"?>\n<Events><Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><EventID>4663</EventID></System></Event><Event><broken></Event></Events>\n' >"$W/ev.xml"
hexpect "ingest an XML export with a broken event" 0 "$LT_BIN" ingest -o "$W/xcase" "$W/ev.xml"
check "no '1 of 0 line(s)'" "! grep -q ' of 0 line(s)' '$W/err'"
check "an unparsed entry, located" \
	"grep -qF '$W/ev.xml: 1 unparsed entry (parser windows_xml, which reads the stream whole)' '$W/err' && grep -qF 'line 2 (offset 147): malformed event XML' '$W/err'"
check "nothing else was lost: the good event is a record" "grep -q ', 1 record(s), 1 unparsed' '$W/err'"

# 3. misspelt top-level keys
mkdir "$W/rules"
cat >"$W/rules/typo.yml" <<'EOR'
title: Typo
id: t-typo
status: test
levl: high
logsource:
  category: authentication
detection:
  sel:
    user.name: sato
  condtion: sel
  condition: sel
referenes: [x]
EOR
hexpect "rules check: typos are warnings, not errors" 0 "$LT_BIN" rules check "$W/rules"
check "levl: did you mean level" "grep -qxF \"$W/rules/typo.yml:4:1: warning: unknown top-level key 'levl' is ignored (did you mean 'level'?)\" '$W/err'"
check "referenes: did you mean references" "grep -qxF \"$W/rules/typo.yml:12:1: warning: unknown top-level key 'referenes' is ignored (did you mean 'references'?)\" '$W/err'"
cat >"$W/rules/typo2.yml" <<'EOR'
title: Typo 2
id: t-typo2
status: test
level: low
logsource:
  category: authentication
detection:
  sel:
    user.name: sato
condtion: sel
EOR
hexpect "a condition at the top level is refused (no condition) and named" 64 "$LT_BIN" rules check "$W/rules/typo2.yml"
check "the misspelt key is named as well" "grep -qF \"$W/rules/typo2.yml:10:1: warning: unknown top-level key 'condtion' is ignored (did you mean 'condition'? it belongs under detection)\" '$W/err'"

# 4. people.csv with an extra trailing field
printf 'id,name,department\nE1,佐藤 次郎,設計\nE2,田中, 花子,営業\n' >"$W/people.csv"
printf 'people: people.csv\n' >"$W/ctx.yaml"
hexpect "scan with an extra field in people.csv (findings)" 1 "$LT_BIN" scan "$W/case" --context "$W/ctx.yaml" --rules "$W/rules/typo.yml"
check "the extra field is a located warning" \
	"grep -qxF 'leaktrail: warning: $W/people.csv:3:19: 1 field(s) after the header'\"'\"'s 3 column(s) are ignored (an unquoted comma?)' '$W/err'"
check "scan prints the rule warnings once, located" \
	"grep -qxF \"leaktrail: warning: $W/rules/typo.yml:4:1: unknown top-level key 'levl' is ignored (did you mean 'level'?)\" '$W/err'"
# 5. a key given twice in a user format (found by fuzz_uformat_loader: it leaked)
printf "formats:\n  - name: dupf\n    type: regex\n    pattern: '^(?<u>\\\\S+)'\n    fields: { u: user.name }\n    time_format: iso8601\n    time_format: epoch\n" >"$W/dupf.yaml"
hexpect "a user format with a key given twice is refused" 64 "$LT_BIN" parsers --formats "$W/dupf.yaml"
check "named with file and line" "grep -qxF \"leaktrail parsers: error: $W/dupf.yaml:7: 'time_format' is given twice\" '$W/err'"
e2e_finish
