/* The line splitter: see lines.h. */
#include "parse/lines.h"

#include <string.h>

#include "util/xalloc.h"

#define CHUNK (64 * 1024)

struct lt_lines {
	lt_read_fn read;
	void *arg;
	unsigned unit;
	bool be;
	size_t max_line;
	char *buf;
	size_t cap, start, len, scan;	/* unconsumed bytes are buf[start..len); scan: next byte to look at */
	uint64_t buf_offset;		/* stream offset of buf[0] */
	uint64_t origin;		/* stream offset of the first byte read */
	uint64_t lineno;
	uint64_t skipped;
	bool eof, fault, skipping;
};

struct lt_lines *lt_lines_new(lt_read_fn read, void *arg, unsigned unit, bool big_endian,
			      size_t max_line)
{
	struct lt_lines *lr = lt_xcalloc(1, sizeof *lr);
	lr->read = read;
	lr->arg = arg;
	lr->unit = unit == 2 ? 2 : 1;
	lr->be = big_endian;
	lr->max_line = max_line ? max_line : LT_MAX_LINE;
	lr->max_line -= lr->max_line % lr->unit;
	lr->cap = lr->max_line + CHUNK + 2;
	lr->buf = lt_xmalloc(lr->cap);
	return lr;
}

void lt_lines_free(struct lt_lines *lr)
{
	if (!lr)
		return;
	free(lr->buf);
	free(lr);
}

bool lt_lines_fault(const struct lt_lines *lr)
{
	return lr->fault;
}

void lt_lines_set_origin(struct lt_lines *lr, uint64_t offset, uint64_t lineno)
{
	lr->origin = offset;
	lr->buf_offset = offset;
	lr->lineno = lineno;
}

uint64_t lt_lines_bytes(const struct lt_lines *lr)
{
	return lr->buf_offset + lr->len - lr->origin;
}

uint64_t lt_lines_skipped_bytes(const struct lt_lines *lr)
{
	return lr->skipped;
}

/* Is the unit at buf[i] the character c (LF or CR)? */
static bool unit_is(const struct lt_lines *lr, size_t i, unsigned char c)
{
	const unsigned char *p = (const unsigned char *)lr->buf + i;
	if (lr->unit == 1)
		return p[0] == c;
	return lr->be ? (p[0] == 0 && p[1] == c) : (p[0] == c && p[1] == 0);
}

/* Index of the next newline unit in [scan, len), or (size_t)-1. */
static size_t find_newline(struct lt_lines *lr)
{
	if (lr->unit == 1) {
		char *nl = memchr(lr->buf + lr->scan, '\n', lr->len - lr->scan);
		if (nl)
			return (size_t)(nl - lr->buf);
		lr->scan = lr->len;
		return (size_t)-1;
	}
	size_t i = lr->scan;
	for (; i + 2 <= lr->len; i += 2)
		if (unit_is(lr, i, '\n'))
			return i;
	lr->scan = i;
	return (size_t)-1;
}

/* Move the unconsumed bytes to the front and read more. */
static void refill(struct lt_lines *lr)
{
	if (lr->start) {
		memmove(lr->buf, lr->buf + lr->start, lr->len - lr->start);
		lr->buf_offset += lr->start;
		lr->len -= lr->start;
		lr->scan -= lr->start;
		lr->start = 0;
	}
	ssize_t n = lr->read(lr->arg, lr->buf + lr->len, lr->cap - lr->len);
	if (n < 0) {
		lr->fault = true;
		lr->eof = true;
	} else if (n == 0) {
		lr->eof = true;
	} else {
		lr->len += (size_t)n;
	}
}

static void deliver(struct lt_lines *lr, struct lt_line *line, size_t from, size_t n, bool truncated)
{
	line->raw = lr->buf + from;
	line->raw_len = n;
	line->text = line->raw;
	line->len = n;
	line->offset = lr->buf_offset + from;
	line->lineno = ++lr->lineno;
	line->truncated = truncated;
}

int lt_lines_next(struct lt_lines *lr, struct lt_line *line)
{
	for (;;) {
		size_t nl = find_newline(lr);
		if (lr->skipping) {
			if (nl == (size_t)-1) {
				lr->skipped += lr->len - lr->start;
				lr->start = lr->scan = lr->len;
				if (lr->eof)
					return 0;
				refill(lr);
				continue;
			}
			lr->skipped += nl - lr->start;
			lr->start = lr->scan = nl + lr->unit;
			lr->skipping = false;
			continue;
		}
		if (nl != (size_t)-1) {
			size_t from = lr->start, n = nl - from;
			if (n > lr->max_line) {
				/* The newline came in the same chunk as the cap: cut here too. */
				deliver(lr, line, from, lr->max_line, true);
				lr->skipped += n - lr->max_line;
				lr->start = lr->scan = nl + lr->unit;
				return 1;
			}
			if (n >= lr->unit && unit_is(lr, nl - lr->unit, '\r'))
				n -= lr->unit;
			deliver(lr, line, from, n, false);
			lr->start = lr->scan = nl + lr->unit;
			return 1;
		}
		if (lr->len - lr->start > lr->max_line) {
			deliver(lr, line, lr->start, lr->max_line, true);
			lr->start += lr->max_line;
			lr->scan = lr->start;
			lr->skipping = true;
			return 1;
		}
		if (lr->eof) {
			if (lr->len == lr->start)
				return 0;
			deliver(lr, line, lr->start, lr->len - lr->start, false);
			lr->start = lr->scan = lr->len;
			return 1;
		}
		refill(lr);
	}
}
