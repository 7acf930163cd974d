/* Field helpers shared by the parsers (see fields.h). */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "parse/fields.h"

static const char month_abbr[12][4] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
};

int lt_month_from_abbr(const char *s, size_t n)
{
	if (n != 3)
		return 0;
	char low[3];
	for (int i = 0; i < 3; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	for (int m = 0; m < 12; m++)
		if (memcmp(low, month_abbr[m], 3) == 0)
			return m + 1;
	return 0;
}

static bool take_digits(const char *s, size_t n, size_t *i, int count, int *out)
{
	int v = 0;
	for (int k = 0; k < count; k++) {
		if (*i >= n || !isdigit((unsigned char)s[*i]))
			return false;
		v = v * 10 + (s[*i] - '0');
		(*i)++;
	}
	*out = v;
	return true;
}

int lt_parse_utc_offset(const char *s, size_t n, int32_t *off)
{
	if (n == 1 && (s[0] == 'Z' || s[0] == 'z')) {
		*off = 0;
		return 0;
	}
	if (n < 3 || (s[0] != '+' && s[0] != '-'))
		return -1;
	int sign = s[0] == '-' ? -1 : 1;
	size_t i = 1;
	int h, m = 0;
	if (!take_digits(s, n, &i, 2, &h))
		return -1;
	if (i < n && s[i] == ':')
		i++;
	if (i < n && !take_digits(s, n, &i, 2, &m))
		return -1;
	if (i != n || h > 23 || m > 59)
		return -1;
	*off = sign * (h * 3600 + m * 60);
	return 0;
}

int lt_time_parse_apache(const char *s, size_t n, lt_time_us *t, int32_t *off)
{
	struct lt_civil c = { 0 };
	size_t i = 0;
	if (!take_digits(s, n, &i, 2, &c.day) || i >= n || s[i++] != '/')
		return -1;
	if (i + 4 > n || s[i + 3] != '/')
		return -1;
	c.month = lt_month_from_abbr(s + i, 3);
	if (!c.month)
		return -1;
	i += 4;
	if (!take_digits(s, n, &i, 4, &c.year) || i >= n || s[i++] != ':' ||
	    !take_digits(s, n, &i, 2, &c.hour) || i >= n || s[i++] != ':' ||
	    !take_digits(s, n, &i, 2, &c.min) || i >= n || s[i++] != ':' ||
	    !take_digits(s, n, &i, 2, &c.sec))
		return -1;
	if (c.day < 1 || c.day > 31 || c.hour > 23 || c.min > 59 || c.sec > 60)
		return -1;
	if (i < n && s[i] == '.') {	/* some nginx setups log msec */
		int32_t scale = 100000;
		i++;
		while (i < n && isdigit((unsigned char)s[i])) {
			c.usec += (s[i] - '0') * scale;
			scale /= 10;
			i++;
		}
	}
	if (i >= n || s[i++] != ' ')
		return -1;
	if (lt_parse_utc_offset(s + i, n - i, off))
		return -1;
	*t = lt_time_from_civil(&c, *off);
	return 0;
}

int lt_time_parse_epoch(const char *s, size_t n, lt_time_us *t)
{
	size_t i = 0;
	int64_t sec = 0;
	if (n == 0 || !isdigit((unsigned char)s[0]))
		return -1;
	while (i < n && isdigit((unsigned char)s[i])) {
		if (sec > INT64_C(100000000000))	/* year ~5000: not an epoch */
			return -1;
		sec = sec * 10 + (s[i] - '0');
		i++;
	}
	int64_t usec = 0;
	if (i < n && s[i] == '.') {
		int64_t scale = 100000;
		i++;
		if (i >= n)
			return -1;
		while (i < n && isdigit((unsigned char)s[i])) {
			usec += (s[i] - '0') * scale;
			scale /= 10;
			i++;
		}
	}
	if (i != n)
		return -1;
	*t = sec * LT_US_PER_SEC + usec;
	return 0;
}

/* The zone part of an ISO stamp is whatever follows the seconds/fraction. */
static size_t iso_zone_start(const char *s, size_t n)
{
	size_t i = 10;	/* after yyyy-mm-dd */
	while (i < n && s[i] != 'Z' && s[i] != 'z' && s[i] != '+' && s[i] != '-')
		i++;
	return i;
}

int lt_time_parse_iso_ex(const char *s, size_t n, const struct lt_tz *tz,
			 lt_time_us *t, bool *had_zone, int32_t *off)
{
	if (lt_time_parse_iso(s, n, tz, t))
		return -1;
	*had_zone = false;
	*off = 0;
	if (n <= 10)
		return 0;
	size_t z = iso_zone_start(s, n);
	if (z < n && lt_parse_utc_offset(s + z, n - z, off) == 0)
		*had_zone = true;
	return 0;
}

void lt_format_offset(int32_t off, char out[8])
{
	char sign = off < 0 ? '-' : '+';
	int32_t a = off < 0 ? -off : off;
	int h = (int)(a / 3600 % 100), m = (int)(a % 3600 / 60);
	/* "%c%02d:%02d" by hand: this runs once per record */
	out[0] = sign;
	out[1] = (char)('0' + h / 10);
	out[2] = (char)('0' + h % 10);
	out[3] = ':';
	out[4] = (char)('0' + m / 10);
	out[5] = (char)('0' + m % 10);
	out[6] = '\0';
}

void lt_rec_set_event_time(struct lt_record *r, lt_time_us t, const char *text, size_t n,
			   const char *zone, bool year_inferred)
{
	if (t != LT_TIME_NONE)
		lt_rec_set_time(r, LT_F_TIMESTAMP, t);
	if (text && n)
		lt_rec_set_str(r, LT_F_TIME_TEXT, text, n);
	if (zone)
		lt_rec_set_cstr(r, LT_F_TIME_ZONE, zone);
	if (year_inferred)
		lt_rec_set_bool(r, LT_F_TIME_YEAR_INFERRED, true);
}

void lt_rec_set_event_time_off(struct lt_record *r, lt_time_us t, const char *text, size_t n,
			       int32_t off)
{
	char z[8];
	lt_format_offset(off, z);
	lt_rec_set_event_time(r, t, text, n, z, false);
}

/* ---- Numbers ------------------------------------------------------------ */

bool lt_duration_ns(int64_t value, int64_t per_second, int64_t *ns)
{
	const int64_t max_s = INT64_C(100) * 366 * 86400;
	if (value < 0 || per_second <= 0 || value / per_second > max_s)
		return false;
	/* value / per_second <= max_s, so this fits in int64 */
	*ns = value / per_second * INT64_C(1000000000) + value % per_second * (INT64_C(1000000000) / per_second);
	return true;
}

bool lt_parse_int(const char *s, size_t n, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	if (n && s[0] == '-') {
		neg = true;
		i = 1;
	}
	if (i >= n || n - i > 18)
		return false;
	int64_t v = 0;
	for (; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = neg ? -v : v;
	return true;
}

bool lt_parse_decimal_scaled(const char *s, size_t n, int64_t scale, int64_t *out)
{
	size_t dot = 0;
	while (dot < n && s[dot] != '.')
		dot++;
	int64_t whole;
	if (!lt_parse_int(s, dot, &whole) || whole < 0 || whole > INT64_C(1000000000000))
		return false;
	int64_t frac = 0, fscale = scale;
	for (size_t i = dot + 1; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		fscale /= 10;
		frac += (s[i] - '0') * fscale;
	}
	if (dot + 1 == n)
		return false;
	*out = whole * scale + frac;
	return true;
}

/* ---- Tokenizers --------------------------------------------------------- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

size_t lt_split_ws(const char *s, size_t n, struct lt_str *out, size_t max)
{
	size_t count = 0, i = 0;
	for (;;) {
		while (i < n && is_blank(s[i]))
			i++;
		if (i >= n)
			break;
		size_t start = i;
		while (i < n && !is_blank(s[i]))
			i++;
		if (count < max)
			out[count] = (struct lt_str){ s + start, i - start };
		count++;
	}
	return count;
}

size_t lt_split_ws_quoted(const char *s, size_t n, struct lt_str *out, bool *quoted, size_t max)
{
	size_t count = 0, i = 0;
	for (;;) {
		while (i < n && is_blank(s[i]))
			i++;
		if (i >= n)
			break;
		struct lt_str f;
		bool q = s[i] == '"';
		if (q) {
			size_t start = ++i;
			for (;;) {
				if (i >= n)
					break;
				if (s[i] == '\\' && i + 1 < n) {
					i += 2;
					continue;
				}
				/* "" inside a quoted field is an escaped quote (W3C, CSV
				 * habit), unless it closes an empty field */
				if (s[i] == '"' && i + 1 < n && s[i + 1] == '"' && i > start) {
					i += 2;
					continue;
				}
				if (s[i] == '"')
					break;
				i++;
			}
			f = (struct lt_str){ s + start, i - start };
			if (i < n)
				i++;	/* closing quote */
			/* text glued to the closing quote belongs to this field */
			while (i < n && !is_blank(s[i]))
				i++;
		} else {
			size_t start = i;
			while (i < n && !is_blank(s[i]))
				i++;
			f = (struct lt_str){ s + start, i - start };
		}
		if (count < max) {
			out[count] = f;
			if (quoted)
				quoted[count] = q;
		}
		count++;
	}
	return count;
}

size_t lt_split_csv(const char *s, size_t n, char sep, struct lt_str *out, size_t max,
		    struct lt_buf *scratch)
{
	if (n && s[n - 1] == '\r')
		n--;
	/* Unescaped text is never longer than the line: reserve once so that
	 * spans into scratch stay valid while we append. */
	lt_buf_reset(scratch);
	lt_buf_reserve(scratch, n + 1);
	size_t count = 0, i = 0;
	bool open_quote = false;
	for (;;) {
		struct lt_str f;
		if (i < n && s[i] == '"') {
			size_t start = scratch->len;
			i++;
			for (;;) {
				if (i >= n) {
					open_quote = true;
					break;
				}
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"') {
						lt_buf_putc(scratch, '"');
						i += 2;
						continue;
					}
					i++;
					break;
				}
				lt_buf_putc(scratch, s[i]);
				i++;
			}
			/* text between the closing quote and the separator is
			 * not RFC 4180; keep the quoted part, drop the rest */
			while (i < n && s[i] != sep)
				i++;
			f = (struct lt_str){ scratch->data + start, scratch->len - start };
		} else {
			size_t start = i;
			while (i < n && s[i] != sep)
				i++;
			f = (struct lt_str){ s + start, i - start };
		}
		if (count < max)
			out[count] = f;
		count++;
		if (i >= n)
			break;
		i++;	/* separator */
	}
	return open_quote ? LT_CSV_OPEN_QUOTE : count;
}

size_t lt_split_kv(const char *s, size_t n, struct lt_kv *out, size_t max)
{
	size_t count = 0, i = 0;
	for (;;) {
		while (i < n && is_blank(s[i]))
			i++;
		if (i >= n)
			break;
		size_t kstart = i;
		while (i < n && !is_blank(s[i]) && s[i] != '=')
			i++;
		if (i >= n || s[i] != '=') {
			continue;	/* a token without '=': skip it */
		}
		struct lt_kv kv;
		kv.key = (struct lt_str){ s + kstart, i - kstart };
		i++;
		kv.quoted = i < n && s[i] == '"';
		if (kv.quoted) {
			size_t vstart = ++i;
			while (i < n && s[i] != '"') {
				if (s[i] == '\\' && i + 1 < n)
					i++;
				i++;
			}
			kv.val = (struct lt_str){ s + vstart, i - vstart };
			if (i < n)
				i++;
		} else {
			size_t vstart = i;
			while (i < n && !is_blank(s[i]))
				i++;
			kv.val = (struct lt_str){ s + vstart, i - vstart };
		}
		if (kv.key.n == 0)
			continue;
		if (count < max)
			out[count] = kv;
		count++;
	}
	return count;
}

const struct lt_kv *lt_kv_get(const struct lt_kv *kv, size_t nkv, const char *key)
{
	for (size_t i = 0; i < nkv; i++)
		if (lt_str_eq(kv[i].key, key))
			return &kv[i];
	return NULL;
}

bool lt_str_eq(struct lt_str a, const char *lit)
{
	size_t l = strlen(lit);
	return a.n == l && memcmp(a.p, lit, l) == 0;
}

bool lt_str_has_prefix(struct lt_str a, const char *lit)
{
	size_t l = strlen(lit);
	return a.n >= l && memcmp(a.p, lit, l) == 0;
}

bool lt_str_is_dash(struct lt_str a)
{
	return a.n == 0 || (a.n == 1 && a.p[0] == '-');
}

struct lt_str lt_str_rtrim(struct lt_str a)
{
	while (a.n && is_blank(a.p[a.n - 1]))
		a.n--;
	return a;
}

const char *lt_memcasemem(const char *h, size_t hn, const char *needle)
{
	size_t nn = strlen(needle);
	if (nn == 0)
		return h;
	for (size_t i = 0; i + nn <= hn; i++) {
		size_t k = 0;
		while (k < nn && tolower((unsigned char)h[i + k]) == tolower((unsigned char)needle[k]))
			k++;
		if (k == nn)
			return h + i;
	}
	return NULL;
}

void lt_rec_set_span(struct lt_record *r, const char *key, struct lt_str v)
{
	if (!lt_str_is_dash(v))
		lt_rec_set_str(r, key, v.p, v.n);
}

bool lt_rec_set_span_int(struct lt_record *r, const char *key, struct lt_str v)
{
	int64_t x;
	if (lt_str_is_dash(v) || !lt_parse_int(v.p, v.n, &x))
		return false;
	lt_rec_set_int(r, key, x);
	return true;
}

struct lt_str lt_url_host(struct lt_str url)
{
	const char *p = url.p, *end = url.p + url.n;
	const char *scheme = NULL;
	for (const char *q = p; q + 2 < end; q++) {
		if (*q == '/' || *q == '?' || *q == ' ')
			break;
		if (q[0] == ':' && q[1] == '/' && q[2] == '/') {
			scheme = q;
			break;
		}
	}
	if (scheme)
		p = scheme + 3;
	else if (p < end && *p == '/')
		return (struct lt_str){ p, 0 };	/* a path: no host */
	const char *hend = p;
	while (hend < end && *hend != '/' && *hend != '?' && *hend != '#')
		hend++;
	/* userinfo@ */
	for (const char *q = hend; q > p; q--)
		if (q[-1] == '@') {
			p = q;
			break;
		}
	if (p < hend && *p == '[') {
		const char *close = memchr(p, ']', (size_t)(hend - p));
		if (close)
			return (struct lt_str){ p + 1, (size_t)(close - p - 1) };
	}
	const char *colon = NULL;
	for (const char *q = p; q < hend; q++)
		if (*q == ':')
			colon = colon ? NULL : q;	/* two colons: a bare IPv6, keep whole */
	int ncolon = 0;
	for (const char *q = p; q < hend; q++)
		ncolon += *q == ':';
	if (ncolon == 1 && colon)
		hend = colon;
	return (struct lt_str){ p, (size_t)(hend - p) };
}

bool lt_is_ip(struct lt_str s)
{
	char buf[64];
	unsigned char addr[16];
	if (s.n == 0 || s.n >= sizeof buf)
		return false;
	memcpy(buf, s.p, s.n);
	buf[s.n] = '\0';
	return inet_pton(AF_INET, buf, addr) == 1 || inet_pton(AF_INET6, buf, addr) == 1;
}

int lt_probe_share(const struct lt_probe_data *pd, bool (*match)(const char *s, size_t n), int max)
{
	size_t seen = 0, hit = 0;
	for (size_t i = 0; i < pd->nlines; i++) {
		struct lt_str l = lt_str_rtrim((struct lt_str){ pd->lines[i].text, pd->lines[i].len });
		if (l.n == 0)
			continue;
		seen++;
		if (match(l.p, l.n))
			hit++;
	}
	if (hit == 0)
		return 0;
	return (int)((size_t)max * hit / seen);
}

void lt_vpn_event(struct lt_record *r, const char *action)
{
	const char *cat = "session", *outcome = LT_OUTCOME_SUCCESS;
	if (strcmp(action, LT_VPN_LOGIN) == 0) {
		cat = "authentication";
	} else if (strcmp(action, LT_VPN_LOGIN_FAILED) == 0) {
		cat = "authentication";
		outcome = LT_OUTCOME_FAILURE;
	} else if (strcmp(action, LT_VPN_CONNECT) == 0 || strcmp(action, LT_VPN_DISCONNECT) == 0) {
		cat = "network";
	}
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, cat);
	lt_rec_set_cstr(r, LT_F_EVENT_ACTION, action);
	lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, outcome);
}

static void set_addr(struct lt_record *r, const char *ipkey, const char *portkey, struct lt_str s, bool port_sure);

void lt_set_addr_port(struct lt_record *r, const char *ipkey, const char *portkey, struct lt_str s)
{
	set_addr(r, ipkey, portkey, s, false);
}

void lt_set_addr_with_port(struct lt_record *r, const char *ipkey, const char *portkey, struct lt_str s)
{
	set_addr(r, ipkey, portkey, s, true);
}

static void set_addr(struct lt_record *r, const char *ipkey, const char *portkey, struct lt_str s, bool port_sure)
{
	if (lt_str_has_prefix(s, "[AF_INET6]")) {
		s.p += 10;
		s.n -= 10;
	} else if (lt_str_has_prefix(s, "[AF_INET]")) {
		s.p += 9;
		s.n -= 9;
	}
	while (s.n && (s.p[s.n - 1] == ',' || s.p[s.n - 1] == '.' || s.p[s.n - 1] == ':'))
		s.n--;
	struct lt_str host = s, port = { NULL, 0 };
	if (s.n && s.p[0] == '[') {
		const char *close = memchr(s.p, ']', s.n);
		if (close) {
			host = (struct lt_str){ s.p + 1, (size_t)(close - s.p - 1) };
			if (close + 1 < s.p + s.n && close[1] == ':')
				port = (struct lt_str){ close + 2, (size_t)(s.p + s.n - close - 2) };
		}
	} else if (port_sure || !lt_is_ip(s)) {
		/* last colon separates the port: "1.2.3.4:5", "2001:db8::1:4500" */
		for (size_t k = s.n; k-- > 0;)
			if (s.p[k] == ':') {
				struct lt_str h = { s.p, k };
				int64_t pv;
				if (lt_parse_int(s.p + k + 1, s.n - k - 1, &pv) && (lt_is_ip(h) || !memchr(h.p, ':', h.n))) {
					host = h;
					port = (struct lt_str){ s.p + k + 1, s.n - k - 1 };
				}
				break;
			}
	}
	if (lt_str_is_dash(host))
		return;
	if (lt_is_ip(host))
		lt_rec_set_str(r, ipkey, host.p, host.n);
	else if (strcmp(ipkey, LT_F_SOURCE_IP) == 0)
		lt_rec_set_str(r, LT_F_SOURCE_ADDRESS, host.p, host.n);
	else if (strcmp(ipkey, LT_F_DEST_IP) == 0)
		lt_rec_set_str(r, LT_F_DEST_ADDRESS, host.p, host.n);
	if (port.n && portkey)
		lt_rec_set_span_int(r, portkey, port);
}

bool lt_line_blank(const struct lt_line *line)
{
	for (size_t i = 0; i < line->len; i++)
		if (!is_blank(line->text[i]))
			return false;
	return true;
}
