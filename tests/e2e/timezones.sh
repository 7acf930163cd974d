#!/bin/sh
# Time zones never depend on the machine (issue 11, doc/time-zones.md): the
# same case under three TZ values gives byte-identical records and findings;
# per-source zones (--tz GLOB=ZONE, context sources:) beat --tz ZONE, which
# beats organisation.time_zone; with none, UTC and a warning in the summary
# and the manifest; a bad context stops run before any input is read; the
# year of a year-less stamp never lies after the file's last write; streams
# whose times are all after the file's mtime, or all between 0 and 6 local,
# are named. Zones by host: host rules decide each line of a collector's
# file by its syslog host (RFC 3164, RFC 5424, ISO stamps), or a whole
# stream whose path names the host; the first matching rule wins.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init timezones
e2e_need jq
D=$LT_SRCDIR/tests/data/tz
S=$LT_SRCDIR/samples

# 1. The machine's zone is never used.
for z in UTC Asia/Tokyo America/New_York; do
	d=$W/$(echo "$z" | tr / _)
	mkdir -p "$d"
	(cd "$d" && TZ=$z "$LT_BIN" run -q -j1 -o case --context "$S/context.yaml" "$S/logs" >/dev/null 2>"$d/err"
	 echo $? >"$d/rc"; TZ=$z "$LT_BIN" dump case >"$d/dump.jsonl")
done
check "run gives findings under TZ=UTC" "[ \"\$(cat $W/UTC/rc)\" = 1 ] && [ -s $W/UTC/case/findings.jsonl ]"
for z in Asia_Tokyo America_New_York; do
	check "records under TZ=$z are byte-identical to TZ=UTC" "cmp -s $W/UTC/dump.jsonl $W/$z/dump.jsonl"
	check "findings under TZ=$z are byte-identical to TZ=UTC" "cmp -s $W/UTC/case/findings.jsonl $W/$z/case/findings.jsonl"
done
check "the manifest says the zone came from the context" \
	"jq -e '.ingest[0].time_zone == {name: \"Asia/Tokyo\", from: \"context organisation.time_zone\", sources: []}' $W/UTC/case/manifest.json >/dev/null"

# 2. Nothing given: UTC, and a warning in the summary and the manifest.
TZ=Asia/Tokyo "$LT_BIN" ingest -j1 -o "$W/none" "$D/auth.log" >"$W/out" 2>&1
check "ingest without a zone warns in its summary" "grep -q 'warning: no time zone given' $W/out"
check "and in the manifest, run and stream" "jq -e '(.ingest[0].time_zone.warning | test(\"read as UTC\")) and .sources[0].streams[0].time.zone == \"UTC\" and (.sources[0].streams[0].time.zone_from | test(\"UTC assumed\"))' $W/none/manifest.json >/dev/null"
check "the time is read as UTC, not the machine's Asia/Tokyo" "\"$LT_BIN\" dump $W/none | jq -e 'select(.\"@timestamp\" | test(\"T09:30:00\"))' >/dev/null"
"$LT_BIN" run -j1 -o "$W/none-run" "$D/auth.log" >"$W/out" 2>&1
check "run without a zone warns in its summary" "grep -q 'warning: no time zone given' $W/out"
check "and in the report" "grep -q 'UTC assumed' $W/none-run/exports/report.en.html"

# 3. Precedence: --tz GLOB=ZONE > context sources: > --tz ZONE > organisation.time_zone.
"$LT_BIN" ingest -q -j1 -o "$W/ctx" --context "$D/sources-context.yaml" "$D/fw-relay.log" "$D/auth.log"
check "context sources: puts fw-*.log in UTC" "jq -e '[.sources[].streams[0].time | {zone, zone_rule}] == [{zone: \"UTC\", zone_rule: \"fw-*.log\"}, {zone: \"Asia/Tokyo\", zone_rule: null}]' $W/ctx/manifest.json >/dev/null"
check "its record is read in UTC, the other in Tokyo" "[ \"\$(\"$LT_BIN\" dump $W/ctx | jq -r '.\"@timestamp\"' | sort | tr '\n' ' ')\" = '2026-11-25T00:30:00.000000Z 2026-11-25T00:30:00.000000Z ' ]"
"$LT_BIN" ingest -q -j1 -o "$W/cli" --context "$D/sources-context.yaml" --tz 'fw-*=America/New_York' --tz UTC \
	"$D/fw-relay.log" "$D/auth.log"
check "--tz GLOB=ZONE beats the context's sources, --tz ZONE the organisation's zone" \
	"jq -e '[.sources[].streams[0].time | {zone, zone_from}] == [{zone: \"America/New_York\", zone_from: \"--tz fw-*=America/New_York\"}, {zone: \"UTC\", zone_from: \"--tz\"}]' $W/cli/manifest.json >/dev/null"
expect "an unknown zone in --tz GLOB=ZONE is a usage error" 64 "$LT_BIN" ingest -q -o "$W/x" --tz 'fw*=Mars/Base' "$D/auth.log"
expect "two different default zones are a usage error" 64 "$LT_BIN" ingest -q -o "$W/x" --tz UTC --tz Asia/Tokyo "$D/auth.log"

# 4. A bad context stops run before any input: 64, file:line:col once, no case.
expect "run with a bad context exits 64" 64 "$LT_BIN" run -j1 -o "$W/bad" --context "$D/bad-context.yaml" "$D/auth.log"
check "the error names file:line:col" "grep -q 'bad-context.yaml:4:[0-9]*: unknown time zone' $W/err"
check "and is printed once" "[ \"\$(grep -c 'unknown time zone' $W/err)\" = 1 ]"
check "no half-built case is left" "[ ! -e $W/bad ]"
expect "run --state with a bad context exits 64" 64 "$LT_BIN" run -j1 --state "$W/state" --context "$D/bad-context.yaml" "$D/auth.log"
check "and leaves no case in the state directory" "[ ! -e $W/state/case ]"
expect "ingest with a bad context exits 64" 64 "$LT_BIN" ingest -q -o "$W/bad2" --context "$D/bad-context.yaml" "$D/auth.log"
check "and leaves no case" "[ ! -e $W/bad2 ]"

# 5. Year inference: "Dec 10" in a file last written on Dec 2 is last year's.
cp "$D/december.log" "$W/december.log"
touch -d '2026-12-02 12:00:00 UTC' "$W/december.log"
"$LT_BIN" ingest -q -j1 -o "$W/dec" --tz UTC "$W/december.log"
check "Dec 1 stays in the mtime's year, Dec 10 goes to the year before" \
	"[ \"\$(\"$LT_BIN\" dump $W/dec | jq -r '.\"@timestamp\"' | tr '\n' ' ')\" = '2025-12-10T09:00:00.000000Z 2026-12-01T09:00:00.000000Z ' ]"
check "the inference is recorded per record and counted per stream" \
	"[ \"\$(\"$LT_BIN\" dump $W/dec | jq -s '[.[] | select(.\"leaktrail.time.year_inferred\")] | length')\" = 2 ] && jq -e '.sources[0].streams[0].counts.records_year_inferred == 2' $W/dec/manifest.json >/dev/null"

# 6. Warnings: every time after the file's last write; every time 0-6 local.
cp "$D/night.log" "$W/night.log"
touch -d '2026-11-10 00:00:00 UTC' "$W/night.log"
"$LT_BIN" ingest -j1 -o "$W/night" --tz UTC "$W/night.log" >"$W/out" 2>&1
check "times after the file's last write are named" "grep -q 'more than a day after the file.s last write' $W/out && jq -e '.sources[0].streams[0].time.warnings | any(test(\"after the file\"))' $W/night/manifest.json >/dev/null"
check "a zone that puts every time between 0 and 6 is named" "grep -q 'the zone looks wrong' $W/out && jq -e '.sources[0].streams[0].time.warnings | any(test(\"zone looks wrong\"))' $W/night/manifest.json >/dev/null"
touch -d '2026-11-21 00:00:00 UTC' "$W/night.log"
"$LT_BIN" ingest -j1 -o "$W/night2" --tz 'night*=America/Los_Angeles' --tz Asia/Tokyo "$W/night.log" >"$W/out" 2>&1
check "read in its own zone (18:00-22:30 in Tokyo), no warning" "! grep -q 'zone looks wrong\|last write' $W/out && jq -e '.sources[0].streams[0].time.warnings == []' $W/night2/manifest.json >/dev/null"

# 7. Zones by host: a collector's file mixes hosts in several zones.
cp "$D/collector.log" "$W/collector.log"
touch -d '2026-12-01 00:00:00 UTC' "$W/collector.log"
"$LT_BIN" ingest -q -j1 -o "$W/hosts" --context "$D/hosts-context.yaml" "$W/collector.log"
"$LT_BIN" dump "$W/hosts" | jq -r '[(."host.name" // ."observer.name"), ."@timestamp", ."leaktrail.time.zone", (."leaktrail.time.zone_from" // "-")] | @tsv' | LC_ALL=C sort >"$W/hosts.tsv"
cat >"$W/hosts.want" <<'EOF_WANT'
BER-GW	2026-11-25T08:30:00.000000Z	Europe/Berlin	host ber-gw: context sources (tests/data/tz/hosts-context.yaml:9)
fw-osaka	2026-11-25T09:30:00.000000Z	UTC	-
ny-fw01	2026-11-25T14:30:00.000000Z	America/New_York	host ny-*: context sources (tests/data/tz/hosts-context.yaml:8)
ny-vpn1	2026-11-25T14:30:00.000000Z	America/New_York	host ny-*: context sources (tests/data/tz/hosts-context.yaml:8)
ny-vpn2	2026-11-25T14:30:00.000000Z	America/New_York	host ny-*: context sources (tests/data/tz/hosts-context.yaml:8)
ny-vpn3	2026-11-25T14:30:00.000000Z	America/New_York	host ny-*: context sources (tests/data/tz/hosts-context.yaml:8)
ny-vpn4	2026-11-25T00:30:00.000000Z	+09:00	-
EOF_WANT
sed -i "s|tests/data/tz/|$D/|" "$W/hosts.want"
check "each line of a collector's file is read in its host's zone (3164, 5424, ISO; case-insensitive; FortiGate by devname), the rest by the path rule, own offsets kept" \
	"diff $W/hosts.want $W/hosts.tsv"
check "the manifest lists host and path rules and counts the lines a host rule decided" \
	"jq -e '([.ingest[0].time_zone.sources[].match] == [\"host\", \"host\", \"path\"]) and .sources[0].streams[0].time.records_zone_by_host == 5 and .sources[0].streams[0].time.zone_rule == \"collector*.log\"' $W/hosts/manifest.json >/dev/null"
"$LT_BIN" ingest -q -j1 -o "$W/hosts-cli" --context "$D/hosts-context.yaml" --tz 'collector*=Asia/Tokyo' "$W/collector.log"
check "a path rule before the host rules (--tz GLOB=ZONE) decides the whole stream" \
	"[ \"\$(\"$LT_BIN\" dump $W/hosts-cli | jq -r 'select(.\"host.name\" != \"ny-vpn4\") | .\"leaktrail.time.zone\" + (.\"leaktrail.time.zone_from\" // \"\")' | sort -u)\" = Asia/Tokyo ]"
"$LT_BIN" ingest -q -j1 -o "$W/hosts-cli2" --tz 'host:fw-osaka=America/New_York' --tz Asia/Tokyo "$W/collector.log"
check "--tz host:GLOB=ZONE decides that host's lines, --tz ZONE the others" \
	"[ \"\$(\"$LT_BIN\" dump $W/hosts-cli2 | jq -r 'select(.\"host.name\" == \"fw-osaka\" or .\"host.name\" == \"ny-vpn1\") | .\"host.name\" + \"=\" + .\"@timestamp\"' | sort | tr '\n' ' ')\" = 'fw-osaka=2026-11-25T14:30:00.000000Z ny-vpn1=2026-11-25T00:30:00.000000Z ' ]"
mkdir -p "$W/remote/ny-vpn9"
cp "$D/auth.log" "$W/remote/ny-vpn9/auth.log"
"$LT_BIN" ingest -q -j1 -o "$W/hosts-path" --context "$D/hosts-context.yaml" "$W/remote/ny-vpn9/auth.log"
check "a stream whose folder names the host takes the host's zone as its own" \
	"jq -e '.sources[0].streams[0].time | .zone == \"America/New_York\" and .zone_rule == \"ny-*\"' $W/hosts-path/manifest.json >/dev/null"
e2e_finish
