#!/bin/bash
# Retention without loss (issue 12, item 6): `run --state --keep-days N`
# removes old records but keeps what the rules still look back at (here a
# per-person baseline: "off-hours logon unusual for the person" needs five
# working days since the person's first logon), so a finding inside the
# window is the one a batch run finds; the findings it removes are counted
# exactly in state.json, and the cut-off and counts are in audit.log.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init cron-retention
e2e_need jq
S=$LT_SRCDIR/samples
# htanaka logs on at 09:00 every weekday from May to 19 November 2026 (and
# once off-hours in June), then on Friday 20 November also at 23:30.
gen() { # FROM TO
	d=$1
	while [ "$d" != "$2" ]; do
		if [ "$(date -u -d "$d" +%u)" -le 5 ]; then
			printf '%sT09:00:00.000000+09:00 dev01 sshd[100]: Accepted publickey for htanaka from 192.168.10.22 port 40000 ssh2: ED25519 SHA256:x\n' "$d"
		fi
		[ "$d" = 2026-06-10 ] && printf '%sT23:10:00.000000+09:00 dev01 sshd[101]: Accepted publickey for htanaka from 192.168.10.22 port 40001 ssh2: ED25519 SHA256:x\n' "$d"
		d=$(date -u -d "$d + 1 day" +%F)
	done
}
mkdir -p "$W/logs"
gen 2026-05-01 2026-11-20 > "$W/logs/auth.log"
lt() { "$LT_BIN" run --tz Asia/Tokyo --context "$S/context.yaml" -q "$@"; }
lt --state "$W/st" "$W/logs" > /dev/null 2>&1
cp "$W/st/case/findings.jsonl" "$W/night1.jsonl"
printf '2026-11-20T09:00:00.000000+09:00 dev01 sshd[102]: Accepted publickey for htanaka from 192.168.10.22 port 40002 ssh2: ED25519 SHA256:x\n' >> "$W/logs/auth.log"
printf '2026-11-20T23:30:00.000000+09:00 dev01 sshd[103]: Accepted publickey for htanaka from 192.168.10.22 port 40003 ssh2: ED25519 SHA256:x\n' >> "$W/logs/auth.log"
before=$("$LT_BIN" dump "$W/st/case" | wc -l)
lt --keep-days 3 --state "$W/st" "$W/logs" > /dev/null 2> "$W/err"
after=$("$LT_BIN" dump "$W/st/case" | wc -l)
check "old records were removed ($before + 2 -> $after)" "[ $after -lt $before ]"
check "... but not those of the rules' look-back (62 days for a 30-day baseline)" "[ $after -gt 40 ]"

lt -o "$W/batch" "$W/logs" > /dev/null 2>&1
in_window() { jq -r 'select(.last >= "2026-11-16") | .id' "$1" | sort; }
check "the unusual off-hours logon inside the window is found" \
	"grep -q '\"rule_id\":\"lt-offhours-logon-new\".*2026-11-20' '$W/st/case/findings.jsonl'"
check "findings inside the window equal the batch run's" \
	"[ -n \"\$(in_window '$W/batch/findings.jsonl')\" ] && [ \"\$(in_window '$W/st/case/findings.jsonl')\" = \"\$(in_window '$W/batch/findings.jsonl')\" ]"
gone=$(comm -23 <(jq -r .id "$W/night1.jsonl" | sort) <(jq -r .id "$W/st/case/findings.jsonl" | sort) | wc -l)
check "the June findings went with their records ($gone)" "[ $gone -ge 1 ]"
check "state.json counts exactly the findings removed" "[ \$(jq '.pruned[0].findings' '$W/st/state.json') -eq $gone ]"
check "state.json has the window and the cut-off" \
	"jq -e '.pruned[0] | .keep_days == 3 and (.window | startswith(\"2026-11-16\")) and .before < .window' '$W/st/state.json' > /dev/null"
jq -c "select(.retention) | .retention" "$W/st/case/audit.log" > "$W/ret"
check "audit.log records the cut-off and the counts, once" \
	"[ \$(wc -l < '$W/ret') -eq 1 ] && jq -e '.keep_days == 3 and .records_removed == $(( before + 2 - after )) and .findings_removed == $gone and .findings_removed_inside_window == 0 and (.records_before | length) > 0' '$W/ret' > /dev/null"
check "the summary on stderr says what was kept" "grep -q 'retention: removed .* (kept from 2026-11-1' '$W/err'"
expect "verify passes after the prune" 0 "$LT_BIN" verify "$W/st/case"
e2e_finish
