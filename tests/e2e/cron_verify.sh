#!/bin/bash
# Nightly cases verify like any case (issue 12): `leaktrail run --state S`
# over growing logs rotated each night (rename, rename + gzip, copytruncate,
# dateext), then `leaktrail verify S/case` after every night passes; the
# evidence of earlier nights is found where logrotate moved it. Then one
# flipped byte in any file of the case or of the evidence is a named
# failure, and so is cutting off the end of audit.log.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init cron-verify
e2e_need gzip od dd openssl jq
S=$LT_SRCDIR/samples
lt() { "$LT_BIN" run --tz Asia/Tokyo --context "$S/context.yaml" -q "$@"; }

# The sample proxy log cut into six parts: two per night.
zcat "$S/logs/proxy/access.log.1.gz" > "$W/src"
cat "$S/logs/proxy/access.log" >> "$W/src"
split -d -a 1 -n l/6 "$W/src" "$W/part"

rotate() { # MODE LOG NIGHT
	case $1 in
	rename) [ -f "$2.1" ] && mv "$2.1" "$2.2"; mv "$2" "$2.1" ;;
	gzip) [ -f "$2.1.gz" ] && mv "$2.1.gz" "$2.2.gz"; mv "$2" "$2.1" && gzip -n "$2.1" ;;
	copytruncate) [ -f "$2.1" ] && mv "$2.1" "$2.2"; cp "$2" "$2.1" && : > "$2" ;;
	dateext) mv "$2" "$2-202611$(printf %02d "$3")" ;;
	esac
}

openssl genpkey -algorithm ed25519 -out "$W/key.pem" 2>/dev/null
openssl pkey -in "$W/key.pem" -pubout -out "$W/pub.pem" 2>/dev/null
for mode in rename gzip copytruncate dateext; do
	L=$W/$mode/logs ST=$W/$mode/state
	mkdir -p "$L"
	for n in 1 2 3; do
		cat "$W/part$(( (n - 1) * 2 ))" >> "$L/access.log"	# the day's first half: the file grows
		[ "$n" -eq 1 ] || rotate "$mode" "$L/access.log" "$n"
		cat "$W/part$(( (n - 1) * 2 + 1 ))" >> "$L/access.log"
		lt --state "$ST" --sign-key "$W/key.pem" "$L" > /dev/null 2> "$W/run.err"
		rc=$?
		check "$mode night $n: the run completes ($rc)" "[ $rc -le 1 ]"
		expect "$mode night $n: verify passes" 0 "$LT_BIN" verify --pubkey "$W/pub.pem" "$ST/case"
	done
	check "$mode: earlier nights' files are followed to where they are now" \
		"grep -q 'are now the start of' '$W/out'"
done

# The file grows during the day: verify still passes (the bytes read are its start).
cp -p "$W/gzip/logs/access.log" "$W/as-read"
echo 'not yet read' >> "$W/gzip/logs/access.log"
expect "a file grown since the run: verify passes" 0 "$LT_BIN" verify "$W/gzip/state/case"
check "... and says it has grown" "grep -q 'has grown since' '$W/out'"
cp -p "$W/as-read" "$W/gzip/logs/access.log"	# flips below stay inside the bytes read

# The audit chain is anchored in the manifest at every commit: cutting off
# its end (the run's own line and what followed) is caught, and so is
# emptying the log of a one-off case.
cp -r "$W/gzip/state/case" "$W/cut"
n=$(jq '.audit.lines' "$W/cut/manifest.json")
check "the manifest anchors the chain at every night" \
	"[ \$(jq '[.increments[] | select(.audit.head | length == 64)] | length' '$W/cut/manifest.json') -eq 3 ]"
head -n "$n" "$W/gzip/state/case/audit.log" > "$W/cut/audit.log"
expect "audit.log cut after the anchor: verify fails" 3 "$LT_BIN" verify "$W/cut"
check "... naming the cut" "grep -q 'DIFFERS  audit.log: no line after line $n records manifest.json' '$W/out'"
head -n $(( n - 1 )) "$W/gzip/state/case/audit.log" > "$W/cut/audit.log"
expect "audit.log cut before the anchor: verify fails" 3 "$LT_BIN" verify "$W/cut"
check "... naming the line" "grep -q \"DIFFERS  audit.log: line $n is not the one the manifest saw\" '$W/out'"
lt -o "$W/oneoff" "$W/gzip/logs" > /dev/null 2>&1
: > "$W/oneoff/audit.log"
expect "a one-off case's audit.log emptied: verify fails" 3 "$LT_BIN" verify "$W/oneoff"
check "... naming it" "grep -q 'DIFFERS  audit.log: no line after line 0' '$W/out'"

# One flipped byte anywhere is a named failure.
flip() { # FILE OFFSET
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "\\$(printf %o $(( b ^ 1 )))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
RANDOM=12
ST=$W/gzip/state
files=$(cd "$ST/case" && find . -type f | sed 's|^\./||' | sort)
for f in $files; do
	p=$ST/case/$f
	cp -p "$p" "$W/saved"
	size=$(stat -c %s "$p")
	for k in 1 2; do
		off=$(( (RANDOM * 32768 + RANDOM) % size ))
		flip "$p" "$off"
		"$LT_BIN" verify --pubkey "$W/pub.pem" "$ST/case" > "$W/out" 2>&1
		rc=$?
		check "case file $f, byte $off flipped: verify fails naming it ($rc)" \
			"[ $rc -ne 0 ] && grep '^DIFFERS' '$W/out' | grep -qF '$(basename "$f")'"
		cp -p "$W/saved" "$p"
	done
done
for p in "$W"/gzip/logs/*; do
	cp -p "$p" "$W/saved"
	size=$(stat -c %s "$p")
	for k in 1 2; do
		off=$(( (RANDOM * 32768 + RANDOM) % size ))
		flip "$p" "$off"
		"$LT_BIN" verify "$ST/case" > "$W/out" 2>&1
		rc=$?
		check "evidence $(basename "$p"), byte $off flipped: verify fails naming it ($rc)" \
			"[ $rc -ne 0 ] && grep '^DIFFERS' '$W/out' | grep -qF '$(basename "$p")'"
		cp -p "$W/saved" "$p"
	done
done
expect "everything restored: verify passes again" 0 "$LT_BIN" verify --pubkey "$W/pub.pem" "$ST/case"
e2e_finish
