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

# Cisco ASA, FortiGate and strongSwan at several verbosities, and their CEF forwards
# (tests/data/sessions/*/):
# the first session line the log has starts the session, whichever it is.
# Each case: file, the session starts "event.action:user.name" in order, the
# ends' durations in seconds (the product's own, or derived from the start).
while read -r f starts durations; do
	n=$(echo "$f" | tr / -)
	cp "$D/$f.log" "$W/$n.log"
	touch -d '2026-12-01 00:00:00 UTC' "$W/$n.log"
	"$LT_BIN" run -q -j1 -o "$W/$n" --context "$D/context.yaml" "$W/$n.log" >/dev/null 2>&1
	"$LT_BIN" dump "$W/$n" >"$W/$n.jsonl"
	check "$f: one session start per connection ($starts)" \
		"[ \"\$(jq -r 'select(.\"leaktrail.session.role\" == \"start\") | .\"event.action\" + \":\" + .\"user.name\"' $W/$n.jsonl | tr '\n' ' ')\" = '$(echo "$starts" | tr , ' ') ' ]"
	check "$f: the ends carry the session's duration ($durations s)" \
		"[ \"\$(jq -r 'select(.\"leaktrail.session.role\" == \"end\") | .\"event.duration\" / 1000000000' $W/$n.jsonl | tr '\n' ',')\" = '$durations,' ]"
	check "$f: the Saturday-night session is found once" \
		"[ \"\$(jq -r 'select(.rule_id == \"lt-offhours-logon\") | [.person, .nrefs_total] | @tsv' $W/$n/findings.jsonl | tr '\t\n' ': ')\" = 'jiro:1 ' ]"
done <<'EOF_CASES'
asa/info vpn_login:taro,vpn_login:jiro 9001,6300
asa/warnings vpn_address_assigned:taro,vpn_address_assigned:jiro 9001,6300
asa/webvpn vpn_session_start:taro,vpn_session_start:jiro 9000,6300
fortigate/ssl-tunnel vpn_session_start:taro,vpn_session_start:jiro 9000,6299
fortigate/ipsec vpn_session_start:taro,vpn_session_start:jiro 9000,6300
fortigate/eventtime vpn_session_start:taro,vpn_session_start:jiro 9000,6299
strongswan/eap vpn_login:192.168.1.10,vpn_login:jiro 9000,6300
strongswan/minimal vpn_session_start:taro,vpn_session_start:jiro 9000,6300
strongswan/xauth vpn_login:taro,vpn_login:jiro 9001,6300
cef/siem-export vpn_session_start:taro,vpn_session_start:jiro 9001,6301
EOF_CASES
check "asa/info: AnyConnect's later lines (113039, 722051, 722022/3, the reconnect) continue the session" \
	"[ \"\$(jq -r 'select(.\"user.name\" == \"jiro\" and .\"leaktrail.session.role\" == \"continued\") | .\"event.code\"' $W/asa-info.jsonl | tr '\n' ' ')\" = '113039 722051 722022 722023 722022 ' ]"
check "asa/info: the end keeps the ASA's bytes (xmt = to the client)" \
	"jq -s -e '[.[] | select(.\"leaktrail.session.role\" == \"end\" and .\"user.name\" == \"jiro\") | [.\"destination.bytes\", .\"source.bytes\"]] == [[24100233, 1788120]]' $W/asa-info.jsonl >/dev/null"
check "fortigate/ssl-tunnel: the tunnel after the web login continues it; ssl-new-con is no session line" \
	"[ \"\$(jq -r 'select(.\"user.name\" == \"jiro\" or .\"event.code\" == \"0101039943\") | (.\"leaktrail.session.role\" // \"-\") + \":\" + .\"leaktrail.vpn.session_type\"' $W/fortigate-ssl-tunnel.jsonl | tr '\n' ' ')\" = '-:ssl -:ssl start:ssl-web continued:ssl-tunnel end:ssl-tunnel ' ]"
check "fortigate/ipsec: the start has no duration, the statistics line is no session line" \
	"jq -s -e '[.[] | select(.\"user.name\" == \"taro\") | [.\"leaktrail.session.role\", .\"event.duration\"]] == [[\"start\", null], [null, 3600000000000], [\"end\", 9000000000000]]' $W/fortigate-ipsec.jsonl >/dev/null"
check "strongswan/eap: the EAP identity's address line continues the IKE identity's session" \
	"jq -s -e '[.[] | select(.\"event.action\" == \"vpn_address_assigned\") | [.\"user.name\", .\"leaktrail.session.role\"]] == [[\"taro\", \"continued\"], [\"jiro\", \"continued\"]]' $W/strongswan-eap.jsonl >/dev/null"
check "strongswan/xauth: the IKE_SA named by its address carries the XAuth user, start to end" \
	"jq -s -e '[.[] | select(.\"leaktrail.session.role\" != null and .\"source.ip\" == \"203.0.113.44\") | .\"user.name\"] | unique == [\"jiro\"]' $W/strongswan-xauth.jsonl >/dev/null"

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
