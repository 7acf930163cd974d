#!/bin/sh
# The Japanese report of the sample case reads as Japanese (doc/privacy.md,
# doc/evidence.md "The HTML report"): people with findings ranked most
# serious first, the most serious incidents on the first screen, times as
# 2026-11-06（金）20:10 JST, record vocabulary and coverage reasons in
# Japanese, counts with units, handbook citations by chapter and section
# (never a line number), and a size bound.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init report_ja
S="$LT_SRCDIR/samples"
C="$W/case"
expect "run the sample case" 1 "$LT_BIN" run -o "$C" --context "$S/context.yaml" --tz Asia/Tokyo "$S/logs"
check "the run summary names the unresolved account" \
	"grep -q 'unresolved:     1 account(s) not in people.csv: admin (not counted as people checked)' '$W/out'"
R="$C/exports/report.ja.html"
E="$C/exports/report.en.html"
has() { grep -q -- "$1" "$R"; }
check "persons are ranked: 鈴木 (high, many) before the vendor (high, 2) before 伊藤 (medium)" \
	"[ \"\$(sed -n '/class=\"persons\"/,/<\/table>/p' '$R' | grep -o '<a href=\"#p[0-9]*\">[EVC][0-9]*' | head -3 | sed 's/.*>//' | tr '\n' ' ')\" = 'E1001 V3001 C2001 ' ]"
check "each ranked person has a plain paragraph" "has '件の行為を検知しました（高 '"
check "people without findings are a number, not names" "! has 'E1002' && ! has 'E1003' && ! has 'S4001'"
check "unresolved accounts have their own section (admin; the machine account PC-SUZUKI\$ is not a person)" \
	"has '<section id=\"unresolved\">' && has '<p><code>admin</code></p>'"
check "people checked without findings: the 4 of people.csv, not the unknown account" \
	"has '確認の結果、検知のなかった人数</td><td>4 '"
check "the most serious incidents come before the person sections" \
	"[ \$(grep -n '重大度の高い検知' '$R' | head -1 | cut -d: -f1) -lt \$(grep -n '<section class=\"person\"' '$R' | head -1 | cut -d: -f1) ]"
check "times read 2026-11-06（金）17:00 JST" "has '2026-11-06（金）1[0-9]:[0-5][0-9] JST'"
check "no ISO time with offset outside the quoted log lines" \
	"! sed 's/<div class=\"raw\">[^<]*<\/div>//g' '$R' | grep -q '[0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]*+09:00'"
check "web categories in Japanese" "has 'xfer7.gigafile.nu（ファイル共有）へデータを送信' && ! has 'file-sharing'"
check "mail score with unit and reasons in Japanese" "has 'スコア 8 点: 本人の私用アドレス、フリーメール'"
check "logon action in Japanese, holiday 'なし' not '-'" "has '（vpn01 の VPN ログオン、休日: なし）'"
check "mail findings name the attachment, its size and SHA-256" \
	"has '添付: 【社外秘】新型ポンプX_設計仕様書.xlsx（[0-9][0-9]* バイト、SHA-256 [0-9a-f]\\{64\\}）'"
check "baseline counts carry units" "has '件（本人の通常値 [0-9]* 件の'"
check "no English status words" "! grep -q 'not evaluable\|Finding window start\|Event time' '$R'"
check "citations by chapter and section" "has '秘密情報の保護ハンドブック 第3章 3-4(1)'"
check "no line numbers of the handbook" "! grep -q 'seed L[0-9]\|(L[0-9][0-9]*' '$R'"
check "the English report stays English" "grep -q 'Most serious incidents' '$E' && grep -q '(Fri)' '$E'"
expect "run the print log without a context" 1 "$LT_BIN" run -o "$W/noctx" --tz Asia/Tokyo "$S/logs/print"
check "the run summary names the rules it could not evaluate, and why" \
	"grep -q '^  not evaluable:  .*lt-after-last-day (not evaluable: the context has no people)' '$W/out'"
size=$(wc -c <"$R")
check "the Japanese report is at most 500 KB ($size bytes)" "[ $size -le 512000 ]"
e2e_finish
