#!/bin/sh
# scripts/corpus-report over $LT_SHARED/corpus, as a report in make check:
# the table goes to this test's log. It fails when the script fails, when
# a set folder is missing from the table, or when a set that our parsers
# read whole (the list below) drops under 98 % recognised or changes
# parser. Skips when the corpus is absent.
set -u
: "${LT_BIN:?}"
: "${LT_SRCDIR:?}"
corpus=${LT_SHARED:-}/corpus
if [ -z "${LT_SHARED:-}" ] || [ ! -d "$corpus" ]; then
	echo "corpus_report.sh: SKIP: corpus not found at $corpus (set LT_SHARED)"
	echo "e2e: 0 passed, 0 failed, 1 skipped"
	exit 77
fi
if ! command -v jq >/dev/null 2>&1; then
	echo "corpus_report.sh: SKIP: jq is needed"
	echo "e2e: 0 passed, 0 failed, 1 skipped"
	exit 77
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/lt-corpusrep.XXXXXX")
trap 'rm -rf "$W"' EXIT
pass=0 fail=0
if ! sh "$LT_SRCDIR/scripts/corpus-report" --bin "$LT_BIN" "$corpus" >"$W/table" 2>"$W/err"; then
	echo "FAIL: corpus-report exited non-zero"; sed 's/^/  | /' "$W/err"
	echo "e2e: 0 passed, 1 failed"
	exit 1
fi
cat "$W/table"
sh "$LT_SRCDIR/scripts/corpus-report" --tsv --bin "$LT_BIN" "$corpus" >"$W/tsv" 2>/dev/null
# every family/set folder appears
for d in "$corpus"/*/*/; do
	d=${d%/}
	set_name=$(basename "$d") fam=$(basename "$(dirname "$d")")
	if awk -F '\t' -v f="$fam" -v s="$set_name" '$1 == f && $2 == s { ok = 1 } END { exit !ok }' "$W/tsv"; then
		pass=$((pass + 1))
	else
		echo "FAIL: $fam/$set_name missing from the report"
		fail=$((fail + 1))
	fi
done
# sets read whole today: family set parser(main)
while read -r fam set_name want; do
	[ -d "$corpus/$fam/$set_name" ] || continue
	line=$(awk -F '\t' -v f="$fam" -v s="$set_name" '$1 == f && $2 == s' "$W/tsv")
	pct=$(printf '%s\n' "$line" | awk -F '\t' '{ if ($4 > 0) printf "%d", 1000 * $5 / $4; else print 0 }')
	got=$(printf '%s\n' "$line" | awk -F '\t' '{ split($9, a, "("); print a[1] }')
	if [ "${pct:-0}" -ge 980 ] && [ "$got" = "$want" ]; then
		pass=$((pass + 1))
	else
		echo "FAIL: $fam/$set_name: recognised ${pct:-0} per mille with $got, want >= 980 with $want"
		fail=$((fail + 1))
	fi
done <<'SETS'
auth beats-system-auth linux_auth
auth loghub-openssh linux_auth
fileserver samba-full-audit-quoted samba_audit
mail elastic-integrations-exchange-messagetracking exchange_msgtrk
proxy azure-sentinel-symantec-proxysg w3c
proxy beats-apache-access access_log
proxy beats-nginx-access access_log
proxy beats-squid squid
proxy elastic-integrations-zscaler-zia zscaler_nss
proxy lnav-w3c-and-access w3c
vpn azure-sentinel-openvpn openvpn
vpn beats-cisco-asa cisco_asa
vpn beats-fortinet fortigate
vpn beats-panw-globalprotect panos_globalprotect
vpn elastic-integrations-cisco-asa cisco_asa
SETS
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
