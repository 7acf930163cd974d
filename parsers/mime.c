/* MIME helpers (see mime.h). */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "mime.h"
#include "parse/encoding.h"
#include "parse/fields.h"
#include "util/jsonesc.h"

/* ---- charset conversion ---- */

/* Append bytes in charset to out as UTF-8 (an unknown charset: as 8-bit
 * text, see append_8bit). */
static void append_charset(const char *charset, const char *s, size_t n, struct lt_buf *out);

/* Raw 8-bit header text: UTF-8 when valid, else CP932 (what Japanese
 * mailers write when they skip RFC 2047). */
static void append_8bit(const char *s, size_t n, struct lt_buf *out)
{
	if (lt_utf8_valid(s, n)) {
		lt_buf_append(out, s, n);
		return;
	}
	struct lt_transcoder *t = lt_transcoder_new(LT_ENC_CP932);
	lt_transcode(t, s, n, out);
	lt_transcoder_free(t);
}

static void append_charset(const char *charset, const char *s, size_t n, struct lt_buf *out)
{
	struct lt_transcoder *t = lt_transcoder_new_charset(charset);
	if (!t) {
		append_8bit(s, n, out);
		return;
	}
	lt_transcode(t, s, n, out);
	lt_transcoder_free(t);
}

/* ---- base64 and quoted-printable ---- */

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')	/* '-' and '_': base64url, seen in the wild */
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

void lt_b64_init(struct lt_b64 *d)
{
	memset(d, 0, sizeof *d);
}

void lt_b64_feed(struct lt_b64 *d, const char *s, size_t n, struct lt_buf *out)
{
	char tmp[256];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '=') {
			d->done = true;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		int v = b64_value(c);
		if (v < 0 || d->done) {
			d->invalid++;
			continue;
		}
		d->acc = (d->acc << 6) | (uint32_t)v;
		d->nbits += 6;
		if (d->nbits >= 8) {
			d->nbits -= 8;
			tmp[k++] = (char)((d->acc >> d->nbits) & 0xff);
			if (k == sizeof tmp) {
				lt_buf_append(out, tmp, k);
				k = 0;
			}
		}
	}
	if (k)
		lt_buf_append(out, tmp, k);
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

bool lt_qp_line(const char *s, size_t n, struct lt_buf *out)
{
	/* trailing blanks are not part of the data (RFC 2045 6.7 rule 3) */
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	size_t i = 0;
	while (i < n) {
		if (s[i] != '=') {
			size_t j = i;
			while (j < n && s[j] != '=')
				j++;
			lt_buf_append(out, s + i, j - i);
			i = j;
			continue;
		}
		if (i + 1 == n)
			return true;	/* soft line break */
		int h = i + 2 < n ? hexval((unsigned char)s[i + 1]) : -1;
		int l = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
		if (h >= 0 && l >= 0) {
			lt_buf_putc(out, (char)(h * 16 + l));
			i += 3;
		} else {
			lt_buf_putc(out, '=');	/* malformed: keep literally */
			i++;
		}
	}
	return false;
}

/* ---- RFC 2047 encoded words ---- */

struct eword {
	const char *charset;	/* not NUL-terminated */
	size_t charset_n;
	char enc;		/* 'B' or 'Q' */
	const char *text;
	size_t text_n;
	size_t len;		/* whole word length */
};

/* Parse "=?charset[*lang]?B?text?=" at s. */
static bool parse_eword(const char *s, size_t n, struct eword *w)
{
	if (n < 8 || s[0] != '=' || s[1] != '?')
		return false;
	size_t i = 2;
	while (i < n && s[i] != '?' && s[i] != ' ')
		i++;
	if (i + 3 >= n || s[i] != '?' || s[i + 2] != '?')
		return false;
	w->charset = s + 2;
	w->charset_n = i - 2;
	const char *star = memchr(w->charset, '*', w->charset_n);
	if (star)
		w->charset_n = (size_t)(star - w->charset);
	char e = (char)toupper((unsigned char)s[i + 1]);
	if (e != 'B' && e != 'Q')
		return false;
	w->enc = e;
	size_t t = i + 3, j = t;
	while (j + 1 < n && !(s[j] == '?' && s[j + 1] == '='))
		j++;
	if (j + 1 >= n)
		return false;
	w->text = s + t;
	w->text_n = j - t;
	w->len = j + 2;
	return true;
}

static void decode_eword_bytes(const struct eword *w, struct lt_buf *out)
{
	if (w->enc == 'B') {
		struct lt_b64 d;
		lt_b64_init(&d);
		lt_b64_feed(&d, w->text, w->text_n, out);
		return;
	}
	for (size_t i = 0; i < w->text_n; i++) {
		char c = w->text[i];
		if (c == '_') {
			lt_buf_putc(out, ' ');
		} else if (c == '=' && i + 2 < w->text_n && hexval((unsigned char)w->text[i + 1]) >= 0 &&
			   hexval((unsigned char)w->text[i + 2]) >= 0) {
			lt_buf_putc(out, (char)(hexval((unsigned char)w->text[i + 1]) * 16 +
						hexval((unsigned char)w->text[i + 2])));
			i += 2;
		} else {
			lt_buf_putc(out, c);
		}
	}
}

static void flush_pending(char *charset, struct lt_buf *pending, struct lt_buf *out)
{
	if (pending->len)
		append_charset(charset, pending->data, pending->len, out);
	lt_buf_reset(pending);
	charset[0] = '\0';
}

void lt_mime_decode_header(const char *s, size_t n, struct lt_buf *out)
{
	struct lt_buf pending = LT_BUF_INIT;	/* bytes of adjacent words in one charset */
	char charset[64] = "";
	size_t i = 0, plain_start = 0;
	bool last_was_word = false;
	while (i < n) {
		struct eword w;
		if (s[i] == '=' && parse_eword(s + i, n - i, &w)) {
			/* whitespace between two encoded words is dropped */
			bool only_ws = true;
			for (size_t k = plain_start; k < i; k++)
				if (s[k] != ' ' && s[k] != '\t' && s[k] != '\r' && s[k] != '\n')
					only_ws = false;
			char cs[64];
			size_t cn = w.charset_n < sizeof cs - 1 ? w.charset_n : sizeof cs - 1;
			memcpy(cs, w.charset, cn);
			cs[cn] = '\0';
			if (!(last_was_word && only_ws)) {
				flush_pending(charset, &pending, out);
				if (i > plain_start)
					append_8bit(s + plain_start, i - plain_start, out);
			} else if (strcasecmp(cs, charset) != 0) {
				flush_pending(charset, &pending, out);
			}
			if (!charset[0])
				memcpy(charset, cs, cn + 1);
			decode_eword_bytes(&w, &pending);
			i += w.len;
			plain_start = i;
			last_was_word = true;
			continue;
		}
		i++;
	}
	flush_pending(charset, &pending, out);
	if (plain_start < n)
		append_8bit(s + plain_start, n - plain_start, out);
	lt_buf_free(&pending);
}

/* ---- parameters ---- */

void lt_mime_type(const char *s, size_t n, char *out, size_t outlen)
{
	size_t i = 0, k = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (i < n && s[i] != ';' && s[i] != ' ' && s[i] != '\t' && k + 1 < outlen)
		out[k++] = (char)tolower((unsigned char)s[i++]);
	out[k] = '\0';
}

struct seg {
	int index;		/* -1: no continuation */
	bool ext;		/* name*...*= : charset'lang'%XX */
	const char *v;
	size_t vn;
	bool quoted;
};

#define MAX_SEGS 64

/* Unquote a quoted-string value into out (backslash escapes). */
static void unquote(const char *v, size_t vn, struct lt_buf *out)
{
	for (size_t i = 0; i < vn; i++) {
		if (v[i] == '\\' && i + 1 < vn)
			i++;
		lt_buf_putc(out, v[i]);
	}
}

static void percent_decode(const char *v, size_t vn, struct lt_buf *out)
{
	for (size_t i = 0; i < vn; i++) {
		if (v[i] == '%' && i + 2 < vn && hexval((unsigned char)v[i + 1]) >= 0 &&
		    hexval((unsigned char)v[i + 2]) >= 0) {
			lt_buf_putc(out, (char)(hexval((unsigned char)v[i + 1]) * 16 + hexval((unsigned char)v[i + 2])));
			i += 2;
		} else {
			lt_buf_putc(out, v[i]);
		}
	}
}

/* Walk "; a=b; c="d"" collecting the segments of one parameter. */
static size_t collect_segments(const char *s, size_t n, const char *name, struct seg *segs)
{
	size_t nseg = 0, nl = strlen(name), i = 0;
	/* skip the type/disposition value */
	while (i < n && s[i] != ';')
		i++;
	while (i < n) {
		i++;	/* ';' */
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
			i++;
		size_t ks = i;
		while (i < n && s[i] != '=' && s[i] != ';')
			i++;
		if (i >= n || s[i] != '=')
			continue;
		size_t ke = i;
		while (ke > ks && (s[ke - 1] == ' ' || s[ke - 1] == '\t'))
			ke--;
		i++;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		const char *v = s + i;
		size_t vn;
		bool quoted = false;
		if (i < n && s[i] == '"') {
			quoted = true;
			size_t j = i + 1;
			while (j < n && s[j] != '"') {
				if (s[j] == '\\')
					j++;
				j++;
			}
			v = s + i + 1;
			vn = (j < n ? j : n) - i - 1;
			i = j < n ? j + 1 : n;
			while (i < n && s[i] != ';')
				i++;
		} else {
			size_t j = i;
			while (j < n && s[j] != ';')
				j++;
			vn = j - i;
			while (vn && (v[vn - 1] == ' ' || v[vn - 1] == '\t' || v[vn - 1] == '\r'))
				vn--;
			i = j;
		}
		/* key: name | name* | name*N | name*N* */
		const char *k = s + ks;
		size_t kn = ke - ks;
		if (kn < nl || strncasecmp(k, name, nl) != 0)
			continue;
		struct seg sg = { -1, false, v, vn, quoted };
		size_t r = nl;
		if (r < kn) {
			if (k[r] != '*')
				continue;
			r++;
			if (r < kn && isdigit((unsigned char)k[r])) {
				int idx = 0;
				while (r < kn && isdigit((unsigned char)k[r]) && idx < 1000)
					idx = idx * 10 + (k[r++] - '0');
				sg.index = idx;
				if (r < kn && k[r] == '*') {
					sg.ext = true;
					r++;
				}
			} else {
				sg.ext = true;
			}
			if (r != kn)
				continue;
		}
		if (nseg < MAX_SEGS)
			segs[nseg++] = sg;
	}
	return nseg;
}

bool lt_mime_param(const char *s, size_t n, const char *name, struct lt_buf *out)
{
	struct seg segs[MAX_SEGS];
	size_t nseg = collect_segments(s, n, name, segs);
	if (nseg == 0)
		return false;
	/* RFC 2231 forms win over the plain one (they carry the charset) */
	bool any_2231 = false;
	for (size_t i = 0; i < nseg; i++)
		if (segs[i].index >= 0 || segs[i].ext)
			any_2231 = true;
	if (!any_2231) {
		struct lt_buf raw = LT_BUF_INIT;
		if (segs[0].quoted)
			unquote(segs[0].v, segs[0].vn, &raw);
		else
			lt_buf_append(&raw, segs[0].v, segs[0].vn);
		lt_mime_decode_header(raw.data ? raw.data : "", raw.len, out);
		lt_buf_free(&raw);
		return true;
	}
	struct lt_buf bytes = LT_BUF_INIT;
	char charset[64] = "";
	for (int want = -1; want < MAX_SEGS; want++) {
		for (size_t i = 0; i < nseg; i++) {
			if (segs[i].index != want || (want == -1 && !segs[i].ext))
				continue;
			const char *v = segs[i].v;
			size_t vn = segs[i].vn;
			if (segs[i].ext && (want == -1 || want == 0)) {
				/* charset'language'value */
				const char *q1 = memchr(v, '\'', vn);
				const char *q2 = q1 ? memchr(q1 + 1, '\'', vn - (size_t)(q1 + 1 - v)) : NULL;
				if (q1 && q2) {
					size_t cn = (size_t)(q1 - v) < sizeof charset - 1 ? (size_t)(q1 - v) : sizeof charset - 1;
					memcpy(charset, v, cn);
					charset[cn] = '\0';
					vn -= (size_t)(q2 + 1 - v);
					v = q2 + 1;
				}
			}
			if (segs[i].ext)
				percent_decode(v, vn, &bytes);
			else if (segs[i].quoted)
				unquote(v, vn, &bytes);
			else
				lt_buf_append(&bytes, v, vn);
		}
		if (want == -1 && bytes.len)
			break;
	}
	if (charset[0])
		append_charset(charset, bytes.data ? bytes.data : "", bytes.len, out);
	else
		lt_mime_decode_header(bytes.data ? bytes.data : "", bytes.len, out);
	lt_buf_free(&bytes);
	return true;
}

/* ---- addresses ---- */

static struct lt_str trim_span(const char *p, size_t n)
{
	while (n && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
		p++;
		n--;
	}
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' || p[n - 1] == '\n'))
		n--;
	return (struct lt_str){ p, n };
}

static void one_address(const char *s, size_t n, void (*fn)(void *, struct lt_str, struct lt_str), void *arg)
{
	struct lt_str all = trim_span(s, n);
	if (all.n == 0)
		return;
	/* group "name: a, b;" — the part after ':' when there are no brackets before it */
	const char *lt = NULL;
	bool inq = false;
	int depth = 0;
	for (size_t i = 0; i < all.n; i++) {
		char c = all.p[i];
		if (c == '"' && (i == 0 || all.p[i - 1] != '\\'))
			inq = !inq;
		else if (!inq && c == '(')
			depth++;
		else if (!inq && c == ')' && depth)
			depth--;
		else if (!inq && !depth && c == '<' && !lt)
			lt = all.p + i;
	}
	if (lt) {
		const char *gt = memchr(lt, '>', all.n - (size_t)(lt - all.p));
		struct lt_str addr = trim_span(lt + 1, gt ? (size_t)(gt - lt - 1) : all.n - (size_t)(lt + 1 - all.p));
		struct lt_str name = trim_span(all.p, (size_t)(lt - all.p));
		if (name.n >= 2 && name.p[0] == '"' && name.p[name.n - 1] == '"') {
			name.p++;
			name.n -= 2;
		}
		if (addr.n)
			fn(arg, addr, name);
		return;
	}
	/* bare addr-spec, maybe with a (comment) */
	char buf[512];
	size_t k = 0;
	depth = 0;
	for (size_t i = 0; i < all.n && k < sizeof buf; i++) {
		char c = all.p[i];
		if (c == '(')
			depth++;
		else if (c == ')' && depth)
			depth--;
		else if (!depth && c != ' ' && c != '\t' && c != '"')
			buf[k++] = c;
	}
	if (k && memchr(buf, '@', k)) {
		fn(arg, (struct lt_str){ buf, k }, (struct lt_str){ "", 0 });
	} else if (k) {
		fn(arg, (struct lt_str){ buf, k }, (struct lt_str){ "", 0 });
	}
}

void lt_mime_addresses(const char *s, size_t n, void (*fn)(void *, struct lt_str, struct lt_str), void *arg)
{
	size_t start = 0;
	bool inq = false;
	int depth = 0, angle = 0;
	for (size_t i = 0; i <= n; i++) {
		char c = i < n ? s[i] : ',';
		if (i < n && c == '"' && (i == 0 || s[i - 1] != '\\')) {
			inq = !inq;
			continue;
		}
		if (inq && i < n)
			continue;
		if (c == '(')
			depth++;
		else if (c == ')' && depth)
			depth--;
		else if (c == '<')
			angle++;
		else if (c == '>' && angle)
			angle--;
		else if (!depth && !angle && c == ':') {
			start = i + 1;	/* group display name */
		} else if (!depth && !angle && (c == ',' || c == ';' || i == n)) {
			one_address(s + start, i - start, fn, arg);
			start = i + 1;
		}
	}
}

/* ---- dates ---- */

struct zone_name {
	const char *name;
	int32_t off;
};

static const struct zone_name zones[] = {
	{ "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "Z", 0 }, { "EST", -5 * 3600 }, { "EDT", -4 * 3600 },
	{ "CST", -6 * 3600 }, { "CDT", -5 * 3600 }, { "MST", -7 * 3600 }, { "MDT", -6 * 3600 },
	{ "PST", -8 * 3600 }, { "PDT", -7 * 3600 }, { "JST", 9 * 3600 },
};

int lt_mime_date(const char *s, size_t n, lt_time_us *t, int32_t *off)
{
	struct lt_str tok[8];
	size_t nt = lt_split_ws(s, n, tok, 8);
	if (nt > 8)
		nt = 8;
	size_t i = 0;
	if (i < nt && tok[i].n >= 3 && isalpha((unsigned char)tok[i].p[0]))
		i++;	/* "Tue," */
	if (i + 3 >= nt)
		return -1;
	struct lt_civil c = { 0 };
	int64_t v;
	if (!lt_parse_int(tok[i].p, tok[i].n, &v) || v < 1 || v > 31)
		return -1;
	c.day = (int)v;
	c.month = lt_month_from_abbr(tok[i + 1].p, tok[i + 1].n >= 3 ? 3 : tok[i + 1].n);
	if (!c.month || !lt_parse_int(tok[i + 2].p, tok[i + 2].n, &v))
		return -1;
	if (v < 0 || v > 9999)
		return -1;
	c.year = (int)(v < 50 ? v + 2000 : v < 1000 ? v + 1900 : v);
	struct lt_str tm = tok[i + 3];
	int hh = 0, mm = 0, ss = 0;
	char buf[16];
	if (tm.n >= sizeof buf)
		return -1;
	memcpy(buf, tm.p, tm.n);
	buf[tm.n] = '\0';
	int got = sscanf(buf, "%d:%d:%d", &hh, &mm, &ss);
	if (got < 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60)
		return -1;
	c.hour = hh;
	c.min = mm;
	c.sec = ss;
	*off = 0;
	if (i + 4 < nt) {
		struct lt_str z = tok[i + 4];
		if (z.n == 5 && (z.p[0] == '+' || z.p[0] == '-')) {
			if (lt_parse_utc_offset(z.p, z.n, off) != 0)
				*off = 0;
		} else {
			for (size_t k = 0; k < sizeof zones / sizeof zones[0]; k++)
				if (z.n == strlen(zones[k].name) && strncasecmp(z.p, zones[k].name, z.n) == 0)
					*off = zones[k].off;
		}
	}
	*t = lt_time_from_civil(&c, *off);
	return 0;
}
