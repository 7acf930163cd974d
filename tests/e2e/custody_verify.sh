#!/bin/sh
# End-to-end: later verifications in the custody record (doc/handover.md,
# "Notes and custody"). `leaktrail custody CASE --verify --by WHO` hashes
# every evidence item again through the read-only opening, changes nothing
# in the evidence, and appends one chained entry per item (SHA-256 now, at
# ingest, result). A changed file is recorded as differing (exit 3), and the
# 経緯書's custody section shows, per item, the SHA-256 at receipt and each
# later verification with its date and result, the differing one as such.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init custody_verify
e2e_need jq sha256sum
cp -r "$LT_SRCDIR/samples/logs" "$W/logs"
C="$W/case"
"$LT_BIN" run -o "$C" --context "$LT_SRCDIR/samples/context.yaml" --tz Asia/Tokyo "$W/logs" >/dev/null 2>"$W/err"
check "run the sample case" '[ $? -le 2 ]'
n=$(jq '.sources | length' "$C/manifest.json")
expect "custody receipt" 0 "$LT_BIN" custody "$C" --item 1 --from "情報システム部 山田" --by "調査担当 佐々木" \
	--when 2026-11-25T10:00:00+09:00 --how "USB メモリで手渡し"

expect "--verify without --by refused" 64 "$LT_BIN" custody "$C" --verify
expect "--verify with --item refused" 64 "$LT_BIN" custody "$C" --verify --item 1 --by x
check "refusals add nothing" '[ "$(wc -l <"$C/custody.jsonl")" -eq 1 ]'

snap() { find "$W/logs" -type f -exec sha256sum {} + | sort; find "$W/logs" -type f -exec stat -c '%n %Y %s' {} + | sort; }
snap >"$W/before"
expect "custody --verify: every item matches" 0 "$LT_BIN" custody "$C" --verify --by "監査 高橋"
snap >"$W/after"
check "the evidence is unchanged (bytes, size, mtime)" 'cmp -s "$W/before" "$W/after"'
check "one verification entry per item ($n)" \
	'[ "$(jq -r "select(.kind == \"verify\") | .result" "$C/custody.jsonl" | grep -c "^match$")" -eq "$n" ]'
jq -r 'select(.kind == "verify") | [.sha256, .sha256_at_ingest] | @tsv' "$C/custody.jsonl" |
	awk -F'\t' '$1 != $2 || length($1) != 64 { bad = 1 } END { exit bad }' &&
	ok "each entry holds the hash it computed and the one at ingest" || bad "entry hashes"
p=$(jq -r '.sources[] | select(.path | endswith("openvpn.log")) | .path' "$C/manifest.json")
want=$(sha256sum "$p" | cut -d' ' -f1)
jq -r --arg p "$p" 'select(.kind == "verify" and .path == $p) | .sha256' "$C/custody.jsonl" | grep -qx "$want" &&
	ok "the recorded hash is sha256sum's" || bad "recorded hash is not sha256sum's"
tail -1 "$C/audit.log" | grep -q '"argv":\["custody","--verify","--by","監査 高橋"' && ok "an audit line" || bad "no audit line"

# A changed item: recorded as differing, named, exit 3.
printf 'x' >>"$p"
changed=$(sha256sum "$p" | cut -d' ' -f1)
expect "custody --verify after a change: exit 3" 3 "$LT_BIN" custody "$C" --verify --by "監査 高橋"
grep -q "openvpn.log: differs (recorded)" "$W/err" && ok "the message names the item" || bad "message: $(cat "$W/err")"
jq -r --arg p "$p" 'select(.kind == "verify" and .path == $p) | [.result, .sha256] | @tsv' "$C/custody.jsonl" |
	tail -1 | grep -qx "differs	$changed" && ok "recorded as differs, with the hash found" || bad "differs entry"
# back as received, verified once more
truncate -s -1 "$p"
expect "custody --verify after the restore" 0 "$LT_BIN" custody "$C" --verify --by "監査 高橋"
expect "the custody chain holds receipts and verifications" 0 "$LT_BIN" custody "$C" --list
check "1 receipt + 3 verifications of $n items" '[ "$(wc -l <"$W/out")" -eq $((1 + 3 * n)) ]'

# The package's custody record: per item, receipt hash and each verification.
"$LT_BIN" handover "$C" --for counsel --person E1001 -o "$W/pkg" >/dev/null 2>"$W/err"
check "handover (exit 0)" '[ $? -eq 0 ]'
H="$W/pkg/keii.ja.html"
awk -v p="$p" 'index($0, "<h3>" p "</h3>") { on = 1; next } on && /<h3>/ { exit } on' "$H" >"$W/item.html"
grep -q "$want" "$W/item.html" && ok "the item's SHA-256 at receipt" || bad "receipt hash missing"
check "three verifications of the item listed" '[ "$(grep -o "<dt>検証</dt><dd>[0-9T:Z-]*  " "$W/item.html" | wc -l)" -eq 3 ]'
grep -o "<dt>検証</dt><dd>[0-9T:Z-]*  [^:（]*" "$W/item.html" | sed 's/.*  //' >"$W/results"
printf '一致\n不一致\n一致\n' >"$W/rwant"
check "in order: match, differs, match" 'cmp -s "$W/results" "$W/rwant"'
grep -q "不一致: その時の SHA-256 は $changed" "$W/item.html" && ok "the difference appears with the hash found" ||
	bad "the difference is not shown"
grep -q "DIFFERS: SHA-256 then was $changed" "$W/pkg/keii.en.html" && ok "and in English" || bad "English DIFFERS"
other=$(jq -r '.sources[0].path' "$C/manifest.json")
awk -v p="$other" 'index($0, "<h3>" p "</h3>") { on = 1; next } on && /<h3>/ { exit } on' "$H" | grep -c "不一致" |
	grep -qx 0 && ok "other items: no difference shown" || bad "another item shows a difference"
if command -v pdftotext >/dev/null 2>&1; then
	pdftotext -enc UTF-8 "$W/pkg/keii.ja.pdf" - | tr -d '\n' | grep -q "不一致: その時の SHA-256" &&
		ok "the PDF shows the difference" || bad "PDF lacks the difference"
fi
e2e_finish
