#!/bin/sh
# Hostile input, class "one bad byte flips a whole file's encoding" (issue
# 13, 2): the stream's encoding is decided by the share of valid UTF-8
# sequences, then line by line: a line invalid in it is decoded by itself
# (the better clean candidate, else U+FFFD), keeps its raw bytes, is flagged
# leaktrail.encoding_error, counted in the manifest and reported.
set -u
. "$LT_SRCDIR/tests/hostile/lib.sh"
e2e_init hostile-encoding
e2e_need python3 jq

python3 - "$W" <<'PY'
import sys
w = sys.argv[1]
def line(t, user, url):
    return ("%d.000    338 192.168.10.23 TCP_MISS/200 59103 GET %s %s HIER_DIRECT/fs.example.jp text/html\n" % (t, url, user))
good1 = line(1794359880, "佐藤", "https://fs.example.jp/社外秘_設計.xlsx").encode()
bad = b"\xff\xfe garbage\n"
good2 = line(1794359881, "佐藤", "https://fs.example.jp/b").encode()
sjis = line(1794359882, "鈴木", "https://fs.example.jp/見積.xlsx").encode("cp932")
open(w + "/access.log", "wb").write(good1 + bad + good2 + sjis)
PY
hexpect "ingest: bad lines are not fatal" 0 "$LT_BIN" ingest -o "$W/case" "$W/access.log"
"$LT_BIN" dump "$W/case" >"$W/dump.jsonl"
check "the stream stays UTF-8" "jq -e '.sources[0].streams[0].encoding.name == \"UTF-8\"' '$W/case/manifest.json' >/dev/null"
check "佐藤 and 社外秘 are kept" \
	"jq -e -s '.[0].\"user.name\" == \"佐藤\" and (.[0].\"url.original\" | contains(\"社外秘\")) and .[1].\"user.name\" == \"佐藤\"' '$W/dump.jsonl' >/dev/null"
check "the good UTF-8 lines are not flagged" "jq -e -s '.[0:2] | all(.[]; has(\"leaktrail.encoding_error\") | not)' '$W/dump.jsonl' >/dev/null"
check "the CP932 line is decoded as CP932 and flagged" \
	"jq -e -s '.[2].\"user.name\" == \"鈴木\" and (.[2].\"url.original\" | contains(\"見積\")) and .[2].\"leaktrail.encoding_error\" == \"not valid UTF-8: decoded as CP932\" and .[2].\"leaktrail.line\" == 4' '$W/dump.jsonl' >/dev/null"
check "the CP932 line keeps its raw bytes" "jq -e -s '.[2] | has(\"leaktrail.raw\")' '$W/dump.jsonl' >/dev/null"
check "the junk line is located in a warning" \
	"grep -qxF 'leaktrail: warning: $W/access.log: offset 146: line 2: line not valid UTF-8: 2 invalid byte sequence(s) replaced with U+FFFD; flagged leaktrail.encoding_error' '$W/err'"
check "the manifest counts both lines" "jq -e '.sources[0].streams[0].counts.encoding_errors == 2' '$W/case/manifest.json' >/dev/null"
check "the summary reports them" "grep -qF '$W/access.log: 2 line(s) not valid UTF-8, decoded line by line (flagged leaktrail.encoding_error)' '$W/err'"
check "nothing else was lost: 3 records, 1 unparsed line" "grep -q '4 line(s), 3 record(s), 1 unparsed line(s)' '$W/err'"

# The other way round: a CP932 stream keeps CP932 for its own lines.
python3 - "$W" <<'PY'
import sys
w = sys.argv[1]
l = "%d.000    338 192.168.10.23 TCP_MISS/200 59103 GET https://fs.example.jp/%s %s HIER_DIRECT/x text/html\n"
body = (l % (1794359880, "設計書.xlsx", "佐藤")).encode("cp932") * 20 + (l % (1794359881, "b", "田中")).encode("utf-8")
open(w + "/sjis.log", "wb").write(body)
PY
hexpect "ingest a CP932 stream with one UTF-8 line" 0 "$LT_BIN" ingest -o "$W/case2" "$W/sjis.log"
"$LT_BIN" dump "$W/case2" >"$W/dump2.jsonl"
check "CP932 stream" "jq -e '.sources[0].streams[0].encoding.name == \"CP932\"' '$W/case2/manifest.json' >/dev/null"
check "its UTF-8 line is read as UTF-8 and flagged" \
	"jq -e -s '.[20].\"user.name\" == \"田中\" and .[20].\"leaktrail.encoding_error\" == \"valid UTF-8 in a CP932 stream: decoded as UTF-8\" and (.[0:20] | all(.[]; .\"user.name\" == \"佐藤\"))' '$W/dump2.jsonl' >/dev/null"
e2e_finish
