/* Test harness for parsers (see parser_harness.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "parse/parse.h"
#include "parser_harness.h"
#include "util/xalloc.h"

/* The stream fed so far is kept in memory and run through the real parse
 * framework (lt_parse_stream with the parser forced) after every fed line,
 * so each line's outcome is known right away; unit-test inputs are small,
 * and lth_feed_file runs a whole file once. */

struct mem_reader {
	const char *p;
	size_t n, off;
};

static ssize_t mem_read(void *arg, void *buf, size_t n)
{
	struct mem_reader *m = arg;
	size_t left = m->n - m->off;
	if (n > left)
		n = left;
	memcpy(buf, m->p + m->off, n);
	m->off += n;
	return (ssize_t)n;
}

static void drop_records(struct lt_harness *h)
{
	for (size_t i = 0; i < h->nrec; i++)
		lt_rec_free(&h->recs[i]);
	h->nrec = 0;
}

static int collect(void *arg, const struct lt_record *rec)
{
	struct lt_harness *h = arg;
	if (h->nrec == h->caprec) {
		h->caprec = h->caprec ? h->caprec * 2 : 16;
		h->recs = lt_xrealloc(h->recs, h->caprec * sizeof *h->recs);
	}
	lt_rec_init(&h->recs[h->nrec]);
	lt_rec_copy(&h->recs[h->nrec], rec);
	h->nrec++;
	return 0;
}

static uint64_t reason_count(const struct lt_parse_stats *st, const char *reason)
{
	for (size_t i = 0; i < st->nreasons; i++)
		if (strcmp(st->reasons[i].reason, reason) == 0)
			return st->reasons[i].count;
	return 0;
}

/* Run the whole buffer; return the outcome of its last line compared with
 * the previous run (prev counters in h). */
static enum lt_line_result run(struct lt_harness *h, const char **reason)
{
	drop_records(h);
	struct mem_reader mr = { h->text.data ? h->text.data : "", h->text.len, 0 };
	struct lt_parse_input in = { mem_read, &mr, NULL, false, "test", 1, "test", NULL, 0, 0 };
	struct lt_parse_opts opts = { .parser = h->parser };
	struct lt_parse_result res;
	lt_parse_stream(&in, &h->env, &opts, collect, h, &res);
	if (res.refused)
		h->init_error = res.refused;
	const struct lt_parse_stats *st = &res.stats;
	enum lt_line_result out = LT_LINE_META;
	*reason = NULL;
	if (st->unparsed > h->prev_unparsed) {
		out = LT_LINE_UNPARSED;
		for (size_t i = 0; i < st->nreasons; i++) {
			const char *r = st->reasons[i].reason;
			uint64_t before = 0;
			for (size_t k = 0; k < h->nprev_reasons; k++)
				if (strcmp(h->prev_reasons[k].reason, r) == 0)
					before = h->prev_reasons[k].count;
			if (st->reasons[i].count > before) {
				*reason = r;	/* static string of the parser or framework */
				break;
			}
		}
	} else if (st->lines_record > h->prev_lines_record) {
		out = LT_LINE_RECORD;
	} else if (st->pending > h->prev_pending) {
		out = LT_LINE_PENDING;
	}
	h->prev_unparsed = st->unparsed;
	h->prev_lines_record = st->lines_record;
	h->prev_pending = st->pending;
	free(h->prev_reasons);
	h->nprev_reasons = st->nreasons;
	h->prev_reasons = lt_xcalloc(st->nreasons ? st->nreasons : 1, sizeof *h->prev_reasons);
	for (size_t i = 0; i < st->nreasons; i++)
		h->prev_reasons[i] = (struct lth_reason){ st->reasons[i].reason, reason_count(st, st->reasons[i].reason) };
	lt_parse_result_free(&res);
	return out;
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
	lt_buf_init(&h->text);
}

static void record_result(struct lt_harness *h, enum lt_line_result r, const char *reason)
{
	if (h->nres == h->capres) {
		h->capres = h->capres ? h->capres * 2 : 16;
		h->results = lt_xrealloc(h->results, h->capres * sizeof *h->results);
	}
	h->lineno++;
	h->results[h->nres++] = (struct lth_result){ r, reason, h->lineno };
}

enum lt_line_result lth_feed(struct lt_harness *h, const char *s)
{
	lt_buf_puts(&h->text, s);
	lt_buf_putc(&h->text, '\n');
	const char *reason;
	enum lt_line_result r = run(h, &reason);
	record_result(h, r, reason);
	return r;
}

long lth_feed_file(struct lt_harness *h, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char buf[65536];
	size_t got;
	long lines = 0;
	while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
		lt_buf_append(&h->text, buf, got);
		for (size_t i = 0; i < got; i++)
			lines += buf[i] == '\n';
	}
	fclose(f);
	const char *reason;
	run(h, &reason);
	return lines;
}

void lth_finish(struct lt_harness *h)
{
	(void)h;	/* the framework calls the parser's finish at the end of each run */
}

void lth_free(struct lt_harness *h)
{
	drop_records(h);
	free(h->recs);
	free(h->results);
	free(h->prev_reasons);
	lt_buf_free(&h->text);
	memset(h, 0, sizeof *h);
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
