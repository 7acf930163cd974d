#!/bin/sh
# End-to-end: `leaktrail note` and `leaktrail custody` on the sample case.
# Both journals are hash-chained and every entry is an audit.log line; bad
# input is refused with a message that names it (doc/handover.md).
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init note
e2e_need jq
expect() { # expect WANT-STATUS GOT-STATUS WHAT
	if [ "$2" -eq "$1" ]; then ok "$3 (exit $2)"; else bad "$3: exit $2, want $1"; sed 's/^/  | /' "$W/err"; fi
}

# The evidence is copied so that one file can be changed later.
cp -r "$LT_SRCDIR/samples/logs" "$W/logs"
C="$W/case"
"$LT_BIN" run -o "$C" --context "$LT_SRCDIR/samples/context.yaml" --tz Asia/Tokyo "$W/logs" >/dev/null 2>"$W/err"
[ $? -le 2 ] || { bad "run the sample case"; sed 's/^/  | /' "$W/err"; echo "e2e: $pass passed, $fail failed"; exit 1; }
F=$(jq -r 'select(.person == "E1001") | .id' "$C/findings.jsonl" | head -1)
lines() { wc -l <"$C/audit.log"; }

n0=$(lines)
"$LT_BIN" note "$C" --finding "$F" --examiner 佐々木 "本人の休日 VPN 接続。勤怠記録と照合済み" 2>"$W/err"
expect 0 $? "note on a finding"
[ "$(jq -r .text "$C/notes.jsonl")" = "本人の休日 VPN 接続。勤怠記録と照合済み" ] && ok "note text kept" || bad "note text"
[ "$(jq -r .finding "$C/notes.jsonl")" = "$F" ] && ok "note names its finding" || bad "note finding"
[ "$(lines)" -eq $((n0 + 1)) ] && tail -1 "$C/audit.log" | grep -q '"argv":\["note"' && ok "note is an audit line" ||
	bad "no audit line for the note"
sha=$(sha256sum "$C/notes.jsonl" | cut -d' ' -f1)
tail -1 "$C/audit.log" | grep -q "$sha" && ok "audit line holds notes.jsonl's SHA-256" || bad "audit line lacks notes hash"
"$LT_BIN" note "$C" --finding "$F" "二件目" 2>"$W/err"
expect 0 $? "second note"
[ "$(sed -n 2p "$C/notes.jsonl" | jq -r .prev)" = "$(sed -n 1p "$C/notes.jsonl" | jq -r .hash)" ] &&
	ok "second note chained to the first" || bad "notes not chained"

"$LT_BIN" note "$C" --finding 0123456789abcdef "x" 2>"$W/err"
expect 64 $? "unknown finding id refused"
grep -q "finding '0123456789abcdef' is not in" "$W/err" && ok "message names the finding" || bad "message"
[ "$(wc -l <"$C/notes.jsonl")" -eq 2 ] && ok "refused note not written" || bad "refused note written"

"$LT_BIN" custody "$C" --item 1 --from "情報システム部 山田" --by "調査担当 佐々木" \
	--when 2026-11-25T10:00:00+09:00 --how "USB メモリで手渡し" 2>"$W/err"
expect 0 $? "custody entry by source id"
want=$(jq -r '.sources[0].sha256' "$C/manifest.json")
[ "$(jq -r .sha256 "$C/custody.jsonl")" = "$want" ] && ok "custody records the SHA-256 at receipt" || bad "custody sha"
tail -1 "$C/audit.log" | grep -q '"argv":\["custody"' && ok "custody is an audit line" || bad "no custody audit line"
p=$(jq -r '.sources[1].path' "$C/manifest.json")
"$LT_BIN" custody "$C" --item "$p" --from a --by b --when 2026-11-25 --how scp 2>"$W/err"
expect 0 $? "custody entry by path"
"$LT_BIN" custody "$C" --item 999 --from a --by b --when 2026-11-25 --how x 2>"$W/err"
expect 64 $? "unknown item refused"
"$LT_BIN" custody "$C" --item 1 --from a --by b --when soon --how x 2>"$W/err"
expect 64 $? "--when that is no time refused"
p3=$(jq -r '.sources[2].path' "$C/manifest.json")
printf 'x' >>"$p3"
"$LT_BIN" custody "$C" --item 3 --from a --by b --when 2026-11-25 --how x 2>"$W/err"
expect 3 $? "changed evidence refused"
grep -q "SHA-256 is now" "$W/err" && ok "message says the hash changed" || bad "message for changed evidence"
"$LT_BIN" custody "$C" --list >"$W/list" 2>"$W/err"
expect 0 $? "custody --list"
[ "$(wc -l <"$W/list")" -eq 2 ] && ok "two entries listed" || bad "custody list: $(wc -l <"$W/list") entries"
sed -i '1s/USB/DVD/' "$C/custody.jsonl"
"$LT_BIN" custody "$C" --list >/dev/null 2>"$W/err"
expect 3 $? "edited custody record detected"
grep -q "entry 1 differs" "$W/err" && ok "names the edited entry" || bad "edited entry not named"

e2e_finish
