/* JSON string escaping for hand-written JSON output on the hot path
 * (dump, JSONL export). Control characters (C0, DEL and the C1 controls
 * U+0080..U+009F) are \\u escapes, so that printing a record cannot drive a
 * terminal (doc/input.md, "Escaping"). Bytes that are not valid UTF-8 are written as
 * U+FFFD: JSON cannot carry raw bytes; the msgpack record keeps the exact
 * bytes (doc/record-format.md, "raw line").
 */
#ifndef LT_JSONESC_H
#define LT_JSONESC_H
#include <stddef.h>
#include "util/buf.h"

/* Append "..." (with the quotes) to out. */
void lt_json_str(struct lt_buf *out, const char *s, size_t n);
/* Nonzero when s[0..n) is valid UTF-8. */
int lt_utf8_valid(const char *s, size_t n);

#endif
