/* The rule engine: records in, findings and coverage out.
 *
 * Feed records in event-time order (already enriched); detection rules are
 * evaluated per record, correlations keep per-group windows measured on
 * event time (never the clock) whose memory is bounded by the window and by
 * a cap on groups, not by the input. lt_engine_finish closes every open
 * window and hands the findings to a callback in a deterministic order
 * (first time, rule id, group key, finding id).
 *
 * Ownership: the engine borrows the ruleset (which must outlive it) and the
 * options' callbacks; records are only read during lt_engine_feed. Findings
 * passed to the callback are owned by the engine and valid during the call.
 */
#ifndef LT_ENGINE_H
#define LT_ENGINE_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "record/record.h"
#include "rules/finding.h"
#include "rules/rule.h"
#include "util/timeutil.h"

struct lt_engine_opts {
	/* Local time zone for calendar days (baseline correlations); NULL = UTC. */
	const struct lt_tz *tz;
	/* Is this local date a working day? NULL = Monday to Friday. */
	bool (*is_workday)(void *arg, int year, int month, int day);
	void *workday_arg;
	/* Does the context provide this part ("people.last_day", ...)?
	 * NULL = every part is there (tests). */
	bool (*has_context)(void *arg, const char *part);
	void *context_arg;
	/* Field naming the person; default "leaktrail.person.id", and
	 * "user.name" when a record has no person. */
	const char *person_field;
	/* Groups kept per correlation before the idlest are closed early; 0 = 100000. */
	size_t max_groups;
	/* People known from the context: listed in coverage even when no
	 * record names them ("covered": "no records"). Borrowed during lt_engine_new. */
	const char *const *people;
	size_t npeople;
	/* Records that name their source by leaktrail.source.id only: give
	 * the source's SHA-256 (from CASE/manifest.json), or NULL. */
	const char *(*source_sha256)(void *arg, int64_t source_id);
	void *source_arg;
};

struct lt_engine;

struct lt_engine *lt_engine_new(const struct lt_ruleset *rs, const struct lt_engine_opts *opts);
void lt_engine_feed(struct lt_engine *e, const struct lt_record *rec);
typedef int (*lt_finding_fn)(const struct lt_finding *f, void *arg);
/* Close all windows and call fn for every finding in order. Returns the
 * first non-zero value fn returned, else 0. Call once. */
int lt_engine_finish(struct lt_engine *e, lt_finding_fn fn, void *arg);
/* After finish: CASE/coverage.json content. Returns 0 or -1 on write error. */
int lt_engine_write_coverage(const struct lt_engine *e, FILE *out);
/* After finish. */
uint64_t lt_engine_nfindings(const struct lt_engine *e);
uint64_t lt_engine_rule_findings(const struct lt_engine *e, size_t rule);
uint64_t lt_engine_records(const struct lt_engine *e);
/* Detection rules evaluated so far (after the rule index chose them; the
 * bench reports evaluations per record). */
uint64_t lt_engine_evaluations(const struct lt_engine *e);
/* NULL when the rule ran; else why not ("not evaluable: ..."). */
const char *lt_engine_rule_status(const struct lt_engine *e, size_t rule);
/* Records on which a regular expression of the rule hit a limit, and those
 * of them whose result stayed unknown (each is a finding "rule could not be
 * evaluated on this record"); the total of the latter over all rules. */
uint64_t lt_engine_rule_re_limits(const struct lt_engine *e, size_t rule);
uint64_t lt_engine_rule_unevaluated(const struct lt_engine *e, size_t rule);
uint64_t lt_engine_unevaluated(const struct lt_engine *e);
/* A context pattern (classification, secret repository) gave up on the
 * value of field in record r, so the value was not classified (scan hands
 * on what enrichment saw): counted, and the first LT_ENGINE_CTX_LIMITS_LISTED
 * listed with the record's place in coverage.json ("context_regex_limits").
 * The strings are copied. */
#define LT_ENGINE_CTX_LIMITS_LISTED 1000
void lt_engine_context_limit(struct lt_engine *e, const struct lt_record *r, const char *field, const char *origin,
			     const char *why);
uint64_t lt_engine_context_limits(const struct lt_engine *e);
void lt_engine_free(struct lt_engine *e);

#endif
