/* Unit tests for the parse framework: line splitter, probe and selection,
 * provenance, statistics, encodings, binary streams. */
#include <criterion/criterion.h>
#include <string.h>

#include "parse/encoding.h"
#include "parse/lines.h"
#include "parse/parse.h"
#include "util/xalloc.h"

/* A memory stream that hands out at most `chunk` bytes per read, and can
 * fail after `fail_at` bytes. */
struct mem {
	const char *p;
	size_t n, pos, chunk, fail_at;
};

static ssize_t mem_read(void *arg, void *buf, size_t n)
{
	struct mem *m = arg;
	if (m->fail_at && m->pos >= m->fail_at)
		return -1;
	size_t k = m->n - m->pos;
	if (k > n)
		k = n;
	if (m->chunk && k > m->chunk)
		k = m->chunk;
	if (m->fail_at && m->pos + k > m->fail_at)
		k = m->fail_at - m->pos;
	memcpy(buf, m->p + m->pos, k);
	m->pos += k;
	return (ssize_t)k;
}

struct want { const char *raw; size_t len; uint64_t off; bool cut; };

static void check_lines(const char *data, size_t n, size_t chunk, size_t max_line,
			const struct want *w, size_t nw)
{
	struct mem m = { data, n, 0, chunk, 0 };
	struct lt_lines *lr = lt_lines_new(mem_read, &m, 1, false, max_line);
	struct lt_line l;
	size_t i = 0;
	while (lt_lines_next(lr, &l) == 1) {
		cr_assert_lt(i, nw, "too many lines (chunk %zu)", chunk);
		cr_assert_eq(l.raw_len, w[i].len, "line %zu len %zu (chunk %zu)", i, l.raw_len, chunk);
		cr_assert_eq(memcmp(l.raw, w[i].raw, w[i].len), 0, "line %zu (chunk %zu)", i, chunk);
		cr_assert_eq(l.offset, w[i].off, "line %zu offset %llu (chunk %zu)", i,
			     (unsigned long long)l.offset, chunk);
		cr_assert_eq(l.lineno, i + 1);
		cr_assert_eq(l.truncated, w[i].cut, "line %zu cut (chunk %zu)", i, chunk);
		i++;
	}
	cr_assert_eq(i, nw, "got %zu lines (chunk %zu)", i, chunk);
	cr_assert_not(lt_lines_fault(lr));
	cr_assert_eq(lt_lines_bytes(lr), n);
	lt_lines_free(lr);
}

Test(lines, lf_crlf_nul_lone_cr_empty_and_last_line)
{
	static const char data[] = "a\nbb\r\n\ncc\0d\n\r\xff\xfe\rx\nlast";
	const struct want w[] = {
		{ "a", 1, 0, false },
		{ "bb", 2, 2, false },
		{ "", 0, 6, false },
		{ "cc\0d", 4, 7, false },
		{ "\r\xff\xfe\rx", 5, 12, false },
		{ "last", 4, 18, false },
	};
	for (size_t chunk = 1; chunk < 8; chunk++)
		check_lines(data, sizeof data - 1, chunk, 0, w, 6);
	check_lines(data, sizeof data - 1, 0, 0, w, 6);
}

Test(lines, trailing_newline_gives_no_empty_line)
{
	const struct want w[] = { { "x", 1, 0, false } };
	check_lines("x\n", 2, 0, 0, w, 1);
	check_lines("", 0, 0, 0, w, 0);
}

Test(lines, overlong_lines_are_cut_and_counted_once)
{
	static const char data[] = "short\n0123456789abcdefXYZ\nok\n0123456789abcdefghij";
	const struct want w[] = {
		{ "short", 5, 0, false },
		{ "0123456789", 10, 6, true },
		{ "ok", 2, 26, false },
		{ "0123456789", 10, 29, true },
	};
	for (size_t chunk = 1; chunk < 30; chunk += 3) {
		struct mem m = { data, sizeof data - 1, 0, chunk, 0 };
		struct lt_lines *lr = lt_lines_new(mem_read, &m, 1, false, 10);
		struct lt_line l;
		size_t i = 0;
		while (lt_lines_next(lr, &l) == 1) {
			cr_assert_lt(i, 4);
			cr_assert_eq(l.raw_len, w[i].len, "line %zu chunk %zu", i, chunk);
			cr_assert_eq(memcmp(l.raw, w[i].raw, w[i].len), 0);
			cr_assert_eq(l.offset, w[i].off, "line %zu chunk %zu", i, chunk);
			cr_assert_eq(l.truncated, w[i].cut);
			cr_assert_eq(l.lineno, i + 1);
			i++;
		}
		cr_assert_eq(i, 4);
		cr_assert_eq(lt_lines_skipped_bytes(lr), 9 + 10);
		lt_lines_free(lr);
	}
}

Test(lines, read_fault_keeps_what_was_read)
{
	static const char data[] = "one\ntwo\nthree\n";
	struct mem m = { data, sizeof data - 1, 0, 3, 6 };
	struct lt_lines *lr = lt_lines_new(mem_read, &m, 1, false, 0);
	struct lt_line l;
	cr_assert_eq(lt_lines_next(lr, &l), 1);
	cr_assert_eq(l.raw_len, 3);
	cr_assert_eq(lt_lines_next(lr, &l), 1);	/* "tw": the partial line before the fault */
	cr_assert_eq(l.raw_len, 2);
	cr_assert_eq(lt_lines_next(lr, &l), 0);
	cr_assert(lt_lines_fault(lr));
	lt_lines_free(lr);
}

Test(lines, utf16_splits_on_16bit_units)
{
	/* "a\n" "\x0a\x01" (U+010A, contains byte 0x0a) "\r\n" "b" in UTF-16LE */
	static const char data[] = "a\0\n\0\x0a\x01\r\0\n\0b\0";
	struct mem m = { data, sizeof data - 1, 0, 1, 0 };
	struct lt_lines *lr = lt_lines_new(mem_read, &m, 2, false, 0);
	struct lt_line l;
	cr_assert_eq(lt_lines_next(lr, &l), 1);
	cr_assert_eq(l.raw_len, 2);
	cr_assert_eq(lt_lines_next(lr, &l), 1);
	cr_assert_eq(l.offset, 4);
	cr_assert_eq(l.raw_len, 2);
	cr_assert_eq(memcmp(l.raw, "\x0a\x01", 2), 0);
	cr_assert_eq(lt_lines_next(lr, &l), 1);
	cr_assert_eq(l.offset, 10);
	cr_assert_eq(l.lineno, 3);
	cr_assert_eq(lt_lines_next(lr, &l), 0);
	lt_lines_free(lr);
}

/* ---- the framework, with a toy parser ---- */

struct toy_state {
	int inited;
	uint64_t pend_off, pend_line;
	int pending;
};

static int toy_probe(const struct lt_probe_data *pd)
{
	for (size_t i = 0; i < pd->nlines; i++)
		if (pd->lines[i].len >= 4 && memcmp(pd->lines[i].text, "TOY ", 4) == 0)
			return 80;
	return 0;
}

static int toy_init(void *state, const struct lt_parse_env *env, const char **error)
{
	struct toy_state *s = state;
	if (lt_parse_option(env, "toy.refuse")) {
		*error = "toy refuses";
		return -1;
	}
	s->inited = 1;
	return 0;
}

static enum lt_line_result toy_line(void *state, struct lt_parse_ctx *ctx, const struct lt_line *line,
				     const char **reason)
{
	struct toy_state *s = state;
	cr_assert(s->inited);
	if (line->len && line->text[0] == '#')
		return LT_LINE_META;
	if (line->len >= 4 && memcmp(line->text, "pend", 4) == 0) {
		s->pend_off = line->offset;
		s->pend_line = line->lineno;
		s->pending = 1;
		return LT_LINE_PENDING;
	}
	if (line->len < 4 || memcmp(line->text, "TOY ", 4) != 0) {
		*reason = line->len ? "not a toy line" : "empty line";
		return LT_LINE_UNPARSED;
	}
	struct lt_record *r = lt_parse_begin(ctx, line);
	lt_rec_set_str(r, LT_F_MESSAGE, line->text + 4, line->len - 4);
	lt_rec_set_time(r, LT_F_TIMESTAMP, (lt_time_us)line->lineno * LT_US_PER_SEC);
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

static void toy_finish(void *state, struct lt_parse_ctx *ctx)
{
	struct toy_state *s = state;
	if (s->pending)
		lt_parse_reject_at(ctx, s->pend_off, s->pend_line, "pend", 4, "never completed");
}

static const struct lt_parser toy = {
	"toy", "test", "toy lines", toy_probe, sizeof(struct toy_state), toy_init, toy_line, NULL,
	toy_finish, NULL, NULL,
};

struct sink {
	struct lt_record recs[16];
	size_t n;
};

static int sink_emit(void *arg, const struct lt_record *rec)
{
	struct sink *s = arg;
	cr_assert_lt(s->n, 16);
	lt_rec_init(&s->recs[s->n]);
	lt_rec_copy(&s->recs[s->n], rec);
	s->n++;
	return 0;
}

static void sink_free(struct sink *s)
{
	for (size_t i = 0; i < s->n; i++)
		lt_rec_free(&s->recs[i]);
}

static void run(const char *data, size_t n, const struct lt_parse_opts *opts, const char *const *options,
		size_t noptions, struct sink *sink, struct lt_parse_result *res)
{
	struct mem m = { data, n, 0, 5, 0 };
	struct lt_parse_input in = { mem_read, &m, NULL, false, "toy.log", 3, "/ev/toy.log", "a.tar//toy.log", 0, 0 };
	struct lt_parse_env env = { NULL, 0, "/ev/toy.log", "a.tar//toy.log", options, noptions, NULL, NULL };
	memset(sink, 0, sizeof *sink);
	cr_assert_eq(lt_parse_stream(&in, &env, opts, sink_emit, sink, res), 0);
}

Test(parse, forced_parser_provenance_and_stats)
{
	static const char data[] = "# header\r\nTOY one\r\njunk\n\nTOY two\npend\nx1\nx2\nx3\nx4\nTOY \xff\n";
	struct lt_parse_opts opts = { 0 };
	opts.parser = &toy;
	opts.encoding = "utf8";	/* detection would call the 0xff byte Windows-1252 */
	struct sink sink;
	struct lt_parse_result res;
	run(data, sizeof data - 1, &opts, NULL, 0, &sink, &res);
	cr_assert_eq(res.parser, &toy);
	cr_assert_eq(res.confidence, -1);
	cr_assert_str_eq(res.encoding, "UTF-8");
	cr_assert_eq(res.stats.lines, 11);
	cr_assert_eq(res.stats.records, 3);
	cr_assert_eq(res.stats.lines_record, 3);
	cr_assert_eq(res.stats.meta, 1);
	cr_assert_eq(res.stats.pending, 1);
	/* junk, empty, x1..x4, and the pending line that never completed */
	cr_assert_eq(res.stats.unparsed, 7);
	cr_assert_eq(res.stats.bytes, sizeof data - 1);
	cr_assert_eq(res.stats.nreasons, 3);
	cr_assert_str_eq(res.stats.reasons[0].reason, "not a toy line");
	cr_assert_eq(res.stats.reasons[0].count, 5);
	cr_assert_eq(res.stats.nsamples, LT_PARSE_SAMPLES);
	cr_assert_str_eq(res.stats.samples[0].text, "junk");
	cr_assert_eq(res.stats.samples[0].lineno, 3);
	cr_assert_eq(res.stats.samples[0].offset, 19);
	cr_assert_str_eq(res.stats.samples[1].reason, "empty line");

	cr_assert_eq(sink.n, 3);
	const struct lt_record *r = &sink.recs[1];
	/* @timestamp first, parser fields, then provenance */
	cr_assert_str_eq(r->fields[0].key.p, LT_F_TIMESTAMP);
	cr_assert_str_eq(r->fields[1].key.p, LT_F_MESSAGE);
	int64_t i;
	struct lt_str s;
	cr_assert(lt_rec_get_int(r, LT_F_SOURCE_ID, &i));
	cr_assert_eq(i, 3);
	cr_assert(lt_rec_get_int(r, LT_F_OFFSET, &i));
	cr_assert_eq(i, 25);
	cr_assert(lt_rec_get_int(r, LT_F_LINE, &i));
	cr_assert_eq(i, 5);
	cr_assert(lt_rec_get_str(r, LT_F_RAW, &s));
	cr_assert_str_eq(s.p, "TOY two");
	cr_assert(lt_rec_get_str(r, LT_F_MEMBER, &s));
	cr_assert_str_eq(s.p, "a.tar//toy.log");
	cr_assert(lt_rec_get_str(r, LT_F_SOURCE_PATH, &s));
	cr_assert_str_eq(s.p, "/ev/toy.log");
	cr_assert(lt_rec_get_str(r, LT_F_PARSER, &s));
	cr_assert_str_eq(s.p, "toy");
	/* CRLF is not part of raw */
	cr_assert(lt_rec_get_str(&sink.recs[0], LT_F_RAW, &s));
	cr_assert_str_eq(s.p, "TOY one");
	/* invalid UTF-8 raw is kept as bytes */
	cr_assert_eq(lt_rec_get(&sink.recs[2], LT_F_RAW)->type, LT_V_BYTES);
	sink_free(&sink);
	lt_parse_result_free(&res);
}

Test(parse, refused_stream_counts_every_line)
{
	static const char data[] = "TOY a\nTOY b\n";
	struct lt_parse_opts opts = { 0 };
	opts.parser = &toy;
	const char *options[] = { "other=1", "toy.refuse=yes" };
	struct sink sink;
	struct lt_parse_result res;
	run(data, sizeof data - 1, &opts, options, 2, &sink, &res);
	cr_assert_str_eq(res.refused, "toy refuses");
	cr_assert_eq(sink.n, 0);
	cr_assert_eq(res.stats.unparsed, 2);
	cr_assert_str_eq(res.stats.reasons[0].reason, "toy refuses");
	lt_parse_result_free(&res);
}

Test(parse, no_parser_means_every_line_unparsed)
{
	static const char data[] = "nothing we know\nstill nothing";
	struct lt_parse_opts opts = { 0 };
	struct sink sink;
	struct lt_parse_result res;
	run(data, sizeof data - 1, &opts, NULL, 0, &sink, &res);
	cr_assert_null(res.parser);
	cr_assert_str_eq(res.encoding, "UTF-8");
	cr_assert_not(res.encoding_forced);
	cr_assert_eq(res.stats.lines, 2);
	cr_assert_eq(res.stats.unparsed, 2);
	cr_assert_str_eq(res.stats.samples[1].text, "still nothing");
	lt_parse_result_free(&res);
}

Test(parse, unknown_format_and_encoding_are_refused)
{
	struct lt_parse_opts opts = { 0 };
	struct lt_parse_result res;
	struct mem m = { "x", 1, 0, 0, 0 };
	struct lt_parse_input in = { mem_read, &m, NULL, false, "x", 1, "x", NULL, 0, 0 };
	struct lt_parse_env env = { 0 };
	opts.format = "no-such-format";
	cr_assert_eq(lt_parse_stream(&in, &env, &opts, sink_emit, NULL, &res), -1);
	cr_assert_str_eq(res.refused, "unknown format");
	opts.format = NULL;
	opts.encoding = "klingon";
	cr_assert_eq(lt_parse_stream(&in, &env, &opts, sink_emit, NULL, &res), -1);
	cr_assert_str_eq(res.refused, "unknown encoding");
}

Test(parse, utf16_source_is_transcoded_raw_kept)
{
	/* BOM, "TOY é\r\n", "TOY b" in UTF-16LE */
	static const char data[] = "\xff\xfeT\0O\0Y\0 \0\xe9\0\r\0\n\0T\0O\0Y\0 \0b\0";
	struct lt_parse_opts opts = { 0 };
	opts.parser = &toy;
	struct sink sink;
	struct lt_parse_result res;
	run(data, sizeof data - 1, &opts, NULL, 0, &sink, &res);
	cr_assert_str_eq(res.encoding, "UTF-16LE");
	cr_assert_eq(sink.n, 2);
	struct lt_str s;
	cr_assert(lt_rec_get_str(&sink.recs[0], LT_F_MESSAGE, &s));
	cr_assert_str_eq(s.p, "\xc3\xa9");
	cr_assert(lt_rec_get_str(&sink.recs[0], LT_F_RAW, &s));
	cr_assert_eq(s.n, 12);	/* BOM + 5 units; CR LF left out */
	cr_assert_eq(memcmp(s.p, data, 12), 0);
	int64_t off;
	cr_assert(lt_rec_get_int(&sink.recs[1], LT_F_OFFSET, &off));
	cr_assert_eq(off, 16);
	sink_free(&sink);
	lt_parse_result_free(&res);
}

Test(parse, forced_encoding_cp932)
{
	/* "TOY " + 秘密 in CP932 (0x94E9 0x96A7) */
	static const char data[] = "TOY \x94\xe9\x96\xa7\n";
	struct lt_parse_opts opts = { 0 };
	opts.parser = &toy;
	opts.encoding = "sjis";
	struct sink sink;
	struct lt_parse_result res;
	run(data, sizeof data - 1, &opts, NULL, 0, &sink, &res);
	cr_assert_str_eq(res.encoding, "CP932");
	cr_assert(res.encoding_forced);
	struct lt_str s;
	cr_assert(lt_rec_get_str(&sink.recs[0], LT_F_MESSAGE, &s));
	cr_assert_str_eq(s.p, "\xe7\xa7\x98\xe5\xaf\x86");
	cr_assert_eq(lt_rec_get(&sink.recs[0], LT_F_RAW)->type, LT_V_BYTES);
	sink_free(&sink);
	lt_parse_result_free(&res);
}

Test(parse, auto_selection_sees_probe_lines)
{
	/* The toy parser is not in the registry, so auto selection finds
	 * nothing; what we check is that lt_parser_select is not fooled into
	 * choosing some registered parser for this text. */
	static const char data[] = "TOY a\n";
	struct lt_parse_opts opts = { 0 };
	struct sink sink;
	struct lt_parse_result res;
	run(data, sizeof data - 1, &opts, NULL, 0, &sink, &res);
	cr_assert_null(res.parser);
	cr_assert_eq(res.stats.unparsed, 1);
	lt_parse_result_free(&res);
}

/* A binary parser that reads everything and checks it got every byte. */
static const char *bin_expect;
static size_t bin_expect_len;

static int bin_probe(const struct lt_probe_data *pd)
{
	return pd->head_len >= 4 && memcmp(pd->head, "BIN!", 4) == 0 ? 100 : 0;
}

static int bin_stream(void *state, struct lt_parse_ctx *ctx, struct lt_stream *s)
{
	(void)state;
	(void)s;
	char *all = lt_xmalloc(bin_expect_len + 10);
	size_t got = 0;
	ssize_t n;
	while ((n = lt_parse_read(ctx, all + got, 7)) > 0)
		got += (size_t)n;
	cr_assert_eq(got, bin_expect_len);
	cr_assert_eq(memcmp(all, bin_expect, got), 0);
	struct lt_record *r = lt_parse_begin_at(ctx, 4, 0, all, 4);
	lt_parse_emit(ctx, r);
	free(all);
	return 0;
}

static const struct lt_parser binp = {
	"bin", "test", "binary", bin_probe, 0, NULL, NULL, bin_stream, NULL, NULL, NULL,
};

Test(parse, binary_stream_gets_replayed_head)
{
	size_t n = LT_PARSE_HEAD * 2 + 123;
	char *data = lt_xmalloc(n);
	for (size_t i = 0; i < n; i++)
		data[i] = (char)(i * 7);
	memcpy(data, "BIN!", 4);
	bin_expect = data;
	bin_expect_len = n;
	struct mem m = { data, n, 0, 1000, 0 };
	struct lt_parse_input in = { mem_read, &m, NULL, true, "x.evtx", 1, "x.evtx", NULL, 0, 0 };
	struct lt_parse_env env = { 0 };
	struct lt_parse_opts opts = { 0 };
	opts.parser = &binp;
	struct sink sink = { 0 };
	struct lt_parse_result res;
	cr_assert_eq(lt_parse_stream(&in, &env, &opts, sink_emit, &sink, &res), 0);
	cr_assert_eq(sink.n, 1);
	cr_assert_str_eq(res.encoding, "binary");
	cr_assert_eq(res.stats.bytes, n);
	cr_assert_eq(lt_rec_get(&sink.recs[0], LT_F_LINE), NULL);
	sink_free(&sink);
	lt_parse_result_free(&res);
	free(data);
}

Test(parse, utf8_with_a_few_bad_bytes_stays_utf8)
{
	/* Japanese UTF-8 text with one damaged byte: not CP932, not Windows-1252. */
	static const char data[] =
		"TOY \xe7\xa7\x98\xe5\xaf\x86\xe6\x83\x85\xe5\xa0\xb1 \xe8\xa8\xad\xe8\xa8\x88\xe5\x9b\xb3\n"
		"TOY \xe7\xa7\x98\xe5\xaf\x86 \xff broken\n"
		"TOY \xe7\xa7\x98\xe5\xaf\x86\xe6\x83\x85\xe5\xa0\xb1\n";
	struct lt_parse_opts opts = { 0 };
	opts.parser = &toy;
	struct sink sink;
	struct lt_parse_result res;
	run(data, sizeof data - 1, &opts, NULL, 0, &sink, &res);
	cr_assert_str_eq(res.encoding, "UTF-8");
	struct lt_str s;
	cr_assert(lt_rec_get_str(&sink.recs[0], LT_F_MESSAGE, &s));
	cr_assert_eq(memcmp(s.p, "\xe7\xa7\x98", 3), 0);
	sink_free(&sink);
	lt_parse_result_free(&res);
}
