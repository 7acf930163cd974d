/* User-defined formats (see userformat.h and doc/user-formats.md). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "parse/encoding.h"
#include "parse/fields.h"
#include "parse/parser.h"
#include "parse/userformat.h"
#include "util/buf.h"
#include "util/regex.h"
#include "util/xalloc.h"

#define MAX_MAP 64
#define MAX_COLS 256

enum uf_type { UF_REGEX, UF_CSV };

struct uf_map {
	char *from;		/* group name, column name, or 1-based column number */
	char *to;		/* record field */
	int col;		/* resolved column index (CSV), -1 until the header is seen */
};

struct uf_set {
	char *key;
	char *value;
};

/* values: one record field's value map ("Logon" -> "logon"). */
struct uf_valmap {
	char *field;
	struct uf_set *pairs;	/* key: the value as read, value: what is stored */
	size_t npairs;
};

/* when / drop: every test must hold (field equals one of its values); then
 * set (when) or drop the row (drop). A test value list is kept as
 * NUL-separated alternatives in uf_set.value, ending with an empty one. */
struct uf_cond {
	struct uf_set *tests;
	size_t ntests;
	struct uf_set *set;
	size_t nset;
};

#define MAX_RULES 32

struct userformat {
	char *name;
	char *family;
	char *description;
	enum uf_type type;
	/* regex */
	char *pattern;
	pcre2_code *re;
	/* csv */
	char delim;
	bool header;
	char *comment;		/* lines starting with it are skipped */
	/* both */
	struct uf_map map[MAX_MAP];
	size_t nmap;
	struct uf_set set[MAX_MAP];
	size_t nset;
	struct uf_valmap valmap[MAX_RULES];
	size_t nvalmap;
	struct uf_cond when[MAX_RULES], drop[MAX_RULES];
	size_t nwhen, ndrop;
	char *numbers[MAX_RULES];	/* extra integer fields */
	size_t nnumbers;
	char *lists[MAX_RULES];		/* extra list fields */
	size_t nlists;
	char *time_format;
	char *zone;
	const struct lt_tz *tz;	/* NULL: the run's --tz */
	char *encoding;
	bool has_encoding;
	enum lt_encoding enc;
	double min_match;
	int bid;
	struct lt_parser parser;
};

static struct userformat *formats[LT_USERFORMAT_MAX];
static size_t nformats;

/* ---- per-stream state ---- */

struct uf_state {
	const struct userformat *f;
	struct lt_transcoder *tc;	/* when the format declares an encoding */
	struct lt_buf text;
	struct lt_buf scratch;
	pcre2_match_data *md;
	int col[MAX_MAP];		/* CSV: column index per mapping */
	bool header_seen;
};

/* ---- time formats ---- */

static bool take_digits(const char *s, size_t n, size_t *i, int min, int max, int *out)
{
	int v = 0, k = 0;
	while (*i < n && k < max && isdigit((unsigned char)s[*i])) {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	if (k < min)
		return false;
	*out = v;
	return true;
}

static int parse_named(const char *fmt, const char *s, size_t n, const struct lt_tz *tz, lt_time_us *t,
		       bool *had_zone, int32_t *off)
{
	if (strcmp(fmt, "iso8601") == 0)
		return lt_time_parse_iso_ex(s, n, tz, t, had_zone, off);
	if (strcmp(fmt, "epoch") == 0 || strcmp(fmt, "epoch_ms") == 0) {
		*had_zone = true;
		*off = 0;
		if (strcmp(fmt, "epoch") == 0)
			return lt_time_parse_epoch(s, n, t);
		int64_t ms;
		if (!lt_parse_int(s, n, &ms) || ms < -INT64_C(1000000000000000) || ms > INT64_C(1000000000000000))
			return -1;
		*t = ms * 1000;
		return 0;
	}
	if (strcmp(fmt, "apache") == 0) {
		*had_zone = true;
		return lt_time_parse_apache(s, n, t, off);
	}
	return 1;	/* not a named format */
}

int lt_time_parse_format(const char *fmt, const char *s, size_t n, const struct lt_tz *tz,
			 lt_time_us *t, bool *had_zone, int32_t *off)
{
	*had_zone = false;
	*off = 0;
	int named = parse_named(fmt, s, n, tz, t, had_zone, off);
	if (named != 1)
		return named;
	struct lt_civil c = { .year = 1970, .month = 1, .day = 1 };
	int pm = -1;
	size_t i = 0;
	for (const char *f = fmt; *f; f++) {
		if (*f == ' ') {
			while (i < n && (s[i] == ' ' || s[i] == '\t'))
				i++;
			continue;
		}
		if (*f != '%') {
			if (i >= n || s[i] != *f)
				return -1;
			i++;
			continue;
		}
		f++;
		int v;
		switch (*f) {
		case 'Y':
			if (!take_digits(s, n, &i, 4, 4, &c.year))
				return -1;
			break;
		case 'y':
			if (!take_digits(s, n, &i, 2, 2, &v))
				return -1;
			c.year = v < 69 ? 2000 + v : 1900 + v;
			break;
		case 'm':
			if (!take_digits(s, n, &i, 1, 2, &c.month) || c.month < 1 || c.month > 12)
				return -1;
			break;
		case 'd':
		case 'e':
			while (*f == 'e' && i < n && s[i] == ' ')
				i++;
			if (!take_digits(s, n, &i, 1, 2, &c.day) || c.day < 1 || c.day > 31)
				return -1;
			break;
		case 'H':
		case 'I':
			if (!take_digits(s, n, &i, 1, 2, &c.hour) || c.hour > 23)
				return -1;
			break;
		case 'M':
			if (!take_digits(s, n, &i, 1, 2, &c.min) || c.min > 59)
				return -1;
			break;
		case 'S':
			if (!take_digits(s, n, &i, 1, 2, &c.sec) || c.sec > 60)
				return -1;
			break;
		case 'f': {
			int32_t us = 0, k = 0;
			if (i >= n || !isdigit((unsigned char)s[i]))
				return -1;
			while (i < n && isdigit((unsigned char)s[i])) {
				if (k < 6) {
					us = us * 10 + (s[i] - '0');
					k++;
				}
				i++;
			}
			while (k++ < 6)
				us *= 10;
			c.usec = us;
			break;
		}
		case 'b':
		case 'h':
			if (i + 3 > n || !(c.month = lt_month_from_abbr(s + i, 3)))
				return -1;
			i += 3;
			break;
		case 'p':
			if (i + 2 > n)
				return -1;
			if (strncasecmp(s + i, "AM", 2) == 0)
				pm = 0;
			else if (strncasecmp(s + i, "PM", 2) == 0)
				pm = 1;
			else
				return -1;
			i += 2;
			break;
		case 'z': {
			size_t j = i;
			if (j < n && (s[j] == 'Z' || s[j] == 'z')) {
				j++;
			} else {
				if (j < n && (s[j] == '+' || s[j] == '-'))
					j++;
				while (j < n && (isdigit((unsigned char)s[j]) || s[j] == ':'))
					j++;
			}
			if (j == i || lt_parse_utc_offset(s + i, j - i, off) != 0)
				return -1;
			*had_zone = true;
			i = j;
			break;
		}
		case 'Z':
		case 'j':
			while (i < n && s[i] != ' ' && s[i] != '\t')
				i++;
			break;
		case '%':
			if (i >= n || s[i] != '%')
				return -1;
			i++;
			break;
		default:
			return -1;
		}
	}
	/* trailing blanks are fine, anything else is not ours */
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	if (i != n)
		return -1;
	if (pm == 1 && c.hour < 12)
		c.hour += 12;
	else if (pm == 0 && c.hour == 12)
		c.hour = 0;
	if (*had_zone)
		*t = lt_time_from_civil(&c, *off);
	else
		*t = lt_tz_local_to_utc(tz, &c);
	return 0;
}

/* ---- field setting ---- */

static bool int_field(const char *key)
{
	static const char *const suffixes[] = { ".port", ".bytes", ".size", ".pid", ".status_code",
						".count", ".pages", ".duration" };
	size_t kl = strlen(key);
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		size_t sl = strlen(suffixes[i]);
		if (kl >= sl && strcmp(key + kl - sl, suffixes[i]) == 0)
			return true;
	}
	return false;
}

static bool listed(char *const *names, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], key) == 0)
			return true;
	return false;
}

static bool list_field(const struct userformat *f, const char *key)
{
	return strcmp(key, LT_F_EMAIL_TO) == 0 || strcmp(key, LT_F_EMAIL_ATT_NAME) == 0 ||
	       listed(f->lists, f->nlists, key);
}

/* values: the stored value for what was read, or v itself. */
static const char *mapped_value(const struct userformat *f, const char *key, const char *v, size_t *n)
{
	for (size_t i = 0; i < f->nvalmap; i++) {
		if (strcmp(f->valmap[i].field, key) != 0)
			continue;
		for (size_t k = 0; k < f->valmap[i].npairs; k++)
			if (strlen(f->valmap[i].pairs[k].key) == *n && memcmp(f->valmap[i].pairs[k].key, v, *n) == 0) {
				*n = strlen(f->valmap[i].pairs[k].value);
				return f->valmap[i].pairs[k].value;
			}
	}
	return v;
}

static void set_value(const struct userformat *f, struct lt_record *r, const char *key, const char *v, size_t n)
{
	while (n && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r'))
		n--;
	if (n == 0 || (n == 1 && v[0] == '-'))
		return;
	v = mapped_value(f, key, v, &n);
	int64_t iv;
	if ((int_field(key) || listed(f->numbers, f->nnumbers, key)) && lt_parse_int(v, n, &iv)) {
		lt_rec_set_int(r, key, iv);
		return;
	}
	if (list_field(f, key)) {
		size_t start = 0;
		for (size_t i = 0; i <= n; i++) {
			if (i == n || v[i] == ';' || v[i] == ',') {
				size_t a = start, b = i;
				while (a < b && v[a] == ' ')
					a++;
				if (b > a)
					lt_rec_add_str(r, key, v + a, b - a);
				start = i + 1;
			}
		}
		return;
	}
	lt_rec_set_str(r, key, v, n);
}

static void apply_when(const struct userformat *f, struct lt_record *r);

/* Time text may come from several columns ("date" and "time"): joined with a blank. */
static void finish_record(const struct userformat *f, struct lt_record *r, struct lt_buf *timetext,
			  const struct lt_parse_env *env, bool *time_bad)
{
	*time_bad = false;
	if (timetext->len) {
		const struct lt_tz *tz = f->tz ? f->tz : env->tz;
		lt_time_us t;
		bool had_zone;
		int32_t off;
		const char *fmt = f->time_format ? f->time_format : "iso8601";
		if (lt_time_parse_format(fmt, timetext->data, timetext->len, tz, &t, &had_zone, &off) == 0) {
			if (had_zone)
				lt_rec_set_event_time_off(r, t, timetext->data, timetext->len, off);
			else
				lt_rec_set_event_time(r, t, timetext->data, timetext->len, lt_tz_name(tz), false);
		} else {
			lt_rec_set_str(r, LT_F_TIME_TEXT, timetext->data, timetext->len);
			*time_bad = true;
		}
	}
	apply_when(f, r);
	for (size_t i = 0; i < f->nset; i++)
		lt_rec_set_cstr(r, f->set[i].key, f->set[i].value);
	char ds[96];
	snprintf(ds, sizeof ds, "user.%s", f->name);
	if (!lt_rec_get(r, LT_F_EVENT_DATASET))
		lt_rec_set_cstr(r, LT_F_EVENT_DATASET, ds);
}

static void map_value(const struct userformat *f, struct lt_record *r, const char *to, const char *v, size_t n,
		      struct lt_buf *timetext)
{
	if (strcmp(to, LT_F_TIMESTAMP) == 0) {
		if (timetext->len)
			lt_buf_putc(timetext, ' ');
		lt_buf_append(timetext, v, n);
		return;
	}
	set_value(f, r, to, v, n);
}

/* Does the record's field equal one of the test's alternatives? A list
 * field holds when any of its items does. */
static bool test_holds(const struct lt_record *r, const struct uf_set *t)
{
	const struct lt_value *v = lt_rec_get(r, t->key);
	if (!v)
		return false;
	for (const char *alt = t->value; *alt; alt += strlen(alt) + 1) {
		size_t an = strlen(alt);
		if (v->type == LT_V_LIST) {
			for (uint32_t i = 0; i < v->v.list.count; i++) {
				struct lt_str it = lt_rec_list_item(r, v, i);
				if (it.n == an && memcmp(it.p, alt, an) == 0)
					return true;
			}
			continue;
		}
		struct lt_str s;
		int64_t iv;
		char num[32];
		if (lt_rec_get_str(r, t->key, &s) && s.n == an && memcmp(s.p, alt, an) == 0)
			return true;
		if (lt_rec_get_int(r, t->key, &iv) && snprintf(num, sizeof num, "%lld", (long long)iv) > 0 &&
		    strcmp(num, alt) == 0)
			return true;
	}
	return false;
}

static bool cond_holds(const struct lt_record *r, const struct uf_cond *c)
{
	for (size_t i = 0; i < c->ntests; i++)
		if (!test_holds(r, &c->tests[i]))
			return false;
	return true;
}

/* Row filters: true when a drop: rule holds for the record. */
static bool dropped(const struct userformat *f, const struct lt_record *r)
{
	for (size_t i = 0; i < f->ndrop; i++)
		if (cond_holds(r, &f->drop[i]))
			return true;
	return false;
}

/* One when: assignment. A value "$field" copies that field's text or
 * number (when it has one); "$$..." is a literal "$...". */
static void when_set(const struct userformat *f, struct lt_record *r, const struct uf_set *a)
{
	const char *v = a->value;
	if (v[0] == '$' && v[1] != '$') {
		struct lt_str src;
		int64_t iv;
		char num[32];
		if (lt_rec_get_int(r, v + 1, &iv)) {
			snprintf(num, sizeof num, "%lld", (long long)iv);
			set_value(f, r, a->key, num, strlen(num));
			return;
		}
		if (!lt_rec_get_str(r, v + 1, &src))
			return;
		char *copy = lt_xstrndup(src.p, src.n);	/* the record may move its strings */
		set_value(f, r, a->key, copy, strlen(copy));
		free(copy);
		return;
	}
	if (v[0] == '$')
		v++;
	set_value(f, r, a->key, v, strlen(v));
}

/* Conditional set: every when: rule that holds sets its fields (in order). */
static void apply_when(const struct userformat *f, struct lt_record *r)
{
	for (size_t i = 0; i < f->nwhen; i++) {
		if (!cond_holds(r, &f->when[i]))
			continue;
		for (size_t k = 0; k < f->when[i].nset; k++)
			when_set(f, r, &f->when[i].set[k]);
	}
}

/* ---- the line text in the format's encoding ---- */

static struct lt_str line_text(struct uf_state *st, const struct lt_line *line)
{
	if (!st->tc)
		return (struct lt_str){ line->text, line->len };
	lt_buf_reset(&st->text);
	size_t n = line->raw_len;
	if (n && line->raw[n - 1] == '\r')
		n--;
	lt_transcode(st->tc, line->raw, n, &st->text);
	return (struct lt_str){ st->text.data ? st->text.data : "", st->text.len };
}

/* ---- regex formats ---- */

static enum lt_line_result regex_line(struct uf_state *st, struct lt_parse_ctx *ctx, const struct lt_line *line,
				      struct lt_str text, const char **reason)
{
	const struct userformat *f = st->f;
	int rc;
	enum lt_re_result res = lt_re_match(f->re, text.p, text.n, st->md, &rc);
	if (res != LT_RE_MATCH) {
		/* A pattern that gave up is named as such: the line is unparsed
		 * and reported, never taken for a line of another shape. */
		*reason = res == LT_RE_NO_MATCH ? "line does not match the format's pattern"
			: res == LT_RE_LIMIT ? "the format's pattern gave up on this line (regular expression limit reached)"
			: "the format's pattern failed on this line";
		return LT_LINE_UNPARSED;
	}
	struct lt_record *r = lt_parse_begin(ctx, line);
	struct lt_buf timetext = LT_BUF_INIT;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(st->md);
	for (size_t i = 0; i < f->nmap; i++) {
		int num = pcre2_substring_number_from_name(f->re, (PCRE2_SPTR)f->map[i].from);
		if (num < 0 || num >= rc || ov[2 * num] == PCRE2_UNSET)
			continue;
		map_value(f, r, f->map[i].to, text.p + ov[2 * num], ov[2 * num + 1] - ov[2 * num], &timetext);
	}
	if (dropped(f, r)) {
		lt_buf_free(&timetext);
		return LT_LINE_META;	/* a row the format's drop: rules filter out */
	}
	bool bad;
	finish_record(f, r, &timetext, lt_parse_get_env(ctx), &bad);
	if (bad)
		lt_rec_set_cstr(r, LT_F_PARSE_NOTE, "time does not match time_format");
	lt_buf_free(&timetext);
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

/* ---- CSV formats ---- */

static bool resolve_header(struct uf_state *st, const struct lt_str *cols, size_t ncols)
{
	const struct userformat *f = st->f;
	size_t found = 0;
	for (size_t i = 0; i < f->nmap; i++) {
		st->col[i] = -1;
		for (size_t c = 0; c < ncols && c < MAX_COLS; c++) {
			struct lt_str name = cols[c];
			while (name.n && (name.p[0] == ' ')) {
				name.p++;
				name.n--;
			}
			while (name.n && name.p[name.n - 1] == ' ')
				name.n--;
			if (name.n == strlen(f->map[i].from) && memcmp(name.p, f->map[i].from, name.n) == 0) {
				st->col[i] = (int)c;
				found++;
				break;
			}
		}
	}
	return found > 0;
}

static enum lt_line_result csv_line(struct uf_state *st, struct lt_parse_ctx *ctx, const struct lt_line *line,
				    struct lt_str text, const char **reason)
{
	const struct userformat *f = st->f;
	if (text.n == 0)
		return LT_LINE_META;
	if (f->comment && text.n >= strlen(f->comment) && memcmp(text.p, f->comment, strlen(f->comment)) == 0)
		return LT_LINE_META;
	struct lt_str cols[MAX_COLS];
	lt_buf_reset(&st->scratch);
	size_t nc = lt_split_csv(text.p, text.n, f->delim, cols, MAX_COLS, &st->scratch);
	if (nc == LT_CSV_OPEN_QUOTE) {
		*reason = "CSV line with a quote left open";
		return LT_LINE_UNPARSED;
	}
	if (nc > MAX_COLS)
		nc = MAX_COLS;
	if (f->header && !st->header_seen) {
		if (!resolve_header(st, cols, nc)) {
			*reason = "CSV header has none of the mapped column names";
			return LT_LINE_UNPARSED;
		}
		st->header_seen = true;
		return LT_LINE_META;
	}
	struct lt_record *r = lt_parse_begin(ctx, line);
	struct lt_buf timetext = LT_BUF_INIT;
	for (size_t i = 0; i < f->nmap; i++) {
		int c = st->col[i];
		if (c < 0 || (size_t)c >= nc)
			continue;
		map_value(f, r, f->map[i].to, cols[c].p, cols[c].n, &timetext);
	}
	if (dropped(f, r)) {
		lt_buf_free(&timetext);
		return LT_LINE_META;	/* a row the format's drop: rules filter out */
	}
	bool bad;
	finish_record(f, r, &timetext, lt_parse_get_env(ctx), &bad);
	if (bad)
		lt_rec_set_cstr(r, LT_F_PARSE_NOTE, "time does not match time_format");
	lt_buf_free(&timetext);
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

/* ---- parser callbacks, one set per slot ---- */

static int uf_init_common(size_t slot, void *state, const struct lt_parse_env *env, const char **error)
{
	(void)env;
	(void)error;
	struct uf_state *st = state;
	st->f = formats[slot];
	if (st->f->has_encoding)
		st->tc = lt_transcoder_new(st->f->enc);
	if (st->f->type == UF_REGEX)
		st->md = pcre2_match_data_create_from_pattern(st->f->re, NULL);
	for (size_t i = 0; i < st->f->nmap; i++) {
		int idx = atoi(st->f->map[i].from);
		st->col[i] = (!st->f->header && idx > 0) ? idx - 1 : -1;
	}
	return 0;
}

static enum lt_line_result uf_parse_line(void *state, struct lt_parse_ctx *ctx, const struct lt_line *line,
					 const char **reason)
{
	struct uf_state *st = state;
	struct lt_str text = line_text(st, line);
	if (st->f->type == UF_REGEX)
		return regex_line(st, ctx, line, text, reason);
	return csv_line(st, ctx, line, text, reason);
}

static void uf_fini(void *state)
{
	struct uf_state *st = state;
	lt_transcoder_free(st->tc);
	if (st->md)
		pcre2_match_data_free(st->md);
	lt_buf_free(&st->text);
	lt_buf_free(&st->scratch);
}

static int uf_probe_common(size_t slot, const struct lt_probe_data *pd)
{
	const struct userformat *f = formats[slot];
	if (!f || pd->nlines == 0)
		return 0;
	struct lt_transcoder *tc = f->has_encoding ? lt_transcoder_new(f->enc) : NULL;
	struct lt_buf tmp = LT_BUF_INIT, scratch = LT_BUF_INIT;
	pcre2_match_data *md = f->type == UF_REGEX ? pcre2_match_data_create_from_pattern(f->re, NULL) : NULL;
	size_t total = 0, good = 0;
	int bid = 0;
	for (size_t i = 0; i < pd->nlines; i++) {
		const struct lt_line *l = &pd->lines[i];
		struct lt_str text = { l->text, l->len };
		if (tc) {
			lt_buf_reset(&tmp);
			size_t n = l->raw_len;
			if (n && l->raw[n - 1] == '\r')
				n--;
			lt_transcode(tc, l->raw, n, &tmp);
			text = (struct lt_str){ tmp.data ? tmp.data : "", tmp.len };
		}
		if (text.n == 0)
			continue;
		if (f->type == UF_CSV) {
			if (f->comment && text.n >= strlen(f->comment) &&
			    memcmp(text.p, f->comment, strlen(f->comment)) == 0)
				continue;
			/* the header line decides: every mapped name present */
			struct lt_str cols[MAX_COLS];
			lt_buf_reset(&scratch);
			size_t nc = lt_split_csv(text.p, text.n, f->delim, cols, MAX_COLS, &scratch);
			if (nc == LT_CSV_OPEN_QUOTE || nc < 2)
				break;
			if (f->header) {
				size_t found = 0;
				for (size_t m = 0; m < f->nmap; m++)
					for (size_t c = 0; c < nc && c < MAX_COLS; c++)
						if (lt_str_eq(cols[c], f->map[m].from)) {
							found++;
							break;
						}
				bid = found == f->nmap ? f->bid : 0;
			} else {
				bid = f->bid / 2;
			}
			break;
		}
		total++;
		/* a probe is a guess: a line the pattern gave up on is not a good one */
		if (lt_re_match(f->re, text.p, text.n, md, NULL) == LT_RE_MATCH)
			good++;
	}
	if (f->type == UF_REGEX && total > 0 && (double)good / (double)total >= f->min_match)
		bid = f->bid;
	if (md)
		pcre2_match_data_free(md);
	lt_buf_free(&tmp);
	lt_buf_free(&scratch);
	lt_transcoder_free(tc);
	return bid;
}

#define SLOT(N)                                                                                   \
	static int uf_probe_##N(const struct lt_probe_data *pd) { return uf_probe_common(N, pd); }  \
	static int uf_init_##N(void *s, const struct lt_parse_env *e, const char **err)             \
	{                                                                                          \
		return uf_init_common(N, s, e, err);                                               \
	}
SLOT(0) SLOT(1) SLOT(2) SLOT(3) SLOT(4) SLOT(5) SLOT(6) SLOT(7)
SLOT(8) SLOT(9) SLOT(10) SLOT(11) SLOT(12) SLOT(13) SLOT(14) SLOT(15)
SLOT(16) SLOT(17) SLOT(18) SLOT(19) SLOT(20) SLOT(21) SLOT(22) SLOT(23)
SLOT(24) SLOT(25) SLOT(26) SLOT(27) SLOT(28) SLOT(29) SLOT(30) SLOT(31)

typedef int (*probe_fn)(const struct lt_probe_data *);
typedef int (*init_fn)(void *, const struct lt_parse_env *, const char **);
#define P(N) uf_probe_##N
#define I(N) uf_init_##N
static const probe_fn slot_probe[LT_USERFORMAT_MAX] = {
	P(0), P(1), P(2), P(3), P(4), P(5), P(6), P(7), P(8), P(9), P(10), P(11), P(12), P(13), P(14), P(15),
	P(16), P(17), P(18), P(19), P(20), P(21), P(22), P(23), P(24), P(25), P(26), P(27), P(28), P(29), P(30), P(31),
};
static const init_fn slot_init[LT_USERFORMAT_MAX] = {
	I(0), I(1), I(2), I(3), I(4), I(5), I(6), I(7), I(8), I(9), I(10), I(11), I(12), I(13), I(14), I(15),
	I(16), I(17), I(18), I(19), I(20), I(21), I(22), I(23), I(24), I(25), I(26), I(27), I(28), I(29), I(30), I(31),
};

/* ---- YAML loading ---- */

static void free_pairs(struct uf_set *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(p[i].key);
		free(p[i].value);
	}
	free(p);
}

static void free_rules(struct userformat *f)
{
	for (size_t i = 0; i < f->nvalmap; i++) {
		free(f->valmap[i].field);
		free_pairs(f->valmap[i].pairs, f->valmap[i].npairs);
	}
	for (size_t i = 0; i < f->nwhen; i++) {
		free_pairs(f->when[i].tests, f->when[i].ntests);
		free_pairs(f->when[i].set, f->when[i].nset);
	}
	for (size_t i = 0; i < f->ndrop; i++)
		free_pairs(f->drop[i].tests, f->drop[i].ntests);
	for (size_t i = 0; i < f->nnumbers; i++)
		free(f->numbers[i]);
	for (size_t i = 0; i < f->nlists; i++)
		free(f->lists[i]);
}

static void free_format(struct userformat *f)
{
	if (!f)
		return;
	free(f->name);
	free(f->family);
	free(f->description);
	free(f->pattern);
	if (f->re)
		pcre2_code_free(f->re);
	free(f->comment);
	for (size_t i = 0; i < f->nmap; i++) {
		free(f->map[i].from);
		free(f->map[i].to);
	}
	for (size_t i = 0; i < f->nset; i++) {
		free(f->set[i].key);
		free(f->set[i].value);
	}
	free_rules(f);
	free(f->time_format);
	free(f->zone);
	free(f->encoding);
	free(f);
}

struct loader {
	yaml_document_t doc;
	const char *file;
	char *err;
	size_t errlen;
};

static int fail(struct loader *ld, const yaml_node_t *node, const char *fmt, const char *arg)
{
	char msg[512];
	snprintf(msg, sizeof msg, fmt, arg ? arg : "");
	snprintf(ld->err, ld->errlen, "%s:%lu: %s", ld->file,
		 node ? (unsigned long)node->start_mark.line + 1 : 0UL, msg);
	return -1;
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int read_pairs(struct loader *ld, const yaml_node_t *map, struct userformat *f, bool set)
{
	if (map->type != YAML_MAPPING_NODE)
		return fail(ld, map, "%s must be a mapping", set ? "set" : "fields/columns");
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const char *k = scalar(yaml_document_get_node(&ld->doc, p->key));
		const char *v = scalar(yaml_document_get_node(&ld->doc, p->value));
		if (!k || !v)
			return fail(ld, map, "%s entries must be plain text", set ? "set" : "fields/columns");
		if (set) {
			if (f->nset >= MAX_MAP)
				return fail(ld, map, "too many set entries", NULL);
			f->set[f->nset].key = lt_xstrdup(k);
			f->set[f->nset].value = lt_xstrdup(v);
			f->nset++;
		} else {
			if (f->nmap >= MAX_MAP)
				return fail(ld, map, "too many field mappings", NULL);
			f->map[f->nmap].from = lt_xstrdup(k);
			f->map[f->nmap].to = lt_xstrdup(v);
			f->nmap++;
		}
	}
	return 0;
}

static bool valid_name(const char *s)
{
	if (!*s || strlen(s) > 40)
		return false;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_' || *s == '-'))
			return false;
	return true;
}

static int compile_regex(struct loader *ld, const yaml_node_t *node, struct userformat *f)
{
	int code;
	PCRE2_SIZE where;
	f->re = pcre2_compile((PCRE2_SPTR)f->pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &code, &where, NULL);
	if (!f->re) {
		PCRE2_UCHAR buf[200];
		pcre2_get_error_message(code, buf, sizeof buf);
		char msg[300];
		snprintf(msg, sizeof msg, "pattern error at offset %zu: %s", (size_t)where, (char *)buf);
		return fail(ld, node, "%s", msg);
	}
	lt_re_jit(f->re);
	/* every mapped group must exist */
	for (size_t i = 0; i < f->nmap; i++)
		if (pcre2_substring_number_from_name(f->re, (PCRE2_SPTR)f->map[i].from) < 0)
			return fail(ld, node, "fields: the pattern has no group named '%s'", f->map[i].from);
	return 0;
}

static const yaml_node_t *ynode(struct loader *ld, int id)
{
	return yaml_document_get_node(&ld->doc, id);
}

/* A mapping of plain keys to plain values (or, when alts, to a value or a
 * list of alternatives) into a new array. */
static int read_set(struct loader *ld, const yaml_node_t *map, const char *what, bool alts, struct uf_set **out,
		    size_t *n)
{
	if (map->type != YAML_MAPPING_NODE)
		return fail(ld, map, "%s must be a mapping (field: value)", what);
	size_t cap = (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
	*out = lt_xcalloc(cap + 1, sizeof **out);
	*n = 0;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const char *k = scalar(ynode(ld, p->key));
		const yaml_node_t *vn = ynode(ld, p->value);
		if (!k)
			return fail(ld, map, "%s: keys must be plain text", what);
		struct lt_buf b = LT_BUF_INIT;
		if (vn->type == YAML_SEQUENCE_NODE && alts) {
			for (yaml_node_item_t *it = vn->data.sequence.items.start; it < vn->data.sequence.items.top; it++) {
				const char *a = scalar(ynode(ld, *it));
				if (!a || !*a) {
					lt_buf_free(&b);
					return fail(ld, vn, "%s: alternatives must be non-empty plain values", what);
				}
				lt_buf_append(&b, a, strlen(a) + 1);
			}
		} else if (scalar(vn) && (!alts || *scalar(vn))) {
			lt_buf_append(&b, scalar(vn), strlen(scalar(vn)) + 1);
		} else {
			return fail(ld, vn, "%s: values must be plain (non-empty when tested)", what);
		}
		lt_buf_putc(&b, '\0');	/* the empty alternative that ends the list */
		(*out)[*n].key = lt_xstrdup(k);
		(*out)[*n].value = lt_buf_detach(&b);
		(*n)++;
	}
	return 0;
}

/* values: { field: { read: stored, ... }, ... } */
static int read_values(struct loader *ld, const yaml_node_t *map, struct userformat *f)
{
	if (map->type != YAML_MAPPING_NODE)
		return fail(ld, map, "values must be a mapping (field: {value: new value})", NULL);
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const char *k = scalar(ynode(ld, p->key));
		if (!k)
			return fail(ld, map, "values: field names must be plain text", NULL);
		if (f->nvalmap >= MAX_RULES)
			return fail(ld, map, "too many value maps", NULL);
		struct uf_valmap *vm = &f->valmap[f->nvalmap++];
		vm->field = lt_xstrdup(k);
		if (read_set(ld, ynode(ld, p->value), "values", false, &vm->pairs, &vm->npairs) < 0)
			return -1;
	}
	return 0;
}

/* when: [ { if: {field: value|[values]}, set: {field: value} } ]; drop: [ {field: value|[values]} ] */
static int read_conds(struct loader *ld, const yaml_node_t *seq, struct userformat *f, bool drop)
{
	const char *what = drop ? "drop" : "when";
	if (seq->type != YAML_SEQUENCE_NODE)
		return fail(ld, seq, "%s must be a list", what);
	for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
		const yaml_node_t *item = ynode(ld, *it);
		size_t *n = drop ? &f->ndrop : &f->nwhen;
		if (*n >= MAX_RULES)
			return fail(ld, item, "too many %s rules", what);
		struct uf_cond *c = drop ? &f->drop[*n] : &f->when[*n];
		(*n)++;
		if (drop) {
			if (read_set(ld, item, what, true, &c->tests, &c->ntests) < 0)
				return -1;
			continue;
		}
		if (item->type != YAML_MAPPING_NODE)
			return fail(ld, item, "when: each rule is {if: {...}, set: {...}}", NULL);
		for (yaml_node_pair_t *p = item->data.mapping.pairs.start; p < item->data.mapping.pairs.top; p++) {
			const char *k = scalar(ynode(ld, p->key));
			int rc;
			if (k && strcmp(k, "if") == 0)
				rc = read_set(ld, ynode(ld, p->value), "when: if", true, &c->tests, &c->ntests);
			else if (k && strcmp(k, "set") == 0)
				rc = read_set(ld, ynode(ld, p->value), "when: set", false, &c->set, &c->nset);
			else
				rc = fail(ld, item, "when: unknown key '%s' (if, set)", k);
			if (rc < 0)
				return -1;
		}
		if (!c->ntests || !c->nset)
			return fail(ld, item, "when: a rule needs both if and set", NULL);
	}
	return 0;
}

/* numbers: [field, ...]; lists: [field, ...] */
static int read_names(struct loader *ld, const yaml_node_t *seq, const char *what, char **names, size_t *n)
{
	if (seq->type != YAML_SEQUENCE_NODE)
		return fail(ld, seq, "%s must be a list of field names", what);
	for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
		const char *v = scalar(ynode(ld, *it));
		if (!v || !*v)
			return fail(ld, seq, "%s: field names must be plain text", what);
		if (*n >= MAX_RULES)
			return fail(ld, seq, "too many %s", what);
		names[(*n)++] = lt_xstrdup(v);
	}
	return 0;
}

/* The keys of issue 11: value maps, conditional set, row filters, numbers, lists.
 * Returns 1 when k is none of them. */
static int read_rules_key(struct loader *ld, const char *k, const yaml_node_t *vn, struct userformat *f)
{
	if (strcmp(k, "values") == 0)
		return read_values(ld, vn, f);
	if (strcmp(k, "when") == 0)
		return read_conds(ld, vn, f, false);
	if (strcmp(k, "drop") == 0)
		return read_conds(ld, vn, f, true);
	if (strcmp(k, "numbers") == 0)
		return read_names(ld, vn, k, f->numbers, &f->nnumbers);
	if (strcmp(k, "lists") == 0)
		return read_names(ld, vn, k, f->lists, &f->nlists);
	return 1;
}

static int read_format(struct loader *ld, const yaml_node_t *node, struct userformat *f)
{
	if (node->type != YAML_MAPPING_NODE)
		return fail(ld, node, "each format must be a mapping", NULL);
	f->delim = ',';
	f->header = true;
	f->min_match = 0.8;
	f->bid = 70;
	const char *type = NULL;
	const yaml_node_t *fields = NULL, *sets = NULL;
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
		const char *k = scalar(yaml_document_get_node(&ld->doc, p->key));
		const yaml_node_t *vn = yaml_document_get_node(&ld->doc, p->value);
		const char *v = scalar(vn);
		if (!k)
			return fail(ld, node, "keys must be plain text", NULL);
		if (strcmp(k, "fields") == 0 || strcmp(k, "columns") == 0) {
			fields = vn;
			continue;
		}
		if (strcmp(k, "set") == 0) {
			sets = vn;
			continue;
		}
		int rk = read_rules_key(ld, k, vn, f);
		if (rk < 0)
			return -1;
		if (rk == 0)
			continue;
		static const char *const known[] = { "name", "family", "description", "type", "pattern",
			"delimiter", "header", "comment", "time_format", "time_zone", "zone", "encoding",
			"min_match", "priority" };
		bool ok = false;
		for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
			ok = ok || strcmp(k, known[i]) == 0;
		if (!ok)
			return fail(ld, vn, "unknown key '%s'", k);
		if (!v)
			return fail(ld, vn, "'%s' must be a plain value", k);
		/* a key given twice would leave one of its values behind unseen
		 * (and leak it: found by fuzz_uformat_loader) */
		char **dup = strcmp(k, "name") == 0 ? &f->name : strcmp(k, "family") == 0 ? &f->family
			: strcmp(k, "description") == 0 ? &f->description : strcmp(k, "pattern") == 0 ? &f->pattern
			: strcmp(k, "comment") == 0 ? &f->comment : strcmp(k, "time_format") == 0 ? &f->time_format
			: strcmp(k, "time_zone") == 0 || strcmp(k, "zone") == 0 ? &f->zone
			: strcmp(k, "encoding") == 0 ? &f->encoding : NULL;
		if (dup && *dup)
			return fail(ld, vn, "'%s' is given twice", k);
		if (strcmp(k, "name") == 0)
			f->name = lt_xstrdup(v);
		else if (strcmp(k, "family") == 0)
			f->family = lt_xstrdup(v);
		else if (strcmp(k, "description") == 0)
			f->description = lt_xstrdup(v);
		else if (strcmp(k, "type") == 0)
			type = v;
		else if (strcmp(k, "pattern") == 0)
			f->pattern = lt_xstrdup(v);
		else if (strcmp(k, "delimiter") == 0) {
			if (strcmp(v, "\\t") == 0 || strcmp(v, "tab") == 0)
				f->delim = '\t';
			else if (strlen(v) == 1 && (v[0] == ',' || v[0] == ';' || v[0] == '\t'))
				f->delim = v[0];
			else
				return fail(ld, vn, "delimiter must be ',', ';' or tab", NULL);
		} else if (strcmp(k, "header") == 0)
			f->header = strcmp(v, "true") == 0 || strcmp(v, "yes") == 0;
		else if (strcmp(k, "comment") == 0)
			f->comment = lt_xstrdup(v);
		else if (strcmp(k, "time_format") == 0)
			f->time_format = lt_xstrdup(v);
		else if (strcmp(k, "time_zone") == 0 || strcmp(k, "zone") == 0)
			f->zone = lt_xstrdup(v);
		else if (strcmp(k, "encoding") == 0)
			f->encoding = lt_xstrdup(v);
		else if (strcmp(k, "min_match") == 0)
			f->min_match = atof(v);
		else if (strcmp(k, "priority") == 0)
			f->bid = atoi(v);
	}
	if (!f->name || !valid_name(f->name))
		return fail(ld, node, "every format needs a name (letters, digits, '_' or '-', at most 40)", NULL);
	if (lt_parser_find(f->name))
		return fail(ld, node, "format name '%s' is already taken", f->name);
	if (!type || (strcmp(type, "regex") != 0 && strcmp(type, "csv") != 0 && strcmp(type, "tsv") != 0))
		return fail(ld, node, "type must be regex, csv or tsv", NULL);
	f->type = strcmp(type, "regex") == 0 ? UF_REGEX : UF_CSV;
	if (strcmp(type, "tsv") == 0)
		f->delim = '\t';
	if (!fields || read_pairs(ld, fields, f, false) < 0)
		return fields ? -1 : fail(ld, node, "format '%s' needs fields (regex) or columns (csv)", f->name);
	if (sets && read_pairs(ld, sets, f, true) < 0)
		return -1;
	if (f->zone && !(f->tz = lt_tz_load(f->zone)))
		return fail(ld, node, "unknown time_zone '%s'", f->zone);
	if (f->encoding) {
		if (lt_encoding_from_name(f->encoding, &f->enc) < 0)
			return fail(ld, node, "unknown encoding '%s'", f->encoding);
		if (f->enc == LT_ENC_UTF16LE || f->enc == LT_ENC_UTF16BE)
			return fail(ld, node, "UTF-16 cannot be declared per format: use --encoding", NULL);
		f->has_encoding = f->enc != LT_ENC_UTF8;
	}
	if (f->min_match <= 0 || f->min_match > 1)
		return fail(ld, node, "min_match must be in (0, 1]", NULL);
	if (f->bid < 1 || f->bid > 100)
		return fail(ld, node, "priority must be 1..100", NULL);
	if (f->type == UF_REGEX) {
		if (!f->pattern)
			return fail(ld, node, "regex format '%s' needs a pattern", f->name);
		if (compile_regex(ld, node, f) < 0)
			return -1;
	} else if (!f->header) {
		for (size_t i = 0; i < f->nmap; i++)
			if (atoi(f->map[i].from) < 1)
				return fail(ld, node, "without a header, columns are numbered from 1 ('%s')", f->map[i].from);
	}
	if (f->time_format) {
		/* a bad format is an error now, not a silent miss on every line */
		for (const char *c = f->time_format; *c; c++) {
			if (*c != '%')
				continue;
			if (!c[1] || !strchr("YymdeHIMSfbhpzZj%", c[1]))
				return fail(ld, node, "time_format: unknown conversion in '%s'", f->time_format);
			c++;
		}
	}
	return 0;
}

static void register_format(struct userformat *f, size_t slot)
{
	f->parser.name = f->name;
	f->parser.family = f->family ? f->family : "custom";
	f->parser.description = f->description ? f->description : "user-defined format";
	f->parser.probe = slot_probe[slot];
	f->parser.state_size = sizeof(struct uf_state);
	f->parser.init = slot_init[slot];
	f->parser.parse_line = uf_parse_line;
	f->parser.fini = uf_fini;
	lt_parser_register(&f->parser);
}

int lt_userformat_load_string(const char *yaml, size_t n, const char *name, char *err, size_t errlen)
{
	yaml_parser_t parser;
	struct loader ld = { .file = name, .err = err, .errlen = errlen };
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, n);
	if (!yaml_parser_load(&parser, &ld.doc)) {
		snprintf(err, errlen, "%s:%lu: YAML error: %s", name, (unsigned long)parser.problem_mark.line + 1,
			 parser.problem ? parser.problem : "?");
		yaml_parser_delete(&parser);
		return -1;
	}
	yaml_parser_delete(&parser);
	int rc = 0;
	struct userformat *loaded[LT_USERFORMAT_MAX];
	size_t nloaded = 0;
	yaml_node_t *root = yaml_document_get_root_node(&ld.doc);
	const yaml_node_t *list = NULL;
	if (root && root->type == YAML_MAPPING_NODE) {
		for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
			const char *k = scalar(yaml_document_get_node(&ld.doc, p->key));
			if (k && strcmp(k, "formats") == 0)
				list = yaml_document_get_node(&ld.doc, p->value);
		}
	}
	if (!list || list->type != YAML_SEQUENCE_NODE) {
		rc = fail(&ld, root, "the file must have a 'formats:' list", NULL);
		goto out;
	}
	for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top; it++) {
		if (nformats + nloaded >= LT_USERFORMAT_MAX) {
			rc = fail(&ld, list, "too many formats (at most 32)", NULL);
			goto out;
		}
		struct userformat *f = lt_xcalloc(1, sizeof *f);
		loaded[nloaded++] = f;
		if (read_format(&ld, yaml_document_get_node(&ld.doc, *it), f) < 0) {
			rc = -1;
			goto out;
		}
		for (size_t j = 0; j + 1 < nloaded; j++)
			if (strcmp(loaded[j]->name, f->name) == 0) {
				rc = fail(&ld, yaml_document_get_node(&ld.doc, *it), "format name '%s' appears twice", f->name);
				goto out;
			}
	}
out:
	if (rc == 0) {
		for (size_t i = 0; i < nloaded; i++) {
			formats[nformats] = loaded[i];
			register_format(loaded[i], nformats);
			nformats++;
		}
	} else {
		for (size_t i = 0; i < nloaded; i++)
			free_format(loaded[i]);
	}
	yaml_document_delete(&ld.doc);
	return rc;
}

int lt_userformat_load(const char *path, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		snprintf(err, errlen, "%s: cannot open the formats file", path);
		return -1;
	}
	struct lt_buf b = LT_BUF_INIT;
	char chunk[4096];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0 && b.len < 1024 * 1024)
		lt_buf_append(&b, chunk, k);
	fclose(fp);
	int rc = lt_userformat_load_string(b.data ? b.data : "", b.len, path, err, errlen);
	lt_buf_free(&b);
	return rc;
}

void lt_userformat_unload(void)
{
	lt_parser_unregister_all();
	for (size_t i = 0; i < nformats; i++) {
		free_format(formats[i]);
		formats[i] = NULL;
	}
	nformats = 0;
}
