#!/bin/sh
# End-to-end: bad input. Every fixture is made here, at test time, in a
# temporary directory. Each bad input is ingested together with a good log:
# the run must go on, keep the good log whole and what was readable of the
# bad one, say what happened in one message naming the file (and member and
# offset), mark the source in the manifest, and exit with the right status.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init bad
e2e_need jq gzip bzip2 xz zstd tar zip openssl
F="$W/fx"
mkdir -p "$F"
cd "$F" || exit 1

# --- fixtures ---
# A good Squid-style log: 3000 lines, 420 KB.
i=1
while [ $i -le 3000 ]; do
	echo "1793581500.$i    167 192.168.10.21 TCP_MISS/200 20875 GET https://www.example.co.jp/page$i user$((i % 7)) HIER_DIRECT/www.example.co.jp text/html"
	i=$((i + 1))
done >good.log
half() { head -c $(($(wc -c <"$1") / 2)) "$1" >"$2"; }
gzip -n -c good.log >full.gz && half full.gz trunc.gz
cp full.gz corrupt.gz
printf 'XXXXXXXXXXXXXXXX' | dd of=corrupt.gz bs=1 seek=9000 conv=notrunc 2>/dev/null
# bzip2 with small blocks (-1 = 100k) so that half the file still holds whole blocks
bzip2 -1 -c good.log >full.bz2 && half full.bz2 trunc.bz2
xz -c good.log >full.xz && half full.xz trunc.xz
zstd -q -c good.log >full.zst && half full.zst trunc.zst
mkdir -p t && head -n 100 good.log >t/a.log && gzip -n -c good.log >t/b.log.gz
tar --sort=name --mtime=2026-11-01 --owner=0 --group=0 -czf full.tar.gz -C t a.log b.log.gz
half full.tar.gz trunc.tar.gz
mkdir -p z && cp good.log z/a.log && (cd z && zip -q -X ../full.zip a.log)
cp full.zip corrupt.zip
printf 'XXXXXXXXXXXXXXXX' | dd of=corrupt.zip bs=1 seek=5000 conv=notrunc 2>/dev/null
# binary junk: a deterministic pseudo-random stream
openssl enc -aes-128-ctr -nosalt -K 00112233445566778899aabbccddeeff -iv 00000000000000000000000000000000 \
	-in /dev/zero 2>/dev/null | head -c 200000 >junk.bin
# NUL bytes (a run of them, as a crash leaves in a log), invalid UTF-8, CRLF
{ head -n 1500 good.log; head -c 4096 /dev/zero; tail -n 1500 good.log; } >nul.log
# (UTF-8 Japanese text with one damaged line: it must stay UTF-8, not turn into CP932)
{ head -n 100 good.log | sed 's|page|資料/設計図/page|'; printf 'caf\351 bad \377\376 bytes\n'; tail -n 100 good.log; } >invalid.log
sed 's/$/\r/' good.log >crlf.log
# a line over 1 MiB between two short ones
{ echo first; head -c 1572864 /dev/zero | tr '\0' x; echo; echo after; } >long.log
: >empty.log
# a directory with a symlink loop
mkdir -p loopdir && cp good.log loopdir/in.log && ln -s ../loopdir loopdir/up
# a gzip bomb: 120 MiB of zeros, about 120 KiB compressed
head -c 125829120 /dev/zero | gzip -9 -n >bomb.gz

CASE=0
# run NAME STATUS INPUT...: ingest INPUT... and good.log into a fresh case; exit STATUS
run() {
	name=$1 want=$2
	shift 2
	CASE=$((CASE + 1))
	C="$W/case$CASE"
	"$LT_BIN" ingest -o "$C" --tz UTC "$@" "$F/good.log" >"$W/out" 2>"$W/err"
	got=$?
	M="$C/manifest.json"
	if [ "$got" -eq "$want" ]; then ok "$name: exit $want"; else bad "$name: exit $got, want $want"; sed 's/^/  | /' "$W/err" | head; fi
	# the good log is always read whole
	if jq -e '.sources[-1] | .status == "complete" and .streams[0].counts.lines == 3000' "$M" >/dev/null 2>&1; then
		ok "$name: the good input is kept whole"
	else
		bad "$name: the good input is kept whole"
	fi
}
# src JQ-EXPR: the manifest's first source satisfies EXPR
src() {
	if jq -e ".sources[0] | $2" "$M" >/dev/null 2>&1; then ok "$1"; else bad "$1"; jq -c '.sources[0] | del(.streams[].unparsed_samples)' "$M" 2>&1 | head -c 1500; echo; fi
}
# said PATTERN: one error/warning line on stderr names the file (grep -E)
said() {
	if grep -E -q "$2" "$W/err"; then ok "$1"; else bad "$1"; sed 's/^/  | /' "$W/err" | head; fi
}

run "truncated gzip" 2 trunc.gz
said "truncated gzip: message names file and offset" "^leaktrail: error: trunc\.gz: offset [0-9]+: .*truncated"
src "truncated gzip: partial, lines before the cut kept" '.status == "partial" and .streams[0].status == "partial" and .streams[0].counts.lines > 1000'

run "corrupt gzip" 2 corrupt.gz
said "corrupt gzip: message names file and offset" "^leaktrail: error: corrupt\.gz: offset [0-9]+: "
src "corrupt gzip: partial" '.status == "partial" and (.reason | length) > 0'

run "truncated bzip2" 2 trunc.bz2
said "truncated bzip2: message names file" "^leaktrail: error: trunc\.bz2: "
src "truncated bzip2: partial, whole blocks kept" '.status == "partial" and ([.streams[].counts.lines] | add) > 0'

run "truncated xz" 2 trunc.xz
said "truncated xz: message names file and offset" "^leaktrail: error: trunc\.xz: offset [0-9]+"
src "truncated xz: partial, lines before the cut kept" '.status == "partial" and .streams[0].counts.lines > 0'

run "truncated zstd" 2 trunc.zst
said "truncated zstd: message names file and offset" "^leaktrail: error: trunc\.zst: offset [0-9]+"
src "truncated zstd: partial, lines before the cut kept" '.status == "partial" and .streams[0].counts.lines > 0'

run "truncated tar.gz" 2 trunc.tar.gz
said "truncated tar.gz: message names file" "^leaktrail: (error|warning): trunc\.tar\.gz: "
src "truncated tar.gz: partial, first member kept whole, second cut" \
	'.status == "partial" and .streams[0].member == "a.log" and .streams[0].counts.lines == 100
	and .streams[0].status == "complete" and .streams[1].member == "b.log.gz" and .streams[1].status == "partial"'

run "corrupt zip" 2 corrupt.zip
said "corrupt zip: message names file and member" "^leaktrail: (error|warning): corrupt\.zip: member a\.log"
src "corrupt zip: partial" '.status == "partial"'

run "binary junk" 2 junk.bin
said "binary junk: message names file" "^leaktrail: warning: junk\.bin: no parser"
src "binary junk: read whole, fault recorded" '.status == "complete" and .streams[0].kind == "binary"
	and (.streams[0].faults | length) == 1 and .streams[0].size == 200000'

run "NUL bytes" 0 nul.log
src "NUL bytes: every line read, NULs kept in the line" \
	'.streams[0].counts.lines == 3000 and .streams[0].size == ('"$(wc -c <nul.log)"')'

run "invalid UTF-8" 0 invalid.log
src "invalid UTF-8: read as UTF-8, bad bytes kept" \
	'.streams[0].encoding.name == "UTF-8" and .streams[0].counts.lines == 201'

run "CRLF" 0 crlf.log
src "CRLF: lines without CR" '.streams[0].counts.lines == 3000 and
	(.streams[0].unparsed_samples | all(.text | endswith("\r") | not))'

run "line over 1 MiB" 2 long.log
said "long line: message names file, offset and line" "^leaktrail: warning: long\.log: offset 6: line 2: line longer than 1048576 bytes"
src "long line: cut, counted, following line numbers right" '.streams[0].counts.truncated_lines == 1
	and .streams[0].counts.lines == 3 and (.streams[0].faults | length) == 1
	and ([.streams[0].unparsed_samples[] | select(.text == "after")][0] | .line == 3 and .offset == 1572871)'

run "empty file" 0 empty.log
src "empty file: complete, no lines" '.status == "complete" and .size == 0 and ([.streams[].counts.lines] | add // 0) == 0'

run "symlink loop" 2 loopdir
said "symlink loop: message names the link" "loopdir/up: .*symbolic link"
if jq -e '[.sources[] | select(.path | endswith("loopdir/up"))][0].status == "skipped"
	and [.sources[] | select(.path | endswith("loopdir/in.log"))][0].status == "complete"' "$M" >/dev/null; then
	ok "symlink loop: link skipped, directory read"
else
	bad "symlink loop: link skipped, directory read"
fi

CASE=$((CASE + 1))
"$LT_BIN" ingest -o "$W/case$CASE" --max-ratio 100 bomb.gz good.log >"$W/out" 2>"$W/err"
st=$?
M="$W/case$CASE/manifest.json"
[ "$st" -eq 2 ] && ok "gzip bomb: exit 2" || bad "gzip bomb: exit $st"
said "gzip bomb: message names file and the cap" "^leaktrail: error: bomb\.gz: .*(ratio|max-ratio)"
src "gzip bomb: stopped at the cap" '.status == "partial" and .streams[0].size < 125829120'
jq -e '.sources[1].status == "complete"' "$M" >/dev/null && ok "gzip bomb: next input read" || bad "gzip bomb: next input read"

CASE=$((CASE + 1))
"$LT_BIN" ingest -o "$W/case$CASE" --max-size 100K full.gz good.log >"$W/out" 2>"$W/err"
st=$?
M="$W/case$CASE/manifest.json"
[ "$st" -eq 2 ] && ok "size cap: exit 2" || bad "size cap: exit $st"
said "size cap: message names file" "^leaktrail: error: full\.gz: "
src "size cap: stopped at 100 KiB" '.status == "partial" and .streams[0].size <= 102400'

run "missing file" 2 "$F/no-such-file.log"
said "missing file: message names it" "no-such-file\.log: .*No such file"
src "missing file: unreadable" '.status == "unreadable"'

if [ "$(id -u)" -eq 0 ]; then
	skip "unreadable file and permission denied: running as root, which reads everything (CI runs as root)"
	echo "note: unreadable-file checks need a non-root user"
else
	cp good.log secret.log && chmod 000 secret.log
	run "unreadable file" 2 secret.log
	said "unreadable file: message names it" "secret\.log: .*(Permission denied|cannot)"
	src "unreadable file: unreadable" '.status == "unreadable"'
	mkdir -p closed && cp good.log closed/x.log && chmod 000 closed
	run "permission denied directory" 2 closed
	said "closed directory: message names it" "closed.*Permission denied"
	chmod 755 closed
fi

# Everything at once: one run, every fault reported, exit 2.
"$LT_BIN" ingest -q -o "$W/all" trunc.gz corrupt.gz trunc.bz2 trunc.xz trunc.zst trunc.tar.gz corrupt.zip \
	junk.bin nul.log invalid.log crlf.log long.log empty.log loopdir good.log >"$W/out" 2>"$W/err"
st=$?
[ "$st" -eq 2 ] && ok "all bad inputs in one run: exit 2" || bad "all bad inputs in one run: exit $st"
n=$(jq '.sources | length' "$W/all/manifest.json")
[ "$n" -eq 16 ] && ok "all bad inputs in one run: 16 sources listed" || bad "all bad inputs: $n sources"
jq -e '.sources[-1].status == "complete" and .sources[-1].streams[0].counts.lines == 3000' "$W/all/manifest.json" >/dev/null \
	&& ok "all bad inputs in one run: the last (good) input is read whole" || bad "all bad: last input"

e2e_finish
