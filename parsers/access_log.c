/* NCSA common / combined access logs: Apache httpd, nginx, Squid's
 * "common" and "combined" logformats, and the usual variations:
 *
 *   host ident user [10/Oct/2000:13:55:36 -0700] "GET /x HTTP/1.0" 200 2326
 *   ... "referer" "user agent"                        (combined)
 *   ... "referer" "user agent" "-"                    (nginx: x_forwarded_for)
 *   ... 2326 TCP_MISS:HIER_DIRECT                     (squid common)
 *   vhost host ident user [...] ...                   (vhost_combined)
 *   10.0.0.2, 10.0.0.1 - - [...] ...                  (address lists)
 *   "10.5.1.2, 175.16.1.1" 10.2.1.185 - - [...] ...   (quoted X-Forwarded-For)
 *   [10/Aug/2018:09:45:56 +0200] 172.30.0.119 TLSv1.2 CIPHER "GET / HTTP/1.1" 1375
 *                                                     (Apache ssl_request_log)
 *
 * The bracketed time carries its own offset. When the client part is a list
 * of addresses, source.ip is the first (the originating client as claimed by
 * the proxies) and the whole list is kept in leaktrail.http.client_list.
 */
#include <string.h>

#include "parse/fields.h"
#include "parse/parser.h"


/* Find " [dd/Mon/yyyy:HH:MM:SS +zzzz]" (or "[" at the start): index of '['. */
static bool find_time(const char *s, size_t n, size_t *open, size_t *close, lt_time_us *t, int32_t *off)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '[' || (i > 0 && s[i - 1] != ' '))
			continue;
		const char *c = memchr(s + i, ']', n - i);
		if (!c)
			return false;
		if (lt_time_parse_apache(s + i + 1, (size_t)(c - s - i - 1), t, off) == 0) {
			*open = i;
			*close = (size_t)(c - s);
			return true;
		}
	}
	return false;
}

/* A quoted string at *i ("...", backslash escapes); returns its content. */
static bool quoted(const char *s, size_t n, size_t *i, struct lt_str *out)
{
	while (*i < n && s[*i] == ' ')
		(*i)++;
	if (*i >= n || s[*i] != '"')
		return false;
	size_t start = ++(*i);
	while (*i < n && s[*i] != '"') {
		if (s[*i] == '\\' && *i + 1 < n)
			(*i)++;
		(*i)++;
	}
	if (*i >= n)
		return false;
	*out = (struct lt_str){ s + start, *i - start };
	(*i)++;
	return true;
}

static struct lt_str token(const char *s, size_t n, size_t *i)
{
	while (*i < n && s[*i] == ' ')
		(*i)++;
	size_t start = *i;
	while (*i < n && s[*i] != ' ')
		(*i)++;
	return (struct lt_str){ s + start, *i - start };
}

/* "GET /x HTTP/1.1" -> method, url, version; "-" or junk leaves them out. */
static void set_request(struct lt_record *r, struct lt_str req)
{
	if (lt_str_is_dash(req))
		return;
	lt_rec_set_str(r, LT_F_HTTP_REQ_ORIGINAL, req.p, req.n);
	const char *sp1 = memchr(req.p, ' ', req.n);
	if (!sp1)
		return;	/* "hello": not a request line */
	struct lt_str method = { req.p, (size_t)(sp1 - req.p) };
	struct lt_str rest = { sp1 + 1, (size_t)(req.p + req.n - sp1 - 1) };
	const char *sp2 = NULL;
	for (size_t k = rest.n; k-- > 0;)
		if (rest.p[k] == ' ') {
			sp2 = rest.p + k;
			break;
		}
	struct lt_str url = rest;
	if (sp2 && lt_str_has_prefix((struct lt_str){ sp2 + 1, (size_t)(rest.p + rest.n - sp2 - 1) }, "HTTP/")) {
		url.n = (size_t)(sp2 - rest.p);
		lt_rec_set_str(r, LT_F_HTTP_VERSION, sp2 + 6, (size_t)(rest.p + rest.n - sp2 - 6));
	}
	lt_rec_set_span(r, LT_F_HTTP_METHOD, method);
	lt_rec_set_span(r, LT_F_URL_ORIGINAL, url);
	struct lt_str host = lt_url_host(url);
	lt_rec_set_span(r, LT_F_URL_DOMAIN, host);
}

static void set_client(struct lt_record *r, struct lt_str c)
{
	if (lt_is_ip(c))
		lt_rec_set_str(r, LT_F_SOURCE_IP, c.p, c.n);
	else
		lt_rec_set_span(r, LT_F_SOURCE_ADDRESS, c);
}

/* The part before " [time]": "[vhost ]client[, client...] ident user" or
 * "\"list\" client ident user". */
static bool set_prefix(struct lt_record *r, const char *s, size_t n)
{
	struct lt_str tok[16];
	bool q[16];
	size_t nt = lt_split_ws_quoted(s, n, tok, q, 16);
	if (nt == 0 || nt > 16)
		return false;
	/* ident and user, when present, are the last two */
	size_t nclient = nt >= 3 ? nt - 2 : nt;
	if (nt >= 3)
		lt_rec_set_span(r, LT_F_USER_NAME, tok[nt - 1]);
	struct lt_str first = { NULL, 0 };
	size_t listed = 0;
	for (size_t k = 0; k < nclient; k++) {
		struct lt_str t = tok[k];
		bool list = q[k] || (t.n && t.p[t.n - 1] == ',') || (k > 0 && tok[k - 1].n && tok[k - 1].p[tok[k - 1].n - 1] == ',');
		if (!list && k + 1 < nclient && !lt_is_ip(t) && nclient == 2) {
			/* vhost_combined: the served virtual host comes first */
			lt_rec_set_str(r, LT_F_DEST_DOMAIN, t.p, t.n);
			lt_rec_set_str(r, LT_F_URL_DOMAIN, t.p, t.n);
			continue;
		}
		/* split "a, b" and quoted "a, b, c" into single addresses */
		size_t i = 0;
		while (i < t.n) {
			while (i < t.n && (t.p[i] == ' ' || t.p[i] == ','))
				i++;
			size_t st = i;
			while (i < t.n && t.p[i] != ',' && t.p[i] != ' ')
				i++;
			if (i > st) {
				struct lt_str a = { t.p + st, i - st };
				lt_rec_add_str(r, LT_F_HTTP_CLIENT_LIST, a.p, a.n);
				if (!first.p)
					first = a;
				listed++;
			}
		}
	}
	if (!first.p)
		return false;
	if (listed < 2)
		lt_rec_remove(r, LT_F_HTTP_CLIENT_LIST);
	set_client(r, first);
	return true;
}

static bool access_line(const char *s, size_t n)
{
	size_t open, close;
	lt_time_us t;
	int32_t off;
	if (!find_time(s, n, &open, &close, &t, &off))
		return false;
	size_t i = close + 1;
	struct lt_str q;
	if (open == 0) {	/* ssl_request_log: ip proto cipher "req" */
		token(s, n, &i);
		token(s, n, &i);
		token(s, n, &i);
	}
	return quoted(s, n, &i, &q);
}

static int access_probe(const struct lt_probe_data *pd)
{
	return lt_probe_share(pd, access_line, 90);
}

static enum lt_line_result access_parse(void *state, struct lt_parse_ctx *ctx,
					const struct lt_line *line, const char **reason)
{
	if (lt_line_blank(line))
		return LT_LINE_META;
	(void)state;
	const char *s = line->text;
	size_t n = line->len;
	size_t open, close;
	lt_time_us t;
	int32_t off;
	if (!find_time(s, n, &open, &close, &t, &off)) {
		*reason = n ? "access log: no [dd/Mon/yyyy:HH:MM:SS zone] time" : "empty line";
		return LT_LINE_UNPARSED;
	}
	struct lt_record *r = lt_parse_begin(ctx, line);
	lt_rec_set_event_time_off(r, t, s + open + 1, close - open - 1, off);
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "web");
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "http.access");
	size_t i = close + 1;
	struct lt_str req;
	if (open == 0) {
		struct lt_str client = token(s, n, &i);
		set_client(r, client);
		/* ECS: "TLSv1.2" -> tls.version_protocol "tls", tls.version "1.2" */
		struct lt_str proto = token(s, n, &i);
		size_t k = 0;
		while (k < proto.n && !(proto.p[k] >= '0' && proto.p[k] <= '9'))
			k++;
		if (k > 0 && k < proto.n) {
			char low[16];
			size_t pl = proto.p[k - 1] == 'v' ? k - 1 : k;
			for (size_t j = 0; j < pl && j < sizeof low; j++)
				low[j] = (char)(proto.p[j] | 0x20);
			lt_rec_set_str(r, LT_F_TLS_VERSION_PROTOCOL, low, pl < sizeof low ? pl : sizeof low);
			lt_rec_set_str(r, LT_F_TLS_VERSION, proto.p + k, proto.n - k);
		} else {
			lt_rec_set_span(r, LT_F_TLS_VERSION, proto);
		}
		lt_rec_set_span(r, LT_F_TLS_CIPHER, token(s, n, &i));
	} else if (!set_prefix(r, s, open)) {
		*reason = "access log: no client before the time";
		return LT_LINE_UNPARSED;
	}
	if (!quoted(s, n, &i, &req)) {
		*reason = "access log: no quoted request after the time";
		return LT_LINE_UNPARSED;
	}
	set_request(r, req);
	struct lt_str a = token(s, n, &i);
	struct lt_str b = token(s, n, &i);
	int64_t status = 0;
	if (open == 0) {
		lt_rec_set_span_int(r, LT_F_HTTP_RESP_BYTES, a);	/* ssl_request_log: no status */
	} else {
		if (lt_parse_int(a.p, a.n, &status) && status > 0)
			lt_rec_set_int(r, LT_F_HTTP_STATUS, status);
		lt_rec_set_span_int(r, LT_F_HTTP_RESP_BYTES, b);
		lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, status >= 400 ? LT_OUTCOME_FAILURE : LT_OUTCOME_SUCCESS);
	}
	struct lt_str ref, ua;
	size_t save = i;
	if (quoted(s, n, &i, &ref)) {
		lt_rec_set_span(r, LT_F_HTTP_REFERRER, ref);
		if (quoted(s, n, &i, &ua))
			lt_rec_set_span(r, LT_F_USER_AGENT, ua);
		save = i;
	}
	i = save;
	/* squid common/combined end with "TCP_MISS:HIER_DIRECT" */
	struct lt_str tail = token(s, n, &i);
	const char *colon = tail.n ? memchr(tail.p, ':', tail.n) : NULL;
	if (colon && colon > tail.p && (lt_str_has_prefix(tail, "TCP_") || lt_str_has_prefix(tail, "NONE") ||
					lt_str_has_prefix(tail, "UDP_"))) {
		struct lt_str code = { tail.p, (size_t)(colon - tail.p) };
		lt_rec_set_str(r, LT_F_EVENT_ACTION, code.p, code.n);
		bool blocked = lt_memcasemem(code.p, code.n, "DENIED") != NULL;
		lt_rec_set_cstr(r, LT_F_PROXY_ACTION, blocked ? "blocked" : "allowed");
		if (blocked)
			lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, LT_OUTCOME_FAILURE);
	}
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

const struct lt_parser lt_parser_access_log = {
	.name = "access_log",
	.family = "proxy",
	.description = "NCSA common/combined access log (Apache, nginx, Squid common/combined)",
	.probe = access_probe,
	.parse_line = access_parse,
};
