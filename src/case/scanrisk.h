/* The risk model wired to a case's context and rules (src/rules/risk.h,
 * doc/rules-default.md "Risk per person"): the facts of a finding come from
 * the context (departing window, business hours, classification pattern,
 * service accounts), a rule's confidence, contribution flag and skipped
 * modifiers from its parameters `risk_confidence`, `contribution` and
 * `risk_skip`.
 *
 * Ownership: the caller's struct lt_scan_risk, the context and the rule
 * set are borrowed and must outlive the returned model, which the caller
 * frees with lt_risk_free.
 */
#ifndef LT_SCANRISK_H
#define LT_SCANRISK_H
#include <stddef.h>

#include "context/context.h"
#include "rules/risk.h"
#include "rules/rule.h"

struct lt_scan_risk {
	const struct lt_context *ctx;
	const struct lt_ruleset *rs;
};

/* NULL with err set when a rule's risk parameter is not valid: a wrong
 * value stops the scan rather than falling back to a default. */
struct lt_risk *lt_scan_risk_new(struct lt_scan_risk *g, const struct lt_context *ctx, const struct lt_ruleset *rs,
				 char *err, size_t errlen);

#endif
