/* A formal document (the 経緯書) as a list of blocks, so that the HTML and
 * the PDF writer render the same content in the same order.
 *
 * Ownership: the document owns copies of every string (lt_doc_free).
 */
#ifndef LT_DOC_H
#define LT_DOC_H
#include <stddef.h>

#include "util/hash.h"

enum lt_blk_kind {
	LT_BLK_TITLE,	/* the document's title */
	LT_BLK_H2,	/* a numbered section */
	LT_BLK_H3,	/* an entry inside a section */
	LT_BLK_P,	/* a paragraph */
	LT_BLK_KV,	/* a label and its value */
	LT_BLK_NOTE,	/* the examiner's note (label: who and when) */
	LT_BLK_CITE,	/* an evidence citation (label: its number) */
	LT_BLK_RAW,	/* a raw line of evidence, verbatim (monospace) */
};

struct lt_blk {
	enum lt_blk_kind kind;
	char *label;	/* KV, NOTE, CITE; NULL otherwise */
	char *text;
};

struct lt_doc {
	char *lang;		/* "ja" or "en" */
	char *title;
	char *date;		/* ISO 8601 UTC, from the case (PDF metadata, never the clock) */
	struct lt_blk *v;
	size_t n, cap;
};

void lt_doc_init(struct lt_doc *d, const char *lang, const char *title, const char *date);
void lt_doc_free(struct lt_doc *d);
void lt_doc_add(struct lt_doc *d, enum lt_blk_kind kind, const char *label, const char *text);
void lt_doc_addf(struct lt_doc *d, enum lt_blk_kind kind, const char *label, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Write the document as one self-contained HTML file (no external resources).
 * 0, or -1 with err set. */
int lt_doc_write_html(const struct lt_doc *d, const char *path, char sha256[LT_SHA256_HEX], char *err,
		      size_t errlen);
/* Write the document as an A4 PDF with the Noto CJK fonts embedded (cairo and
 * pango); byte-identical for the same document. 0, or -1 with err set. */
int lt_doc_write_pdf(const struct lt_doc *d, const char *path, char *err, size_t errlen);

#endif
