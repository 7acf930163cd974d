# Shared by the end-to-end scripts: sourced as
#   . "$LT_SRCDIR/tests/e2e/lib.sh"
#   e2e_init NAME            # temp dir in $W (removed at exit), counters
#   ok/bad/skip "what"       # one result each
#   check "what" 'shell expression'          # ok when the expression is true
#   check_eq "what" GOT WANT                 # ok when the two strings are equal (both shown when not)
#   check_cmd "what" CMD ARGS...             # ok when CMD exits 0 (output shown when not)
#   expect "what" STATUS CMD ARGS...         # ok when CMD exits STATUS; stdout in $W/out, stderr in $W/err
#   e2e_need TOOL...         # skip the whole script (exit 77) when a tool is missing
#   e2e_skip_all "why"       # skip the whole script (exit 77), saying why
#   e2e_finish               # prints "e2e: N passed, N failed[, N skipped]" and exits
# tests/count-results sums the closing lines of every script.
: "${LT_BIN:?}" "${LT_SRCDIR:?}"
pass=0 fail=0 skip=0
# In the sanitizer build, every script that makes a hand-over package (the
# PDF goes through cairo) needs the suppression of cairo's own leak
# (tests/e2e/lsan-cairo.supp): set once here, for all of them.
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$LT_SRCDIR/tests/e2e/lsan-cairo.supp"
export LSAN_OPTIONS
E2E_NAME=e2e

e2e_init() {
	E2E_NAME=$1
	W=$(mktemp -d "${TMPDIR:-/tmp}/lt-$1.XXXXXX")
	trap 'chmod -R u+rwx "$W" 2>/dev/null; rm -rf "$W"' EXIT
}
ok() { pass=$((pass + 1)); echo "ok: $1"; }
bad() { fail=$((fail + 1)); echo "FAIL: $1"; }
skip() { skip=$((skip + 1)); echo "skip: $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
check_eq() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1 (got '$2', want '$3')"; fi; }
check_cmd() {
	name=$1
	shift
	if "$@" >"$W/out" 2>&1; then ok "$name"; else bad "$name"; sed 's/^/  | /' "$W/out" | head -20; fi
}
expect() {
	name=$1 want=$2
	shift 2
	"$@" >"$W/out" 2>"$W/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		ok "$name"
	else
		bad "$name (exit $got, want $want)"
		sed 's/^/  | /' "$W/err" | head -20
	fi
}
e2e_skip_all() {
	echo "$E2E_NAME: SKIP: $1"
	echo "e2e: 0 passed, 0 failed, 1 skipped"
	exit 77
}
e2e_need() {
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 || e2e_skip_all "$tool is needed (scripts/deps.sh installs it)"
	done
}
e2e_finish() {
	if [ "$skip" -gt 0 ]; then
		echo "e2e: $pass passed, $fail failed, $skip skipped"
	else
		echo "e2e: $pass passed, $fail failed"
	fi
	[ "$fail" -eq 0 ]
	exit $?
}
