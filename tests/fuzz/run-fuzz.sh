#!/bin/sh
# Short libFuzzer run of every parser target (built with --enable-fuzzing).
# FUZZ_SECONDS (default 3) per target; a longer run: FUZZ_SECONDS=60 make check.
# Each target starts from its seed file in tests/fuzz/seeds/.
top=${LT_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
bindir=${FUZZ_BINDIR:-tests/fuzz}	# run from the build directory, as make check does
secs=${FUZZ_SECONDS:-3}
pass=0 fail=0
work=$(mktemp -d "${TMPDIR:-/tmp}/lt-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
for t in squid linux_auth access_log w3c zscaler_nss openvpn cisco_asa fortigate panos_globalprotect strongswan \
	postfix samba_audit cups_page_log usb_kernel exchange_msgtrk mail_rfc5322 userformat \
	windows_evtx windows_xml windows_csv evtx_binxml; do
	bin=$bindir/fuzz_$t
	if [ ! -x "$bin" ]; then
		echo "FAIL: $t: $bin not built"
		fail=$((fail + 1))
		continue
	fi
	mkdir -p "$work/$t"
	cp "$top/tests/fuzz/seeds/$t.txt" "$work/$t/"
	if "$bin" -max_total_time="$secs" -max_len=4096 -seed=1 -artifact_prefix="$work/$t-" "$work/$t" >"$work/$t.log" 2>&1; then
		echo "ok: fuzz $t ($secs s, $(grep -o 'Done [0-9]* runs' "$work/$t.log" | head -1))"
		pass=$((pass + 1))
	else
		echo "FAIL: fuzz $t"
		tail -30 "$work/$t.log" | sed 's/^/  | /'
		ls "$work"/$t-* 2>/dev/null | sed 's/^/  artifact: /'
		fail=$((fail + 1))
	fi
done
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
