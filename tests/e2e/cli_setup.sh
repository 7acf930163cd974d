#!/bin/sh
# The command table's shared set-up (src/cli/cli.h, doc/leaktrail.1
# "COMMON BEHAVIOUR"): every command's -h/--help and option errors read the
# same; a CASE operand that is no directory is one message and exit 74 with
# nothing written; each command adds exactly one audit line; a failed audit
# line is an error for the commands that write (exit 74) and a warning for
# those that only read.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init clisetup
e2e_need openssl

CMDS="ingest dump run timeline verify sign reidentify scan note custody handover"
CASECMDS="dump timeline verify sign reidentify scan note custody handover"

for c in $CMDS; do
	expect "$c --help: exit 0" 0 "$LT_BIN" "$c" --help
	check "$c --help: its usage on stdout" "grep -q '^usage: leaktrail $c' '$W/out'"
	expect "$c -h: exit 0" 0 "$LT_BIN" "$c" -h
	expect "$c --no-such-option: exit 64" 64 "$LT_BIN" "$c" --no-such-option
	check "$c: the one unknown-option message" \
		"grep -qx \"leaktrail $c: error: unknown or incomplete option '--no-such-option'\" '$W/err'"
done
# An option that needs a value and has none is the same error.
expect "timeline --format without its value: exit 64" 64 "$LT_BIN" timeline "$W" --format
check "... reported as incomplete" "grep -q \"unknown or incomplete option '--format'\" '$W/err'"
# -q is an option only of the commands that list it.
expect "sign -q: exit 64" 64 "$LT_BIN" sign -q "$W" --sign-key x
expect "verify -q on a missing case: still the case error (74)" 74 "$LT_BIN" verify -q "$W/none"

for c in $CASECMDS; do
	expect "$c on a missing case: exit 74" 74 "$LT_BIN" "$c" "$W/none"
	check "$c: one message naming the case" "grep -qx 'leaktrail $c: error: $W/none: no such case directory' '$W/err'"
	check "$c: nothing was created" "[ ! -e '$W/none' ]"
done

# A small case to work on.
mkdir "$W/in"
printf '1764032400.000      5 192.0.2.7 TCP_MISS/200 512 GET http://example.com/ tanaka HIER_DIRECT/example.com text/html\n' >"$W/in/access.log"
check_cmd "ingest a small case" "$LT_BIN" ingest -q -o "$W/case" --tz UTC "$W/in"
lines() { wc -l <"$W/case/audit.log" | tr -d ' '; }
check_eq "ingest: one audit line" "$(lines)" 1
"$LT_BIN" dump "$W/case" >/dev/null 2>&1
check_eq "dump: one more audit line" "$(lines)" 2
"$LT_BIN" verify -q "$W/case" >/dev/null 2>&1
check_eq "verify: one more audit line" "$(lines)" 3
check "the last line is the verify, with its exit status" "tail -1 '$W/case/audit.log' | grep -q '\"argv\":\\[\"verify\",\"-q\",\"$W/case\"\\],\"exit\":0,'"
"$LT_BIN" dump --help >/dev/null 2>&1
"$LT_BIN" dump --bad "$W/case" >/dev/null 2>&1
check_eq "--help and a usage error: no audit line" "$(lines)" 3

# The audit log cannot be written (a directory in its place).
mv "$W/case/audit.log" "$W/audit.keep"
mkdir "$W/case/audit.log"
expect "dump with an unwritable audit log: still exit 0" 0 "$LT_BIN" dump "$W/case"
check "... with a warning naming the log" "grep -q '^leaktrail dump: warning: $W/case/audit.log: ' '$W/err'"
openssl genpkey -algorithm ed25519 -out "$W/key.pem" 2>/dev/null
expect "sign with an unwritable audit log: exit 74" 74 "$LT_BIN" sign "$W/case" --sign-key "$W/key.pem"
check "... an error naming the log" "grep -q '^leaktrail sign: error: $W/case/audit.log: ' '$W/err'"
check "... and no closing 'written' message" "! grep -q 'written' '$W/err'"
e2e_finish
