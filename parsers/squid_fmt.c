/* Squid logformat templates: compile and match (squid_fmt.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "squid_fmt.h"
#include "util/xalloc.h"

struct code_name {
	const char *name;
	enum squid_code code;
};

/* Longest names first where one is a prefix of another (">ru" before ">r"). */
static const struct code_name code_names[] = {
	{ ">Hs", SQF_HTTP_STATUS }, { "<Hs", SQF_OTHER }, { ">st", SQF_REQUEST_BYTES },
	{ "<st", SQF_REPLY_BYTES }, { ">ru", SQF_URL }, { ">rm", SQF_METHOD }, { ">rv", SQF_VERSION },
	{ ">rp", SQF_PATH }, { ">a", SQF_CLIENT }, { ">A", SQF_CLIENT_NAME }, { "<a", SQF_SERVER },
	{ "<A", SQF_SERVER_NAME }, { ">p", SQF_CLIENT_PORT }, { "<p", SQF_SERVER_PORT }, { ">h", SQF_HEADER },
	{ "<h", SQF_OTHER }, { "st", SQF_TOTAL_BYTES }, { "ts", SQF_TS }, { "tu", SQF_TU }, { "tl", SQF_TL },
	{ "tg", SQF_TG }, { "tr", SQF_TR }, { "Ss", SQF_SQUID_STATUS }, { "Sh", SQF_HIER },
	{ "rm", SQF_METHOD }, { "ru", SQF_URL }, { "rp", SQF_PATH }, { "rv", SQF_VERSION },
	{ "un", SQF_USER }, { "ul", SQF_USER }, { "ue", SQF_USER }, { "us", SQF_USER }, { "ui", SQF_USER },
	{ "mt", SQF_MIME }, { "la", SQF_OTHER }, { "lp", SQF_OTHER }, { "dt", SQF_OTHER },
	{ "tt", SQF_OTHER }, { "et", SQF_OTHER }, { "ea", SQF_OTHER }, { "ssl::>sni", SQF_OTHER },
	{ "<lp", SQF_OTHER }, { "<la", SQF_OTHER }, { "<pt", SQF_OTHER }, { "<tt", SQF_OTHER },
	{ "Hs", SQF_HTTP_STATUS },
};

static void push(struct squid_fmt *f, size_t *cap, struct squid_tok t)
{
	if (f->ntok == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		f->tok = lt_xrealloc(f->tok, *cap * sizeof *f->tok);
	}
	f->tok[f->ntok++] = t;
}

/* A header argument "{User-Agent}" picks the field for known headers. */
static enum squid_code header_code(const char *arg, size_t n)
{
	if (n == 10 && strncasecmp(arg, "User-Agent", 10) == 0)
		return SQF_USER_AGENT;
	if ((n == 7 && strncasecmp(arg, "Referer", 7) == 0) || (n == 8 && strncasecmp(arg, "Referrer", 8) == 0))
		return SQF_REFERER;
	return SQF_OTHER;
}

/* One "%..." at p (after the '%'): its code and length. */
static int parse_code(const char *p, enum squid_code *code, size_t *len)
{
	const char *s = p;
	while (*s && strchr("-\"[#'/", *s))
		s++;
	while (*s >= '0' && *s <= '9')
		s++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	const char *arg = NULL;
	size_t argn = 0;
	if (*s == '{') {
		const char *close = strchr(s, '}');
		if (!close)
			return -1;
		arg = s + 1;
		argn = (size_t)(close - s - 1);
		s = close + 1;
	}
	for (size_t i = 0; i < sizeof code_names / sizeof code_names[0]; i++) {
		size_t l = strlen(code_names[i].name);
		if (strncmp(s, code_names[i].name, l) == 0) {
			*code = code_names[i].code;
			if (*code == SQF_HEADER)
				*code = arg ? header_code(arg, argn) : SQF_OTHER;
			*len = (size_t)(s + l - p);
			return 0;
		}
	}
	return -1;
}

/* "logformat NAME FORMAT" -> FORMAT */
static const char *skip_directive(const char *spec)
{
	if (strncmp(spec, "logformat ", 10) != 0)
		return spec;
	const char *p = spec + 10;
	while (*p == ' ')
		p++;
	while (*p && *p != ' ')
		p++;
	while (*p == ' ')
		p++;
	return p;
}

int squid_fmt_compile(const char *spec, struct squid_fmt *f, const char **error)
{
	memset(f, 0, sizeof *f);
	f->text = lt_xstrdup(skip_directive(spec));
	size_t cap = 0;
	const char *p = f->text;
	while (*p) {
		if (*p == '%' && p[1] == '%') {
			push(f, &cap, (struct squid_tok){ SQF_LIT, p + 1, 1 });
			p += 2;
			continue;
		}
		if (*p == '%') {
			enum squid_code code;
			size_t len;
			if (parse_code(p + 1, &code, &len)) {
				*error = "squid.logformat: unknown or malformed % code";
				squid_fmt_free(f);
				return -1;
			}
			push(f, &cap, (struct squid_tok){ code, NULL, 0 });
			p += 1 + len;
			continue;
		}
		const char *q = p;
		while (*q && *q != '%')
			q++;
		push(f, &cap, (struct squid_tok){ SQF_LIT, p, (size_t)(q - p) });
		p = q;
	}
	if (f->ntok == 0) {
		*error = "squid.logformat: empty template";
		squid_fmt_free(f);
		return -1;
	}
	return 0;
}

void squid_fmt_free(struct squid_fmt *f)
{
	free(f->text);
	free(f->tok);
	memset(f, 0, sizeof *f);
}

/* Literal at s[*i]: blanks in the template match one or more blanks. */
static bool match_lit(const struct squid_tok *t, const char *s, size_t n, size_t *i)
{
	for (size_t k = 0; k < t->lit_n; k++) {
		if (t->lit[k] == ' ') {
			if (*i >= n || s[*i] != ' ')
				return false;
			while (*i < n && s[*i] == ' ')
				(*i)++;
			while (k + 1 < t->lit_n && t->lit[k + 1] == ' ')
				k++;
			continue;
		}
		if (*i >= n || s[*i] != t->lit[k])
			return false;
		(*i)++;
	}
	return true;
}

bool squid_fmt_match(const struct squid_fmt *f, const char *s, size_t n, struct lt_str out[SQF_NCODES])
{
	size_t i = 0;
	for (size_t k = 0; k < SQF_NCODES; k++)
		out[k] = (struct lt_str){ NULL, 0 };
	while (n && (s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	for (size_t t = 0; t < f->ntok; t++) {
		const struct squid_tok *tok = &f->tok[t];
		if (tok->code == SQF_LIT) {
			if (!match_lit(tok, s, n, &i))
				return false;
			continue;
		}
		while (i < n && s[i] == ' ')
			i++;	/* right-aligned widths pad with blanks */
		size_t end = n;
		if (t + 1 < f->ntok && f->tok[t + 1].code == SQF_LIT) {
			const char *stop = memchr(s + i, f->tok[t + 1].lit[0], n - i);
			if (!stop)
				return false;
			end = (size_t)(stop - s);
		} else if (t + 1 < f->ntok) {
			return false;	/* two codes with nothing between: cannot split */
		}
		out[tok->code] = (struct lt_str){ s + i, end - i };
		i = end;
	}
	return i == n;
}
