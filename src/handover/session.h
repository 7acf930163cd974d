/* What the package writers share (internal to src/handover).
 *
 * Ownership: the session owns everything it points to (hs_free); the
 * options are borrowed from the caller.
 */
#ifndef LT_HS_SESSION_H
#define LT_HS_SESSION_H
#include <jansson.h>

#include "context/context.h"
#include "export/pseudo.h"
#include "export/timeline.h"
#include "handover/doc.h"
#include "handover/handover.h"
#include "util/hash.h"

struct hsession {
	const struct lt_handover_opts *o;
	json_t *manifest;
	char manifest_sha256[LT_SHA256_HEX];
	struct lt_context *ctx;		/* NULL when the case recorded no context */
	struct lt_timeline tl;		/* the named persons' findings, in time order */
	struct lt_timeline denied;	/* refused card reads of anyone (lt-badge-denied) */
	struct lt_timeline fdenied;	/* refused file access of anyone (lt-secret-repo-denied) */
	struct lt_pseudo *pseudo;	/* internal only */
	json_t *notes, *custody;	/* journal entries (arrays) */
	json_t *checks;			/* verify and handover runs from audit.log: {time, argv0, exit} */
	json_t *choices;		/* [{what, choice, why}] as recorded in handover.json */
	char date[32];			/* the case's date (last ingest finished), ISO 8601 UTC */
	const char *case_id, *examiner;	/* borrowed from the manifest (may be NULL) */
};

/* Citations quoted in full per finding in the 経緯書; the rest are named by
 * count and found in the timelines under the finding's id. */
#define HS_CITES_PER_FINDING 5

/* Read the case: manifest, context, the persons' findings (every person must
 * be in the case: LT_EXIT_USAGE), notes and custody (a broken chain:
 * LT_EXIT_VERIFY). Returns an enum lt_exit value with err set. */
int hs_open(struct hsession *s, const struct lt_handover_opts *o, char *err, size_t errlen);
void hs_free(struct hsession *s);

/* Internal audience: pseudonymise everyone but the persons under
 * investigation (s->pseudo must be set; audience.c). */
void hs_set_pseudonyms(struct hsession *s);

/* Build the 経緯書 in lang ("ja" or "en"). */
void hs_account(struct hsession *s, const char *lang, struct lt_doc *d);
/* Text with the package's pseudonymisation applied (the caller frees). */
char *hs_text(const struct hsession *s, const char *text);
/* "2026-11-04 19:05:19 (+09:00)" in the case's zone. */
void hs_local_time(const struct hsession *s, lt_time_us t, char out[48]);

#endif
