#!/bin/sh
# End-to-end: the shipped badge (入退室) format, formats/badge.yaml, reads a
# badge-system CSV export into records with door, person, direction and
# result; the rules of rules/badge put the card reads on the timeline
# (off-hours entry/exit, off-hours entry to a restricted room, refused
# reads), and next to the sample case's logons they land in the 経緯書 of
# `leaktrail handover` in time order.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init badge
e2e_need jq openssl
FMT="$LT_SRCDIR/formats/badge.yaml"
B="$LT_SRCDIR/tests/data/badge"

"$LT_BIN" ingest -o "$W/c" --tz Asia/Tokyo --formats "$FMT" "$B" >/dev/null 2>"$W/err"
st=$?
[ $st -eq 0 ] && ok "ingest the badge CSV (exit 0)" || { bad "ingest exit $st"; sed 's/^/  | /' "$W/err"; }
"$LT_BIN" dump "$W/c" >"$W/records.jsonl" 2>/dev/null
[ "$(wc -l <"$W/records.jsonl")" -eq 8 ] && ok "8 card reads, 8 records" || bad "records: $(wc -l <"$W/records.jsonl")"
jq 'select(.["leaktrail.line"] == 7) | .["user.name"] == "E1001" and .["badge.door"] == "3F 品質保証 資料室"
	and .["badge.direction"] == "入室" and .["badge.result"] == "拒否" and .["leaktrail.parser"] == "badge_csv"
	and .["@timestamp"] == "2026-11-04T10:31:27.000000Z"' "$W/records.jsonl" | grep -qx true &&
	ok "door, person, direction, result and time (Japan time) read" || bad "record fields"

S="$LT_SRCDIR/samples/context.yaml"
"$LT_BIN" scan "$W/c" --context "$S" --rules "$LT_SRCDIR/rules/badge" >/dev/null 2>"$W/err"
got=$(jq -r '[.rule_id, .person, .first] | @tsv' "$W/c/findings.jsonl" | sort)
want=$(printf '%s\n' \
	"lt-badge-denied	E1001	2026-11-04T10:31:27.000000Z" \
	"lt-badge-denied	E1002	2026-11-04T03:05:40.000000Z" \
	"lt-badge-offhours	E1001	2026-11-04T10:33:02.000000Z" \
	"lt-badge-offhours	E1001	2026-11-04T12:47:55.000000Z" \
	"lt-badge-offhours	E1002	2026-11-03T23:21:40.000000Z" | sort)
[ "$got" = "$want" ] && ok "default restricted_door (サーバー室): off-hours and refused reads only" ||
	{ bad "findings differ"; echo "$got" | sed 's/^/  got | /'; }
"$LT_BIN" scan "$W/c" --context "$S" --rules "$LT_SRCDIR/rules/badge" \
	--set lt-badge-offhours-restricted.restricted_door=設計室 >/dev/null 2>"$W/err"
got=$(jq -r 'select(.rule_id == "lt-badge-offhours-restricted") | [.person, .first] | @tsv' "$W/c/findings.jsonl")
[ "$got" = "E1001	2026-11-04T10:33:02.000000Z" ] && ok "restricted_door=設計室: 鈴木's 19:33 entry, not the 09:02 one" ||
	bad "restricted entry: '$got'"

# Beside the logons: the sample case with the badge export, both rule folders.
openssl rand -hex 32 >"$W/key"
mkdir -p "$W/in"
cp -r "$LT_SRCDIR/samples/logs" "$W/in/logs"
cp -r "$B" "$W/in/badge"
"$LT_BIN" ingest -o "$W/s" --tz Asia/Tokyo --formats "$FMT" "$W/in" >/dev/null 2>"$W/err"
"$LT_BIN" scan "$W/s" --context "$S" --rules "$LT_SRCDIR/rules/default" --rules "$LT_SRCDIR/rules/badge" \
	--set lt-badge-offhours-restricted.restricted_door=設計室 >/dev/null 2>"$W/err"
"$LT_BIN" handover "$W/s" --for counsel --person E1001 -o "$W/pkg" --skip-evidence >/dev/null 2>"$W/err"
st=$?
[ $st -eq 0 ] && ok "handover with badge evidence (exit 0)" || { bad "handover exit $st"; sed 's/^/  | /' "$W/err"; }
# In the account, 19:33 設計室 entry comes after the 19:05 file reads and
# before the 21:10 upload (the sample's 11-04 evening).
order=$(grep -o '2-[0-9]*\. 2026-11-04 [0-9:]* (+09:00) [^[]*' "$W/pkg/keii.ja.html" | sed 's/ (+09:00)//' |
	awk '{print $3}' | tr '\n' ' ')
case $order in
*"19:05:19"*"19:33:02"*"21:10:00"*) ok "badge entry between the file reads and the upload: $order" ;;
*) bad "order in the account: $order" ;;
esac
grep -q "業務時間外の制限区域への入室" "$W/pkg/keii.ja.html" && ok "restricted-room entry in the 経緯書" ||
	bad "restricted-room entry missing from the 経緯書"

# 秘密管理性: refused card reads of anyone, 田中's too, are in section 3
awk '/入室拒否の記録/ { on = 1 } on' "$W/pkg/keii.ja.html" >"$W/denied.html"
grep -q "<dd>2</dd>" "$W/denied.html" && grep -q "E1002 が 2026-11-04（水）12:05" "$W/denied.html" &&
	ok "refused card reads (anyone's) in the 秘密管理性 section" || bad "refused reads missing from section 3"
"$LT_BIN" handover "$W/s" --for internal --pseudonymize "$W/key" --person E1001 -o "$W/int" --skip-evidence \
	>/dev/null 2>"$W/err" || true
[ -f "$W/int/keii.ja.html" ] && ! grep -q "E1002" "$W/int/keii.ja.html" &&
	ok "internal: the other person's refused read is pseudonymised" || bad "internal: E1002 named"

e2e_finish
