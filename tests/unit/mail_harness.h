/* Test harness for the parsers-mail unit tests: runs text through the real
 * parse framework (lt_parse_stream) with a given or autodetected parser and
 * keeps deep copies of the emitted records. Owner: parsers-mail. */
#ifndef LT_MAIL_HARNESS_H
#define LT_MAIL_HARNESS_H
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "parse/parse.h"
#include "record/record.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

struct run {
	struct lt_record *recs;
	size_t n, cap;
	struct lt_parse_result res;
};

struct memsrc {
	const char *p;
	size_t n, pos;
};

static inline ssize_t memsrc_read(void *arg, void *buf, size_t n)
{
	struct memsrc *m = arg;
	size_t k = m->n - m->pos;
	if (k > n)
		k = n;
	memcpy(buf, m->p + m->pos, k);
	m->pos += k;
	return (ssize_t)k;
}

static inline int keep_record(void *arg, const struct lt_record *rec)
{
	struct run *r = arg;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 8;
		r->recs = lt_xrealloc(r->recs, r->cap * sizeof *r->recs);
	}
	lt_rec_init(&r->recs[r->n]);
	lt_rec_copy(&r->recs[r->n], rec);
	r->n++;
	return 0;
}

/* Parse text (n bytes) with parser p (NULL: autodetect), options
 * "k=v" (NULL-terminated, may be NULL), name as the file name hint.
 * Zone Asia/Tokyo, reference time 2026-11-25T00:00:00Z for year inference. */
static inline void run_text_opts(struct run *r, const struct lt_parser *p, const char *text, size_t n,
			  const char *const *options, const char *name, const char *encoding)
{
	memset(r, 0, sizeof *r);
	struct memsrc m = { text, n, 0 };
	struct lt_parse_input in = { .read = memsrc_read, .read_arg = &m, .name = name,
				     .source_id = 1, .source_path = name ? name : "test.log" };
	size_t nopt = 0;
	while (options && options[nopt])
		nopt++;
	struct lt_parse_env env = { .tz = lt_tz_load("Asia/Tokyo"),
				    .ref_time = INT64_C(1795564800) * LT_US_PER_SEC,
				    .source_path = in.source_path, .options = options, .noptions = nopt };
	struct lt_parse_opts opts = { .parser = p, .encoding = encoding };
	lt_parse_stream(&in, &env, &opts, keep_record, r, &r->res);
}

static inline void run_text(struct run *r, const struct lt_parser *p, const char *text)
{
	run_text_opts(r, p, text, strlen(text), NULL, NULL, NULL);
}

static inline void run_free(struct run *r)
{
	for (size_t i = 0; i < r->n; i++)
		lt_rec_free(&r->recs[i]);
	free(r->recs);
	lt_parse_result_free(&r->res);
}

/* The string value of key in record i, or NULL (static buffer). */
static inline const char *field(const struct run *r, size_t i, const char *key)
{
	static char buf[4096];
	cr_assert_lt(i, r->n, "record %zu of %zu", i, r->n);
	const struct lt_value *v = lt_rec_get(&r->recs[i], key);
	if (!v)
		return NULL;
	switch (v->type) {
	case LT_V_STR:
	case LT_V_BYTES:
		snprintf(buf, sizeof buf, "%.*s", (int)v->v.s.n, v->v.s.p);
		break;
	case LT_V_INT:
		snprintf(buf, sizeof buf, "%lld", (long long)v->v.i);
		break;
	case LT_V_BOOL:
		snprintf(buf, sizeof buf, "%s", v->v.b ? "true" : "false");
		break;
	case LT_V_TIME:
		lt_time_format_utc(v->v.t, buf);
		break;
	case LT_V_LIST: {
		size_t k = 0;
		buf[0] = '\0';
		for (uint32_t j = 0; j < v->v.list.count && k < sizeof buf - 1; j++) {
			struct lt_str s = lt_rec_list_item(&r->recs[i], v, j);
			k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%.*s", j ? "," : "", (int)s.n, s.p);
		}
		break;
	}
	}
	return buf;
}

#define expect_field(r, i, key, want)                                                           \
	do {                                                                                    \
		const char *got_ = field((r), (i), (key));                                      \
		cr_expect(got_ && strcmp(got_, (want)) == 0, "record %zu %s: got '%s' want '%s'", \
			  (size_t)(i), (key), got_ ? got_ : "(absent)", (want));                 \
	} while (0)
#define expect_absent(r, i, key)                                                                \
	do {                                                                                    \
		const char *got_ = field((r), (i), (key));                                      \
		cr_expect(got_ == NULL, "record %zu %s: want absent, got '%s'", (size_t)(i), (key), got_); \
	} while (0)

#endif
