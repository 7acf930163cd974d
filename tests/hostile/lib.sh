# Shared by the hostile-input suite (tests/hostile/*.sh, issue 13): the e2e
# helpers (tests/e2e/lib.sh) plus
#   hexpect "what" STATUS CMD ARGS...   # expect, and no raw control byte in
#                                       # what CMD printed (stdout + stderr)
#   no_ctl "what" FILE...               # no C0 (but TAB and LF), ESC, DEL or
#                                       # C1 control byte in FILE
#   mkrule FILE ID FIELD|MODS VALUE [CATEGORY]  # one detection rule
# Every file a case prints to is checked with no_ctl: evidence bytes reach
# a terminal, syslog or mail only escaped (doc/input.md, "Escaping").
. "$LT_SRCDIR/tests/e2e/lib.sh"

# C1 controls are U+0080..U+009F, in UTF-8 \xc2\x80..\xc2\x9f; a lone
# \x80..\x9f is invalid UTF-8 and must not be printed raw either.
has_ctl() {
	LC_ALL=C grep -q -P '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$@" 2>/dev/null && return 0
	python3 - "$@" <<'PY'
import sys
for p in sys.argv[1:]:
    b = open(p, 'rb').read()
    try:
        b.decode('utf-8')
    except UnicodeDecodeError:
        sys.exit(0)
sys.exit(1)
PY
}

no_ctl() {
	name=$1
	shift
	if has_ctl "$@"; then
		bad "$name: raw control byte or invalid UTF-8 in output"
		LC_ALL=C grep -n -a -P '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$@" | od -c | head -5
	else
		ok "$name: output is escaped"
	fi
}

hexpect() {
	expect "$@"
	no_ctl "$1" "$W/out" "$W/err"
}

mkrule() {
	cat >"$1" <<EOR
title: Hostile test $2
id: $2
status: test
level: high
logsource:
  category: ${5:-web}
detection:
  sel:
    $3: '$4'
  condition: sel
EOR
}
