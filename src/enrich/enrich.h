/* Enrichment: derived fields added to each record before the rules run.
 *
 * lt_enrich reads the record's own fields (user, time, mail, web, file,
 * print, USB) and the context, and adds leaktrail.* fields documented in
 * doc/record-format.md ("Enrichment"). It only reads the context, so any
 * number of threads may enrich records at once with the same context. It
 * does not allocate per record beyond the record's own arena (regex scratch
 * space is per thread and reused: call lt_context_thread_cleanup before a
 * worker thread exits).
 *
 * Users that resolve to no person are noted in the context's unresolved
 * list; the record keeps its user and gets leaktrail.person.resolved=false
 * with leaktrail.person.id set to the user name as written.
 */
#ifndef LT_ENRICH_H
#define LT_ENRICH_H
#include "context/context.h"
#include "record/record.h"

void lt_enrich(const struct lt_context *ctx, struct lt_record *r);

/* A classification or secret-repository pattern that gave up on a value
 * of the record (util/regex.h): the value was not classified, and the
 * caller must say so with the record's place (scan does). field is the
 * field the value came from, origin the pattern's place in the context
 * file, why the limit; all static until lt_context_free. */
struct lt_enrich_limit {
	const char *field;
	const char *origin;
	const char *why;
};
#define LT_ENRICH_LIMITS_KEPT 8
/* The limit hits of the last lt_enrich on the calling thread: *v holds the
 * first min(return value, LT_ENRICH_LIMITS_KEPT), valid until the next
 * lt_enrich on this thread; the return value counts them all. */
size_t lt_enrich_limits(const struct lt_enrich_limit **v);
/* For the enrichment steps: attribute the context's pending limit hits to
 * field (call after each lt_context_classified / lt_context_secret_repo). */
void lt_enrich_note_limits(const char *field);
/* Release the calling thread's scratch space (before a worker thread exits). */
void lt_enrich_thread_cleanup(void);

/* The field names lt_enrich adds (LT_E_*) are in record/fieldnames.h. */

/* Internal steps (one file each), in the order lt_enrich runs them. */
struct lt_enrich_state {
	const struct lt_person *person;
	int64_t day;		/* local date as a day number, or LT_DATE_NONE */
	bool off_hours, off_hours_known;
};
void lt_enrich_time(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st);
void lt_enrich_person(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st);
/* Attribute the record to p (person fields and HR dates), replacing an
 * unresolved attribution. */
void lt_enrich_set_person(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st,
			  const struct lt_person *p);
void lt_enrich_mail(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st);
void lt_enrich_web(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st);
void lt_enrich_file(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st);
void lt_enrich_usb(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st);

/* Upload threshold for web records without a POST/PUT method (bytes). */
#define LT_ENRICH_UPLOAD_BYTES (INT64_C(1) << 20)

#endif
