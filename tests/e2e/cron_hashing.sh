#!/bin/bash
# Incremental evidence hashing (issue 12, Deliver 4; doc/cron.md, "Reading
# only what is new"): a plain file an earlier night read is continued from
# the saved state of its hashes after a check of its identity (device,
# inode, size, first and last bytes read), so a night reads its new bytes
# and a few check bytes, not the whole file; the manifest still gives each
# file's full SHA-256, SHA-1 and MD5; a file rewritten where the checks
# look is read again; a change the checks cannot see fails verify.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_need jq sha256sum sha1sum md5sum dd
e2e_init cron-hashing
mkdir -p "$W/logs"
# Invented Squid lines, one a minute: about 2.4 MB.
gen() { # FIRST COUNT
	awk -v a="$1" -v n="$2" 'BEGIN { for (i = a; i < a + n; i++)
		printf "%d.000 %6d 192.168.10.%d TCP_MISS/200 %d GET https://example.%d.test/p/%d user%d HIER_DIRECT/example.test text/html\n",
			1793581500 + 60 * i, 100 + i % 900, 20 + i % 7, 1000 + i % 5000, i % 300, i, i % 9 }'
}
gen 0 20000 > "$W/logs/access.log"
lt() { "$LT_BIN" run -q --tz Asia/Tokyo --state "$W/st" "$W/logs" 2>"$W/err"; }
inc() { jq ".increments[-1].$1" "$W/st/case/manifest.json"; }
# The manifest's digests of this night's source at $1 equal the file's.
same_digests() {
	local m="$W/st/case/manifest.json" f=$1
	[ "$(jq -r --arg p "$f" '[.sources[] | select(.path == $p)][-1].sha256' "$m")" = "$(sha256sum < "$f" | cut -c1-64)" ] &&
	[ "$(jq -r --arg p "$f" '[.sources[] | select(.path == $p)][-1].sha1' "$m")" = "$(sha1sum < "$f" | cut -c1-40)" ] &&
	[ "$(jq -r --arg p "$f" '[.sources[] | select(.path == $p)][-1].md5' "$m")" = "$(md5sum < "$f" | cut -c1-32)" ]
}
size() { stat -c %s "$1"; }
lt
check "night 1 reads the whole file" "[ \"\$(inc evidence_bytes_read)\" -ge $(size "$W/logs/access.log") ]"
lt
check "night 2, nothing new: the file is continued from its saved hashes" "[ \"\$(inc continued_hashes)\" = 1 ]"
check "... and only check bytes are read (<= 8 KiB, not $(size "$W/logs/access.log"))" \
	"[ \"\$(inc evidence_bytes_read)\" -le 8192 ]"
check "... the manifest gives the file's full SHA-256, SHA-1 and MD5" "same_digests '$W/logs/access.log'"
check_cmd "... verify passes (it recomputes in full)" "$LT_BIN" verify "$W/st/case"
gen 20000 100 >> "$W/logs/access.log"
added=$(gen 20000 100 | wc -c)
lt
check "night 3, 100 lines appended: they are read" "[ \"\$(inc new_bytes)\" = $added ]"
check "... with only the check bytes besides (read $(inc evidence_bytes_read), added $added)" \
	"[ \"\$(inc evidence_bytes_read)\" -le $((added + 8192)) ]"
check "... the full digests still match the file" "same_digests '$W/logs/access.log'"
check_cmd "... verify passes" "$LT_BIN" verify "$W/st/case"
# logrotate's rename (same inode) plus lines written just before it.
mv "$W/logs/access.log" "$W/logs/access.log.1"
gen 20100 50 >> "$W/logs/access.log.1"
gen 20150 50 > "$W/logs/access.log"
lt
check "night 4, rotated by rename: the old file is continued" "[ \"\$(inc continued_hashes)\" = 1 ]"
check "... the renamed file's digests match" "same_digests '$W/logs/access.log.1'"
check "... less than a tenth of the old file read" \
	"[ \"\$(inc evidence_bytes_read)\" -lt $(( $(size "$W/logs/access.log.1") / 10 )) ]"
check_cmd "... verify passes" "$LT_BIN" verify "$W/st/case"
# Compressed after rotation (logrotate's compress): the .gz is another
# inode, so it is decompressed and compared in full once; from then on it
# is known by its identity and not read at all.
gzip -n "$W/logs/access.log.1"
gen 20200 2000 >> "$W/logs/access.log"
lt
check "night 5, access.log.1 compressed: the .gz is read whole once" \
	"[ \"\$(inc evidence_bytes_read)\" -ge $(size "$W/logs/access.log.1.gz") ]"
check "... nothing in it is new (the lines appended to access.log are)" \
	"[ \"\$(inc new_bytes)\" = $(gen 20200 2000 | wc -c) ]"
lt
check "night 6, nothing new: the .gz is not read" "[ \"\$(inc unchanged_files_not_read)\" = 1 ]"
check "... access.log is continued" "[ \"\$(inc continued_hashes)\" = 1 ]"
check "... only check bytes are read (<= 16 KiB for the two files)" "[ \"\$(inc evidence_bytes_read)\" -le 16384 ]"
check "... the manifest gives the .gz's full digests" "same_digests '$W/logs/access.log.1.gz'"
check "... and access.log's" "same_digests '$W/logs/access.log'"
check_cmd "... verify passes" "$LT_BIN" verify "$W/st/case"
touch -d '2026-11-30 00:00:00' "$W/logs/access.log.1.gz"
lt
check "night 7, the .gz's mtime changed: it is read again" "[ \"\$(inc unchanged_files_not_read)\" = 0 ]"
check "... in full" "[ \"\$(inc evidence_bytes_read)\" -ge $(size "$W/logs/access.log.1.gz") ]"
check "... and nothing in it counts as new" "[ \"\$(inc new_bytes)\" = 0 ]"
lt
check "night 8: known again" "[ \"\$(inc unchanged_files_not_read)\" = 1 ]"
check_cmd "... verify passes" "$LT_BIN" verify "$W/st/case"
# A copy of the rotation in an archive folder that is also read (what
# doc/cron.md suggests before logrotate deletes old rotations): the copy
# is read whole once, then both files are known.
mkdir -p "$W/logs/archive"
cp "$W/logs/access.log.1.gz" "$W/logs/archive/"
lt
check "night 8b, a copy of the .gz appears: it is read whole once" \
	"[ \"\$(inc unchanged_files_not_read)\" = 1 ] && [ \"\$(inc new_bytes)\" = 0 ]"
lt
check "night 8c: both copies are known, neither is read" "[ \"\$(inc unchanged_files_not_read)\" = 2 ]"
check "... only check bytes are read (<= 24 KiB for the three files)" "[ \"\$(inc evidence_bytes_read)\" -le 24576 ]"
check "... the copy's digests are in the manifest" "same_digests '$W/logs/archive/access.log.1.gz'"
check_cmd "... verify passes" "$LT_BIN" verify "$W/st/case"
# Rewritten in place where the checks look (the last bytes read; same
# inode and size): detected, reported, read again from the start.
off=$(( $(size "$W/logs/access.log") - 10 ))
printf 'X' | dd of="$W/logs/access.log" bs=1 seek="$off" conv=notrunc status=none
"$LT_BIN" run --tz Asia/Tokyo --state "$W/st" "$W/logs" >/dev/null 2>"$W/err9"
check "night 9, last bytes of access.log rewritten in place: not continued" \
	"[ \"\$(inc continued_hashes)\" = 0 ]"
check "... found changed" \
	"jq -e '.increments[-1].streams[] | select(.status == \"changed\" and (.path | endswith(\"/access.log\")))' '$W/st/case/manifest.json' >/dev/null"
check "... named in a warning" "grep -q 'access.log: offset [0-9]*: changed since the last run: reading it again from the start' '$W/err9'"
check "... and read again from the start" \
	"jq -e '.increments[-1].streams[] | select(.status == \"rewritten\" and .from_offset == 0)' '$W/st/case/manifest.json' >/dev/null"
check "... the digests are the rewritten file's" "same_digests '$W/logs/access.log'"
# A change in the middle, same inode, size, head and tail: the nightly
# checks do not look there (doc/cron.md says so); verify does, in full.
printf 'Y' | dd of="$W/logs/access.log" bs=1 seek=100000 conv=notrunc status=none
lt
check "night 10, a byte changed in the middle: the file is continued (the checks do not look there)" \
	"[ \"\$(inc continued_hashes)\" = 1 ]"
expect "... verify fails" 3 "$LT_BIN" verify "$W/st/case"
check "... naming the file" "grep -q 'access.log' '$W/out' '$W/err'"
e2e_finish
