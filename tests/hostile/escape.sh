#!/bin/sh
# Hostile input, class "terminal escapes" (issue 13, 3): unparsed-line
# samples, tar member names and link targets reach the terminal only
# escaped (\xNN), in located messages; the good lines are still records.
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
# Every command of this suite runs through hexpect: the same check holds for
# their output (lib.sh).
e2e_finish
