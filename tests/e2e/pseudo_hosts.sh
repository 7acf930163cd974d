#!/bin/sh
# Pseudonymised exports (issue 14): a computer that people.csv assigns to a
# person (hosts: PC-SUZUKI) is replaced by that person's token like the
# person's names; hosts nobody is assigned (fs01) and IP addresses stay
# (doc/privacy.md, "what stays").
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init pseudo-hosts
e2e_need openssl
S=$LT_SRCDIR/samples
export TZ=Asia/Tokyo
"$LT_BIN" run -q -o "$W/case" --context "$S/context.yaml" --tz Asia/Tokyo "$S/logs" >/dev/null 2>&1
check "the samples' case is made" "[ -f '$W/case/findings.jsonl' ]"
openssl rand -hex 32 >"$W/key"
expect "plain timeline" 0 "$LT_BIN" timeline "$W/case" --format csv -o "$W/plain.csv"
expect "pseudonymised timeline" 0 "$LT_BIN" timeline "$W/case" --format csv --pseudonymize "$W/key" \
	--context "$S/context.yaml" -o "$W/psn.csv"
tok="PSN-$(printf %s E1001 | openssl dgst -sha256 -hmac "$(cat "$W/key")" | sed 's/.*= //' | cut -c1-16)"
check "the plain export names the assigned host PC-SUZUKI" "grep -q 'PC-SUZUKI' '$W/plain.csv'"
check "the pseudonymised export does not" "! grep -qi 'pc-suzuki' '$W/psn.csv'"
check "it carries E1001's token ($tok) where the host was" \
	"grep -qF '|192.168.10.21|$tok|share|' '$W/psn.csv'"
check "what stays: the file server's name and the IP address" \
	"grep -q 'fs01 smbd_audit' '$W/psn.csv' && grep -q '192.168.10.21' '$W/psn.csv'"
e2e_finish
