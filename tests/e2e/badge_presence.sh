#!/bin/sh
# End-to-end: badge presence (enrich/presence.h, doc/handover.md "Entry/exit
# records"). tests/data/badge-presence holds an invented day of 山本 (E2001,
# Windows account EXAMPLE\kyamamoto, 社員番号 E2001 on the badge export) and
# 佐藤 (E2002): scan stamps each logon with where the badge log last placed
# the person, and lt-badge-logon-out fires only on the one logon at the
# keyboard after a building exit, citing the logon and the exit read. Not on:
# a logon after entering, an unlock after leaving a room (not a building
# door), a Remote Desktop or VPN logon while out, a failed logon, a logon 40
# hours after the last read (stale), or anything in a case without badge
# reads. badge.building_doors and badge.max_age_hours change that as
# documented; the output is the same when scanned twice.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init badge_presence
e2e_need jq
D="$LT_SRCDIR/tests/data/badge-presence"
FMT="$LT_SRCDIR/formats/badge.yaml"
RULES="--rules $LT_SRCDIR/rules/default --rules $LT_SRCDIR/rules/badge"

expect "ingest badge, Windows and VPN logs" 0 "$LT_BIN" ingest -o "$W/c" --tz Asia/Tokyo --formats "$FMT" \
	"$D/badge" "$D/windows" "$D/vpn"
# shellcheck disable=SC2086
"$LT_BIN" scan "$W/c" --context "$D/context.yaml" $RULES >/dev/null 2>"$W/err"
st=$?
check "scan with both rule folders (exit 1: findings)" '[ $st -eq 1 ]'
F="$W/c/findings.jsonl"
got=$(jq -r 'select(.rule_id == "lt-badge-logon-out") | [.person, .first] | @tsv' "$F")
check "one logon while out: 山本's 20:12 interactive logon (got '$got')" \
	'[ "$got" = "E2001	2026-11-10T11:12:33.000000Z" ]'
jq 'select(.rule_id == "lt-badge-logon-out") | .refs | length == 2
	and (.[0].raw | contains("<EventID>4624</EventID>")) and (.[0].raw | contains("2026-11-10T11:12:33"))
	and .[1].raw == "2026/11/10 18:40:05,E2001,山本 健太,本社1F 通用口,退室,許可"
	and .[1].line == 6 and (.[1].source_sha256 | length == 64)' "$F" | grep -qx true &&
	ok "the finding cites the logon and the badge exit line (line 6, with its file's SHA-256)" ||
	bad "citations of the logon-while-out finding"
sha=$(sha256sum "$D/badge/entry-202611.csv" | cut -d' ' -f1)
jq --arg s "$sha" 'select(.rule_id == "lt-badge-logon-out") | .refs[1].source_sha256 == $s' "$F" | grep -qx true &&
	ok "the cited badge file's SHA-256 is the export's" || bad "badge citation hash"
jq 'select(.rule_id == "lt-badge-logon-out") | .message_ja | contains("本社1F 通用口") and contains("18:40")' \
	"$F" | grep -qx true && ok "the message names the door and the exit time" || bad "message: door and time"

# What the records were stamped with (the rule's input), from the timeline.
"$LT_BIN" dump "$W/c" >"$W/records.jsonl" 2>/dev/null
check "the store itself holds no badge state (it is derived at scan)" \
	'! grep -q "leaktrail.badge.state" "$W/records.jsonl"'

# Change the context: the 設計室 door counts as a building door, so the
# 12:10 unlock after leaving it fires; 72 hours of validity make 佐藤's
# logon 40 hours after her exit fire too.
cat >"$W/ctx.yaml" <<YAML
organisation: { name: テスト工業株式会社, time_zone: Asia/Tokyo, business_hours: { weekdays: "08:30-18:00", sat: closed, sun: closed } }
identity: { windows_domains: [EXAMPLE] }
people: $D/people.csv
badge:
  building_doors: [通用口, 設計室]
  max_age_hours: 72
YAML
# shellcheck disable=SC2086
"$LT_BIN" scan "$W/c" --context "$W/ctx.yaml" $RULES >/dev/null 2>"$W/err"
got=$(jq -r 'select(.rule_id == "lt-badge-logon-out") | [.person, .first] | @tsv' "$F" | sort | tr '\n' ' ')
check "building_doors and max_age_hours from the context (got '$got')" \
	'[ "$got" = "E2001	2026-11-10T03:10:40.000000Z E2001	2026-11-10T11:12:33.000000Z E2002	2026-11-12T01:00:00.000000Z " ]'
printf 'badge:\n  max_age_hours: soon\n' >"$W/bad.yaml"
expect "a max_age_hours that is not a number is refused" 64 "$LT_BIN" scan "$W/c" --context "$W/bad.yaml" \
	--rules "$LT_SRCDIR/rules/badge"
grep -q "bad.yaml:2:18: max_age_hours: expected a number of hours" "$W/err" && ok "located message" ||
	{ bad "message for a bad max_age_hours"; sed 's/^/  | /' "$W/err"; }

# Deterministic: the same scan twice gives the same findings.
# shellcheck disable=SC2086
"$LT_BIN" scan "$W/c" --context "$D/context.yaml" $RULES >/dev/null 2>&1
cp "$F" "$W/f1"
# shellcheck disable=SC2086
"$LT_BIN" scan "$W/c" --context "$D/context.yaml" $RULES >/dev/null 2>&1
check "findings byte-identical when scanned twice" 'cmp -s "$F" "$W/f1"'

# Without badge reads nothing is stamped and the rule never fires.
expect "ingest without the badge export" 0 "$LT_BIN" ingest -o "$W/nb" --tz Asia/Tokyo "$D/windows" "$D/vpn"
# shellcheck disable=SC2086
"$LT_BIN" scan "$W/nb" --context "$D/context.yaml" $RULES >/dev/null 2>&1
check "no badge export: no logon-while-out finding" \
	'[ -z "$(jq -r "select(.rule_id == \"lt-badge-logon-out\") | .id" "$W/nb/findings.jsonl")" ]'
check "no badge export: no finding cites a second line" \
	'[ "$(jq -r "select(.rule_id == \"lt-offhours-logon\") | .refs[].summary" "$W/nb/findings.jsonl" | grep -c badge)" -eq 0 ]'

# The 経緯書 shows both lines under the finding.
"$LT_BIN" handover "$W/c" --for counsel --person E2001 -o "$W/pkg" --skip-evidence >/dev/null 2>"$W/err"
st=$?
check "handover (exit 0)" '[ $st -eq 0 ]'
# the finding's own entry (its heading), not a person alert that names the rule
awk '/2-[0-9]+\..*退館中の端末ログオン/ { on = 1; print; next } on && /2-[0-9]+\./ { exit } on' "$W/pkg/keii.ja.html" >"$W/entry.html"
grep -q "本社1F 通用口,退室,許可" "$W/entry.html" && grep -q "EventID&gt;4624" "$W/entry.html" &&
	ok "the 経緯書 entry quotes the logon and the badge exit line" ||
	{ bad "the 経緯書 entry lacks a citation"; head -c 2000 "$W/entry.html"; }
e2e_finish
