/* CSV per RFC 4180 for Excel on Japanese Windows, and the timeline in it.
 *
 * UTF-8 with a byte-order mark unless bom is 0 (Excel then reads UTF-8
 * instead of Shift_JIS), CRLF line ends, every field in double quotes with
 * inner quotes doubled. Formula-injection guard: a field that starts with
 * = + - @ TAB CR or ' gets one ' put in front, so that Excel shows it as
 * text instead of evaluating it; to get the original value back remove one
 * leading ' from such a field (doc/evidence.md). The hash chain is over the
 * original values.
 *
 * Ownership: nothing is retained.
 */
#ifndef LT_CSV_H
#define LT_CSV_H
#include "export/out.h"
#include "export/timeline.h"

void lt_csv_bom(struct lt_out *o);
/* One field (quoted, guarded), preceded by a comma unless first. */
void lt_csv_field(struct lt_out *o, const char *s, int first);
void lt_csv_eol(struct lt_out *o);

/* Write the whole timeline. */
void lt_export_csv(const struct lt_timeline *tl, struct lt_out *o, int bom);

#endif
