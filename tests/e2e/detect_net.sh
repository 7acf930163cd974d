#!/bin/sh
# End-to-end autodetection for the proxy, logon and VPN families: every
# corpus file of these families is ingested without --format, and the
# manifest must name the right parser for it (and count no unparsed line
# where the file holds only lines of that format).
# Skips when $LT_SHARED/corpus is absent.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
corpus=${LT_SHARED:-}/corpus
if [ -z "${LT_SHARED:-}" ] || [ ! -d "$corpus" ]; then
	e2e_skip_all "corpus not found at $corpus (set LT_SHARED)"
fi
e2e_init detect
e2e_need jq
# file (under corpus/)  parser  max-unparsed (- = not checked: annotated test files)
cat >"$W/cases" <<'CASES'
proxy/beats-squid/access1.log squid 0
proxy/fail2ban-testlogs/squid squid -
proxy/beats-apache-access/test.log access_log 0
proxy/beats-apache-access/darwin-2.4.23.log access_log 0
proxy/beats-apache-access/ssl-request.log access_log 0
proxy/beats-apache-access/test-vhost.log access_log 0
proxy/beats-apache-access/ubuntu-2.2.22.log access_log 0
proxy/beats-nginx-access/access.log access_log 0
proxy/beats-nginx-access/test.log access_log 0
proxy/lnav-w3c-and-access/logfile_access_log.0 access_log 0
proxy/lnav-w3c-and-access/logfile_access_log.1 access_log 0
proxy/lnav-w3c-and-access/logfile_w3c.0 w3c 0
proxy/lnav-w3c-and-access/logfile_w3c.1 w3c 0
proxy/lnav-w3c-and-access/logfile_w3c.2 w3c 0
proxy/lnav-w3c-and-access/logfile_w3c.3 w3c 0
proxy/lnav-w3c-and-access/logfile_w3c.4 w3c 0
proxy/lnav-w3c-and-access/logfile_w3c.5 w3c -
proxy/lnav-w3c-and-access/logfile_w3c.6 w3c 0
proxy/azure-sentinel-symantec-proxysg/SymantecProxySG.SyslogMessage.first9.log w3c 0
proxy/elastic-integrations-zscaler-zia/test-web.log zscaler_nss 0
auth/beats-system-auth/auth-ubuntu1204.log linux_auth 0
auth/beats-system-auth/secure-rhel7.log linux_auth 0
auth/beats-system-auth/test.log linux_auth 0
auth/beats-system-auth/timestamp.log linux_auth 0
auth/loghub-openssh/OpenSSH_2k.log linux_auth 0
auth/loghub-linux/Linux_2k.log linux_auth -
auth/fail2ban-testlogs/sshd linux_auth -
vpn/beats-cisco-asa/additional_messages.log cisco_asa 0
vpn/beats-cisco-asa/asa_missing_groups.log cisco_asa 0
vpn/beats-cisco-asa/dap_records.log cisco_asa 0
vpn/elastic-integrations-cisco-asa/test-751025-vpn-session.log cisco_asa 0
vpn/elastic-integrations-cisco-asa/test-anyconnect-messages.log cisco_asa 0
vpn/beats-fortinet/event.log fortigate 0
vpn/beats-panw-globalprotect/global_protect.log panos_globalprotect 0
vpn/beats-panw-globalprotect/userid.log panos_globalprotect 0
vpn/azure-sentinel-openvpn/OpenVPN.txt openvpn 0
vpn/fail2ban-testlogs/openvpn openvpn -
CASES
n=0
while read -r file want maxun; do
	n=$((n + 1))
	C=$W/case$n
	if ! "$LT_BIN" ingest -q -o "$C" --tz UTC "$corpus/$file" >"$W/out" 2>&1; then
		# a run with unparsed lines may exit with a fault status; the
		# manifest is what we check
		:
	fi
	if [ ! -f "$C/manifest.json" ]; then
		echo "FAIL: $file: no manifest"; sed 's/^/  | /' "$W/out" | head -5
		fail=$((fail + 1))
		continue
	fi
	got=$(jq -r '[.sources[].streams[].parser.name // "none"] | first' "$C/manifest.json")
	un=$(jq -r '[.sources[].streams[].counts.unparsed] | add' "$C/manifest.json")
	if [ "$got" != "$want" ]; then
		echo "FAIL: $file: parser $got, want $want"
		fail=$((fail + 1))
	elif [ "$maxun" != "-" ] && [ "$un" -gt "$maxun" ]; then
		echo "FAIL: $file: $un unparsed lines"
		jq -r '.sources[].streams[].unparsed_samples[]? | "  | line \(.line): \(.reason): \(.text[0:120])"' "$C/manifest.json"
		fail=$((fail + 1))
	else
		echo "ok: $file -> $got ($un unparsed)"
		pass=$((pass + 1))
	fi
done <"$W/cases"
e2e_finish
