/* The parse framework: see parse.h and parser.h. */
#include "parse/parse.h"
#include "parse/parse_impl.h"

#include <stdio.h>
#include <string.h>

#include "parse/encoding.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/jsonesc.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define MAX_CUT_WARNINGS 5

static ssize_t replay_read(void *arg, void *buf, size_t n)
{
	struct replay *rp = arg;
	if (rp->pos < rp->head_len) {
		size_t k = rp->head_len - rp->pos;
		if (k > n)
			k = n;
		memcpy(buf, rp->head + rp->pos, k);
		rp->pos += k;
		rp->total += k;
		return (ssize_t)k;
	}
	if (rp->fault)
		return -1;
	if (!rp->read)
		return 0;	/* a memory-only replay (the probe) */
	ssize_t r = rp->read(rp->arg, buf, n);
	if (r < 0)
		rp->fault = true;
	else
		rp->total += (uint64_t)r;
	return r;
}


const char *lt_parse_option(const struct lt_parse_env *env, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < env->noptions; i++)
		if (strncmp(env->options[i], name, n) == 0 && env->options[i][n] == '=')
			return env->options[i] + n + 1;
	return NULL;
}

void lt_parse_set_generic_text(struct lt_parse_ctx *ctx, const char *text, size_t len)
{
	ctx->gen_text = text;
	ctx->gen_len = len;
}

const struct lt_parse_env *lt_parse_get_env(const struct lt_parse_ctx *ctx)
{
	return ctx->env;
}

ssize_t lt_parse_read(struct lt_parse_ctx *ctx, void *buf, size_t n)
{
	return replay_read(ctx->rp, buf, n);
}

static void stamp(struct lt_parse_ctx *ctx, uint64_t offset, uint64_t lineno, const char *raw,
		  size_t raw_len)
{
	struct lt_record *r = &ctx->rec;
	lt_rec_clear(r);
	lt_rec_set_int(r, LT_F_SOURCE_ID, ctx->in->source_id);
	if (ctx->in->source_path)
		lt_rec_set_cstr(r, LT_F_SOURCE_PATH, ctx->in->source_path);
	if (ctx->in->member)
		lt_rec_set_cstr(r, LT_F_MEMBER, ctx->in->member);
	lt_rec_set_int(r, LT_F_OFFSET, (int64_t)offset);
	if (lineno)
		lt_rec_set_int(r, LT_F_LINE, (int64_t)lineno);
	/* Valid UTF-8 stays a string; anything else is kept byte for byte. */
	if (lt_utf8_valid(raw, raw_len))
		lt_rec_set_str(r, LT_F_RAW, raw, raw_len);
	else
		lt_rec_set_bytes(r, LT_F_RAW, raw, raw_len);
	if (ctx->parser)
		lt_rec_set_cstr(r, LT_F_PARSER, ctx->parser->name);
	if (ctx->enc_note)
		lt_rec_set_cstr(r, LT_F_ENCODING_ERROR, ctx->enc_note);
}

struct lt_record *lt_parse_begin(struct lt_parse_ctx *ctx, const struct lt_line *line)
{
	stamp(ctx, line->offset, line->lineno, line->raw, line->raw_len);
	if (line->truncated)
		lt_rec_set_bool(&ctx->rec, LT_F_TRUNCATED, true);
	return &ctx->rec;
}

struct lt_record *lt_parse_begin_at(struct lt_parse_ctx *ctx, uint64_t offset, uint64_t lineno,
				    const char *raw, size_t raw_len)
{
	stamp(ctx, offset, lineno, raw, raw_len);
	return &ctx->rec;
}

static int field_group(const struct lt_field *f)
{
	static const char ts[] = LT_F_TIMESTAMP, own[] = LT_F_OWN_PREFIX;
	if (f->key.n == sizeof ts - 1 && memcmp(f->key.p, ts, f->key.n) == 0)
		return 0;
	if (f->key.n >= sizeof own - 1 && memcmp(f->key.p, own, sizeof own - 1) == 0)
		return 2;
	return 1;
}

/* Put @timestamp first, the parser's fields next and leaktrail.* last, each
 * group in the order it was set: dump output reads naturally and the order
 * is still a pure function of what the parser did. */
static void order_fields(struct lt_parse_ctx *ctx, struct lt_record *r)
{
	/* One pass: the parser's fields go to order[1..], leaktrail.* to
	 * order[n..], @timestamp (at most one) to order[0]. */
	uint32_t n = r->nfields;
	if (n == 0)
		return;
	if (2 * n + 1 > ctx->caporder) {
		ctx->caporder = 2 * n + 1;
		ctx->order = lt_xrealloc(ctx->order, ctx->caporder * sizeof *ctx->order);
	}
	uint32_t k1 = 0, k2 = 0;
	bool have_ts = false;
	for (uint32_t i = 0; i < n; i++) {
		int g = field_group(&r->fields[i]);
		if (g == 0) {
			ctx->order[0] = r->fields[i];
			have_ts = true;
		} else if (g == 1) {
			ctx->order[1 + k1++] = r->fields[i];
		} else {
			ctx->order[1 + n + k2++] = r->fields[i];
		}
	}
	const struct lt_field *head = have_ts ? ctx->order : ctx->order + 1;
	uint32_t nhead = k1 + (have_ts ? 1 : 0);
	memcpy(r->fields, head, nhead * sizeof *r->fields);
	memcpy(r->fields + nhead, ctx->order + 1 + n, k2 * sizeof *r->fields);
}

void lt_parse_emit(struct lt_parse_ctx *ctx, struct lt_record *rec)
{
	if (ctx->res->stopped)
		return;
	order_fields(ctx, rec);
	ctx->res->stats.records++;
	if (ctx->emit(ctx->emit_arg, rec) < 0)
		ctx->res->stopped = true;
}

/* ---- statistics ---- */

static void count_reason(struct lt_parse_stats *st, const char *reason)
{
	for (size_t i = 0; i < st->nreasons; i++)
		if (st->reasons[i].reason == reason || strcmp(st->reasons[i].reason, reason) == 0) {
			st->reasons[i].count++;
			return;
		}
	st->reasons = lt_xrealloc(st->reasons, (st->nreasons + 1) * sizeof *st->reasons);
	st->reasons[st->nreasons].reason = reason;
	st->reasons[st->nreasons].count = 1;
	st->nreasons++;
}

static void unparsed(struct lt_parse_ctx *ctx, uint64_t offset, uint64_t lineno, const char *text,
		     size_t len, const char *reason)
{
	struct lt_parse_stats *st = &ctx->res->stats;
	if (!reason || !*reason)
		reason = "not understood";
	st->unparsed++;
	count_reason(st, reason);
	if (st->nsamples == LT_PARSE_SAMPLES)
		return;
	struct lt_parse_sample *s = &st->samples[st->nsamples++];
	s->offset = offset;
	s->lineno = lineno;
	s->reason = reason;
	struct lt_buf b = LT_BUF_INIT;
	lt_utf8_sanitize(text, len > LT_PARSE_SAMPLE_MAX ? LT_PARSE_SAMPLE_MAX : len, &b);
	lt_buf_putc(&b, '\0');	/* ensure data is allocated even for an empty line */
	s->text = lt_buf_detach(&b);
}

void lt_parse_reject_at(struct lt_parse_ctx *ctx, uint64_t offset, uint64_t lineno,
			const char *raw, size_t raw_len, const char *reason)
{
	const char *text = raw;
	size_t len = raw_len;
	if (ctx->tc) {
		lt_buf_reset(&ctx->tmp);
		lt_transcode(ctx->tc, raw, raw_len, &ctx->tmp);
		text = ctx->tmp.data ? ctx->tmp.data : "";
		len = ctx->tmp.len;
	}
	unparsed(ctx, offset, lineno, text, len, reason);
	/* The line was counted recognised when it was kept for later. */
	if (ctx->res->stats.recognised)
		ctx->res->stats.recognised--;
}

void lt_parse_result_free(struct lt_parse_result *res)
{
	for (size_t i = 0; i < res->stats.nsamples; i++)
		free(res->stats.samples[i].text);
	free(res->stats.reasons);
	free(res->stats.by_parser);
	memset(res, 0, sizeof *res);
}

/* ---- the stream ---- */

static void count_parser(struct lt_parse_stats *st, const struct lt_parser *p)
{
	for (size_t i = 0; i < st->nby_parser; i++)
		if (st->by_parser[i].name == p->name) {
			st->by_parser[i].lines++;
			return;
		}
	st->by_parser = lt_xrealloc(st->by_parser, (st->nby_parser + 1) * sizeof *st->by_parser);
	st->by_parser[st->nby_parser].name = p->name;
	st->by_parser[st->nby_parser].lines = 1;
	st->nby_parser++;
}

/* Count one line. by is the parser that read it (NULL when none did). */
static void account(struct lt_parse_ctx *ctx, const struct lt_line *line, enum lt_line_result r,
		    const char *reason, const struct lt_parser *by)
{
	struct lt_parse_stats *st = &ctx->res->stats;
	switch (r) {
	case LT_LINE_RECORD:
		st->lines_record++;
		break;
	case LT_LINE_META:
		st->meta++;
		break;
	case LT_LINE_PENDING:
		st->pending++;
		break;
	case LT_LINE_GENERIC:
		st->generic++;
		st->lines_record++;
		return;
	case LT_LINE_UNPARSED:
	default:
		unparsed(ctx, line->offset, line->lineno, line->text, line->len, reason);
		return;
	}
	st->recognised++;
	if (by) {
		count_parser(st, by);
		if (by != ctx->res->parser)
			st->fallback++;
	}
}

static void warn_cut(struct lt_parse_ctx *ctx, const struct lt_line *line, size_t max_line)
{
	ctx->res->stats.truncated++;
	if (ctx->cut_warnings++ >= MAX_CUT_WARNINGS)
		return;
	struct lt_loc loc = { ctx->in->source_path, ctx->in->member, line->offset, line->lineno, 1 };
	lt_diag(LT_WARN, &loc, "line longer than %zu bytes: cut; the record keeps the first %zu bytes%s",
		max_line, max_line,
		ctx->cut_warnings == MAX_CUT_WARNINGS ? " (further cut lines in this stream are only counted)" : "");
}

struct textmode {
	enum lt_encoding enc;
	size_t bom;		/* bytes of byte order mark at offset 0 */
	bool transcode;
};

/* Give line a UTF-8 text: the raw bytes themselves for UTF-8 sources (minus
 * a BOM), else their transcoding into buf. */
static void make_text(struct lt_transcoder *tc, const struct textmode *tm, struct lt_line *line,
		      struct lt_buf *buf)
{
	const char *p = line->raw;
	size_t n = line->raw_len;
	if (line->offset == 0 && tm->bom && n >= tm->bom) {
		p += tm->bom;
		n -= tm->bom;
	}
	if (!tm->transcode) {
		line->text = p;
		line->len = n;
		return;
	}
	lt_buf_reset(buf);
	lt_transcode(tc, p, n, buf);
	line->text = buf->data ? buf->data : "";
	line->len = buf->len;
}

/* Decode one line that is invalid in the stream's encoding by itself: the
 * better clean candidate, else with U+FFFD. The rest of the stream keeps
 * its encoding (issue 13): one bad line never re-decodes the others. */
static void redecode(struct lt_parse_ctx *ctx, const char *p, size_t n, enum lt_encoding stream_enc,
		     struct lt_buf *buf, struct lt_line *line)
{
	enum lt_encoding alt = lt_encoding_line_guess((const unsigned char *)p, n);
	if (alt == stream_enc || (stream_enc != LT_ENC_UTF8 && lt_utf8_valid(p, n)))
		alt = LT_ENC_UTF8;
	lt_buf_reset(buf);
	size_t bad;
	if (alt == LT_ENC_UTF8) {
		bad = lt_utf8_sanitize(p, n, buf);
	} else {
		if (!ctx->alt_tc || ctx->alt_enc != alt) {
			lt_transcoder_free(ctx->alt_tc);
			ctx->alt_tc = lt_transcoder_new(alt);
			ctx->alt_enc = alt;
		}
		bad = lt_transcode(ctx->alt_tc, p, n, buf);
	}
	if (alt == LT_ENC_UTF8 && bad)
		snprintf(ctx->enc_note_buf, sizeof ctx->enc_note_buf,
			 "not valid %s: %zu invalid byte sequence(s) replaced with U+FFFD", lt_encoding_name(stream_enc), bad);
	else
		snprintf(ctx->enc_note_buf, sizeof ctx->enc_note_buf, "not valid %s: decoded as %s",
			 lt_encoding_name(stream_enc), lt_encoding_name(alt));
	ctx->enc_note = ctx->enc_note_buf;
	line->text = buf->data ? buf->data : "";
	line->len = buf->len;
}

static void note_encoding_error(struct lt_parse_ctx *ctx, const struct lt_line *line)
{
	ctx->res->stats.encoding_errors++;
	if (ctx->enc_warnings++ >= MAX_CUT_WARNINGS)
		return;
	struct lt_loc loc = { ctx->in->source_path, ctx->in->member, line->offset, line->lineno, 1 };
	lt_diag(LT_WARN, &loc, "line %s; flagged leaktrail.encoding_error%s", ctx->enc_note,
		ctx->enc_warnings == MAX_CUT_WARNINGS ? " (further such lines in this stream are only counted)" : "");
}

/* Multi-byte sequences in p when all of it is valid UTF-8, else 0. */
static size_t utf8_multibyte(const char *p, size_t n)
{
	size_t i = 0, multi = 0;
	while (i < n) {
		size_t len = lt_utf8_seq((const unsigned char *)p + i, n - i);
		if (len == 0 || len == SIZE_MAX)
			return 0;
		multi += len > 1;
		i += len;
	}
	return multi;
}

/* make_text, and a line invalid in the stream's encoding decoded by itself. */
static void decode_line(struct lt_parse_ctx *ctx, const struct textmode *tm, struct lt_line *line, struct lt_buf *buf)
{
	ctx->enc_note = NULL;
	const char *p = line->raw;
	size_t n = line->raw_len;
	if (line->offset == 0 && tm->bom && n >= tm->bom) {
		p += tm->bom;
		n -= tm->bom;
	}
	if (!tm->transcode) {
		/* a cut line may end inside a character: that is not an error */
		if (lt_utf8_valid(p, n) || line->truncated) {
			make_text(ctx->tc, tm, line, buf);
			return;
		}
		redecode(ctx, p, n, tm->enc, buf, line);
		note_encoding_error(ctx, line);
		return;
	}
	lt_buf_reset(buf);
	size_t bad = lt_transcode(ctx->tc, p, n, buf);
	line->text = buf->data ? buf->data : "";
	line->len = buf->len;
	if (line->truncated || tm->enc == LT_ENC_UTF16LE || tm->enc == LT_ENC_UTF16BE)
		return;
	if (!bad && (tm->enc == LT_ENC_CP932 || tm->enc == LT_ENC_EUCJP) && utf8_multibyte(p, n) >= 2) {
		/* CP932 accepts most UTF-8 byte pairs, so a UTF-8 line in a CP932
		 * stream is not "invalid": but two or more valid multi-byte UTF-8
		 * sequences and nothing else almost never happen in real CP932
		 * or EUC-JP text. */
		lt_buf_reset(buf);
		lt_buf_append(buf, p, n);
		snprintf(ctx->enc_note_buf, sizeof ctx->enc_note_buf, "valid UTF-8 in a %s stream: decoded as UTF-8",
			 lt_encoding_name(tm->enc));
		ctx->enc_note = ctx->enc_note_buf;
		line->text = buf->data;
		line->len = buf->len;
		note_encoding_error(ctx, line);
		return;
	}
	if (!bad)
		return;
	redecode(ctx, p, n, tm->enc, buf, line);
	note_encoding_error(ctx, line);
}

/* Split the head into probe lines. Texts live in texts (one NUL-separated
 * block); pointers are fixed up once it stops growing. */
static size_t probe_lines(const char *head, size_t head_len, bool whole, const struct textmode *tm,
			  struct lt_transcoder *tc, struct lt_line *lines, struct lt_buf *texts)
{
	struct replay mem = { head, head_len, 0, NULL, NULL, false, 0 };
	struct lt_lines *lr = lt_lines_new(replay_read, &mem, (unsigned)lt_encoding_unit(tm->enc),
					   tm->enc == LT_ENC_UTF16BE, LT_PARSE_HEAD);
	struct lt_buf one = LT_BUF_INIT;
	size_t offs[LT_PROBE_LINES], n = 0;
	struct lt_line line;
	while (n < LT_PROBE_LINES && lt_lines_next(lr, &line) == 1) {
		/* A line cut by the end of the head is not a line yet. */
		if (!whole && line.offset + line.raw_len >= head_len)
			break;
		make_text(tc, tm, &line, &one);
		lines[n] = line;
		/* raw must outlive the splitter: the head holds the same bytes */
		lines[n].raw = head + line.offset;
		offs[n] = texts->len;
		lt_buf_append(texts, line.text, line.len);
		lt_buf_putc(texts, '\0');
		n++;
	}
	for (size_t i = 0; i < n; i++)
		lines[i].text = texts->data + offs[i];
	lt_buf_free(&one);
	lt_lines_free(lr);
	return n;
}

/* UTF-8 text with a few damaged bytes (a cut write, a stray Latin-1 byte in
 * a URL) is still UTF-8: reading all of it as CP932 or Windows-1252 would
 * garble every correct Japanese character to save a few bad ones. The bad
 * bytes stay in raw either way. */
static bool mostly_utf8(const unsigned char *p, size_t n)
{
	size_t good = 0, bad = 0, i = 0;
	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		size_t len = p[i] >= 0xf0 ? 4 : p[i] >= 0xe0 ? 3 : p[i] >= 0xc2 ? 2 : 0;
		if (len && i + len > n)
			break;	/* a character cut by the end of the head */
		if (len && lt_utf8_valid((const char *)p + i, len)) {
			good++;
			i += len;
		} else {
			bad++;
			i++;
		}
	}
	return good > 0 && good >= 8 * bad;
}

static void pick_encoding(const struct lt_parse_input *in, const struct lt_parse_opts *opts,
			  const unsigned char *head, size_t n, struct textmode *tm,
			  struct lt_parse_result *res)
{
	if (opts->encoding) {
		lt_encoding_from_name(opts->encoding, &tm->enc);
		res->encoding_forced = true;
	} else if (in->binary) {
		tm->enc = LT_ENC_UTF8;
	} else {
		tm->enc = lt_encoding_detect(head, n);
		if ((tm->enc == LT_ENC_CP932 || tm->enc == LT_ENC_EUCJP || tm->enc == LT_ENC_LATIN1) &&
		    mostly_utf8(head, n))
			tm->enc = LT_ENC_UTF8;
	}
	tm->bom = lt_encoding_bom_len(tm->enc, head, n);
	tm->transcode = tm->enc != LT_ENC_UTF8;
	res->encoding = in->binary && !opts->encoding ? "binary" : lt_encoding_name(tm->enc);
}

static void parse_lines(struct lt_parse_ctx *ctx, void *state, const struct textmode *tm,
			size_t max_line)
{
	struct lt_lines *lr = lt_lines_new(replay_read, ctx->rp, (unsigned)lt_encoding_unit(tm->enc),
					   tm->enc == LT_ENC_UTF16BE, max_line);
	lt_lines_set_origin(lr, ctx->in->base_offset, ctx->in->base_lineno);
	struct lt_buf text = LT_BUF_INIT;
	struct lt_line line;
	const struct lt_parser *p = ctx->parser;
	while (!ctx->res->stopped && lt_lines_next(lr, &line) == 1) {
		ctx->res->stats.lines++;
		ctx->gen_text = NULL;
		if (line.truncated)
			warn_cut(ctx, &line, max_line);
		decode_line(ctx, tm, &line, &text);
		if (!p || !p->parse_line) {
			const struct lt_parser *by = NULL;
			enum lt_line_result r = fallback_line(ctx, &line, LT_LINE_UNPARSED, &by);
			if (r == LT_LINE_GENERIC)
				emit_generic(ctx, &line, by);
			account(ctx, &line, r, ctx->res->refused ? ctx->res->refused : "no parser recognised this format",
				by);
			continue;
		}
		const char *reason = NULL;
		enum lt_line_result r = p->parse_line(state, ctx, &line, &reason);
		const struct lt_parser *by = p;
		if (r == LT_LINE_GENERIC || r == LT_LINE_UNPARSED)
			r = fallback_line(ctx, &line, r, &by);
		if (r == LT_LINE_GENERIC)
			emit_generic(ctx, &line, by);
		account(ctx, &line, r, reason, by);
	}
	lt_buf_free(&text);
	lt_lines_free(lr);
}

/* Drain what a parse_stream parser left unread, so bytes are counted. */
static void drain(struct replay *rp)
{
	char buf[65536];
	while (replay_read(rp, buf, sizeof buf) > 0)
		;
}

int lt_parse_stream(const struct lt_parse_input *in, const struct lt_parse_env *env,
		    const struct lt_parse_opts *opts, lt_emit_fn emit, void *emit_arg,
		    struct lt_parse_result *res)
{
	memset(res, 0, sizeof *res);
	size_t max_line = opts->max_line ? opts->max_line : LT_MAX_LINE;
	enum lt_encoding forced_enc;
	if (opts->encoding && lt_encoding_from_name(opts->encoding, &forced_enc) < 0) {
		res->refused = "unknown encoding";
		return -1;
	}
	const struct lt_parser *forced = opts->parser;
	if (!forced && opts->format) {
		forced = lt_parser_find(opts->format);
		if (!forced) {
			res->refused = "unknown format";
			return -1;
		}
	}

	/* Head: up to LT_PARSE_HEAD bytes, for detection and the probes. */
	char *head = lt_xmalloc(LT_PARSE_HEAD);
	size_t head_len = 0;
	bool whole = false, fault = false;
	while (head_len < LT_PARSE_HEAD) {
		ssize_t n = in->read(in->read_arg, head + head_len, LT_PARSE_HEAD - head_len);
		if (n <= 0) {
			whole = true;
			fault = n < 0;
			break;
		}
		head_len += (size_t)n;
	}
	struct replay rp = { head, head_len, 0, in->read, in->read_arg, fault, 0 };

	struct textmode tm = { LT_ENC_UTF8, 0, false };
	pick_encoding(in, opts, (const unsigned char *)head, head_len, &tm, res);
	struct lt_transcoder *tc = tm.transcode ? lt_transcoder_new(tm.enc) : NULL;

	struct lt_line plines[LT_PROBE_LINES];
	struct lt_buf ptexts = LT_BUF_INIT;
	struct lt_probe_data pd = { (const unsigned char *)head, head_len, plines, 0, in->name };
	if (!in->binary)
		pd.nlines = probe_lines(head, head_len, whole, &tm, tc, plines, &ptexts);

	if (forced) {
		res->parser = forced;
		res->confidence = -1;
	} else if (head_len > 0) {
		res->parser = lt_parser_select(&pd, &res->confidence);
	}
	lt_buf_free(&ptexts);

	struct lt_parse_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.in = in;
	ctx.env = env;
	ctx.parser = res->parser;
	ctx.res = res;
	ctx.emit = emit;
	ctx.emit_arg = emit_arg;
	ctx.rp = &rp;
	ctx.tc = tc;
	lt_rec_init(&ctx.rec);
	lt_buf_init(&ctx.tmp);

	void *state = NULL;
	const struct lt_parser *p = res->parser;
	if (p) {
		state = lt_xcalloc(1, p->state_size ? p->state_size : 1);
		const char *err = NULL;
		if (p->init && p->init(state, env, &err) < 0) {
			res->refused = err ? err : "parser refused the stream";
			ctx.parser = NULL;
		}
	}
	/* Per-line fallback: not for a forced parser (the user chose), nor
	 * for binary streams (no lines to offer). */
	if (!forced && !in->binary)
		ctx.fb = fallback_new(res->parser);
	/* From here on ctx.parser is the parser that accepted the stream. */
	bool use_stream = ctx.parser && ctx.parser->parse_stream &&
			  (in->binary || !ctx.parser->parse_line);
	if (use_stream) {
		if (ctx.parser->parse_stream(state, &ctx, in->stream) < 0)
			res->read_fault = true;
		drain(&rp);
	} else {
		parse_lines(&ctx, state, &tm, max_line);
	}
	if (ctx.parser && ctx.parser->finish && !res->stopped)
		ctx.parser->finish(state, &ctx);
	if (ctx.parser && ctx.parser->fini)
		ctx.parser->fini(state);
	fallback_free(&ctx);
	res->stats.bytes = rp.total;
	if (rp.fault)
		res->read_fault = true;
	free(state);
	free(ctx.order);
	lt_rec_free(&ctx.rec);
	lt_buf_free(&ctx.tmp);
	if (tc)
		lt_transcoder_free(tc);
	lt_transcoder_free(ctx.alt_tc);
	free(head);
	return res->stopped ? -1 : 0;
}
