#!/bin/sh
# leaktrail rules check over SigmaHQ's rule collections (issue 18): at least
# 99.5 % of the files load, and every refusal names file:line:column and the
# construct. Prints the figure. Skips when $LT_SHARED/peer/sigmahq is absent.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init sigmahq-check
peer=${LT_SHARED:-}/peer/sigmahq
[ -d "$peer/rules" ] || e2e_skip_all "SigmaHQ rules not found at $peer (set LT_SHARED)"
cd "$peer" || exit 1
"$LT_BIN" rules check rules rules-threat-hunting rules-emerging-threats >"$W/out" 2>"$W/err"
status=$?
cat "$W/out"
sed 's/^/  refused: /' "$W/err" | head -40
line=$(grep -E '^[0-9]+ of [0-9]+ files load' "$W/out")
given=$(find rules rules-threat-hunting rules-emerging-threats \( -name '*.yml' -o -name '*.yaml' \) | wc -l)
if [ -z "$line" ]; then
	check "every rule file loads (exit 0)" "[ $status -eq 0 ]"
	check "the loaded-files line names every file" "grep -q 'in $given files' '$W/out'"
else
	ok_files=${line%% of *}
	rest=${line#* of }
	all=${rest%% files*}
	echo "sigmahq rules check: $ok_files of $all files load"
	check "every file given is counted ($all = $given)" "[ $all -eq $given ]"
	check "at least 99.5 % of the files load" "[ \$((ok_files * 1000)) -ge \$((all * 995)) ]"
	check "rules check says no when a file is refused" "[ $status -eq 64 ]"
	check "every refusal names file:line:column" \
		"! grep -v -E '^rules[a-z-]*/[^:]+\\.ya?ml:[0-9]+:[0-9]+: [^ ]' '$W/err' | grep -q ."
fi
e2e_finish
