/* How a caller sees and steers the parsing of one leaf stream: an
 * incremental run (src/incr/resume.h) may skip the part earlier runs read,
 * hold back an unfinished last line, and keep the parser chosen when the
 * content was first read. The ingest use case (src/case/ingest.c) calls the
 * hook around every stream it parses.
 *
 * Ownership: the hook and its arg are borrowed for the whole ingest; a
 * view's format string must stay valid until the stream's end callback.
 */
#ifndef LT_PARSE_VIEW_H
#define LT_PARSE_VIEW_H
#include <stdbool.h>
#include <stdint.h>

#include "input/input.h"
#include "parse/parse.h"

/* How an incremental run (src/incr/resume.h) sees one leaf stream: it may
 * skip the part earlier runs read, hold back an unfinished last line, and
 * keep the parser chosen when the content was first read. */
struct lt_stream_view {
	lt_read_fn read;		/* the bytes to parse */
	void *read_arg;
	uint64_t base_offset;		/* stream offset of the first byte read gives */
	uint64_t base_lineno;		/* lines before it */
	const char *format;		/* parser to use, or NULL for the usual choice */
	bool skip;			/* nothing new in this stream: do not parse it */
};

struct lt_stream_hook {
	/* Before parsing: view holds the plain reader; change what is needed. */
	void (*begin)(void *arg, struct lt_stream *s, struct lt_stream_view *view);
	/* After parsing (not called for skipped streams). */
	void (*end)(void *arg, const struct lt_stream *s, const struct lt_parse_result *res);
	void *arg;
	/* Every source's end, hashes and read_bytes final; may be NULL. */
	void (*source_end)(void *arg, const struct lt_source *src);
	/* lt_input_opts.known, with arg as its arg; may be NULL. */
	bool (*known)(const struct lt_source *src, int fd, struct lt_known_file *k, void *arg);
};

#endif
