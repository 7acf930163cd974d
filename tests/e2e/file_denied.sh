#!/bin/sh
# End-to-end: file servers' refusals as the record that an access restriction
# worked (秘密管理性, doc/handover.md). tests/data/file-denied holds invented
# lines in the shapes of Samba vfs_full_audit ("fail (Permission denied)",
# "fail (NT_STATUS_ACCESS_DENIED)", a missing file) and Windows 5145 (a
# failure and a success audit). The parsers mark refusals event.type denied
# (not other failures), lt-secret-repo-denied fires on those in a secret
# repository, and the handover's section 3 lists, per repository the
# subject's cited evidence touched, the refusals of everyone else, with the
# subject's own refusal in the chronology instead; pseudonymised for internal.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init file_denied
e2e_need jq openssl python3
D="$LT_SRCDIR/tests/data/file-denied"

# --- the parsers: refusals, and only refusals, are event.type denied ---
expect "ingest the fixtures" 0 "$LT_BIN" ingest -o "$W/p" --tz Asia/Tokyo "$D"
"$LT_BIN" dump "$W/p" >"$W/rec.jsonl" 2>/dev/null
den() { jq -r --arg f "$1" 'select(.["file.path"] | endswith($f)) | [.["user.name"], .["event.outcome"],
	((.["event.type"] // []) | index("denied") != null)] | @tsv' "$W/rec.jsonl"; }
check "Samba fail (Permission denied): denied" '[ "$(den 中期経営計画_03.pptx | head -1)" = "htanaka	failure	true" ]'
check "Samba fail (NT_STATUS_ACCESS_DENIED): denied" '[ "$(den 2027年度予算案.xlsx)" = "ksato	failure	true" ]'
check "Samba fail (No such file or directory): a failure, not a refusal" \
	'[ "$(den 中期経営計画_99.pptx)" = "htanaka	failure	false" ]'
check "Samba ok: not denied" '[ "$(den 中期経営計画_03.pptx | tail -1)" = "mtakahashi	success	false" ]'
check "Windows 5145 failure audit: denied; success audit: not" \
	'[ "$(den ロット0031_検査成績書.pdf | tr "\n" " ")" = "htanaka	failure	true ksato	success	false " ]'

# --- with the sample case: the rule and the handover section ---
cp -r "$LT_SRCDIR/samples/logs" "$W/logs"
cp -r "$D" "$W/logs/denied"
# the sample context, with repository patterns that also read Windows paths
python3 - "$LT_SRCDIR/samples" "$W/ctx.yaml" <<'PY'
import re, sys
src, out = sys.argv[1], sys.argv[2]
text = open(src + "/context.yaml", encoding="utf-8").read()
text = text.replace("people: people.csv", "people: " + src + "/people.csv")
# '(^|/)設計/' -> '(^|[/\\])設計[/\\]': Windows paths use backslashes
text = re.sub(r"'\(\^\|/\)([^/']+)/'", lambda m: "'(^|[/\\\\])" + m.group(1) + "[/\\\\]'", text)
open(out, "w", encoding="utf-8").write(text)
PY
grep -q '品質保証\[/' "$W/ctx.yaml" || { bad "context patterns not rewritten"; grep -A4 secret_repositories "$W/ctx.yaml"; }
C="$W/case"
"$LT_BIN" run -o "$C" --context "$W/ctx.yaml" --tz Asia/Tokyo "$W/logs" >/dev/null 2>"$W/err"
check "run (findings)" '[ $? -le 2 ]'
got=$(jq -r 'select(.rule_id == "lt-secret-repo-denied") | [.person, .first] | @tsv' "$C/findings.jsonl" | sort |
	tr '\n' ' ')
check "lt-secret-repo-denied: E1001, E1002 (Samba, Windows), E1003; not the 営業 share (got '$got')" \
	'[ "$got" = "E1001	2026-11-10T10:48:33.000000Z E1002	2026-11-10T01:12:40.000000Z E1002	2026-11-10T03:05:12.000000Z E1003	2026-11-10T02:40:18.000000Z " ]'

openssl rand -hex 32 >"$W/key"
"$LT_BIN" handover "$C" --for counsel --person E1001 -o "$W/pkg" --skip-evidence >/dev/null 2>"$W/err"
check "handover (exit 0)" '[ $? -eq 0 ]'
H="$W/pkg/keii.ja.html"
section() { awk -v r="$1" 'index($0, "<h3>" r "</h3>") { on = 1; next } on && /<h3>/ { exit } on' "$2"; }
section 経営企画資料 "$H" >"$W/keiei.html"
section 品質保証記録 "$H" >"$W/hinsho.html"
grep -q "他の者へのアクセス拒否（ファイルサーバ）</dt><dd>2</dd>" "$W/keiei.html" &&
	ok "経営企画資料: 2 refusals of others" || { bad "経営企画資料 count"; cat "$W/keiei.html"; }
grep -q "E1002 .*中期経営計画_03.pptx" "$W/keiei.html" && grep -q "E1003 .*2027年度予算案.xlsx" "$W/keiei.html" &&
	ok "each listed with its person and file" || bad "refusals not listed"
grep -q "議事録_1110" "$W/keiei.html" && bad "the subject's own refusal listed among others'" ||
	ok "the subject's own refusal is not among others'"
grep -q "中期経営計画_99" "$W/keiei.html" && bad "a missing file listed as a refusal" || ok "a missing file is not a refusal"
grep -q "他の者へのアクセス拒否（ファイルサーバ）</dt><dd>1</dd>" "$W/hinsho.html" &&
	grep -q "E1002 .*ロット0031_検査成績書.pdf" "$W/hinsho.html" &&
	ok "品質保証記録: the Windows 5145 refusal" || { bad "品質保証記録 refusals"; cat "$W/hinsho.html"; }
grep -q "議事録_1110.docx" "$H" && ok "the subject's own refusal is in the chronology" || bad "own refusal missing"
grep -q "Access refused to others (file servers)</dt><dd>2</dd>" "$W/pkg/keii.en.html" && ok "and in English" ||
	bad "English section"
"$LT_BIN" handover "$C" --for internal --pseudonymize "$W/key" --person E1001 -o "$W/int" --skip-evidence \
	>/dev/null 2>"$W/err"
section 経営企画資料 "$W/int/keii.ja.html" >"$W/int.html"
grep -q "他の者へのアクセス拒否（ファイルサーバ）</dt><dd>2</dd>" "$W/int.html" && ! grep -q "E1002\|E1003\|htanaka\|ksato" "$W/int.html" &&
	grep -q "PSN-" "$W/int.html" && ok "internal: the others are pseudonymised" ||
	{ bad "internal: others named"; cat "$W/int.html"; }
e2e_finish
