/* Secret-term aliasing for exports (--redact FILE).
 *
 * Criminal courts in Japan can keep trade secrets out of the open record by
 * referring to them under aliases (秘匿決定, 呼称等). A terms file lists one
 * secret term and its alias per line, separated by a TAB ("#" starts a comment
 * line; blank lines are ignored):
 *     Project-Tsubasa<TAB>本件製品A
 * In every text column of an export, each occurrence of a term is replaced by
 * its alias (ASCII letters match case-insensitively, other bytes exactly;
 * longer terms first). Each replacement is remembered (term, alias, entry,
 * finding, evidence reference, column) for the separate occurrence table,
 * which reveals the terms and must be kept sealed.
 *
 * Ownership: lt_redact_load allocates, lt_redact_free releases; returned
 * strings are the caller's.
 */
#ifndef LT_REDACT_H
#define LT_REDACT_H
#include <stddef.h>

struct lt_redact;
struct lt_out;

struct lt_redact *lt_redact_load(const char *path, char *err, size_t errlen);
void lt_redact_free(struct lt_redact *r);
size_t lt_redact_nterms(const struct lt_redact *r);

/* Where the text comes from, for the occurrence table (any may be NULL). */
struct lt_redact_site {
	const char *seq, *finding_id, *source_sha256, *source_path, *member, *offset, *line, *column;
};
/* A copy of s with terms replaced; when site is not NULL each replacement is
 * added to the occurrence table. */
char *lt_redact_text(struct lt_redact *r, const char *s, const struct lt_redact_site *site);
/* Write the occurrence table as CSV (same dialect as the timeline CSV). */
void lt_redact_write_table(const struct lt_redact *r, struct lt_out *o, int bom);
size_t lt_redact_noccurrences(const struct lt_redact *r);

#endif
