#!/bin/sh
# Hostile input, class "terminal escapes" (issue 13, 3): unparsed-line
# samples, tar member names and link targets reach the terminal only
# escaped (\xNN), in located messages; the good lines are still records.
# Also the commands that print case files or record values: dump, verify
# (names from the manifest), rules list, custody --list, the run summary.
set -u
. "$LT_SRCDIR/tests/hostile/lib.sh"
e2e_init hostile-escape
e2e_need python3 jq

mkdir "$W/in"
python3 - "$W/in" <<'PY'
import io, sys, tarfile
d = sys.argv[1]
good = b"1794359880.000    338 192.168.10.23 TCP_MISS/200 59103 GET https://www.example.jp/ sato HIER_DIRECT/www.example.jp text/html\n"
# set the window title, clear the screen, a CSI as C1 (UTF-8) and as a lone byte
bad = b"\x1b]0;pwned\x07\x1b[2J garbage \xc2\x9b31m \x7f\n"
open(d + '/access.log', 'wb').write(good + bad + good)
with tarfile.open(d + '/evil.tar', 'w', format=tarfile.GNU_FORMAT) as t:
    ti = tarfile.TarInfo('logs/evil\x1b[2J.log'); ti.size = len(good + bad); t.addfile(ti, io.BytesIO(good + bad))
    ti = tarfile.TarInfo('logs/link'); ti.type = tarfile.SYMTYPE; ti.linkname = '\x1b]0;title\x07/etc/passwd'; t.addfile(ti)
PY
hexpect "ingest: the bad lines are unparsed, not fatal" 0 "$LT_BIN" ingest -o "$W/case" "$W/in"
check "the link target is escaped in its located note" \
	"grep -qxF \"leaktrail: note: $W/in/evil.tar: member logs/link: symbolic link to '\\\\x1b]0;title\\\\x07/etc/passwd': not followed\" '$W/err'"
check "the unparsed sample is escaped, with line and offset" \
	"grep -qxF '    line 2 (offset 125): squid: too few fields: \\x1b]0;pwned\\x07\\x1b[2J garbage \\xc2\\x9b31m \\x7f' '$W/err'"
check "the member name is escaped in the summary" \
	"grep -qF '$W/in/evil.tar member logs/evil\\x1b[2J.log: 1 of 2 line(s) unparsed' '$W/err'"
check "nothing else was lost: 3 records from the good lines" "grep -q ', 3 record(s), 2 unparsed line(s)' '$W/err'"
# dump: control characters in record values are \u escapes (C0, DEL, C1),
# so printing the records cannot drive a terminal either.
printf '1794359880.000    338 192.168.10.23 TCP_MISS/200 59103 GET https://www.example.jp/\033[2J\177\302\233x sato HIER_DIRECT/www.example.jp text/html\n' >"$W/ctl.log"
hexpect "ingest a record with controls in its URL" 0 "$LT_BIN" ingest -o "$W/dcase" "$W/ctl.log"
hexpect "dump: the controls are escaped" 0 "$LT_BIN" dump "$W/dcase"
check "dump: ESC, DEL and the C1 CSI as \\u escapes, the record whole" \
	"jq -e -s 'length == 1 and .[0].\"url.original\" == \"https://www.example.jp/\u001b[2J\u007f\u009bx\"' '$W/out' >/dev/null && grep -qF '\\u001b[2J\\u007f\\u009bx' '$W/out'"

# verify: file names come from the manifest (an insider may edit it) and
# from the evidence folder: an ESC in a name is escaped in every verify line.
mkdir "$W/ev"
cp "$W/ctl.log" "$(printf '%s/ev/ev\033]0;t\007.log' "$W")"
hexpect "ingest an evidence file whose name holds ESC and BEL" 0 "$LT_BIN" ingest -o "$W/vcase" "$W/ev"
hexpect "verify: the name is escaped" 0 "$LT_BIN" verify "$W/vcase"
check "verify names the evidence escaped" "grep -qF 'evidence $W/ev/ev\\x1b]0;t\\x07.log' '$W/out'"
printf 'x' >>"$(printf '%s/ev/ev\033]0;t\007.log' "$W")"
hexpect "verify of changed evidence: DIFFERS, escaped" 3 "$LT_BIN" verify "$W/vcase"
check "the DIFFERS line and the first difference are escaped" \
	"grep -q '^DIFFERS .*ev\\\\x1b]0;t\\\\x07.log' '$W/out' && grep -q 'first difference: .*ev\\\\x1b]0;t\\\\x07.log' '$W/out'"

# show: rules list prints rule titles and file names (rules may come from
# anywhere); custody --list prints a case file (custody.jsonl).
mkdir "$W/rules"
printf 'title: "Title \\e[2J \\x7f"\nid: t-esc\nstatus: test\nlevel: low\nlogsource:\n  category: web\ndetection:\n  sel:\n    user.name: sato\n  condition: sel\n' >"$W/rules/esc.yml"
hexpect "rules list: the title is escaped" 0 "$LT_BIN" rules list --rules "$W/rules"
check "rules list shows the escaped title" "grep -qF 'Title \\x1b[2J \\x7f' '$W/out'"
hexpect "custody: record a hand-over whose text holds controls" 0 "$LT_BIN" custody "$W/dcase" --item 1 \
	--from "$(printf 'sato\033[2J')" --by "$(printf 'tanaka\302\233')" --when 2026-11-10T10:00:00+09:00 --how "$(printf 'USB\177')"
hexpect "custody --list: the case file is printed escaped" 0 "$LT_BIN" custody "$W/dcase" --list
check "custody --list: JSON with \\u escapes" \
	"grep -qiF '\"from\":\"sato\\u001b[2J\"' '$W/out' && grep -qiF 'tanaka\\u009b' '$W/out' && grep -qF 'USB\\u007f' '$W/out'"

# run: the summary names unresolved users from the logs, escaped.
printf 'id,name\nE1,佐藤\n' >"$W/people.csv"
printf 'people: people.csv\n' >"$W/ctx.yaml"
printf '1794359880.000    338 192.168.10.23 TCP_MISS/200 59103 GET https://www.example.jp/ ev\033[2Jil HIER_DIRECT/x text/html\n' >"$W/run.log"
hexpect "run: an unresolved user with ESC in the name" 0 "$LT_BIN" run -o "$W/rcase" --context "$W/ctx.yaml" --rules "$W/rules" "$W/run.log"
check "the run summary names the user escaped" "grep -qF 'ev\\x1b[2Jil' '$W/out'"
# Every command of this suite runs through hexpect: the same check holds for
# their output (lib.sh).
e2e_finish
