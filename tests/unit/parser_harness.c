/* Test harness for parsers (see parser_harness.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "parser_harness.h"
#include "util/xalloc.h"

struct lt_parse_ctx {
	struct lt_harness *h;
	struct lt_record cur;
	bool open;
};

/* one context per harness, kept beside it */
static struct lt_parse_ctx the_ctx;

static void stamp(struct lt_record *r, uint64_t offset, uint64_t lineno, const char *raw, size_t n,
		  const char *parser)
{
	lt_rec_clear(r);
	lt_rec_set_int(r, LT_F_OFFSET, (int64_t)offset);
	lt_rec_set_int(r, LT_F_LINE, (int64_t)lineno);
	lt_rec_set_str(r, LT_F_RAW, raw, n);
	lt_rec_set_cstr(r, LT_F_PARSER, parser);
}

struct lt_record *lt_parse_begin(struct lt_parse_ctx *ctx, const struct lt_line *line)
{
	stamp(&ctx->cur, line->offset, line->lineno, line->raw, line->raw_len, ctx->h->parser->name);
	ctx->open = true;
	return &ctx->cur;
}

struct lt_record *lt_parse_begin_at(struct lt_parse_ctx *ctx, uint64_t offset, uint64_t lineno,
				    const char *raw, size_t raw_len)
{
	stamp(&ctx->cur, offset, lineno, raw, raw_len, ctx->h->parser->name);
	ctx->open = true;
	return &ctx->cur;
}

void lt_parse_emit(struct lt_parse_ctx *ctx, struct lt_record *rec)
{
	struct lt_harness *h = ctx->h;
	if (h->nrec == h->caprec) {
		h->caprec = h->caprec ? h->caprec * 2 : 16;
		h->recs = lt_xrealloc(h->recs, h->caprec * sizeof *h->recs);
	}
	lt_rec_init(&h->recs[h->nrec]);
	lt_rec_copy(&h->recs[h->nrec], rec);
	h->nrec++;
	ctx->open = false;
}

void lt_parse_reject_at(struct lt_parse_ctx *ctx, uint64_t offset, uint64_t lineno,
			const char *raw, size_t raw_len, const char *reason)
{
	(void)offset;
	(void)raw;
	(void)raw_len;
	(void)reason;
	(void)lineno;
	ctx->h->rejects++;
}

const struct lt_parse_env *lt_parse_get_env(const struct lt_parse_ctx *ctx)
{
	return &ctx->h->env;
}

const char *lt_parse_option(const struct lt_parse_env *env, const char *name)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i < env->noptions; i++)
		if (strncmp(env->options[i], name, nl) == 0 && env->options[i][nl] == '=')
			return env->options[i] + nl + 1;
	return NULL;
}

void lth_init(struct lt_harness *h, const struct lt_parser *p, const char *tz,
	      const char *ref_iso, const char *const *options)
{
	memset(h, 0, sizeof *h);
	h->parser = p;
	h->env.tz = lt_tz_load(tz ? tz : "UTC");
	h->env.ref_time = LT_TIME_NONE;
	if (ref_iso && lt_time_parse_iso(ref_iso, strlen(ref_iso), NULL, &h->env.ref_time))
		abort();
	h->env.source_path = "test";
	h->env.options = options;
	while (options && options[h->env.noptions])
		h->env.noptions++;
	h->state = lt_xcalloc(1, p->state_size ? p->state_size : 1);
	if (p->init && p->init(h->state, &h->env, &h->init_error))
		h->init_error = h->init_error ? h->init_error : "init failed";
	lt_rec_init(&the_ctx.cur);
	the_ctx.h = h;
}

static enum lt_line_result feed_n(struct lt_harness *h, const char *text, size_t n, size_t consumed)
{
	struct lt_line line = { text, n, text, n, h->offset, ++h->lineno, false };
	const char *reason = NULL;
	the_ctx.h = h;
	enum lt_line_result r = h->parser->parse_line(h->state, &the_ctx, &line, &reason);
	if (h->nres == h->capres) {
		h->capres = h->capres ? h->capres * 2 : 16;
		h->results = lt_xrealloc(h->results, h->capres * sizeof *h->results);
	}
	h->results[h->nres++] = (struct lth_result){ r, reason, h->lineno };
	h->offset += consumed;
	return r;
}

enum lt_line_result lth_feed(struct lt_harness *h, const char *s)
{
	size_t n = strlen(s);
	size_t consumed = n + 1;
	if (n && s[n - 1] == '\r')	/* the framework strips CRLF */
		n--;
	return feed_n(h, s, n, consumed);
}

long lth_feed_file(struct lt_harness *h, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	long count = 0;
	while ((got = getline(&line, &cap, f)) > 0) {
		size_t n = (size_t)got;
		if (line[n - 1] == '\n')
			n--;
		if (n && line[n - 1] == '\r')
			n--;
		feed_n(h, line, n, (size_t)got);
		count++;
	}
	free(line);
	fclose(f);
	return count;
}

void lth_finish(struct lt_harness *h)
{
	the_ctx.h = h;
	if (h->parser->finish)
		h->parser->finish(h->state, &the_ctx);
}

void lth_free(struct lt_harness *h)
{
	if (h->parser->fini)
		h->parser->fini(h->state);
	for (size_t i = 0; i < h->nrec; i++)
		lt_rec_free(&h->recs[i]);
	free(h->recs);
	free(h->results);
	free(h->state);
	lt_rec_free(&the_ctx.cur);
	memset(&the_ctx, 0, sizeof the_ctx);
}

static char *ring_slot(size_t need)
{
	static char *ring[8];
	static size_t cap[8];
	static unsigned next;
	unsigned k = next++ % 8;
	if (cap[k] < need) {
		ring[k] = lt_xrealloc(ring[k], need);
		cap[k] = need;
	}
	return ring[k];
}

const char *lth_str(const struct lt_harness *h, size_t i, const char *key)
{
	struct lt_str s;
	if (i >= h->nrec || !lt_rec_get_str(&h->recs[i], key, &s))
		return NULL;
	char *out = ring_slot(s.n + 1);
	memcpy(out, s.p, s.n);
	out[s.n] = '\0';
	return out;
}

bool lth_int(const struct lt_harness *h, size_t i, const char *key, int64_t *out)
{
	return i < h->nrec && lt_rec_get_int(&h->recs[i], key, out);
}

const char *lth_time(const struct lt_harness *h, size_t i)
{
	lt_time_us t;
	if (i >= h->nrec || !lt_rec_get_time(&h->recs[i], LT_F_TIMESTAMP, &t))
		return NULL;
	char *out = ring_slot(LT_ISO_LEN);
	lt_time_format_utc(t, out);
	return out;
}

static const struct lt_parser *select_lines(char *text, size_t len, int *confidence)
{
	struct lt_line lines[LT_PROBE_LINES];
	size_t nl = 0, start = 0;
	for (size_t i = 0; i <= len && nl < LT_PROBE_LINES; i++) {
		if (i == len || text[i] == '\n') {
			if (i == len && i == start)
				break;
			size_t n = i - start;
			if (n && text[start + n - 1] == '\r')
				n--;
			lines[nl] = (struct lt_line){ text + start, n, text + start, n, start, nl + 1, false };
			nl++;
			start = i + 1;
		}
	}
	struct lt_probe_data pd = { (const unsigned char *)text, len, lines, nl, "test" };
	return lt_parser_select(&pd, confidence);
}

const struct lt_parser *lth_select_text(const char *text, int *confidence)
{
	size_t len = strlen(text);
	char *copy = lt_xstrndup(text, len);
	const struct lt_parser *p = select_lines(copy, len, confidence);
	free(copy);
	return p;
}

const struct lt_parser *lth_select_file(const char *path, int *confidence)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = lt_xmalloc(65536);
	size_t len = fread(buf, 1, 65535, f);
	fclose(f);
	const struct lt_parser *p = select_lines(buf, len, confidence);
	free(buf);
	return p;
}

const char *lth_corpus(void)
{
	static char path[4096];
	const char *shared = getenv("LT_SHARED");
	struct stat st;
	if (!shared)
		shared = LT_SRCDIR "/../shared";
	snprintf(path, sizeof path, "%s/corpus", shared);
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "SKIP: corpus not found at %s\n", path);
		return NULL;
	}
	return path;
}
