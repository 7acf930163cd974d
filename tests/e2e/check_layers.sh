#!/bin/sh
# The house's floors (doc/architecture.md): scripts/check-layers passes on
# the tree, and fails, naming file and line, on a copy with an upward
# include and on one with a cycle between two folders of one floor.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init layers
e2e_need python3
check_cmd "the tree has no upward include and no cycle" "$LT_SRCDIR/scripts/check-layers" "$LT_SRCDIR"

mkdir -p "$W/up/src/util" "$W/up/src/rules" "$W/up/parsers"
printf '#include "rules/engine.h"\n' >"$W/up/src/util/buf.c"
"$LT_SRCDIR/scripts/check-layers" "$W/up" >"$W/out" 2>&1
check "an upward include fails" "[ \$? -eq 1 ]"
check "it is named with file and line" "grep -q '^src/util/buf.c:1: .util. (floor 0) includes .rules. (floor 3)' '$W/out'"

mkdir -p "$W/cyc/src/export" "$W/cyc/src/rules" "$W/cyc/parsers"
printf '#include "export/html.h"\n' >"$W/cyc/src/rules/engine.c"
printf '#include "rules/finding.h"\n' >"$W/cyc/src/export/html.c"
"$LT_SRCDIR/scripts/check-layers" "$W/cyc" >"$W/out" 2>&1
check "a cycle within a floor fails" "[ \$? -eq 1 ] && grep -q 'folders form a cycle: export -> rules -> export' '$W/out'"

mkdir -p "$W/new/src/newfolder" "$W/new/parsers"
printf 'int x;\n' >"$W/new/src/newfolder/a.c"
"$LT_SRCDIR/scripts/check-layers" "$W/new" >"$W/out" 2>&1
check "a folder without a floor fails" "[ \$? -eq 1 ] && grep -q \"folder 'newfolder' has no floor\" '$W/out'"
e2e_finish
