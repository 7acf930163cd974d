#!/bin/sh
# Honest accounting and per-line fallback (issue 11, doc/record-format.md
# "Accounting"): a syslog collector's file mixing FortiGate, PAN-OS
# GlobalProtect and sshd lines loses no line, each record names the parser
# that read it, the manifest counts lines per parser, and a line only the
# syslog header of was understood is a generic record, counted apart and
# not as parsed.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init accounting
e2e_need jq
F=$LT_SRCDIR/tests/data/mixed/collector.log

"$LT_BIN" ingest -j1 -o "$W/c" --tz Asia/Tokyo "$F" >"$W/out" 2>&1
M=$W/c/manifest.json
"$LT_BIN" dump "$W/c" >"$W/dump.jsonl"
check "every line of the mixed file gave a record" "[ \"\$(wc -l <$W/dump.jsonl)\" = 9 ] && jq -e '.sources[0].streams[0].counts | .lines == 9 and .unparsed == 0' $M >/dev/null"
check "recognised 8, generic 1, 5 of them by fallback parsers" \
	"jq -e '.sources[0].streams[0].counts | .recognised == 8 and .generic == 1 and .fallback == 5' $M >/dev/null"
check "lines per parser in the manifest" \
	"jq -e '.sources[0].streams[0].lines_by_parser == {\"fortigate\": 3, \"linux_auth\": 3, \"panos_globalprotect\": 2}' $M >/dev/null"
check "each record names the parser that read it" \
	"[ \"\$(jq -r '[.\"leaktrail.line\", .\"leaktrail.parser\"] | @tsv' $W/dump.jsonl | sort -n | cut -f2 | tr '\n' ' ')\" = 'fortigate fortigate linux_auth panos_globalprotect linux_auth linux_auth fortigate panos_globalprotect linux_auth ' ]"
check "the fallback parsers read their fields (VPN actions, users)" \
	"jq -s -e 'map(select(.\"leaktrail.line\" == 8))[0] | .\"event.action\" == \"vpn_login\" and .\"user.name\" == \"taro\"' $W/dump.jsonl >/dev/null && jq -s -e 'map(select(.\"leaktrail.line\" == 7))[0] | .\"event.action\" == \"vpn_session_start\" and .\"user.name\" == \"jiro\"' $W/dump.jsonl >/dev/null"
check "the systemd line is a generic record with its header and message" \
	"jq -s -e 'map(select(.\"leaktrail.line\" == 6))[0] | .\"leaktrail.generic\" == true and .\"host.name\" == \"db01\" and .\"process.name\" == \"systemd\" and (.\"event.action\" == null)' $W/dump.jsonl >/dev/null"
check "the summary counts only recognised lines as parsed" "grep -q 'parsed: 8 of 9 line(s) recognised (88.9 %), 1 not understood' $W/out"

# A syslog file linux_auth reads: unknown sshd and cron lines are generic, not parsed.
printf '%s\n' \
	'Nov 25 09:00:03 db01 sshd[4121]: Accepted publickey for hanako from 192.0.2.10 port 50122 ssh2' \
	'Nov 25 09:00:04 db01 sshd[900]: last message repeated 2 times' \
	'Nov 25 09:00:05 db01 CRON[77]: (root) CMD (run-parts /etc/cron.hourly)' >"$W/auth.log"
"$LT_BIN" run -j1 -o "$W/r" --tz Asia/Tokyo "$W/auth.log" >"$W/out" 2>&1
check "run's summary: 1 of 3 recognised, 2 not understood" "grep -q 'parsed: *1 recognised (33.3 %), 2 not understood' $W/out"
check "the report shows the lines not understood" "grep -q '2 line(s) not understood' $W/r/exports/report.en.html"

# journald hands its entries to linux_auth as rebuilt syslog lines: a generic
# answer is made from that line (time, host, program), not from the JSON.
"$LT_BIN" ingest -q -j1 -o "$W/j" --tz UTC "$LT_SRCDIR/tests/data/mixed/journal-generic.json"
check "journald: the systemd entry is generic, the sshd one recognised" \
	"jq -e '.sources[0].streams[0].counts | .recognised == 1 and .generic == 1' $W/j/manifest.json >/dev/null"
check "journald: the generic record has the entry's time, host and program" \
	"\"$LT_BIN\" dump $W/j | jq -s -e 'map(select(.\"leaktrail.generic\"))[0] | .\"@timestamp\" == \"2025-11-25T00:30:00.000000Z\" and .\"host.name\" == \"srv-app02\" and .\"process.name\" == \"systemd\" and .message == \"Started Daily apt download activities.\"' >/dev/null"

# A forced parser gets no fallback: the user chose.
"$LT_BIN" ingest -q -j1 -o "$W/f" --tz Asia/Tokyo --format fortigate "$F"
check "--format: no fallback, the other lines are unparsed" \
	"jq -e '.sources[0].streams[0].counts | .recognised == 3 and .unparsed == 6 and .fallback == 0' $W/f/manifest.json >/dev/null"
e2e_finish
