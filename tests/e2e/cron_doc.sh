#!/bin/bash
# Every example of doc/cron.md, run (issue 12): the commands are taken from
# the document itself, with its system paths moved under a temporary root
# (/var/log, /var/lib/leaktrail, /etc/leaktrail, /usr/bin/leaktrail), so a
# change to an example is a change to what this test runs. systemctl lines
# are shown as skipped: there is no systemd to drive here.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init cron-doc
e2e_need jq gzip
DOC=$LT_SRCDIR/doc/cron.md
S=$LT_SRCDIR/samples
R=$W/root
mkdir -p "$R/var/log/squid" "$R/var/log/samba" "$R/etc/leaktrail" "$R/var/lib" "$R/bin"
cp "$S/context.yaml" "$S/people.csv" "$R/etc/leaktrail/"
ln -s "$LT_BIN" "$R/bin/leaktrail"
# The logs the examples name: squid with a rotation, samba, mail.
zcat "$S/logs/proxy/access.log.1.gz" > "$R/var/log/squid/access.log"
cp "$S/logs/fileserver/fs01/samba-audit.log" "$R/var/log/samba/audit.log"
cp "$S/logs/servers/dev01/auth.log" "$R/var/log/samba/auth.log"	# older lines, for the retention example
: > "$R/var/log/mail.log"
find "$R/var/log" -type f -exec touch -d '2026-11-30 12:00:00' {} +
relocate() { sed -e "s|/usr/bin/leaktrail|leaktrail|g" -e "s|/var/|$R/var/|g" -e "s|/etc/leaktrail|$R/etc/leaktrail|g"; }
export PATH=$R/bin:$PATH TZ=Asia/Tokyo

# The crontab line: its command part (after the five time fields).
cron=$(grep -m1 -E '^    [0-9*]+ [0-9*]+ \* \* \*  leaktrail run' "$DOC" | sed -E 's/^ +([^ ]+ +){5}//' | relocate)
check "the crontab example is found" "[ -n \"\$cron\" ]"
( cd "$W" && eval "$cron" ) > "$W/out1" 2> "$W/err1"
rc=$?
check "the crontab command runs (exit $rc: 0 or 1)" "[ $rc -le 1 ]"
check "... --quiet prints only the new findings" "! grep -q '^leaktrail run: case' '$W/out1'"
check "... its state case verifies" "leaktrail verify '$R/var/lib/leaktrail/case' > /dev/null 2>&1"
check "... the examples' state layout exists" \
	"[ -f '$R/var/lib/leaktrail/state.json' ] && [ -f '$R/var/lib/leaktrail/lock' ] && [ -d '$R/var/lib/leaktrail/reports' ]"
( cd "$W" && eval "$cron" ) > "$W/out2" 2>&1
rc=$?
check "the next night with nothing new: exit 0, silent ($rc)" "[ $rc -eq 0 ] && [ ! -s '$W/out2' ]"

# The systemd service's ExecStart: the same run; exit 1 is SuccessExitStatus.
exec_start=$(grep -m1 '^    ExecStart=' "$DOC" | sed 's/^    ExecStart=//' | relocate)
check "the service names SuccessExitStatus=1" "grep -q '^    SuccessExitStatus=1' '$DOC'"
cat "$S/logs/proxy/access.log" >> "$R/var/log/squid/access.log"
( cd "$W" && eval "$exec_start" ) > /dev/null 2>&1
rc=$?
check "the service's ExecStart runs (exit $rc: 0 or 1)" "[ $rc -le 1 ]"
check "... and verifies" "leaktrail verify '$R/var/lib/leaktrail/case' > /dev/null 2>&1"

# The verify line of "Verifying a nightly case", after a rotation with gzip.
mv "$R/var/log/squid/access.log" "$R/var/log/squid/access.log.1" && gzip -n "$R/var/log/squid/access.log.1"
: > "$R/var/log/squid/access.log"
( cd "$W" && eval "$exec_start" ) > /dev/null 2>&1
leaktrail verify "$R/var/lib/leaktrail/case" > "$W/verify" 2>&1
check "verify passes after the rotation" "[ $? -eq 0 ]"
want=$(grep -m1 '^    ok       evidence /var/log/squid/access.log (its ' "$DOC" | sed 's/^    //; s/its [0-9]* bytes/its N bytes/' | relocate)
got=$(grep -F "$R/var/log/squid/access.log (its " "$W/verify" | sed 's/its [0-9]* bytes/its N bytes/' | head -1)
check "verify prints the documented line ($want)" "[ -n \"\$want\" ] && [ \"\$got\" = \"\$want\" ]"

# The retention example's keys are those the audit line carries (the
# baselines' history shortened, so that the samples' weeks age out).
printf 'rules:\n  lt-access-surge: { history: 2, min_history: 1 }\n  lt-offhours-logon-new: { history: 2, min_history: 1 }\n' >> "$R/etc/leaktrail/context.yaml"
( cd "$W" && eval "$exec_start --keep-days 1" ) > /dev/null 2>&1
doc_keys=$(sed -n '/^    "retention":{/,/}$/p' "$DOC" | sed 's/^ *//' | tr -d '\n' | sed 's/^"retention"://' | jq -c 'keys')
got_keys=$(jq -c 'select(.retention) | .retention | keys' "$R/var/lib/leaktrail/case/audit.log" | tail -1)
check "the retention example has the audit line's keys" "[ -n \"\$doc_keys\" ] && [ \"\$doc_keys\" = \"\$got_keys\" ]"

# The evidence line of "What to back up": same shape as the report's.
want=$(grep -m1 '^    evidence: ' "$DOC" | sed -E 's/^    //; s/line [0-9]+ \(offset [0-9]+\)/line L (offset O)/' | relocate)
check "the report's evidence line has the documented shape" \
	"[ -n \"\$want\" ] && grep -qE '^  evidence: .* line [0-9]+ \\(offset [0-9]+\\)' '$R'/var/lib/leaktrail/reports/*.txt"

# Starting over: the mv line (systemctl is not available here).
while read -r line; do
	case $line in
	systemctl*) skip "doc/cron.md: '$line' (no systemd here)" ;;
	mv*) cmd=$(printf '%s\n' "$line" | relocate)
	     ( cd "$W" && eval "$cmd" ) ;;
	esac
done < <(sed -n '/^## Starting over/,$p' "$DOC" | sed -n 's/^    //p')
check "starting over moved the state away" "ls -d '$R'/var/lib/leaktrail.2* > /dev/null 2>&1 && [ ! -e '$R/var/lib/leaktrail' ]"
( cd "$W" && eval "$cron" ) > "$W/out3" 2>&1
check "the next run starts over, reporting every finding again" \
	"[ \$(grep -c '^  finding ' '$W/out3') -ge 1 ] && leaktrail verify '$R/var/lib/leaktrail/case' > /dev/null 2>&1"
e2e_finish
