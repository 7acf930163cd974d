/* Risk per person (doc/rules-default.md, "Risk per person"): every finding
 * gets a score (its rule's level weight x the rule's confidence x the
 * modifiers that apply: departing window, off-hours, classified data,
 * service account); a person's score is the decayed sum of their findings'
 * scores over a sliding window; when it reaches the threshold, a person
 * alert is raised that lists the contributing findings in time order.
 *
 * Low-signal observations (rules with the parameter `contribution: true`)
 * are scored like any finding; the report shows them under the person, not
 * as incidents of their own.
 *
 * Findings must be added in time order (first, as the engine and
 * lt_incidents_finish give them). Only the findings inside one person's
 * window are kept in memory, and the alerts.
 *
 * Ownership: lt_risk_add copies what it keeps; the score it fills in
 * (factors) stays valid until the next lt_risk_add. Alerts passed to the
 * callback of lt_risk_finish are valid during the call.
 */
#ifndef LT_RISK_H
#define LT_RISK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "context/context.h"
#include "rules/engine.h"
#include "rules/finding.h"

#define LT_RISK_ALERT_RULE "leaktrail-person-alert"
#define LT_RISK_ALERT_LISTED 50	/* contributions named in an alert's values */

/* What is true of one finding, for the modifiers. */
struct lt_risk_facts {
	bool departing, off_hours, classified, service;
};

/* What a rule says about its findings: its confidence (multiplies the
 * level weight), whether it is a contribution only, and which modifiers its
 * condition already includes (so they are not counted twice). */
struct lt_risk_rule {
	double confidence;
	bool contribution;
	bool skip_departing, skip_off_hours, skip_classified, skip_service;
};

struct lt_risk_opts {
	const struct lt_risk_params *p;	/* borrowed */
	/* Both may be NULL: no facts; confidence 1 and no skips. */
	void (*facts)(void *arg, const struct lt_finding *f, struct lt_risk_facts *out);
	void (*rule)(void *arg, const char *rule_id, struct lt_risk_rule *out);
	void *arg;
};

/* A finding's score. */
struct lt_risk_score {
	double risk;
	const char *factors;	/* "departing off_hours", or NULL */
	bool contribution;
};

struct lt_risk;

struct lt_risk *lt_risk_new(const struct lt_risk_opts *o);
/* Score f and add it to its person's window. A finding without a person,
 * or one that says a rule could not be evaluated, scores 0 and counts
 * nowhere. */
void lt_risk_add(struct lt_risk *rk, const struct lt_finding *f, struct lt_risk_score *out);
/* Call fn for every person alert (kind "person_alert"), in the order they
 * were raised (then person). Returns the first non-zero value of fn. */
int lt_risk_finish(struct lt_risk *rk, lt_finding_fn fn, void *arg);
uint64_t lt_risk_alert_count(const struct lt_risk *rk);
void lt_risk_free(struct lt_risk *rk);

#endif
