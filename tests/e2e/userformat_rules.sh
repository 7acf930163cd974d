#!/bin/sh
# User-defined formats, issue 11 (doc/user-formats.md, worked example 4):
# value maps, conditional set (with $field copies), row filters, numeric
# conversion and several columns into one list field, on the activity-log
# example taken from the documentation itself; run --formats (repeatable)
# and the context's formats:.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init userformat_rules
e2e_need jq awk
DOC=$LT_SRCDIR/doc/user-formats.md
# The fenced block after "<!-- example: NAME -->" in the documentation.
extract() {
	awk -v want="<!-- example: $1 -->" '
		$0 == want { found = 1; next }
		found == 1 && /^```/ { found = 2; next }
		found == 2 && /^```/ { exit }
		found == 2 { print }' "$DOC" >"$W/$1"
}
extract activity.csv
extract activity.yaml
check "the example is in the documentation" "[ -s $W/activity.csv ] && [ -s $W/activity.yaml ]"
cat >"$W/context.yaml" <<EOC
organisation:
  time_zone: Asia/Tokyo
formats: activity.yaml
EOC

"$LT_BIN" run -q -j1 -o "$W/case" --formats "$W/activity.yaml" "$W/activity.csv" >/dev/null 2>"$W/err"
check "run --formats reads the activity log" "jq -e '.sources[0].streams[0].parser.name == \"activity_csv\"' $W/case/manifest.json >/dev/null"
"$LT_BIN" dump "$W/case" >"$W/dump.jsonl"
rec() { jq -s -e "map(select(.\"event.id\" == \"$1\"))[0] | $2" "$W/dump.jsonl" >/dev/null; }
check "the heartbeat row is dropped: 7 records of 8 rows" "[ \"\$(wc -l <$W/dump.jsonl)\" = 7 ] && ! grep -q Heartbeat $W/dump.jsonl"
check "and counted as a meta line (header + dropped row)" "jq -e '.sources[0].streams[0].counts | .meta == 2 and .recognised == 9 and .lines == 9' $W/case/manifest.json >/dev/null"
check "values: Logon -> logon with the when: fields" "rec '{A1}' '.\"event.action\" == \"logon\" and .\"event.category\" == \"authentication\" and .\"event.outcome\" == \"success\"'"
check "values: Logoff -> logoff, a session end" "rec '{A8}' '.\"event.action\" == \"logoff\" and .\"event.type\" == \"end\"'"
check "device rows copy the detail into leaktrail.usb.description" "rec '{A2}' '.\"event.action\" == \"device_connected\" and .\"event.category\" == \"usb\" and .\"leaktrail.usb.description\" == \"USB Mass Storage (SN 0xA1B2C3)\"' && rec '{A7}' '.\"event.action\" == \"device_disconnected\"'"
check "the file copy gets file.path and an integer file.size" "rec '{A3}' '.\"file.path\" == \"R:\\\\設計\\\\図面一覧.xlsx\" and .\"file.size\" == 20480'"
check "the web row gets url.original and no file.path" "rec '{A4}' '.\"url.original\" == \"http://uploader.example.net/upload\" and (.\"file.path\" == null)'"
check "to, cc and bcc make one list" "rec '{A5}' '.\"email.to.address\" == [\"jiro.private@example-mail.jp\", \"partner@kyoei.example\", \"boss@sample-seiki.example\"]'"
check "numbers: the attachment count is an integer, copied to email.attachments.count" "rec '{A5}' '.\"leaktrail.activity.attachments\" == 2 and .\"email.attachments.count\" == 2 and .\"email.subject\" == \"Re: 見積\"'"
check "the time is read in the format's zone" "rec '{A1}' '.\"@timestamp\" == \"2026-11-28T13:10:05.000000Z\"'"

"$LT_BIN" run -q -j1 -o "$W/ctx" --context "$W/context.yaml" "$W/activity.csv" >/dev/null 2>"$W/err"
check "the context's formats: loads the format too" "jq -e '.sources[0].streams[0].parser.name == \"activity_csv\"' $W/ctx/manifest.json >/dev/null"

printf 'formats:\n  - name: other_csv\n    type: csv\n    columns: { a: user.name }\n' >"$W/other.yaml"
expect "run --formats is repeatable" 0 "$LT_BIN" run -q -j1 -o "$W/two" --formats "$W/activity.yaml" --formats "$W/other.yaml" --format other_csv "$W/activity.csv"
printf 'formats:\n  - name: broken\n    type: csv\n    columns: { a: user.name }\n    when: [ { if: { a: b } } ]\n' >"$W/broken.yaml"
expect "a when: rule without set is refused before any input" 64 "$LT_BIN" run -q -j1 -o "$W/bad" --formats "$W/broken.yaml" "$W/activity.csv"
check "with the file and line, and no case left" "grep -q 'broken.yaml:5: when: a rule needs both if and set' $W/err && [ ! -e $W/bad ]"
e2e_finish
