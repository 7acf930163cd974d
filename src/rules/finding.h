/* A finding: what a rule concluded, with the evidence for it.
 *
 * Findings are written to CASE/findings.jsonl, one JSON object per line, in a
 * deterministic order (window start, rule id, group key), and read back by
 * the timeline and report writers. Each finding quotes the provenance and raw
 * line of every contributing record (up to LT_FINDING_MAX_REFS; the true count
 * is kept), so that exports never need the record store.
 *
 * Ownership: lt_finding_free releases everything a finding points to and
 * leaves the struct zeroed (every string is malloc'd; NULL means absent).
 *
 * JSON layout (doc/rules.md, "Findings"): keys in the order of the struct,
 * times as ISO 8601 UTC with microseconds, absent strings as null.
 */
#ifndef LT_FINDING_H
#define LT_FINDING_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/timeutil.h"

#define LT_FINDING_MAX_REFS 1000
/* The group key of a finding that says a rule could not be evaluated on a
 * record (a regular expression hit its limit, doc/rules.md): a statement of
 * another kind than a match, never merged with one into an incident. */
#define LT_FINDING_UNEVALUATED "unevaluated"
#define LT_FINDING_KIND_ALERT "person_alert"

struct lt_evidence_ref {
	lt_time_us time;
	char *source_path;
	char *source_sha256;
	char *member;		/* NULL when none */
	uint64_t offset;
	uint64_t line;
	char *raw;		/* the line as in the evidence (UTF-8 rendering) */
	char *summary;		/* one-line description of the event, English */
};

/* The values of one field that a finding's message names (url.domain,
 * file.path, ...), distinct, in the order first seen; an incident keeps the
 * union of its findings' values up to a cap and counts the rest in more. */
struct lt_finding_values {
	char *field;
	char **v;
	size_t n;
	uint64_t more;
};

struct lt_finding {
	char *id;		/* stable: hash of rule id, group key and window start */
	char *rule_id;
	char *rule_version;	/* "modified" date or "1" */
	char *rule_sha256;	/* of the rule file */
	char *rule_file;	/* file name the rule was loaded from (no directory) */
	char *rule_title_en, *rule_title_ja;
	char *level;		/* informational, low, medium, high, critical */
	char *person;		/* person id, or the unresolved user name */
	char *group_key;	/* group-by values joined, for correlations */
	lt_time_us first, last;	/* window of the contributing events */
	char *message_en, *message_ja;
	uint64_t nrefs_total;	/* how many records contributed */
	size_t nrefs;		/* how many are quoted below */
	struct lt_evidence_ref *refs;
	char **references;	/* the rule's references (handbook section first) */
	size_t nreferences;
	/* Incidents (src/rules/incident.h): findings of one rule for one
	 * person merged into one; 1 for a finding that stands alone. */
	uint64_t count;
	struct lt_finding_values *values;
	size_t nvalues;
	/* The risk model (src/rules/risk.h): kind is NULL or "finding" for a
	 * rule's finding, "person_alert" for a person alert; risk is the
	 * finding's score (an alert's: the accumulated score at its peak);
	 * risk_factors names the modifiers that applied, space-separated (NULL:
	 * none); a contribution is a low-signal observation that counts only
	 * towards a person's score (rule parameter `contribution`). */
	char *kind;
	double risk;
	char *risk_factors;
	bool contribution;
};

void lt_finding_free(struct lt_finding *f);
/* Add VALUE to FIELD's list unless it is there; past cap values, count it in
 * more instead. */
void lt_finding_add_value(struct lt_finding *f, const char *field, const char *value, size_t cap);
/* One JSON line (with newline). Returns 0 or -1 on a write error. */
int lt_finding_write(FILE *out, const struct lt_finding *f);
/* The same JSON line appended to out (the caller's buffer, reused). */
struct lt_buf;
void lt_finding_format(struct lt_buf *out, const struct lt_finding *f);
/* Read the next finding; 1 = got one, 0 = end, -1 = malformed (err set). */
int lt_finding_read(FILE *in, struct lt_finding *f, char *err, size_t errlen);

#endif
