#!/bin/sh
# End-to-end: user-defined formats through the real binary. A CP932 CSV
# export is ingested with --formats and autodetected, its fields read back
# with 'leaktrail dump'; broken formats files are refused with the place
# of the error (exit 64). Also the parsers-mail corpus files through ingest
# (skipped when $LT_SHARED/corpus is absent).
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init ufmt

cat >"$W/formats.yaml" <<'YAML'
formats:
  - name: asset_csv
    family: usb
    description: 資産管理ツール 操作ログ (CSV, Shift_JIS)
    type: csv
    encoding: CP932
    columns:
      日時: '@timestamp'
      ユーザー名: user.name
      PC名: host.name
      操作: event.action
      ファイル名: file.path
      サイズ: file.size
    time_format: '%Y/%m/%d %H:%M:%S'
    time_zone: Asia/Tokyo
YAML
mkdir "$W/in"
cp "$LT_SRCDIR/tests/data/mail/assets-cp932.csv" "$W/in/操作ログ.csv"

# 1. 'parsers --formats' lists it
if "$LT_BIN" parsers --formats "$W/formats.yaml" | grep -q '^asset_csv  *usb'; then ok "parsers --formats lists asset_csv"; else bad "parsers --formats does not list asset_csv"; fi

# 2. ingest without --format: detected, two records with the decoded fields
if "$LT_BIN" ingest -q -o "$W/case" --tz UTC --formats "$W/formats.yaml" "$W/in" >"$W/ingest.out" 2>&1; then ok "ingest with --formats"; else bad "ingest failed: $(cat "$W/ingest.out")"; fi
"$LT_BIN" dump "$W/case" >"$W/dump.jsonl" 2>"$W/dump.err" || bad "dump failed: $(cat "$W/dump.err")"
n=$(grep -c '"leaktrail.parser":"asset_csv"' "$W/dump.jsonl")
if [ "$n" = 2 ]; then ok "two asset_csv records"; else bad "want 2 asset_csv records, got $n"; fi
if grep -q '"@timestamp":"2026-11-24T09:05:12.000000Z".*"user.name":"田中 太郎".*"file.path":"D:\\\\顧客リスト, 最新.xlsx","file.size":204800' "$W/dump.jsonl"; then ok "record 1: time, user, path and size"; else bad "record 1 fields: $(head -1 "$W/dump.jsonl")"; fi
if grep -q '"file.path":"①設計図.pdf"' "$W/dump.jsonl"; then ok "a CP932-only character is read"; else bad "CP932-only character not read"; fi

# 3. forcing it with --format works too; without --formats the name is unknown (64)
if "$LT_BIN" ingest -q -o "$W/case2" --formats "$W/formats.yaml" --format asset_csv "$W/in" >/dev/null 2>&1; then ok "--format asset_csv accepted"; else bad "--format asset_csv refused"; fi
"$LT_BIN" ingest -q -o "$W/case3" --format asset_csv "$W/in" >/dev/null 2>&1
rc=$?
if [ "$rc" = 64 ]; then ok "--format of an unloaded user format: exit 64"; else bad "--format of an unloaded user format: exit $rc, want 64"; fi

# 4. a broken file is refused with file, line and reason
printf 'formats:\n  - name: x\n    type: regex\n    pattern: "(?<a>x"\n    fields:\n      a: user.name\n' >"$W/bad.yaml"
"$LT_BIN" parsers --formats "$W/bad.yaml" >/dev/null 2>"$W/bad.err"
rc=$?
if [ "$rc" = 64 ] && grep -q 'bad.yaml:2: pattern error' "$W/bad.err"; then ok "bad formats file: exit 64 with file:line"; else bad "bad formats file: exit $rc: $(cat "$W/bad.err")"; fi

# 5. corpus files of the mail, file server, print and USB families via ingest
corpus=${LT_SHARED:-}/corpus
if [ -n "${LT_SHARED:-}" ] && [ -d "$corpus" ] && command -v jq >/dev/null 2>&1; then
	while read -r file parser; do
		rm -rf "$W/c"
		"$LT_BIN" ingest -q -o "$W/c" --tz UTC "$corpus/$file" >/dev/null 2>&1
		got=$(jq -r '.sources[0].streams[0].parser.name // "none"' "$W/c/manifest.json" 2>/dev/null)
		unp=$(jq -r '.sources[0].streams[0].counts.unparsed' "$W/c/manifest.json" 2>/dev/null)
		if [ "$got" = "$parser" ] && [ "$unp" = 0 ]; then ok "$file: parser $parser, nothing unparsed"; else bad "$file: parser $got (want $parser), $unp unparsed"; fi
	done <<'CASES'
mail/elastic-integrations-exchange-messagetracking/test-messagetracking.log exchange_msgtrk
mail/elastic-integrations-exchange-messagetracking/test-messagetracking.newer-lines.log exchange_msgtrk
fileserver/samba-full-audit-quoted/samba_vfs_full_audit_examples.log samba_audit
fileserver/samba-full-audit-quoted/zentyal_SambaLogHelper_lines.log samba_audit
print/cups-logs-from-docs/page_log.cups-man-example cups_page_log
print/cups-logs-from-docs/page_log.samba-howto-cups11 cups_page_log
CASES
else
	skip "corpus part: corpus not found at $corpus (set LT_SHARED) or no jq"
fi

e2e_finish
