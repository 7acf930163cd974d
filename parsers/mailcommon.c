/* Helpers shared by the parsers-mail parsers (see mailcommon.h). */
#include <ctype.h>
#include <string.h>

#include "mailcommon.h"
#include "parse/fields.h"

static size_t bare_tag_len(const char *s, size_t n, struct lt_syslog *h)
{
	size_t j = 0;
	while (j < n && j < 64 && (isalnum((unsigned char)s[j]) || s[j] == '_' || s[j] == '-' ||
				   s[j] == '.' || s[j] == '/'))
		j++;
	if (j == 0 || j >= n)
		return 0;
	size_t tag_end = j;
	struct lt_str pid = { NULL, 0 };
	if (s[j] == '[') {
		size_t ps = ++j;
		while (j < n && isdigit((unsigned char)s[j]))
			j++;
		if (j >= n || s[j] != ']')
			return 0;
		pid = (struct lt_str){ s + ps, j - ps };
		j++;
	}
	if (j >= n || s[j] != ':' || (j + 1 < n && s[j + 1] != ' '))
		return 0;
	h->prog = (struct lt_str){ s, tag_end };
	h->pid = pid;
	j++;
	while (j < n && s[j] == ' ')
		j++;
	return j;
}

bool lt_mc_split(const struct lt_line *line, const struct lt_parse_env *env, struct lt_syslog *h)
{
	if (lt_syslog_parse(line->text, line->len, env, h) == 0)
		return true;
	memset(h, 0, sizeof *h);
	h->pri = -1;
	h->time = LT_TIME_NONE;
	size_t skip = bare_tag_len(line->text, line->len, h);
	h->msg = lt_str_rtrim((struct lt_str){ line->text + skip, line->len - skip });
	return false;
}

void lt_mc_apply(struct lt_record *r, const struct lt_syslog *h, const struct lt_parse_env *env)
{
	if (h->time_text.n) {
		lt_syslog_apply(r, h, env);
		return;
	}
	lt_rec_set_span(r, LT_F_HOST_NAME, h->host);
	lt_rec_set_span(r, LT_F_PROCESS_NAME, h->prog);
	if (h->pid.n)
		lt_rec_set_span_int(r, LT_F_PROCESS_PID, h->pid);
}

int lt_mc_ratio(const struct lt_probe_data *pd, bool (*accept)(const char *s, size_t n))
{
	size_t total = 0, good = 0;
	for (size_t i = 0; i < pd->nlines; i++) {
		const struct lt_line *l = &pd->lines[i];
		size_t n = l->len;
		if (n && l->text[n - 1] == '\r')
			n--;
		if (n == 0)
			continue;
		total++;
		if (accept(l->text, n))
			good++;
	}
	return total ? (int)(good * 100 / total) : 0;
}

bool lt_mc_span_eq(const char *s, size_t n, const char *lit)
{
	size_t m = strlen(lit);
	return n == m && memcmp(s, lit, m) == 0;
}

const char *lt_mc_memmem(const char *h, size_t hn, const char *needle)
{
	size_t m = strlen(needle);
	if (m == 0)
		return h;
	for (size_t i = 0; i + m <= hn; i++)
		if (h[i] == needle[0] && memcmp(h + i, needle, m) == 0)
			return h + i;
	return NULL;
}

void lt_mc_save(struct lt_mc_saved *sv, const struct lt_line *line)
{
	sv->offset = line->offset;
	sv->lineno = line->lineno;
	lt_buf_reset(&sv->raw);
	lt_buf_append(&sv->raw, line->raw, line->raw_len);
}

void lt_mc_saved_free(struct lt_mc_saved *sv)
{
	lt_buf_free(&sv->raw);
}

void lt_mc_copy(char *dst, size_t cap, struct lt_str src)
{
	size_t n = src.n < cap - 1 ? src.n : cap - 1;
	if (n)
		memcpy(dst, src.p, n);
	dst[n] = '\0';
}

void lt_mc_time_from_syslog(struct lt_mc_time *mt, const struct lt_syslog *h)
{
	mt->t = h->time;
	lt_mc_copy(mt->text, sizeof mt->text, h->time_text);
	mt->n = strlen(mt->text);
	mt->has_zone = h->has_zone;
	mt->off = h->offset;
	mt->year_inferred = h->year_inferred;
}

void lt_mc_time_apply(struct lt_record *r, const struct lt_mc_time *mt, const struct lt_parse_env *env)
{
	if (mt->n == 0)
		return;
	if (mt->has_zone) {
		char z[8];
		lt_format_offset(mt->off, z);
		lt_rec_set_event_time(r, mt->t, mt->text, mt->n, z, false);
	} else {
		lt_rec_set_event_time(r, mt->t, mt->text, mt->n, lt_tz_name(env ? env->tz : NULL),
				      mt->year_inferred);
	}
}

bool lt_mc_blank(const struct lt_line *line)
{
	for (size_t i = 0; i < line->len; i++)
		if (line->text[i] != ' ' && line->text[i] != '\t' && line->text[i] != '\r')
			return false;
	return true;
}
