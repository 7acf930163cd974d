/* Proxifier (a Windows/macOS proxy client) connection log: which program
 * opened which host through which proxy, and how many bytes it sent:
 *
 *   [10.30 16:49:06] chrome.exe - host.example:443 open through proxy proxy.example:8080 HTTPS
 *   [10.30 16:49:07] chrome.exe *64 - host.example:443 close, 1190 bytes (1.16 KB) sent, 1671 bytes (1.63 KB) received, lifetime 00:02
 *   [10.30 16:49:08] app.exe - host.example:443 error : Could not connect through proxy proxy.example:8080 - ...
 *
 * The stamp is "[MM.DD HH:MM:SS]": local time (--tz) without a year, which
 * is inferred like syslog's (parse/syslog.h) from the file's mtime.
 * open -> event.action proxy_open; close -> proxy_close with
 * source.bytes (sent by the program), destination.bytes (received) and
 * event.duration (lifetime "MM:SS", "HH:MM:SS" or "<1 sec"); error ->
 * proxy_error, event.outcome failure, event.reason. " *64" after the
 * program marks a 64-bit process (leaktrail.process.arch).
 */
#include <string.h>

#include "parse/fields.h"
#include "parse/parser.h"
#include "parse/syslog.h"

struct px_line {
	struct lt_civil c;
	struct lt_str stamp, program, target, rest;
	bool x64;
};

static bool two_digits(const char *p, int *v)
{
	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return false;
	*v = (p[0] - '0') * 10 + (p[1] - '0');
	return true;
}

/* "[10.30 16:49:06] prog[ *64] - host:port rest" */
static bool px_split(const char *s, size_t n, struct px_line *l)
{
	memset(l, 0, sizeof *l);
	if (n < 20 || s[0] != '[' || s[3] != '.' || s[6] != ' ' || s[9] != ':' || s[12] != ':' || s[15] != ']' ||
	    s[16] != ' ')
		return false;
	if (!two_digits(s + 1, &l->c.month) || !two_digits(s + 4, &l->c.day) || !two_digits(s + 7, &l->c.hour) ||
	    !two_digits(s + 10, &l->c.min) || !two_digits(s + 13, &l->c.sec))
		return false;
	if (l->c.month < 1 || l->c.month > 12 || l->c.day < 1 || l->c.day > 31 || l->c.hour > 23 || l->c.min > 59 ||
	    l->c.sec > 60)
		return false;
	l->stamp = (struct lt_str){ s + 1, 14 };
	const char *p = s + 17, *e = s + n;
	const char *dash = lt_memcasemem(p, (size_t)(e - p), " - ");
	if (!dash || dash == p)
		return false;
	l->program = (struct lt_str){ p, (size_t)(dash - p) };
	if (l->program.n > 4 && memcmp(dash - 4, " *64", 4) == 0) {
		l->x64 = true;
		l->program.n -= 4;
	}
	const char *t = dash + 3;
	const char *sp = memchr(t, ' ', (size_t)(e - t));
	if (!sp || sp == t)
		return false;
	l->target = (struct lt_str){ t, (size_t)(sp - t) };
	l->rest = (struct lt_str){ sp + 1, (size_t)(e - sp - 1) };
	return lt_str_has_prefix(l->rest, "open through proxy ") || lt_str_has_prefix(l->rest, "close,") ||
	       lt_str_has_prefix(l->rest, "error :") || lt_str_has_prefix(l->rest, "open directly");
}

static bool px_probe_line(const char *s, size_t n)
{
	struct px_line l;
	return px_split(s, n, &l);
}

static int px_probe(const struct lt_probe_data *pd)
{
	return lt_probe_share(pd, px_probe_line, 90);
}

/* "1190 bytes (1.16 KB) sent" : the number before " bytes" ahead of word */
static bool bytes_before(struct lt_str r, const char *word, int64_t *out)
{
	const char *w = lt_memcasemem(r.p, r.n, word);
	if (!w)
		return false;
	/* walk back to the ", " that starts this clause */
	const char *c = w;
	while (c > r.p && !(c[-1] == ' ' && c - 1 > r.p && c[-2] == ','))
		c--;
	const char *b = lt_memcasemem(c, (size_t)(w - c), " bytes");
	return b && lt_parse_int(c, (size_t)(b - c), out);
}

/* "lifetime 00:02", "lifetime 01:02:03", "lifetime <1 sec" -> seconds */
static bool lifetime(struct lt_str r, int64_t *sec)
{
	const char *l = lt_memcasemem(r.p, r.n, "lifetime ");
	if (!l)
		return false;
	l += 9;
	struct lt_str v = lt_str_rtrim((struct lt_str){ l, (size_t)(r.p + r.n - l) });
	if (lt_str_has_prefix(v, "<1 sec")) {
		*sec = 0;
		return true;
	}
	int64_t total = 0, part;
	size_t start = 0;
	for (size_t i = 0; i <= v.n; i++) {
		if (i < v.n && v.p[i] != ':')
			continue;
		if (!lt_parse_int(v.p + start, i - start, &part) || part < 0)
			return false;
		total = total * 60 + part;
		start = i + 1;
	}
	*sec = total;
	return true;
}

static void set_target(struct lt_record *r, struct lt_str t)
{
	const char *colon = NULL;
	for (size_t i = t.n; i > 0; i--)
		if (t.p[i - 1] == ':') {
			colon = t.p + i - 1;
			break;
		}
	struct lt_str host = colon ? (struct lt_str){ t.p, (size_t)(colon - t.p) } : t;
	lt_rec_set_str(r, lt_is_ip(host) ? LT_F_DEST_IP : LT_F_DEST_DOMAIN, host.p, host.n);
	if (colon)
		lt_rec_set_span_int(r, LT_F_DEST_PORT, (struct lt_str){ colon + 1, (size_t)(t.p + t.n - colon - 1) });
}

static void px_event(struct lt_record *r, const struct px_line *l)
{
	struct lt_str rest = l->rest;
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "network");
	if (lt_str_has_prefix(rest, "open")) {
		lt_rec_set_cstr(r, LT_F_EVENT_ACTION, "proxy_open");
		lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, LT_OUTCOME_SUCCESS);
		struct lt_str f[5];
		size_t nf = lt_split_ws(rest.p, rest.n, f, 5);
		if (lt_str_has_prefix(rest, "open through proxy ") && nf >= 4) {
			lt_rec_set_span(r, LT_F_PROXY_SERVER, f[3]);
			if (nf >= 5)
				lt_rec_set_span(r, LT_F_NETWORK_PROTOCOL, f[4]);
		}
		return;
	}
	if (lt_str_has_prefix(rest, "close,")) {
		int64_t v;
		lt_rec_set_cstr(r, LT_F_EVENT_ACTION, "proxy_close");
		lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, LT_OUTCOME_SUCCESS);
		if (bytes_before(rest, " sent", &v))
			lt_rec_set_int(r, LT_F_SOURCE_BYTES, v);
		if (bytes_before(rest, " received", &v))
			lt_rec_set_int(r, LT_F_DEST_BYTES, v);
		int64_t ns;
		if (lifetime(rest, &v) && lt_duration_ns(v, 1, &ns))
			lt_rec_set_int(r, LT_F_EVENT_DURATION, ns);
		return;
	}
	lt_rec_set_cstr(r, LT_F_EVENT_ACTION, "proxy_error");
	lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, LT_OUTCOME_FAILURE);
	struct lt_str reason = { rest.p + 7, rest.n - 7 };	/* after "error :" */
	while (reason.n && reason.p[0] == ' ') {
		reason.p++;
		reason.n--;
	}
	lt_rec_set_span(r, LT_F_EVENT_REASON, lt_str_rtrim(reason));
}

static enum lt_line_result px_parse(void *state, struct lt_parse_ctx *ctx, const struct lt_line *line,
				    const char **reason)
{
	(void)state;
	if (lt_line_blank(line))
		return LT_LINE_META;
	struct px_line l;
	if (!px_split(line->text, line->len, &l)) {
		*reason = "proxifier: not '[MM.DD HH:MM:SS] program - host:port open/close/error'";
		return LT_LINE_UNPARSED;
	}
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	struct lt_record *r = lt_parse_begin(ctx, line);
	l.c.year = lt_infer_year(l.c.month, l.c.day, env->ref_time, env->tz);
	if (l.c.year) {
		lt_time_us t = lt_tz_local_to_utc(env->tz, &l.c);
		lt_rec_set_event_time(r, t, l.stamp.p, l.stamp.n, lt_tz_name(env->tz), true);
	} else {
		lt_rec_set_str(r, LT_F_TIME_TEXT, l.stamp.p, l.stamp.n);
	}
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "proxifier.connection");
	lt_rec_set_span(r, LT_F_PROCESS_NAME, l.program);
	if (l.x64)
		lt_rec_set_cstr(r, LT_F_PROCESS_ARCH, "x64");
	set_target(r, l.target);
	px_event(r, &l);
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

const struct lt_parser lt_parser_proxifier = {
	.name = "proxifier",
	.family = "proxy",
	.description = "Proxifier connection log: program, target host, proxy, bytes sent/received",
	.probe = px_probe,
	.parse_line = px_parse,
};
