#!/bin/sh
# Parser options are declared in the parser table: listed by
# `leaktrail parsers --options`, checked before any input is read.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init popt
L=$LT_SRCDIR/samples/logs
expect "parsers --options lists the declared options" 0 "$LT_BIN" parsers --options
check "postfix.max_open is listed with its default" "grep -q '^postfix.max_open  *4096 ' '$W/out'"
check "every listed option is PARSER.NAME of a listed parser" \
	"\"$LT_BIN\" parsers | awk 'NR > 1 { print \$1 }' >'$W/names' && awk 'NR > 1 { split(\$1, a, \".\"); print a[1] }' '$W/out' | sort -u | grep -vxFf '$W/names' | wc -l | grep -qx 0"
expect "an unqualified name is refused" 64 "$LT_BIN" ingest -o "$W/c1" --parser-option max_open=3 "$L"
check "with its qualified spelling" "grep -q 'max_open: write it as postfix.max_open' '$W/err'"
check "and no case was made" "[ ! -e '$W/c1' ]"
expect "a count out of range is refused" 64 "$LT_BIN" ingest -o "$W/c2" --parser-option postfix.max_open=0 "$L"
check "naming the range" "grep -q 'postfix.max_open=0: a number from 1 to 10000000' '$W/err'"
expect "a choice not declared is refused" 64 "$LT_BIN" ingest -o "$W/c3" --parser-option windows_csv.date_order=ymd "$L"
expect "an unknown parser is refused" 64 "$LT_BIN" ingest -o "$W/c4" --parser-option nosuch.x=1 "$L"
check "naming it" "grep -q \"no parser is called 'nosuch'\" '$W/err'"
expect "an undeclared option of a known parser is refused" 64 "$LT_BIN" ingest -o "$W/c5" --parser-option squid.nosuch=1 "$L"
expect "a declared option is taken" 0 "$LT_BIN" ingest -q -o "$W/c6" --parser-option postfix.max_open=2 "$L/mail"
e2e_finish
