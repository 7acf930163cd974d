#!/bin/sh
# Rules whose %placeholders% no parameter defines (SigmaHQ's
# rules-placeholder, some emerging-threat rules): a scan over a directory
# skips them with one warning and runs the rest; rules check refuses them,
# naming file:line:column (doc/rules.md, "Using SigmaHQ rules").
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init placeholders
mkdir -p "$W/rules"
cat >"$W/rules/a_placeholder.yml" <<'R'
title: uses a placeholder nobody defines
id: t-ph-1
logsource: {category: web}
detection:
  sel:
    url.domain|expand: '%admin_domains%'
  condition: sel
R
cat >"$W/rules/b_placeholder.yml" <<'R'
title: another one
id: t-ph-2
logsource: {category: web}
detection:
  sel:
    user.name|expand: '%admins%'
  condition: sel
R
cat >"$W/rules/c_good.yml" <<'R'
title: a rule that runs
id: t-ph-good
logsource: {category: web}
detection:
  sel:
    http.request.method: POST
  condition: sel
R
"$LT_BIN" ingest -q -o "$W/case" "$LT_SRCDIR/samples/logs" >/dev/null 2>&1
"$LT_BIN" scan "$W/case" --rules "$W/rules" >"$W/out" 2>"$W/err"
st=$?
check "the scan runs (exit 0 or 1, not 64)" "[ $st -eq 0 ] || [ $st -eq 1 ]"
check "one warning names the skipped files" \
	"[ \$(grep -c 'skipped: placeholders' '$W/err') -eq 1 ] && grep -q '2 rule file(s) skipped' '$W/err'"
check "the good rule ran" "grep -q '\"id\":\"t-ph-good\"' '$W/case/coverage.json'"
check "the skipped rules are not in coverage" "! grep -q 't-ph-1' '$W/case/coverage.json'"
expect "rules check FILE refuses it" 64 "$LT_BIN" rules check "$W/rules/a_placeholder.yml"
check "with file:line:column" "grep -q 'a_placeholder.yml:6:[0-9]*: .%admin_domains%. is not a parameter' '$W/err'"
expect "rules check DIR refuses them too" 64 "$LT_BIN" rules check "$W/rules"
e2e_finish
