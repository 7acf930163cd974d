#!/bin/bash
# Property test of issue 12: after any sequence of commands, verify passes
# on the case, and one flipped byte in any file of the case or of the
# evidence is a failure that names the file.
#
# Each sequence (seeded by its number, so a failure is replayed with
# LT_PROPERTY_FIRST=N LT_PROPERTY_SEQUENCES=1) draws 2 to 5 steps among:
# lines appended; logrotate by rename, rename + gzip, copytruncate or
# dateext; run --state; run --state --keep-days 1; run --state killed
# (SIGKILL) at a random step and run again; run --state --sign-key (given
# on every later run too, as a crontab line would); a one-off
# case (run -o, then timeline in csv, jsonl or html, or sign). verify runs
# after every command that writes a case; at the end one random byte of one
# random file (case or evidence) is flipped.
#
# make check runs LT_PROPERTY_SEQUENCES=200 (the default); a longer run
# offline: LT_PROPERTY_SEQUENCES=5000 make check TESTS=tests/e2e/cron_property.sh
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init cron-property
e2e_need gzip od dd openssl
S=$LT_SRCDIR/samples
N=${LT_PROPERTY_SEQUENCES:-200}
FIRST=${LT_PROPERTY_FIRST:-1}
{ zcat "$S/logs/proxy/access.log.1.gz"; cat "$S/logs/proxy/access.log"; } > "$W/src"
total=$(wc -l < "$W/src")
openssl genpkey -algorithm ed25519 -out "$W/key.pem" 2>/dev/null
openssl pkey -in "$W/key.pem" -pubout -out "$W/pub.pem" 2>/dev/null
KILLS=(after-ingest after-scan after-exports before-commit after-commit)
MODES=(rename gzip copytruncate dateext)
lt() { "$LT_BIN" run --tz Asia/Tokyo -q "$@"; }

add_lines() { # the next n lines of the sample, as the log would get them
	n=$(( 1 + RANDOM % 4 ))
	sed -n "$(( pos % total + 1 )),$(( pos % total + n ))p" "$W/src" >> "$L/access.log"
	pos=$(( pos + n ))
}
rotate() {
	log=$L/access.log
	[ -s "$log" ] || return 0
	case ${MODES[RANDOM % 4]} in
	rename) [ -f "$log.1" ] && mv "$log.1" "$log.2.$RANDOM"; mv "$log" "$log.1" ;;
	gzip) [ -f "$log.1.gz" ] && mv "$log.1.gz" "$log.2.$RANDOM.gz"; mv "$log" "$log.1" && gzip -n "$log.1" ;;
	copytruncate) [ -f "$log.1" ] && mv "$log.1" "$log.2.$RANDOM"; cp "$log" "$log.1" && : > "$log" ;;
	dateext) mv "$log" "$log-$(printf %05d $(( ++day )))" ;;
	esac
	: >> "$log"
}
verify_ok() { # WHAT CASE [PUBKEY]
	if "$LT_BIN" verify ${3:+--pubkey "$3"} "$2" > "$W/v" 2>&1; then
		return 0
	fi
	bad "sequence $seq: verify fails after $1: $(grep -m1 '^DIFFERS' "$W/v")"
	return 1
}
flip() { # FILE: one random byte; prints its offset
	size=$(stat -c %s "$1")
	off=$(( (RANDOM * 32768 + RANDOM) % size ))
	b=$(od -An -tu1 -j "$off" -N1 "$1" | tr -d ' ')
	printf "\\$(printf %o $(( b ^ 1 )))" | dd of="$1" bs=1 seek="$off" conv=notrunc status=none
	echo "$off"
}

for seq in $(seq "$FIRST" $(( FIRST + N - 1 ))); do
	RANDOM=$seq
	D=$W/s$seq L=$W/s$seq/logs ST=$W/s$seq/state
	mkdir -p "$L"
	pos=$(( RANDOM % total )) day=0 good=1 signed= sign= oneoff= last=
	add_lines
	steps=$(( 2 + RANDOM % 4 ))
	for step in $(seq "$steps"); do
		# the last step always writes a case, so there is one to check
		op=$(( step == steps ? 2 + RANDOM % 5 : RANDOM % 7 ))
		case $op in
		0) add_lines ;;
		1) rotate; add_lines ;;
		2) lt $sign --state "$ST" "$L" > /dev/null 2>&1; verify_ok "run --state" "$ST/case" "$signed" || good=0 ;;
		3) lt $sign --keep-days 1 --state "$ST" "$L" > /dev/null 2>&1
		   verify_ok "run --state --keep-days 1" "$ST/case" "$signed" || good=0 ;;
		4) LEAKTRAIL_TEST_KILL=${KILLS[RANDOM % 5]} lt $sign --state "$ST" "$L" > /dev/null 2>&1
		   lt $sign --state "$ST" "$L" > /dev/null 2>&1
		   verify_ok "a killed run and its rerun" "$ST/case" "$signed" || good=0 ;;
		5) sign="--sign-key $W/key.pem"	# as cron would: every night from now on
		   lt $sign --state "$ST" "$L" > /dev/null 2>&1
		   signed=$W/pub.pem
		   verify_ok "run --state --sign-key" "$ST/case" "$signed" || good=0 ;;
		6) rm -rf "$D/oneoff"
		   lt -o "$D/oneoff" "$L" > /dev/null 2>&1
		   case $(( RANDOM % 4 )) in
		   0) "$LT_BIN" timeline "$D/oneoff" --format csv > /dev/null 2>&1 ;;
		   1) "$LT_BIN" timeline "$D/oneoff" --format jsonl > /dev/null 2>&1 ;;
		   2) "$LT_BIN" timeline "$D/oneoff" --format html --lang en > /dev/null 2>&1 ;;
		   3) "$LT_BIN" sign "$D/oneoff" --sign-key "$W/key.pem" > /dev/null 2>&1 ;;
		   esac
		   oneoff=$D/oneoff
		   verify_ok "a one-off case" "$oneoff" || good=0 ;;
		esac
		case $op in 2|3|4|5) last=$ST/case ;; 6) last=$oneoff ;; esac
	done
	[ "$good" -eq 1 ] && ok "sequence $seq: verify passes after each of $steps steps"
	# One flipped byte in one file of a case or of the evidence.
	C=$last	# the last case written: it has read every byte of the evidence
	files=$( (cd "$C" && find . -type f -size +0 | sed "s|^\\.|$C|"); find "$L" -type f -size +0 | sort)
	nfiles=$(printf '%s\n' "$files" | wc -l)
	target=$(printf '%s\n' "$files" | sed -n "$(( RANDOM % nfiles + 1 ))p")
	off=$(flip "$target")
	"$LT_BIN" verify "$C" > "$W/v" 2>&1
	rc=$?
	check "sequence $seq: byte $off of $(basename "$target") flipped: verify fails naming it ($rc)" \
		"[ $rc -eq 3 ] && grep '^DIFFERS' '$W/v' | grep -qF '$(basename "$target")'"
	rm -rf "$D"
done
e2e_finish
