/* Per-line fallback (parse_impl.h).
 *
 * A syslog collector's file mixes formats (FortiGate, PAN-OS and sshd lines
 * from one relay): the stream's parser is chosen on the first lines, and a
 * line it does not understand is offered to the other line parsers before it
 * counts as generic or unparsed. Probing every parser on every such line
 * would cost as much as parsing the file thirty times, so the probe answers
 * are cached per line shape: the program tag of a syslog header and the
 * first two tokens of the message with every digit read as '9', which is
 * the same for every line one format writes and differs between formats.
 * The cache is bounded; once full, lines of new shapes are not probed (they
 * stay generic or unparsed, and are counted so).
 */
#include <string.h>

#include "parse/fields.h"
#include "parse/parse_impl.h"
#include "parse/syslog.h"
#include "util/xalloc.h"

#define FB_SLOTS 1024		/* shapes cached (a power of two) */
#define FB_MAX_SHAPES 768	/* probes stop at this many shapes */
#define FB_MAX_CAND 6		/* parsers tried per shape, best bid first */
#define FB_TOKEN_MAX 16		/* bytes of each token in the shape */

struct shape {
	uint64_t key;		/* 0: slot empty */
	uint8_t ncand;
	uint16_t cand[FB_MAX_CAND];	/* indexes into fallback.parsers */
};

struct fallback {
	const struct lt_parser **parsers;	/* line parsers of the table but the stream's */
	void **states;				/* NULL until first use */
	bool *refused;				/* init refused this stream */
	size_t n;
	struct shape *slots;
	size_t nshapes;
};

struct fallback *fallback_new(const struct lt_parser *main)
{
	const struct lt_parser *const *table = lt_parser_table();
	size_t total = 0;
	while (table[total])
		total++;
	struct fallback *fb = lt_xcalloc(1, sizeof *fb);
	fb->parsers = lt_xcalloc(total + 1, sizeof *fb->parsers);
	for (size_t i = 0; i < total; i++)
		if (table[i] != main && table[i]->parse_line && table[i]->probe)
			fb->parsers[fb->n++] = table[i];
	fb->states = lt_xcalloc(fb->n + 1, sizeof *fb->states);
	fb->refused = lt_xcalloc(fb->n + 1, sizeof *fb->refused);
	fb->slots = lt_xcalloc(FB_SLOTS, sizeof *fb->slots);
	return fb;
}

static uint64_t fnv(uint64_t h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= UINT64_C(1099511628211);
	}
	return h;
}

/* Hash of up to two tokens of s with digits as '9', each cut at FB_TOKEN_MAX. */
static uint64_t token_shape(uint64_t h, const char *s, size_t n)
{
	size_t i = 0;
	for (int tok = 0; tok < 2; tok++) {
		while (i < n && s[i] == ' ')
			i++;
		size_t k = 0;
		for (; i < n && s[i] != ' '; i++, k++) {
			if (k >= FB_TOKEN_MAX)
				continue;
			char c = s[i] >= '0' && s[i] <= '9' ? '9' : s[i];
			h = fnv(h, &c, 1);
		}
		h = fnv(h, "|", 1);
	}
	return h;
}

static uint64_t shape_key(const struct lt_line *line)
{
	uint64_t h = UINT64_C(14695981039346656037);
	struct lt_syslog sh;
	if (lt_syslog_parse(line->text, line->len, NULL, &sh) == 0) {
		h = fnv(h, "S", 1);
		h = fnv(h, sh.prog.p, sh.prog.n);
		h = token_shape(h, sh.msg.p, sh.msg.n);
	} else {
		h = token_shape(h, line->text, line->len);
	}
	return h ? h : 1;
}

/* Probe every fallback parser on this one line; keep the bidders, best first
 * (ties: table order, as lt_parser_select does). */
static void probe_shape(struct fallback *fb, struct lt_parse_ctx *ctx, const struct lt_line *line,
			struct shape *sh)
{
	struct lt_probe_data pd = { (const unsigned char *)line->text, line->len, line, 1, ctx->in->name };
	int bids[FB_MAX_CAND];
	sh->ncand = 0;
	for (size_t i = 0; i < fb->n; i++) {
		int bid = fb->parsers[i]->probe(&pd);
		if (bid < LT_PROBE_MIN)
			continue;
		size_t at = sh->ncand;
		while (at > 0 && bids[at - 1] < bid)
			at--;
		if (at >= FB_MAX_CAND)
			continue;
		size_t last = sh->ncand < FB_MAX_CAND ? sh->ncand : FB_MAX_CAND - 1;
		for (size_t k = last; k > at; k--) {
			bids[k] = bids[k - 1];
			sh->cand[k] = sh->cand[k - 1];
		}
		bids[at] = bid;
		sh->cand[at] = (uint16_t)i;
		if (sh->ncand < FB_MAX_CAND)
			sh->ncand++;
	}
}

/* The cached shape of line, probed on first sight; NULL when the cache is full. */
static const struct shape *find_shape(struct fallback *fb, struct lt_parse_ctx *ctx, const struct lt_line *line)
{
	uint64_t key = shape_key(line);
	size_t i = (size_t)key & (FB_SLOTS - 1);
	while (fb->slots[i].key && fb->slots[i].key != key)
		i = (i + 1) & (FB_SLOTS - 1);
	if (fb->slots[i].key)
		return &fb->slots[i];
	if (fb->nshapes >= FB_MAX_SHAPES)
		return NULL;
	fb->nshapes++;
	fb->slots[i].key = key;
	probe_shape(fb, ctx, line, &fb->slots[i]);
	return &fb->slots[i];
}

/* The state of fallback parser i, made (and init'ed) on first use; NULL when
 * the parser refuses the stream. */
static void *state_of(struct fallback *fb, struct lt_parse_ctx *ctx, size_t i)
{
	if (fb->refused[i])
		return NULL;
	if (fb->states[i])
		return fb->states[i];
	const struct lt_parser *p = fb->parsers[i];
	fb->states[i] = lt_xcalloc(1, p->state_size ? p->state_size : 1);
	const char *err = NULL;
	if (p->init && p->init(fb->states[i], ctx->env, &err) < 0) {
		free(fb->states[i]);
		fb->states[i] = NULL;
		fb->refused[i] = true;
	}
	return fb->states[i];
}

/* Run parser i on line with ctx->parser set to it, so that its records name it. */
static enum lt_line_result try_parser(struct fallback *fb, struct lt_parse_ctx *ctx, size_t i,
				      const struct lt_line *line)
{
	void *state = state_of(fb, ctx, i);
	if (!state)
		return LT_LINE_UNPARSED;
	const struct lt_parser *saved = ctx->parser;
	ctx->parser = fb->parsers[i];
	const char *reason = NULL;
	enum lt_line_result r = fb->parsers[i]->parse_line(state, ctx, line, &reason);
	ctx->parser = saved;
	return r;
}

enum lt_line_result fallback_line(struct lt_parse_ctx *ctx, const struct lt_line *line,
				  enum lt_line_result r, const struct lt_parser **by)
{
	struct fallback *fb = ctx->fb;
	if (!fb || lt_line_blank(line))
		return r;
	const struct shape *sh = find_shape(fb, ctx, line);
	if (!sh)
		return r;
	const struct lt_parser *generic_by = r == LT_LINE_GENERIC ? *by : NULL;
	for (size_t k = 0; k < sh->ncand; k++) {
		enum lt_line_result fr = try_parser(fb, ctx, sh->cand[k], line);
		if (fr == LT_LINE_RECORD || fr == LT_LINE_META || fr == LT_LINE_PENDING) {
			*by = fb->parsers[sh->cand[k]];
			return fr;
		}
		if (fr == LT_LINE_GENERIC && !generic_by)
			generic_by = fb->parsers[sh->cand[k]];
	}
	if (generic_by) {
		*by = generic_by;
		return LT_LINE_GENERIC;
	}
	return r;
}

void emit_generic(struct lt_parse_ctx *ctx, const struct lt_line *line, const struct lt_parser *by)
{
	const struct lt_parser *saved = ctx->parser;
	ctx->parser = by;
	const char *text = ctx->gen_text ? ctx->gen_text : line->text;
	size_t len = ctx->gen_text ? ctx->gen_len : line->len;
	struct lt_record *r = lt_parse_begin(ctx, line);
	struct lt_syslog h;
	if (lt_syslog_parse(text, len, ctx->env, &h) == 0) {
		lt_syslog_apply(r, &h, ctx->env);
		lt_rec_set_str(r, LT_F_MESSAGE, h.msg.p, h.msg.n);
	} else {
		lt_rec_set_str(r, LT_F_MESSAGE, text, len);
	}
	lt_rec_set_bool(r, LT_F_GENERIC, true);
	lt_parse_emit(ctx, r);
	ctx->parser = saved;
}

void fallback_free(struct lt_parse_ctx *ctx)
{
	struct fallback *fb = ctx->fb;
	if (!fb)
		return;
	const struct lt_parser *saved = ctx->parser;
	for (size_t i = 0; i < fb->n; i++) {
		if (!fb->states[i])
			continue;
		const struct lt_parser *p = fb->parsers[i];
		ctx->parser = p;
		if (p->finish && !ctx->res->stopped)
			p->finish(fb->states[i], ctx);
		if (p->fini)
			p->fini(fb->states[i]);
		free(fb->states[i]);
	}
	ctx->parser = saved;
	free(fb->parsers);
	free(fb->states);
	free(fb->refused);
	free(fb->slots);
	free(fb);
	ctx->fb = NULL;
}
