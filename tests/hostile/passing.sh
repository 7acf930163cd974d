#!/bin/sh
# Hostile input, classes that already passed the audit of issue 13 and must
# not regress, where no other test holds them: path traversal and absolute
# names in a tar (kept as member names, nothing written), a FIFO and a
# symbolic link among the evidence (skipped, named), XXE and billion laughs
# in an XML event export (no entity expanded, the event unparsed and
# located). Kept elsewhere, not repeated here: bombs (gzip, zip, xz, zstd,
# nested), truncation, corrupt archives, byte flips, NUL bytes, symlink
# loops, over-long lines, unreadable files (tests/e2e/bad_input.sh); nesting
# depth and every archive kind (tests/e2e/input_formats.sh); kill -9 during
# ingest and run (tests/e2e/cron.sh); CSV formula and HTML injection in the
# exports (tests/e2e/export.sh); fuzzing (tests/fuzz/).
set -u
. "$LT_SRCDIR/tests/hostile/lib.sh"
e2e_init hostile-passing
e2e_need python3 jq timeout

mkdir "$W/in" "$W/work"
python3 - "$W/in" <<'PY'
import io, sys, tarfile
d = sys.argv[1]
good = b"1794359880.000    338 192.168.10.23 TCP_MISS/200 59103 GET https://www.example.jp/ sato HIER_DIRECT/www.example.jp text/html\n"
with tarfile.open(d + '/trav.tar', 'w') as t:
    for n in ['../../etc/evil.log', '/abs/evil.log']:
        ti = tarfile.TarInfo(n); ti.size = len(good); t.addfile(ti, io.BytesIO(good))
laughs = ''.join('<!ENTITY %s "%s">' % (chr(ord('b') + i), ('&%s;' % chr(ord('a') + i)) * 10) for i in range(6))
open(d + '/xxe.xml', 'w').write('<?xml version="1.0"?>\n<!DOCTYPE Events [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa">' + laughs + ']>\n<Events><Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><EventID>4663</EventID><Computer>&xxe;&g;</Computer></System></Event></Events>\n')
PY
mkfifo "$W/in/fifo.log"
ln -s /etc/passwd "$W/in/link.log"
cd "$W/work" || exit 1
hexpect "ingest: faults reported, nothing blocks (exit 2)" 2 timeout 60 "$LT_BIN" ingest -o "$W/case" "$W/in"
cd - >/dev/null || exit 1
check "traversal: nothing was written outside the case" "[ ! -e '$W/etc' ] && [ ! -e /abs/evil.log ] && [ -z \"\$(ls -A '$W/work')\" ]"
"$LT_BIN" dump "$W/case" >"$W/dump.jsonl"
check "traversal: both members read as records, named as in the archive" \
	"jq -e -s 'map(.\"leaktrail.member\") == [\"../../etc/evil.log\", \"/abs/evil.log\"]' '$W/dump.jsonl' >/dev/null"
check "FIFO: skipped and named" "grep -qxF 'leaktrail: note: $W/in/fifo.log: a FIFO: skipped' '$W/err'"
check "symbolic link: not followed and named" \
	"grep -qxF 'leaktrail: note: $W/in/link.log: a symbolic link: not followed inside a directory' '$W/err'"
check "XXE / billion laughs: the event is unparsed and located" \
	"grep -qF '$W/in/xxe.xml: 1 unparsed entry (parser windows_xml, which reads the stream whole)' '$W/err' && grep -qF 'line 3 (offset 380): malformed event XML' '$W/err'"
check "XXE: /etc/passwd never reached the case" "! grep -rqs 'root:x:0' '$W/case'"
check "the manifest marks the skipped sources" \
	"jq -e '[.sources[] | select(.status == \"skipped\")] | length == 2' '$W/case/manifest.json' >/dev/null"
check "nothing else was lost: 2 records, 1 unparsed" "grep -q ', 2 record(s), 1 unparsed line(s)' '$W/err'"
e2e_finish
