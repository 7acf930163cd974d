#!/bin/sh
# |expand with the context's placeholders: (issue 18, doc/context.md):
# %name% stands for each of the listed values in turn, any may match, so a
# rule written with a placeholder matches exactly the records the same rule
# with the values written out matches; a placeholder with no matching value
# matches nothing; a rule parameter of the same name wins; a malformed
# placeholders: section is refused with file:line:col.
set -u
. "$LT_SRCDIR/tests/e2e/lib.sh"
e2e_init expandctx
e2e_need jq
mkdir -p "$W/rules"
cat >"$W/ctx.yaml" <<'Y'
placeholders:
  methods: [NO-SUCH-METHOD, POST]
  nothing: [NO-SUCH-1, NO-SUCH-2]
  head: [X, P]
  tail: [Q, OST]
Y
cat >"$W/rules/expand.yml" <<'R'
title: placeholder with a list
id: t-exp-list
logsource: {category: web}
detection:
  sel:
    http.request.method|expand: '%methods%'
  condition: sel
R
cat >"$W/rules/written.yml" <<'R'
title: the same values written out
id: t-exp-written
logsource: {category: web}
detection:
  sel:
    http.request.method: [NO-SUCH-METHOD, POST]
  condition: sel
R
cat >"$W/rules/none.yml" <<'R'
title: placeholder whose values never occur
id: t-exp-none
logsource: {category: web}
detection:
  sel:
    http.request.method|expand: '%nothing%'
  condition: sel
R
cat >"$W/rules/one.yml" <<'R'
title: two placeholders in one value
id: t-exp-one
logsource: {category: web}
detection:
  sel:
    http.request.method|expand: '%head%%tail%'
  condition: sel
R
cat >"$W/rules/param.yml" <<'R'
title: a rule parameter wins over the placeholder
id: t-exp-param
logsource: {category: web}
leaktrail:
  params:
    methods: GET
detection:
  sel:
    http.request.method|expand: '%methods%'
  condition: sel
R
"$LT_BIN" ingest -q -o "$W/case" "$LT_SRCDIR/samples/logs" >/dev/null 2>&1
"$LT_BIN" scan -q "$W/case" --context "$W/ctx.yaml" --rules "$W/rules" >"$W/out" 2>"$W/err"
st=$?
check "the scan runs (exit 0 or 1)" "[ $st -le 1 ]"
m() { jq -r --arg id "$1" '.rules[] | select(.id == $id) | .matched' "$W/case/coverage.json"; }
echo "  matched: list $(m t-exp-list), written $(m t-exp-written), none $(m t-exp-none), one $(m t-exp-one), param $(m t-exp-param)"
check "the written-out rule matches some records" "[ \"\$(m t-exp-written)\" -gt 0 ]"
check "a list placeholder matches what its values written out match" "[ \"\$(m t-exp-list)\" = \"\$(m t-exp-written)\" ]"
check "a placeholder whose values never occur matches nothing" "[ \"\$(m t-exp-none)\" = 0 ]"
check "two placeholders: every combination is tried (P + OST)" "[ \"\$(m t-exp-one)\" = \"\$(m t-exp-written)\" ]"
check "the rule parameter wins (GET, not the context's list)" \
	"[ \"\$(m t-exp-param)\" -gt 0 ] && [ \"\$(m t-exp-param)\" != \"\$(m t-exp-list)\" ]"
cat >"$W/bad.yaml" <<'Y'
placeholders:
  methods: {a: b}
Y
expect "a placeholder that is not a list of text is refused" 64 \
	"$LT_BIN" scan -q "$W/case" --context "$W/bad.yaml" --rules "$W/rules"
check "with file:line:col" "grep -q 'bad.yaml:2:[0-9]*: placeholders: methods' '$W/err'"
expect "rules check FILE still refuses an undeclared placeholder" 64 "$LT_BIN" rules check "$W/rules/expand.yml"
check "naming the placeholder and where" "grep -q 'expand.yml:6:[0-9]*: .%methods%. is not a parameter' '$W/err'"
e2e_finish
