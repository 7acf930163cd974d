/* The parse framework: runs one stream through a parser.
 *
 * lt_parse_stream reads the head of a stream (the first 64 KiB, split into
 * up to LT_PROBE_LINES lines) for the probes, picks the parser (forced by
 * name, or the best bid from lt_parser_select), then replays the head and
 * reads the rest: line by line for text (lines.h), or through the parser's
 * parse_stream for binary formats. Every record a parser emits is stamped
 * with provenance (doc/record-format.md) and handed to the emit callback.
 * Every line is accounted for in struct lt_parse_stats: records, meta,
 * pending, or unparsed with a reason (and the first LT_PARSE_SAMPLES of those
 * kept with their location), so that nothing is dropped silently.
 *
 * Text encoding: the caller gives a forced encoding or lets the framework
 * detect it from the head; UTF-16 is split on 16-bit newlines and every
 * non-UTF-8 line is transcoded for the parser while raw keeps the bytes.
 *
 * Ownership: struct lt_parse_result owns its sample texts and reason table;
 * release with lt_parse_result_free. Everything in struct lt_parse_input is
 * borrowed for the call.
 */
#ifndef LT_PARSE_H
#define LT_PARSE_H
#include <stdbool.h>
#include <stdint.h>

#include "parse/lines.h"
#include "parse/parser.h"
#include "record/record.h"

#define LT_PARSE_HEAD (64 * 1024)
#define LT_PARSE_SAMPLES 5
#define LT_PARSE_SAMPLE_MAX 512	/* bytes of an unparsed line kept as a sample */

/* Why lines went unparsed: the parser's reason strings, counted. */
struct lt_parse_reason {
	const char *reason;	/* static string from the parser or the framework */
	uint64_t count;
};

struct lt_parse_by_parser {
	const char *name;	/* the parser's name (static) */
	uint64_t lines;
};

struct lt_parse_sample {
	uint64_t offset, lineno;
	char *text;		/* valid UTF-8 (U+FFFD for bad bytes), at most LT_PARSE_SAMPLE_MAX bytes */
	const char *reason;
};

struct lt_parse_stats {
	uint64_t lines;		/* lines read (each cut line counts once) */
	uint64_t records;	/* records emitted */
	uint64_t lines_record, meta, pending, unparsed;
	/* Accounting (doc/record-format.md): recognised lines were understood
	 * by some parser (RECORD, META or PENDING, the stream's parser or a
	 * fallback); generic lines gave only a syslog-header record; every
	 * line is exactly one of recognised, generic, unparsed. */
	uint64_t recognised, generic;
	uint64_t fallback;	/* of the recognised: read by a parser other than the stream's */
	struct lt_parse_by_parser *by_parser;	/* recognised lines per parser, in first-use order */
	size_t nby_parser;
	uint64_t truncated;	/* lines cut at LT_MAX_LINE */
	uint64_t bytes;		/* bytes read from the stream */
	struct lt_parse_reason *reasons;
	size_t nreasons;
	struct lt_parse_sample samples[LT_PARSE_SAMPLES];
	size_t nsamples;
	/* Lines invalid in the stream's encoding, decoded on their own and
	 * flagged leaktrail.encoding_error (doc/record-format.md). */
	uint64_t encoding_errors;
};

/* Emit callback: store rec (copy what you keep). Return 0, or -1 to stop
 * (e.g. the store cannot be written). */
typedef int (*lt_emit_fn)(void *arg, const struct lt_record *rec);

struct lt_parse_input {
	lt_read_fn read;		/* the stream's bytes */
	void *read_arg;
	struct lt_stream *stream;	/* handed to parse_stream parsers (may be NULL in tests) */
	bool binary;			/* kind EVTX/BINARY: no line splitting for the probe */
	const char *name;		/* base name of file or member: a hint for probes */
	int64_t source_id;
	const char *source_path;
	const char *member;		/* NULL for the file itself */
	/* Where the bytes from read start in the stream, and how many lines
	 * came before them: 0 except when an incremental run resumes a stream
	 * an earlier run read in part (src/incr/resume.h). */
	uint64_t base_offset, base_lineno;
};

struct lt_parse_opts {
	const char *format;		/* forced parser name, or NULL for auto */
	const struct lt_parser *parser;	/* forced parser (wins over format; tests use it) */
	const char *encoding;		/* forced encoding name, or NULL to detect */
	size_t max_line;		/* 0 = LT_MAX_LINE */
};

struct lt_parse_result {
	const struct lt_parser *parser;	/* NULL when no parser bid */
	int confidence;			/* the winning bid; -1 when forced */
	const char *encoding;		/* canonical name of the encoding used */
	bool encoding_forced;
	const char *refused;		/* the parser's init error, if it refused the stream */
	bool stopped;			/* the emit callback asked to stop */
	bool read_fault;		/* the stream ended in a fault */
	struct lt_parse_stats stats;
};

/* Parse one stream. Returns 0, or -1 when emit asked to stop, when the
 * forced format or encoding is unknown (result->refused says so). */
int lt_parse_stream(const struct lt_parse_input *in, const struct lt_parse_env *env,
		    const struct lt_parse_opts *opts, lt_emit_fn emit, void *emit_arg,
		    struct lt_parse_result *result);
void lt_parse_result_free(struct lt_parse_result *result);

/* For parse_stream parsers: read the stream's decompressed bytes from the
 * start (the framework replays the head it read for the probe). Use this,
 * not lt_stream_read. Returns bytes, 0 at the end, -1 on a fault. */
ssize_t lt_parse_read(struct lt_parse_ctx *ctx, void *buf, size_t n);

#endif
