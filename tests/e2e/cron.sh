#!/bin/bash
# End-to-end: nightly incremental runs (leaktrail run --state, doc/cron.md).
# Three nights of logrotate in each mode (copytruncate; rename; rename plus
# gzip; dateext), with lines appended before and after each rotation; runs
# killed at every step; two runs at once; --quiet; --keep-days; a file that
# shrank. Checks that every line is read exactly once, that the findings
# equal those of one batch run over the same files, and that every finding
# is reported exactly once.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init cron
e2e_need jq flock gzip sha256sum
S=$LT_SRCDIR/samples
CTX=$S/context.yaml

# The sample case's line-based logs, whole and in time order, cut into three
# nights, each night in two halves (before and after the rotation).
mkdir -p "$W/src"
{ zcat "$S/logs/proxy/access.log.1.gz"; cat "$S/logs/proxy/access.log"; } > "$W/src/proxy"
cat "$S/logs/servers/dev01/auth.log" > "$W/src/auth"
{ zcat "$S/logs/fileserver/fs01/samba-audit.log.1.gz"; cat "$S/logs/fileserver/fs01/samba-audit.log"; } > "$W/src/samba"
FAMILIES="proxy auth samba"
for f in $FAMILIES; do
	n=$(wc -l < "$W/src/$f")
	per=$(( (n + 5) / 6 ))
	split -d -a 1 -l "$per" "$W/src/$f" "$W/src/$f.part"
	for k in 0 1 2 3 4 5; do [ -f "$W/src/$f.part$k" ] || : > "$W/src/$f.part$k"; done
done
cat "$W"/src/proxy "$W"/src/auth "$W"/src/samba | sort > "$W/all-lines"

lt() { "$LT_BIN" run --tz Asia/Tokyo --context "$CTX" "$@"; }

# night MODE DIR N: write night N's lines into DIR the way logrotate in MODE would.
night() {
	mode=$1 dir=$2 n=$3
	first=$(( (n - 1) * 2 )) second=$(( (n - 1) * 2 + 1 ))
	mkdir -p "$dir"
	for f in $FAMILIES; do
		log=$dir/$f.log
		cat "$W/src/$f.part$first" >> "$log"	# the day's first half: the file grows
		[ "$n" -eq 1 ] || rotate "$mode" "$log" "$n"
		cat "$W/src/$f.part$second" >> "$log"	# second half, after the rotation
	done
	# mtime matters for year-less syslog lines: keep it in November 2026
	find "$dir" -type f -exec touch -d '2026-11-30 12:00:00' {} +
}

rotate() {
	mode=$1 log=$2 n=$3
	case $mode in
	copytruncate)
		[ -f "$log.1" ] && mv "$log.1" "$log.2"
		cp "$log" "$log.1" && : > "$log" ;;
	rename)
		[ -f "$log.1" ] && mv "$log.1" "$log.2"
		mv "$log" "$log.1" && : > "$log" ;;
	gzip)
		[ -f "$log.1.gz" ] && mv "$log.1.gz" "$log.2.gz"
		mv "$log" "$log.1" && gzip -n "$log.1" && : > "$log" ;;
	dateext)
		mv "$log" "$log-202611$(printf %02d "$n")" && : > "$log" ;;
	esac
}

# Person alerts are left out of both: an alert is derived from a person's
# findings so far, and a night that brings earlier evidence of the same
# person raises it again with a new id (doc/cron.md).
finding_ids() { jq -r 'select(.kind != "person_alert") | .id' "$1/findings.jsonl" | sort; }
reported_ids() {
	cat "$1"/reports/*.txt 2>/dev/null |
		awk '/Person alert: accumulated risk/ { a = 1 } /^  finding / { if (!a) { sub(/^  finding /, ""); sub(/,.*/, ""); print } a = 0 }' | sort
}
read_lines() { "$LT_BIN" dump "$1" | jq -r '."leaktrail.raw"' | sort; }

# Batch reference: one run over the same lines.
mkdir -p "$W/batch-logs"
for f in $FAMILIES; do cat "$W/src/$f" > "$W/batch-logs/$f.log"; done
find "$W/batch-logs" -type f -exec touch -d '2026-11-30 12:00:00' {} +
lt -q -o "$W/batch" "$W/batch-logs" >/dev/null 2>&1
finding_ids "$W/batch" > "$W/batch-ids"
check "batch run has findings to compare" "[ -s '$W/batch-ids' ]"

verify_mode() { # NAME STATE
	name=$1 st=$2
	read_lines "$st/case" > "$W/got-lines"
	check "$name: every line read exactly once" "cmp -s '$W/got-lines' '$W/all-lines'"
	finding_ids "$st/case" > "$W/got-ids"
	check "$name: findings equal the batch run's" "cmp -s '$W/got-ids' '$W/batch-ids'"
	reported_ids "$st" > "$W/rep-ids"
	check "$name: every finding reported exactly once" "cmp -s '$W/rep-ids' '$W/batch-ids'"
	if "$LT_BIN" verify "$st/case" > "$W/verify.out" 2>&1; then
		ok "$name: verify passes on the state's case"
	else
		bad "$name: verify passes on the state's case"
		grep -v '^ok' "$W/verify.out" | head -5
	fi
}

for mode in copytruncate rename gzip dateext; do
	for n in 1 2 3; do
		night "$mode" "$W/$mode/logs" "$n"
		lt -q --state "$W/$mode/state" "$W/$mode/logs" > "$W/out.$mode.$n" 2> "$W/err.$mode.$n"
		rc=$?
		check "$mode night $n: exit 0 or 1 ($rc)" "[ $rc -le 1 ]"
	done
	verify_mode "$mode" "$W/$mode/state"
done

# Nothing new: --quiet prints nothing and exits 0.
lt -q --state "$W/gzip/state" "$W/gzip/logs" > "$W/q.out" 2> "$W/q.err"
rc=$?
check "quiet run with nothing new: exit 0 ($rc)" "[ $rc -eq 0 ]"
check "quiet run with nothing new: prints nothing" "[ ! -s '$W/q.out' ] && [ ! -s '$W/q.err' ]"

# New findings make exit status 1 and are printed.
check "a night with new findings exits 1" "grep -q 'new finding' '$W'/out.gzip.*"

# Runs killed at every step of night 2, then redone.
for point in after-ingest after-scan after-exports before-commit after-commit; do
	d=$W/kill-$point
	night gzip "$d/logs" 1
	lt -q --state "$d/state" "$d/logs" > /dev/null 2>&1
	night gzip "$d/logs" 2
	LEAKTRAIL_TEST_KILL=$point lt -q --state "$d/state" "$d/logs" > /dev/null 2>&1
	rc=$?
	check "killed $point: the run died ($rc)" "[ $rc -eq 137 ]"
	lt -q --state "$d/state" "$d/logs" > /dev/null 2> "$d/redo.err"
	night gzip "$d/logs" 3
	lt -q --state "$d/state" "$d/logs" > /dev/null 2>&1
	verify_mode "killed $point" "$d/state"
done

# Two runs at once: the second exits 4 and says who holds the lock.
night gzip "$W/lock/logs" 1
mkdir -p "$W/lock/state"
( flock "$W/lock/state/lock" sleep 3 ) &
sleep 0.5
lt --state "$W/lock/state" "$W/lock/logs" > /dev/null 2> "$W/lock.err"
rc=$?
wait
check "overlapping run exits 4 ($rc)" "[ $rc -eq 4 ]"
check "overlapping run says why" "grep -q 'another run' '$W/lock.err'"
check "overlapping run changed nothing" "[ ! -e '$W/lock/state/state.json' ]"

# Retention: old records go, the evidence stays as it was.
( cd "$W/rename/logs" && sha256sum * ) > "$W/evidence.sha"
before=$("$LT_BIN" dump "$W/rename/state/case" | wc -l)
# The records the rules look back at stay (cron_retention.sh): with the
# baselines' history cut to 2 working days, six weeks of samples age out.
mkdir -p "$W/ctx"
cp "$CTX" "$S/people.csv" "$W/ctx/"
printf 'rules:\n  lt-access-surge: { history: 2, min_history: 1 }\n  lt-offhours-logon-new: { history: 2, min_history: 1 }\n' >> "$W/ctx/context.yaml"
"$LT_BIN" run --tz Asia/Tokyo --context "$W/ctx/context.yaml" -q --keep-days 3 --state "$W/rename/state" "$W/rename/logs" > /dev/null 2> "$W/prune.err"
after=$("$LT_BIN" dump "$W/rename/state/case" | wc -l)
check "keep-days removed old records ($before -> $after)" "[ $after -gt 0 ] && [ $after -lt $before ]"
check "keep-days is recorded in the state" "[ \$(jq '.pruned | length' '$W/rename/state/state.json') -eq 1 ]"
check "keep-days left the evidence untouched" "( cd '$W/rename/logs' && sha256sum -c --quiet '$W/evidence.sha' )"
check "verify passes after keep-days" "'$LT_BIN' verify '$W/rename/state/case' > /dev/null 2>&1"

# A file that shrank under the state is reported and read again from the start.
mkdir -p "$W/shrink/logs"
head -n 5 "$W/src/auth" > "$W/shrink/logs/auth.log"
lt -q --state "$W/shrink/state" "$W/shrink/logs" > /dev/null 2>&1
sed -n '6,8p' "$W/src/auth" > "$W/shrink/logs/auth.log"
lt --state "$W/shrink/state" "$W/shrink/logs" > /dev/null 2> "$W/shrink.err"
check "shrunk file is reported" "grep -q 'shrank' '$W/shrink.err'"
check "shrunk file is read again from the start" "[ \$(\"$LT_BIN\" dump '$W/shrink/state/case' | wc -l) -eq 8 ]"

# An unfinished last line waits for its newline.
mkdir -p "$W/tail/logs"
head -n 3 "$W/src/auth" > "$W/tail/logs/auth.log"
sed -n 4p "$W/src/auth" | tr -d '\n' >> "$W/tail/logs/auth.log"
lt -q --state "$W/tail/state" "$W/tail/logs" > /dev/null 2>&1
check "unfinished last line is held back" "[ \$(\"$LT_BIN\" dump '$W/tail/state/case' | wc -l) -eq 3 ]"
printf '\n' >> "$W/tail/logs/auth.log"
lt -q --state "$W/tail/state" "$W/tail/logs" > /dev/null 2>&1
check "finished line is read once" "[ \$(\"$LT_BIN\" dump '$W/tail/state/case' | wc -l) -eq 4 ]"

# Bad usage.
"$LT_BIN" run --state "$W/x" -o "$W/y" "$W/tail/logs" > /dev/null 2>&1
check "--state with -o is a usage error" "[ $? -eq 64 ]"

e2e_finish
