#!/bin/sh
# Undefined behaviour (issue 13, 5): qsort and bsearch with a NULL base and
# no elements are undefined in C, and an empty case, folder or finding list
# hands exactly that. Every sort and search in the sources goes through
# lt_qsort / lt_bsearch (src/util/sort.h), which skip fewer than two (one)
# elements; this test fails, naming file and line, on a direct call.
# (memcpy/memcmp with NULL and 0 bytes cannot be found this way: they are
# guarded at the call and the sanitizer build runs the hostile suite.)
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init hostile-ub-calls

cd "$LT_SRCDIR" || exit 1
grep -rnE '(^|[^_[:alnum:]])(qsort|bsearch)[[:space:]]*\(' src parsers --include='*.c' --include='*.h' |
	grep -v '^src/util/sort\.h:' >"$W/direct" || true
if [ -s "$W/direct" ]; then
	bad "direct qsort/bsearch calls (use lt_qsort / lt_bsearch, src/util/sort.h):"
	cat "$W/direct"
else
	ok "no direct qsort/bsearch call in src/ and parsers/"
fi
# The check itself can fail: a planted call is found.
printf 'static void f(int *v) { qsort(v, 0, sizeof *v, 0); }\n' >"$W/planted.c"
check "a planted direct call is found" \
	"grep -qE '(^|[^_[:alnum:]])(qsort|bsearch)[[:space:]]*\\(' '$W/planted.c'"
check "lt_qsort is not taken for a direct call" \
	"! echo 'lt_qsort(v, n, 4, c);' | grep -qE '(^|[^_[:alnum:]])(qsort|bsearch)[[:space:]]*\\('"
e2e_finish
