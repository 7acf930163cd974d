/* The timeline as JSON lines that Timesketch imports as they are.
 *
 * One object per entry with Timesketch's required fields first: "message",
 * "datetime" (ISO 8601 UTC, 6 fractional digits), "timestamp_desc", then
 * "timestamp" (microseconds since the epoch, what Timesketch stores) and our
 * columns (lt_tl_col_names) with the same names as in the CSV; "seq",
 * "timestamp", "offset" and "line" are numbers (offset/line absent on
 * finding entries), everything else strings.
 *
 * Ownership: nothing is retained.
 */
#ifndef LT_JSONL_H
#define LT_JSONL_H
#include "export/out.h"
#include "export/timeline.h"

void lt_export_jsonl(const struct lt_timeline *tl, struct lt_out *o);

#endif
