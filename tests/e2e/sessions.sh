#!/bin/sh
# Sessions at any verbosity (issue 11, doc/record-format.md "Sessions"):
# an OpenVPN server log at each verbosity (only "Peer Connection
# Initiated"; authentication + pool address without the "MULTI: primary
# virtual IP" line, with duplicated syslog copies; everything; the --log
# file form) and the status file (versions 1 and 2, two snapshots in v1)
# give exactly one session start per connection, an end with its duration
# (or bytes in the status file), and the Saturday-night session is found
# by the off-hours rule exactly once in each.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init sessions
e2e_need jq
D=$LT_SRCDIR/tests/data/sessions

for f in verb1 verb3 verb4 logfile status-v1 status-v2; do
	cp "$D/openvpn/$f.log" "$W/$f.log"
	touch -d '2026-12-01 00:00:00 UTC' "$W/$f.log"	# the year of "Nov 28" lines
	"$LT_BIN" run -q -j1 -o "$W/$f" --context "$D/context.yaml" "$W/$f.log" >/dev/null 2>"$W/$f.err"
	"$LT_BIN" dump "$W/$f" >"$W/$f.jsonl"
	check "$f: one session start per connection" \
		"[ \"\$(jq -r 'select(.\"leaktrail.session.role\" == \"start\") | .\"user.name\"' $W/$f.jsonl | sort | tr '\n' ' ')\" = 'jiro taro ' ]"
	check "$f: the Saturday-night session is found once, the Thursday one not" \
		"[ \"\$(jq -r 'select(.rule_id == \"lt-offhours-logon\") | [.person, .nrefs_total] | @tsv' $W/$f/findings.jsonl | tr '\t\n' ': ')\" = 'jiro:1 ' ]"
done
for f in verb1 verb3 verb4 logfile; do
	check "$f: the end carries the duration from the session's first line" \
		"jq -s -e '[.[] | select(.\"leaktrail.session.role\" == \"end\" and .\"event.duration\" != null) | [.\"user.name\", .\"event.duration\"]] | sort == [[\"jiro\", ($(test $f = verb1 && echo 6312 || echo 6313) * 1000000000)], [\"taro\", ($(test $f = verb1 && echo 8909 || echo 8910) * 1000000000)]]' $W/$f.jsonl >/dev/null"
done
check "verb3: the duplicated syslog copies are not sessions" \
	"[ \"\$(jq -s '[.[] | select(.\"leaktrail.duplicate_of_line\" != null and .\"leaktrail.session.role\" == \"start\")] | length' $W/verb3.jsonl)\" = 0 ]"
check "verb3: the later lines of a session are marked continued" \
	"[ \"\$(jq -s '[.[] | select(.\"leaktrail.session.role\" == \"continued\")] | length' $W/verb3.jsonl)\" = 4 ]"
check "status-v1: the second snapshot continues the sessions, with its bytes" \
	"jq -s -e '[.[] | select(.\"user.name\" == \"jiro\") | [.\"leaktrail.session.role\", .\"source.bytes\", .\"destination.bytes\"]] == [[\"start\", 1523311, 20485530], [\"continued\", 1788120, 24100233]]' $W/status-v1.jsonl >/dev/null"
check "status-v2: time_t, assigned address and user" \
	"jq -s -e '[.[] | select(.\"user.name\" == \"jiro\")][0] | .\"@timestamp\" == \"2026-11-28T13:10:05.000000Z\" and .\"leaktrail.vpn.assigned_ip\" == \"10.8.0.7\" and .\"event.action\" == \"vpn_session_start\"' $W/status-v2.jsonl >/dev/null"
check "status files are read whole: no line unparsed" \
	"jq -e '.sources[0].streams[0] | .parser.name == \"openvpn_status\" and .counts.unparsed == 0' $W/status-v1/manifest.json >/dev/null"

# GlobalProtect: only gateway-auth and -logout, or every stage; portal stages are no tunnel.
for f in auth-only all-stages; do
	cp "$D/globalprotect/$f.log" "$W/gp-$f.log"
	touch -d '2026-12-01 00:00:00 UTC' "$W/gp-$f.log"
	"$LT_BIN" run -q -j1 -o "$W/gp-$f" --context "$D/context.yaml" "$W/gp-$f.log" >/dev/null 2>&1
	"$LT_BIN" dump "$W/gp-$f" >"$W/gp-$f.jsonl"
	check "globalprotect $f: one start per connection, at gateway-auth" \
		"[ \"\$(jq -r 'select(.\"leaktrail.session.role\" == \"start\") | .\"event.code\" + \":\" + .\"user.name\"' $W/gp-$f.jsonl | tr '\n' ' ')\" = 'gateway-auth:taro gateway-auth:jiro ' ]"
	check "globalprotect $f: the logout ends it with PAN-OS's own duration" \
		"jq -s -e '[.[] | select(.\"leaktrail.session.role\" == \"end\") | .\"event.duration\"] == [9000000000000, 6300000000000]' $W/gp-$f.jsonl >/dev/null"
	check "globalprotect $f: the Saturday-night session is found once" \
		"[ \"\$(jq -r 'select(.rule_id == \"lt-offhours-logon\") | [.person, .nrefs_total] | @tsv' $W/gp-$f/findings.jsonl | tr '\t\n' ': ')\" = 'jiro:1 ' ]"
done

# ssh logon/logoff pairs: one start whether or not "Accepted" is there; cron sessions are no logons.
cp "$D/ssh/auth.log" "$W/auth.log"
touch -d '2026-12-01 00:00:00 UTC' "$W/auth.log"
"$LT_BIN" run -q -j1 -o "$W/ssh" --context "$D/context.yaml" "$W/auth.log" >/dev/null 2>&1
"$LT_BIN" dump "$W/ssh" >"$W/ssh.jsonl"
check "ssh: one start per session (Accepted, or the PAM open when Accepted is missing)" \
	"[ \"\$(jq -r 'select(.\"leaktrail.session.role\" == \"start\") | .\"event.action\" + \":\" + .\"user.name\"' $W/ssh.jsonl | tr '\n' ' ')\" = 'ssh_login:jiro session_opened:hanako ' ]"
check "ssh: the close carries the session's duration" \
	"jq -s -e '[.[] | select(.\"leaktrail.session.role\" == \"end\") | .\"event.duration\"] == [1830000000000, 1800000000000]' $W/ssh.jsonl >/dev/null"
check "ssh: cron's PAM sessions are not tracked" "jq -s -e '[.[] | select(.\"user.name\" == \"root\" and .\"leaktrail.session.role\" != null)] == []' $W/ssh.jsonl >/dev/null"
check "ssh: each off-hours session is found once" \
	"[ \"\$(jq -r 'select(.rule_id == \"lt-offhours-logon\") | [.person, .nrefs_total] | @tsv' $W/ssh/findings.jsonl | sort | tr '\t\n' ': ')\" = 'hanako:1 jiro:1 ' ]"
e2e_finish
