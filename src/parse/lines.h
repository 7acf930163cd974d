/* The line splitter: cuts a byte stream into lines with their provenance.
 *
 * Lines end at LF; a CR right before the LF is part of the terminator (CRLF).
 * For 16-bit encodings (UTF-16LE/BE) the terminator is the 16-bit unit
 * 0x000A at an even offset from the stream start (and CR the unit 0x000D).
 * The last line is delivered even without a newline. Every other byte (NUL,
 * invalid UTF-8, lone CR) is kept. A line longer than max_line bytes is cut:
 * its first max_line bytes are delivered with truncated set, the rest up to
 * the next newline is skipped (and counted in skipped_bytes); it still counts
 * as one line, so line numbers stay right.
 *
 * The splitter fills raw, raw_len, offset, lineno and truncated of struct
 * lt_line and sets text/len equal to raw; transcoding is the caller's.
 * Memory is bounded by max_line plus one read chunk.
 *
 * Ownership: the reader owns its buffer; a line is valid until the next call.
 */
#ifndef LT_LINES_H
#define LT_LINES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "parse/parser.h"

#define LT_MAX_LINE (1024 * 1024)

/* Read up to n bytes: returns bytes read, 0 at the end, -1 on a fault. */
typedef ssize_t (*lt_read_fn)(void *arg, void *buf, size_t n);

struct lt_lines;

/* unit is 1, or 2 for UTF-16 (big_endian picks BE); max_line 0 = LT_MAX_LINE. */
struct lt_lines *lt_lines_new(lt_read_fn read, void *arg, unsigned unit, bool big_endian,
			      size_t max_line);
/* 1 with *line filled, 0 at the end of the stream (or after a read fault:
 * see lt_lines_fault; every complete byte read before it was delivered). */
int lt_lines_next(struct lt_lines *lr, struct lt_line *line);
bool lt_lines_fault(const struct lt_lines *lr);
/* Number from here on: the next byte read is at stream offset `offset` and
 * the next line is number lineno + 1. Incremental runs resume a stream read
 * in part by an earlier run; call before the first lt_lines_next. */
void lt_lines_set_origin(struct lt_lines *lr, uint64_t offset, uint64_t lineno);
uint64_t lt_lines_bytes(const struct lt_lines *lr);		/* bytes read so far */
uint64_t lt_lines_skipped_bytes(const struct lt_lines *lr);	/* cut off overlong lines */
void lt_lines_free(struct lt_lines *lr);

#endif
