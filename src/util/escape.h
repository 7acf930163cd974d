/* The one escaping function for bytes from evidence on their way to a
 * terminal, the system log or cron mail (doc/input.md, "Escaping"): C0
 * controls (TAB and LF included: one message is one line), ESC, DEL, the
 * C1 controls U+0080..U+009F and every byte of invalid UTF-8 become \xNN;
 * valid UTF-8 text, Japanese included, passes unchanged. A backslash stays
 * a backslash (Windows paths stay readable); the escapes are for safety,
 * not for reversing.
 *
 * Ownership: lt_escape_append writes into the caller's buffer. lt_esc
 * returns one of eight per-thread buffers, reused in turn: valid until the
 * eighth call after it (enough for one printf); never free it.
 */
#ifndef LT_ESCAPE_H
#define LT_ESCAPE_H
#include <stddef.h>
#include <stdio.h>

#include "util/buf.h"

/* Append s[0..n) escaped; returns how many bytes were escaped. */
size_t lt_escape_append(struct lt_buf *out, const char *s, size_t n);
/* NUL-terminated s escaped (NULL gives ""). */
const char *lt_esc(const char *s);
/* Write s[0..n) to out line by line, each line escaped (its LF kept): for
 * a whole text that was written earlier and is shown again (cron reports,
 * which sit in a folder an insider may reach). Returns what fwrite did:
 * 0, or -1 on a write error. */
int lt_escape_write_lines(FILE *out, const char *s, size_t n);
/* Write a JSON text (from jansson, which leaves DEL and the C1 controls
 * raw) to out with those characters as \u00XX escapes: still the same
 * JSON, safe on a terminal. Returns 0, or -1 on a write error. */
int lt_escape_json_controls_write(FILE *out, const char *json);
/* Release the per-thread buffers (tests, thread exit). */
void lt_esc_cleanup(void);

#endif
