/* Warnings about rules that load but are probably not what their author
 * meant: a misspelt top-level key (silently ignored otherwise, as pySigma's
 * validators warn) and a regular expression shaped for catastrophic
 * backtracking (nested quantifiers). They never refuse a rule.
 *
 * Ownership: warnings are appended to rs->warnings as malloc'd
 * "file:line:col: warning: ..." strings, freed with the ruleset.
 */
#ifndef LT_RULES_LINT_H
#define LT_RULES_LINT_H
#include "rules/rule.h"
#include "rules/yamldoc.h"

void lt_rules_lint_doc(struct lt_ruleset *rs, const char *path, const struct lt_ynode *doc);

#endif
