/* The evidence timeline: findings and their contributing events, in time
 * order, rendered as rows of text fields that every export format shares.
 *
 * Each finding gives one entry at its window start ("Finding window start")
 * and one entry per quoted contributing event ("Event Time"). Entries are
 * sorted by time, then findings before events, then finding id, source
 * SHA-256, member, offset, line (and input position as the last resort), so
 * the order never depends on how the findings file happened to be written.
 *
 * A row is the entry's columns as strings (lt_tl_col_names). Rows are made
 * by lt_tl_rows_next, which renders, applies pseudonymisation and redaction
 * (when set), and chains the row: every row carries the previous row's hash
 * and its own (evidence/chain.h over columns seq..raw), so the same entries
 * give the same hashes in CSV, JSONL and HTML.
 *
 * Ownership: the timeline owns its findings and entries (lt_timeline_free);
 * a row's strings are owned by the row iterator and valid until the next call.
 */
#ifndef LT_TIMELINE_H
#define LT_TIMELINE_H
#include <stdbool.h>
#include <stddef.h>

#include "evidence/tlrow.h"
#include "rules/finding.h"
#include "util/hash.h"
#include "util/timeutil.h"


enum lt_tl_kind { LT_TL_FINDING = 0, LT_TL_EVENT = 1 };

struct lt_tl_entry {
	lt_time_us time;
	enum lt_tl_kind kind;
	size_t fidx;		/* index into findings */
	size_t ridx;		/* index into the finding's refs (events) */
};

struct lt_tl_filter {
	const char *const *persons;	/* npersons == 0: everyone */
	size_t npersons;
	const char *rule;		/* NULL: every rule; else exact rule id */
	int min_level;			/* lt_level_rank; 0 = all */
	lt_time_us from, to;		/* LT_TIME_NONE: open */
};

struct lt_pseudo;
struct lt_redact;

struct lt_timeline {
	struct lt_finding *findings;
	size_t nfindings;
	struct lt_tl_entry *entries;
	size_t nentries;
	const struct lt_tz *tz;		/* the case's zone, for datetime_local */
	const char *lang;		/* "ja" or "en": messages and titles */
	struct lt_pseudo *pseudo;	/* borrowed; NULL: identifiers as they are */
	struct lt_redact *redact;	/* borrowed; NULL: no aliases */
};

/* informational 0 .. critical 4; -1 for an unknown name. */
int lt_level_rank(const char *level);

void lt_tl_filter_init(struct lt_tl_filter *flt);
/* Read findings (JSON lines, finding.h), keep those passing flt, build and
 * sort the entries. Returns 0, or -1 with err set. */
int lt_timeline_load(struct lt_timeline *tl, const char *findings_path, const struct lt_tl_filter *flt,
		     char *err, size_t errlen);
/* Same, from findings already in memory (ownership moves to tl). */
void lt_timeline_build(struct lt_timeline *tl, struct lt_finding *findings, size_t n,
		       const struct lt_tl_filter *flt);
void lt_timeline_free(struct lt_timeline *tl);
/* Sort the entries again (after references were completed, e.g. with the
 * source SHA-256 from the manifest). */
void lt_timeline_sort(struct lt_timeline *tl);

/* Localised text of a finding (falls back to English). */
const char *lt_tl_title(const struct lt_timeline *tl, const struct lt_finding *f);
const char *lt_tl_message(const struct lt_timeline *tl, const struct lt_finding *f);

/* Row iterator. */
struct lt_tl_rows {
	const struct lt_timeline *tl;
	size_t next;
	char prev[LT_SHA256_HEX];
	char *v[LT_NCOLS];
};
void lt_tl_rows_begin(struct lt_tl_rows *it, const struct lt_timeline *tl);
/* The next row's columns, or NULL at the end. */
char *const *lt_tl_rows_next(struct lt_tl_rows *it);
void lt_tl_rows_end(struct lt_tl_rows *it);

/* s with the timeline's redaction and pseudonymisation applied (the caller frees). */
char *lt_tl_text(const struct lt_timeline *tl, const char *s);


#endif
