/* Incidents: findings of one rule for one person that overlap or follow
 * each other within a gap become one finding (doc/rules.md, "Incidents").
 *
 * One upload session gives one finding per POST, six classified print jobs
 * six findings; a reader acts on the session, not on its lines. The merged
 * finding keeps the id of its earliest finding (so an incremental run that
 * adds later events keeps the id), first and last time, the number of
 * findings merged (count), the union of the values its messages named
 * (domains, documents, recipients; capped per field) and the evidence of all
 * of them without duplicates (capped at LT_FINDING_MAX_REFS; nrefs_total
 * stays the true count of distinct records as far as they could be told
 * apart).
 *
 * Findings wait in a temporary file while they are added, so memory holds a
 * small index entry per finding and one incident at a time.
 *
 * Ownership: lt_incidents_add copies what it needs from the finding; findings
 * passed to the callback of lt_incidents_finish are valid during the call.
 */
#ifndef LT_INCIDENT_H
#define LT_INCIDENT_H
#include <stddef.h>
#include <stdint.h>

#include "rules/engine.h"
#include "rules/finding.h"
#include "util/timeutil.h"

#define LT_INCIDENT_GAP_DEFAULT (3600 * LT_US_PER_SEC)
#define LT_INCIDENT_VALUES_MAX 20
#define LT_INCIDENT_SAME_DAY (-3)	/* a gap_for answer: merge within one local calendar day */

struct lt_incident_opts {
	/* The gap for a rule: returns the rule's own gap (>= 0) or -1 for the
	 * default (LT_INCIDENT_GAP_DEFAULT), or LT_INCIDENT_SAME_DAY. NULL =
	 * the default for all. A gap of 0 merges only findings that overlap. */
	lt_time_us (*gap_for)(void *arg, const char *rule_id);
	void *gap_arg;
	/* Local time zone for LT_INCIDENT_SAME_DAY; NULL = UTC. Borrowed. */
	const struct lt_tz *tz;
};

struct lt_incidents;

struct lt_incidents *lt_incidents_new(const struct lt_incident_opts *o);
/* Returns 0, or -1 when the finding could not be kept (diagnosed). */
int lt_incidents_add(struct lt_incidents *m, const struct lt_finding *f);
/* Merge and call fn for every incident in the order of the engine (first
 * time, rule id, group key, id). Returns the first non-zero value fn
 * returned, -1 on an I/O problem, else 0. Call once. */
int lt_incidents_finish(struct lt_incidents *m, lt_finding_fn fn, void *arg);
/* After finish: incidents in all, and of one rule. */
uint64_t lt_incidents_count(const struct lt_incidents *m);
uint64_t lt_incidents_rule_count(const struct lt_incidents *m, const char *rule_id);
void lt_incidents_free(struct lt_incidents *m);

#endif
