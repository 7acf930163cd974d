/* Microsoft IIS log file format (the "IIS" choice in IIS Manager, not
 * W3C): fixed, comma-separated ASCII, one request per line, no header:
 *
 *   192.0.2.7, -, 11/25/26, 9:30:12, W3SVC1, WEB01, 192.0.2.5, 31, 412, 9120, 200, 0, GET, /a.pdf, -,
 *
 * Fields: client IP, user name, date (MM/DD/YY or MM/DD/YYYY), time,
 * service instance, server name, server IP, time taken (ms), bytes
 * received, bytes sent, HTTP status, Windows status, method, target,
 * parameters (each followed by ", "; the line ends with ","). The time is
 * the server's local time (unlike W3C, which IIS writes in UTC), so it is
 * read in --tz. Two-digit years are 2000-2099.
 */
#include <string.h>

#include "parse/fields.h"
#include "parse/parser.h"

#define IIS_FIELDS 15

enum { I_CLIENT, I_USER, I_DATE, I_TIME, I_SERVICE, I_SERVER, I_SERVER_IP, I_TAKEN, I_BYTES_IN,
	I_BYTES_OUT, I_STATUS, I_WIN32, I_METHOD, I_TARGET, I_PARAMS };

/* Split on ", " (IIS writes a comma and a blank between fields). */
static size_t split_iis(const char *s, size_t n, struct lt_str *f, size_t max)
{
	size_t nf = 0, start = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != ',')
			continue;
		if (nf < max)
			f[nf] = (struct lt_str){ s + start, i - start };
		nf++;
		start = i + 1;
		if (start < n && s[start] == ' ')
			start++;
	}
	/* the last field is followed by a comma; anything after it is extra */
	size_t rest = n - start;
	while (rest && (s[start + rest - 1] == '\r' || s[start + rest - 1] == ' '))
		rest--;
	return rest ? nf + 1 : nf;
}

/* "11/25/26" or "11/25/2026" -> civil date */
static bool iis_date(struct lt_str d, struct lt_civil *c)
{
	int64_t m, day, y;
	const char *s1 = memchr(d.p, '/', d.n);
	const char *s2 = s1 ? memchr(s1 + 1, '/', (size_t)(d.p + d.n - s1 - 1)) : NULL;
	if (!s2 || !lt_parse_int(d.p, (size_t)(s1 - d.p), &m) ||
	    !lt_parse_int(s1 + 1, (size_t)(s2 - s1 - 1), &day) ||
	    !lt_parse_int(s2 + 1, (size_t)(d.p + d.n - s2 - 1), &y))
		return false;
	size_t yl = (size_t)(d.p + d.n - s2 - 1);
	if (yl == 2)
		y += 2000;
	else if (yl != 4)
		return false;
	if (m < 1 || m > 12 || day < 1 || day > 31)
		return false;
	c->year = (int)y;
	c->month = (int)m;
	c->day = (int)day;
	return true;
}

/* "9:30:12" or "09:30:12" */
static bool iis_time(struct lt_str t, struct lt_civil *c)
{
	int64_t h, mi, s;
	const char *c1 = memchr(t.p, ':', t.n);
	const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(t.p + t.n - c1 - 1)) : NULL;
	if (!c2 || !lt_parse_int(t.p, (size_t)(c1 - t.p), &h) || !lt_parse_int(c1 + 1, (size_t)(c2 - c1 - 1), &mi) ||
	    !lt_parse_int(c2 + 1, (size_t)(t.p + t.n - c2 - 1), &s))
		return false;
	if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60)
		return false;
	c->hour = (int)h;
	c->min = (int)mi;
	c->sec = (int)s;
	c->usec = 0;
	return true;
}

static bool iis_fields(const char *s, size_t n, struct lt_str *f)
{
	if (split_iis(s, n, f, IIS_FIELDS) != IIS_FIELDS)
		return false;
	struct lt_civil c;
	int64_t x;
	return lt_is_ip(f[I_CLIENT]) && iis_date(f[I_DATE], &c) && iis_time(f[I_TIME], &c) &&
	       lt_parse_int(f[I_STATUS].p, f[I_STATUS].n, &x) && lt_parse_int(f[I_TAKEN].p, f[I_TAKEN].n, &x);
}

static bool iis_line(const char *s, size_t n)
{
	struct lt_str f[IIS_FIELDS];
	return iis_fields(s, n, f);
}

static int iis_probe(const struct lt_probe_data *pd)
{
	return lt_probe_share(pd, iis_line, 90);
}

static enum lt_line_result iis_parse(void *state, struct lt_parse_ctx *ctx, const struct lt_line *line,
				     const char **reason)
{
	(void)state;
	if (lt_line_blank(line))
		return LT_LINE_META;
	struct lt_str f[IIS_FIELDS];
	if (!iis_fields(line->text, line->len, f)) {
		*reason = "iis_native: not 15 comma-separated IIS fields";
		return LT_LINE_UNPARSED;
	}
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	struct lt_record *r = lt_parse_begin(ctx, line);
	struct lt_civil c = { 0 };
	iis_date(f[I_DATE], &c);
	iis_time(f[I_TIME], &c);
	lt_time_us t = lt_tz_local_to_utc(env->tz, &c);
	/* the original text: "11/25/26, 9:30:12" as written */
	lt_rec_set_event_time(r, t, f[I_DATE].p, (size_t)(f[I_TIME].p + f[I_TIME].n - f[I_DATE].p),
			      lt_tz_name(env->tz), false);
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "web");
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "iis.access");
	lt_rec_set_str(r, LT_F_SOURCE_IP, f[I_CLIENT].p, f[I_CLIENT].n);
	lt_rec_set_span(r, LT_F_USER_NAME, f[I_USER]);
	lt_rec_set_span(r, LT_F_OBSERVER_NAME, f[I_SERVICE]);
	lt_rec_set_span(r, LT_F_HOST_NAME, f[I_SERVER]);
	if (lt_is_ip(f[I_SERVER_IP]))
		lt_rec_set_str(r, LT_F_DEST_IP, f[I_SERVER_IP].p, f[I_SERVER_IP].n);
	int64_t ms, ns, status;
	if (lt_parse_int(f[I_TAKEN].p, f[I_TAKEN].n, &ms) && lt_duration_ns(ms, 1000, &ns))
		lt_rec_set_int(r, LT_F_EVENT_DURATION, ns);
	lt_rec_set_span_int(r, LT_F_HTTP_REQ_BYTES, f[I_BYTES_IN]);
	lt_rec_set_span_int(r, LT_F_HTTP_RESP_BYTES, f[I_BYTES_OUT]);
	if (lt_parse_int(f[I_STATUS].p, f[I_STATUS].n, &status) && status > 0) {
		lt_rec_set_int(r, LT_F_HTTP_STATUS, status);
		lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, status >= 400 ? LT_OUTCOME_FAILURE : LT_OUTCOME_SUCCESS);
	}
	lt_rec_set_span(r, LT_F_HTTP_METHOD, f[I_METHOD]);
	lt_rec_set_span(r, LT_F_URL_PATH, f[I_TARGET]);
	lt_rec_set_span(r, LT_F_URL_QUERY, f[I_PARAMS]);
	lt_rec_set_span(r, LT_F_URL_ORIGINAL, f[I_TARGET]);
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

const struct lt_parser lt_parser_iis_native = {
	.name = "iis_native",
	.family = "proxy",
	.description = "Microsoft IIS log file format (comma-separated, local time)",
	.probe = iis_probe,
	.parse_line = iis_parse,
};
