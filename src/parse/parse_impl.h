/* Internals of the parse framework, shared by parse.c and fallback.c only
 * (not a public header: parsers see parser.h, callers parse.h).
 *
 * Ownership: struct lt_parse_ctx lives on lt_parse_stream's stack; every
 * pointer in it is borrowed from that call, except fb, which parse.c
 * creates with fallback_new and releases with fallback_free.
 */
#ifndef LT_PARSE_IMPL_H
#define LT_PARSE_IMPL_H
#include "parse/encoding.h"
#include "parse/parse.h"
#include "util/buf.h"

/* Serves the head (already read for the probes) and then the rest. */
struct replay {
	const char *head;
	size_t head_len, pos;
	lt_read_fn read;
	void *arg;
	bool fault;
	uint64_t total;		/* bytes handed out */
};

struct fallback;

struct lt_parse_ctx {
	const struct lt_parse_input *in;
	const struct lt_parse_env *env;
	const struct lt_parser *parser;
	struct lt_parse_result *res;
	struct lt_record rec;
	struct lt_field *order;		/* scratch for field ordering on emit */
	uint32_t caporder;
	lt_emit_fn emit;
	void *emit_arg;
	struct replay *rp;
	struct lt_transcoder *tc;
	struct lt_buf tmp;
	unsigned cut_warnings;
	struct fallback *fb;		/* per-line fallback; NULL when off */
	const char *gen_text;		/* lt_parse_set_generic_text for this line, or NULL */
	size_t gen_len;
	/* The current line was invalid in the stream's encoding: why, and how
	 * it was decoded instead (stamped as leaktrail.encoding_error). */
	const char *enc_note;
	char enc_note_buf[160];
	struct lt_transcoder *alt_tc;	/* the other candidate, made on first need */
	enum lt_encoding alt_enc;
	unsigned enc_warnings;
};

/* Per-line fallback (fallback.c). fallback_new prepares the other line
 * parsers of the table (all but main) for one stream; their states are made
 * on first use. */
struct fallback *fallback_new(const struct lt_parser *main);
/* Offer a line the stream's parser answered r (GENERIC or UNPARSED) to the
 * other parsers whose probe bids on lines of its shape; returns the first
 * RECORD/META/PENDING answer (*by = that parser), else GENERIC when some
 * parser said so (*by = the first that did), else r. */
enum lt_line_result fallback_line(struct lt_parse_ctx *ctx, const struct lt_line *line,
				  enum lt_line_result r, const struct lt_parser **by);
/* Emit the generic record for a line only its syslog header was understood of. */
void emit_generic(struct lt_parse_ctx *ctx, const struct lt_line *line, const struct lt_parser *by);
/* Finish (when not stopped), fini and free the fallback parsers; ctx->fb = NULL. */
void fallback_free(struct lt_parse_ctx *ctx);

#endif
