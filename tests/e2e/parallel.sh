#!/bin/sh
# The GNU parallel recipes of doc/scale-out.md (issue 17), run as they are
# in the doc with EVIDENCE and CASES pointed here: the local one (-j), and
# the --sshlogin one with NODES=: (GNU parallel's name for this machine:
# no SSH server is needed, so the SSH transport itself is not exercised).
# Each merged case must equal a single-machine run byte for byte.
set -u
: "${LT_BIN:?}" "${LT_SRCDIR:?}"
. "$LT_SRCDIR/tests/e2e/lib.sh"
. "$LT_SRCDIR/tests/e2e/recipe.sh"
e2e_init parallel
e2e_need jq tar parallel
parallel --version 2>/dev/null | grep -q 'GNU parallel' || e2e_skip_all "parallel is not GNU parallel (moreutils?)"
recipe_evidence
recipe_path
check_cmd "single machine (N=1): ingest, scan, timelines" recipe_reference
for r in parallel-local parallel-ssh; do
	rm -rf "$W/cases"
	check "the $r recipe is in doc/scale-out.md" "recipe_extract $r"
	[ "$r" = parallel-ssh ] && sed -i 's|NODES=[^ ]*|NODES=:|' "$W/$r.sh"
	check_cmd "the $r recipe runs" sh -e "$W/$r.sh"
	recipe_compare "$W/cases/merged"
done
e2e_finish
