/* W3C extended log format / ELFF, driven by its "#Fields:" directive:
 * Microsoft IIS, Symantec/Blue Coat ProxySG (also when it arrives through
 * syslog, with a syslog header before the ELFF fields), Oracle Web Cache,
 * Incapsula and the like.
 *
 * Directives: #Fields sets the column layout (it may change mid-file);
 * #GMT-Offset says that date/time are local at that offset (the W3C default
 * is UTC); #Date gives the date for logs whose lines carry only a time.
 * date-local/time-local (IIS Advanced Logging) are read in the configured
 * zone (--tz). Values may be quoted ("" escapes a quote); "-" is empty.
 *
 * ProxySG exports often come without their header (syslog forwarding sends
 * only data lines). Without a #Fields line the parser uses ProxySG's
 * default "main" layout (bcreportermain_v1) when the line looks like it, or
 * the layout given with --parser-option w3c.fields="date time c-ip ...".
 * IIS logs cut from their header (copied lines, log shippers) get IIS's
 * default W3C field set when the line has its shape: 15 fields (IIS 8.5
 * and later) or 14 (IIS 7/8, no cs(Referer)), date time s-ip method
 * /stem ... port ... c-ip ... status substatus win32-status time-taken, or
 * every field IIS offers (22, IIS 7.5-8.5: s-sitename s-computername ...
 * cs-version ... cs-host ... sc-bytes cs-bytes time-taken).
 */
#include <stdlib.h>
#include <string.h>

#include "parse/fields.h"
#include "parse/parser.h"
#include "parse/syslog.h"
#include "util/xalloc.h"

enum w3c_field {
	W_OTHER, W_DATE, W_TIME, W_DATE_LOCAL, W_TIME_LOCAL, W_C_IP, W_C_PORT, W_USER, W_AUTH_GROUP,
	W_S_IP, W_S_PORT, W_R_IP, W_METHOD, W_URI, W_STEM, W_QUERY, W_HOST, W_SCHEME, W_URI_PORT,
	W_STATUS, W_SC_BYTES, W_CS_BYTES, W_TIME_TAKEN, W_TIME_TAKEN_MS, W_UA, W_REFERER, W_CONTENT_TYPE,
	W_FILTER_RESULT, W_S_ACTION, W_CATEGORIES, W_EXCEPTION, W_SC_ACTION, W_COMPUTER, W_VIRUS,
	W_THREAT_RISK, W_APP_NAME, W_APP_OP
};

static const struct {
	const char *name;
	enum w3c_field f;
} field_names[] = {
	{ "date", W_DATE }, { "time", W_TIME }, { "date-local", W_DATE_LOCAL }, { "time-local", W_TIME_LOCAL },
	{ "c-ip", W_C_IP }, { "c-port", W_C_PORT }, { "cs-username", W_USER }, { "c-auth-id", W_USER },
	{ "cs-userdn", W_USER }, { "cs-auth-group", W_AUTH_GROUP }, { "s-ip", W_S_IP }, { "s-port", W_S_PORT },
	{ "r-ip", W_R_IP }, { "r-supplier-ip", W_R_IP }, { "cs-method", W_METHOD }, { "cs-uri", W_URI },
	{ "cs-uri-stem", W_STEM }, { "cs-uri-path", W_STEM }, { "cs-uri-query", W_QUERY },
	{ "cs-host", W_HOST }, { "cs(Host)", W_HOST }, { "cs-uri-scheme", W_SCHEME },
	{ "cs-uri-port", W_URI_PORT }, { "sc-status", W_STATUS }, { "sc-bytes", W_SC_BYTES },
	{ "bytes", W_SC_BYTES }, { "cs-bytes", W_CS_BYTES }, { "time-taken", W_TIME_TAKEN },
	{ "TimeTakenMS", W_TIME_TAKEN_MS }, { "cs(User-Agent)", W_UA }, { "cs(Referer)", W_REFERER },
	{ "cs(Referrer)", W_REFERER }, { "rs(Content-Type)", W_CONTENT_TYPE },
	{ "sc-filter-result", W_FILTER_RESULT }, { "s-action", W_S_ACTION }, { "cs-categories", W_CATEGORIES },
	{ "x-exception-id", W_EXCEPTION }, { "sc-action", W_SC_ACTION }, { "s-computername", W_COMPUTER },
	{ "x-virus-id", W_VIRUS }, { "cs-threat-risk", W_THREAT_RISK },
	{ "x-bluecoat-application-name", W_APP_NAME }, { "x-bluecoat-application-operation", W_APP_OP },
};

/* ProxySG default access log format "main" (bcreportermain_v1), plus the
 * three columns newer releases append (seen in the Azure Sentinel sample). */
static const char proxysg_main[] =
	"date time time-taken c-ip cs-username cs-auth-group x-exception-id sc-filter-result "
	"cs-categories cs(Referer) sc-status s-action cs-method rs(Content-Type) cs-uri-scheme "
	"cs-host cs-uri-port cs-uri-path cs-uri-query cs-uri-extension cs(User-Agent) s-ip sc-bytes "
	"cs-bytes x-virus-id x-bluecoat-application-name x-bluecoat-application-operation s-port "
	"x-cs-client-ip-country cs-threat-risk";

/* IIS's default W3C fields (IIS 8.5+; IIS 7 and 8 lack cs(Referer)). */
static const char iis_default15[] =
	"date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
	"cs(Referer) sc-status sc-substatus sc-win32-status time-taken";
static const char iis_default14[] =
	"date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
	"sc-status sc-substatus sc-win32-status time-taken";

/* Every W3C field ticked in IIS Manager (IIS 7.5-8.5), in IIS's order. */
static const char iis_all22[] =
	"date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
	"cs-version cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status "
	"sc-bytes cs-bytes time-taken";

#define W3C_MAX_FIELDS 128

struct w3c_state {
	enum w3c_field fields[W3C_MAX_FIELDS];
	size_t nfields;
	bool have_fields;	/* from #Fields or the option */
	bool have_offset;
	int32_t offset;		/* #GMT-Offset */
	struct lt_civil base_date;	/* from #Date, for time-only lines */
	bool have_base_date;
	bool configured;	/* the option's layout is the fallback */
	enum w3c_field opt_fields[W3C_MAX_FIELDS];
	size_t nopt;
	enum w3c_field sg_fields[W3C_MAX_FIELDS];	/* ProxySG main */
	size_t nsg;
	enum w3c_field iis15[W3C_MAX_FIELDS], iis14[W3C_MAX_FIELDS];	/* IIS defaults */
	enum w3c_field iis22[W3C_MAX_FIELDS];	/* IIS, every field */
	size_t niis15, niis14, niis22;
};

static enum w3c_field field_id(struct lt_str name)
{
	for (size_t i = 0; i < sizeof field_names / sizeof field_names[0]; i++)
		if (lt_str_eq(name, field_names[i].name))
			return field_names[i].f;
	return W_OTHER;
}

static size_t set_layout(enum w3c_field *out, const char *s, size_t n)
{
	struct lt_str names[W3C_MAX_FIELDS];
	size_t nf = lt_split_ws(s, n, names, W3C_MAX_FIELDS);
	if (nf > W3C_MAX_FIELDS)
		nf = W3C_MAX_FIELDS;
	for (size_t i = 0; i < nf; i++)
		out[i] = field_id(names[i]);
	return nf;
}

static int w3c_init(void *state, const struct lt_parse_env *env, const char **error)
{
	struct w3c_state *st = state;
	st->nsg = set_layout(st->sg_fields, proxysg_main, sizeof proxysg_main - 1);
	st->niis15 = set_layout(st->iis15, iis_default15, sizeof iis_default15 - 1);
	st->niis14 = set_layout(st->iis14, iis_default14, sizeof iis_default14 - 1);
	st->niis22 = set_layout(st->iis22, iis_all22, sizeof iis_all22 - 1);
	const char *opt = lt_parse_option(env, "w3c.fields");
	if (opt) {
		st->nopt = set_layout(st->opt_fields, opt, strlen(opt));
		if (st->nopt == 0) {
			*error = "w3c: option w3c.fields is empty";
			return -1;
		}
		st->configured = true;
	}
	return 0;
}

/* "2020-05-02 02:16:40 122207 172.188.21.165 - - - OBSERVED ..." */
static bool proxysg_shape(const char *s, size_t n)
{
	struct lt_str f[12];
	size_t nf = lt_split_ws_quoted(s, n, f, NULL, 12);
	int64_t v;
	if (nf < 12 || f[0].n != 10 || f[0].p[4] != '-' || f[1].n < 8 || f[1].p[2] != ':' ||
	    !lt_parse_int(f[2].p, f[2].n, &v))
		return false;
	return lt_str_eq(f[7], "OBSERVED") || lt_str_eq(f[7], "PROXIED") || lt_str_eq(f[7], "DENIED");
}

static bool all_digits(struct lt_str v)
{
	int64_t x;
	return lt_parse_int(v.p, v.n, &x) && x >= 0;
}

static bool upper_word(struct lt_str v)
{
	if (!v.n || v.n > 20)
		return false;
	for (size_t i = 0; i < v.n; i++)
		if (!((v.p[i] >= 'A' && v.p[i] <= 'Z') || v.p[i] == '-'))
			return false;
	return true;
}

/* Fields of IIS's default layout, 14 or 15, else 0:
 * "2026-11-25 00:30:12 192.0.2.5 GET /a.pdf - 443 - 10.0.0.9 UA - 200 0 0 31" */
/* All 22 fields: "... W3SVC1 WEB01 192.0.2.5 GET /a - 80 - 10.0.0.9 HTTP/1.1 UA - - host 200 0 0 5279 160 15" */
static bool iis_all_shape(const struct lt_str *f)
{
	if (!lt_is_ip(f[4]) || !upper_word(f[5]) || f[6].p[0] != '/' || !all_digits(f[8]) || !lt_is_ip(f[10]) ||
	    !(lt_str_has_prefix(f[11], "HTTP/") || lt_str_is_dash(f[11])))
		return false;
	for (size_t i = 16; i < 22; i++)
		if (!all_digits(f[i]))
			return false;
	return true;
}

static size_t iis_default_shape(const char *s, size_t n)
{
	struct lt_str f[23];
	size_t nf = lt_split_ws(s, n, f, 23);
	if (nf == 22 && f[0].n == 10 && f[0].p[4] == '-' && f[1].n >= 8 && f[1].p[2] == ':')
		return iis_all_shape(f) ? 22 : 0;
	if (nf != 14 && nf != 15)
		return 0;
	if (f[0].n != 10 || f[0].p[4] != '-' || f[0].p[7] != '-' || f[1].n < 8 || f[1].p[2] != ':')
		return 0;
	if (!lt_is_ip(f[2]) || !upper_word(f[3]) || f[4].p[0] != '/' || !all_digits(f[6]) || !lt_is_ip(f[8]))
		return 0;
	for (size_t i = nf - 4; i < nf; i++)
		if (!all_digits(f[i]))
			return 0;
	return nf;
}

static bool iis_default_line(const char *s, size_t n)
{
	return iis_default_shape(s, n) != 0;
}

/* The ELFF part of a line: the line itself, or the message after a syslog header. */
static struct lt_str elff_part(const char *s, size_t n, const struct lt_parse_env *env)
{
	struct lt_syslog h;
	bool maybe_syslog = (n && s[0] == '<') || (n > 3 && lt_month_from_abbr(s, 3)) ||
			    (n > 10 && s[4] == '-' && s[10] == 'T');
	if (maybe_syslog && lt_syslog_parse(s, n, env, &h) == 0)
		return h.msg;
	return (struct lt_str){ s, n };
}

static bool w3c_directive_line(const char *s, size_t n)
{
	struct lt_str l = { s, n };
	return lt_str_has_prefix(l, "#Fields:") || lt_str_has_prefix(l, "#Software:") ||
	       lt_str_has_prefix(l, "#Version:");
}

static bool proxysg_line(const char *s, size_t n)
{
	struct lt_str e = elff_part(s, n, NULL);
	return proxysg_shape(e.p, e.n);
}

static int w3c_probe(const struct lt_probe_data *pd)
{
	for (size_t i = 0; i < pd->nlines; i++) {
		struct lt_str l = { pd->lines[i].text, pd->lines[i].len };
		/* Exchange message tracking and other CSV logs borrow the W3C
		 * directives but separate fields with commas: not ours */
		if (lt_str_has_prefix(l, "#Software: Microsoft Exchange") || lt_str_has_prefix(l, "#Log-type:"))
			return 0;
		if (lt_str_has_prefix(l, "#Fields:"))
			return memchr(l.p, ',', l.n) ? 0 : 95;
	}
	if (lt_probe_share(pd, w3c_directive_line, 100) > 0)
		return 80;
	int iis = lt_probe_share(pd, iis_default_line, 85);
	int sg = lt_probe_share(pd, proxysg_line, 85);
	return iis > sg ? iis : sg;
}

static bool date_of(struct lt_str d, struct lt_civil *c)
{
	lt_time_us t;
	if (d.n != 10 || lt_time_parse_iso(d.p, d.n, NULL, &t))
		return false;
	lt_time_to_civil(t, 0, c);
	return true;
}

static bool time_of(struct lt_str t, struct lt_civil *c)
{
	char buf[40];
	lt_time_us x;
	if (t.n < 5 || t.n > 20)
		return false;
	memcpy(buf, "1970-01-01T", 11);
	memcpy(buf + 11, t.p, t.n);
	if (lt_time_parse_iso(buf, 11 + t.n, NULL, &x))
		return false;
	struct lt_civil tc;
	lt_time_to_civil(x, 0, &tc);
	c->hour = tc.hour;
	c->min = tc.min;
	c->sec = tc.sec;
	c->usec = tc.usec;
	return true;
}

static enum lt_line_result directive(struct w3c_state *st, struct lt_str l, const char **reason)
{
	if (lt_str_has_prefix(l, "#Fields:")) {
		st->nfields = set_layout(st->fields, l.p + 8, l.n - 8);
		st->have_fields = st->nfields > 0;
		return LT_LINE_META;
	}
	if (lt_str_has_prefix(l, "#GMT-Offset:")) {
		struct lt_str v[1];
		if (lt_split_ws(l.p + 12, l.n - 12, v, 1) >= 1 && lt_parse_utc_offset(v[0].p, v[0].n, &st->offset) == 0) {
			st->have_offset = true;
			return LT_LINE_META;
		}
		*reason = "w3c: bad #GMT-Offset";
		return LT_LINE_UNPARSED;
	}
	if (lt_str_has_prefix(l, "#Date:")) {
		struct lt_str v[1];
		if (lt_split_ws(l.p + 6, l.n - 6, v, 1) >= 1 && date_of(v[0], &st->base_date))
			st->have_base_date = true;
		return LT_LINE_META;
	}
	return LT_LINE_META;	/* #Software, #Version, #Remark, #Start-Date ... */
}

static void set_unless_dash(struct lt_record *r, const char *key, struct lt_str v)
{
	lt_rec_set_span(r, key, v);
}

struct url_parts {
	struct lt_str uri, stem, query, host, scheme, port;
};

static void set_url(struct lt_record *r, const struct url_parts *u)
{
	if (!lt_str_is_dash(u->uri)) {
		lt_rec_set_str(r, LT_F_URL_ORIGINAL, u->uri.p, u->uri.n);
		if (lt_str_is_dash(u->host))
			lt_rec_set_span(r, LT_F_URL_DOMAIN, lt_url_host(u->uri));
	}
	set_unless_dash(r, LT_F_URL_DOMAIN, u->host);
	set_unless_dash(r, LT_F_URL_PATH, u->stem);
	set_unless_dash(r, LT_F_URL_QUERY, u->query);
	set_unless_dash(r, LT_F_URL_SCHEME, u->scheme);
	lt_rec_set_span_int(r, LT_F_URL_PORT, u->port);
	if (!lt_str_is_dash(u->uri) || lt_str_is_dash(u->stem))
		return;
	/* rebuild url.original from its parts: scheme://host[:port]path[?query] */
	struct lt_buf b = LT_BUF_INIT;
	bool tunnel = lt_str_eq(u->scheme, "tcp") || lt_str_eq(u->scheme, "ssl");
	if (!lt_str_is_dash(u->host)) {
		if (!lt_str_is_dash(u->scheme) && !tunnel) {
			lt_buf_append(&b, u->scheme.p, u->scheme.n);
			lt_buf_puts(&b, "://");
		}
		lt_buf_append(&b, u->host.p, u->host.n);
		bool default_port = lt_str_eq(u->port, "80") && lt_str_eq(u->scheme, "http");
		default_port = default_port || (lt_str_eq(u->port, "443") && lt_str_eq(u->scheme, "https"));
		if (!lt_str_is_dash(u->port) && (tunnel || !default_port)) {
			lt_buf_putc(&b, ':');
			lt_buf_append(&b, u->port.p, u->port.n);
		}
	}
	if (!tunnel || !lt_str_eq(u->stem, "/"))
		lt_buf_append(&b, u->stem.p, u->stem.n);
	if (!lt_str_is_dash(u->query)) {
		if (u->query.p[0] != '?')
			lt_buf_putc(&b, '?');
		lt_buf_append(&b, u->query.p, u->query.n);
	}
	lt_rec_set_str(r, LT_F_URL_ORIGINAL, b.data, b.len);
	lt_buf_free(&b);
}

static void set_ip(struct lt_record *r, const char *ipkey, const char *addrkey, struct lt_str v)
{
	if (lt_str_is_dash(v))
		return;
	if (addrkey)
		lt_rec_set_str(r, addrkey, v.p, v.n);
	if (lt_is_ip(v))
		lt_rec_set_str(r, ipkey, v.p, v.n);
}

static enum lt_line_result w3c_parse(void *state, struct lt_parse_ctx *ctx, const struct lt_line *line,
				     const char **reason)
{
	struct w3c_state *st = state;
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	struct lt_str l = lt_str_rtrim((struct lt_str){ line->text, line->len });
	if (l.n == 0)
		return LT_LINE_META;
	if (l.p[0] == '#')
		return directive(st, l, reason);
	struct lt_str e = elff_part(l.p, l.n, env);
	const enum w3c_field *layout = st->fields;
	size_t nlayout = st->nfields;
	if (!st->have_fields) {
		if (st->configured) {
			layout = st->opt_fields;
			nlayout = st->nopt;
		} else if (proxysg_shape(e.p, e.n)) {
			layout = st->sg_fields;
			nlayout = st->nsg;
		} else if (iis_default_shape(e.p, e.n) == 15) {
			layout = st->iis15;
			nlayout = st->niis15;
		} else if (iis_default_shape(e.p, e.n) == 14) {
			layout = st->iis14;
			nlayout = st->niis14;
		} else if (iis_default_shape(e.p, e.n) == 22) {
			layout = st->iis22;
			nlayout = st->niis22;
		} else {
			*reason = "w3c: data line before any #Fields directive";
			return LT_LINE_UNPARSED;
		}
	}
	struct lt_str v[W3C_MAX_FIELDS];
	size_t nv = lt_split_ws_quoted(e.p, e.n, v, NULL, W3C_MAX_FIELDS);
	if (nv > W3C_MAX_FIELDS)
		nv = W3C_MAX_FIELDS;
	if (nv < 2 || nv + 2 < nlayout) {
		*reason = "w3c: fewer values than #Fields names";
		return LT_LINE_UNPARSED;
	}
	struct lt_record *r = lt_parse_begin(ctx, line);
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "web");
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "w3c.access");
	struct lt_str date = { 0 }, tim = { 0 };
	bool local = false;
	struct url_parts u = { 0 };
	bool blocked = false, have_filter = false;
	size_t n = nv < nlayout ? nv : nlayout;
	for (size_t i = 0; i < n; i++) {
		struct lt_str x = v[i];
		switch (layout[i]) {
		case W_DATE: date = x; break;
		case W_TIME: tim = x; break;
		case W_DATE_LOCAL: date = x; local = true; break;
		case W_TIME_LOCAL: tim = x; local = true; break;
		case W_C_IP: set_ip(r, LT_F_SOURCE_IP, LT_F_SOURCE_ADDRESS, x); break;
		case W_C_PORT: lt_rec_set_span_int(r, LT_F_SOURCE_PORT, x); break;
		case W_USER: set_unless_dash(r, LT_F_USER_NAME, x); break;
		case W_AUTH_GROUP: set_unless_dash(r, LT_F_PROXY_AUTH_GROUP, x); break;
		case W_S_IP: set_ip(r, LT_F_SERVER_IP, NULL, x); break;
		case W_S_PORT: lt_rec_set_span_int(r, LT_F_SERVER_PORT, x); break;
		case W_R_IP: set_ip(r, LT_F_DEST_IP, NULL, x); break;
		case W_METHOD: set_unless_dash(r, LT_F_HTTP_METHOD, x); break;
		case W_URI: u.uri = x; break;
		case W_STEM: u.stem = x; break;
		case W_QUERY: u.query = x; break;
		case W_HOST: u.host = x; break;
		case W_SCHEME: u.scheme = x; break;
		case W_URI_PORT: u.port = x; break;
		case W_STATUS: {
			int64_t s;
			if (lt_parse_int(x.p, x.n, &s) && s > 0)
				lt_rec_set_int(r, LT_F_HTTP_STATUS, s);
			break;
		}
		case W_SC_BYTES: lt_rec_set_span_int(r, LT_F_HTTP_RESP_BYTES, x); break;
		case W_CS_BYTES: lt_rec_set_span_int(r, LT_F_HTTP_REQ_BYTES, x); break;
		case W_TIME_TAKEN:
		case W_TIME_TAKEN_MS: {
			int64_t ms, ns;
			if (lt_parse_int(x.p, x.n, &ms) && lt_duration_ns(ms, 1000, &ns))
				lt_rec_set_int(r, LT_F_EVENT_DURATION, ns);
			break;
		}
		case W_UA: set_unless_dash(r, LT_F_USER_AGENT, x); break;
		case W_REFERER: set_unless_dash(r, LT_F_HTTP_REFERRER, x); break;
		case W_CONTENT_TYPE: set_unless_dash(r, LT_F_HTTP_MIME, x); break;
		case W_FILTER_RESULT:
			have_filter = !lt_str_is_dash(x);
			blocked = blocked || lt_str_eq(x, "DENIED");
			set_unless_dash(r, LT_F_PROXY_FILTER_RESULT, x);
			break;
		case W_S_ACTION:
			set_unless_dash(r, LT_F_EVENT_ACTION, x);
			blocked = blocked || lt_memcasemem(x.p, x.n, "DENIED") != NULL;
			break;
		case W_SC_ACTION: set_unless_dash(r, LT_F_EVENT_ACTION, x); break;
		case W_CATEGORIES: set_unless_dash(r, LT_F_PROXY_CATEGORY, x); break;
		case W_EXCEPTION:
			set_unless_dash(r, LT_F_PROXY_EXCEPTION, x);
			blocked = blocked || lt_str_has_prefix(x, "policy_denied");
			break;
		case W_COMPUTER: set_unless_dash(r, LT_F_HOST_NAME, x); break;
		case W_VIRUS: set_unless_dash(r, LT_F_PROXY_VIRUS, x); break;
		case W_THREAT_RISK: lt_rec_set_span_int(r, LT_F_PROXY_THREAT_RISK, x); break;
		case W_APP_NAME: if (!lt_str_eq(x, "none")) set_unless_dash(r, LT_F_PROXY_APPLICATION, x); break;
		case W_APP_OP: if (!lt_str_eq(x, "none")) set_unless_dash(r, LT_F_PROXY_OPERATION, x); break;
		case W_OTHER: break;
		}
	}
	set_url(r, &u);
	if (have_filter || blocked)
		lt_rec_set_cstr(r, LT_F_PROXY_ACTION, blocked ? "blocked" : "allowed");
	int64_t status;
	if (blocked)
		lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, LT_OUTCOME_FAILURE);
	else if (lt_rec_get_int(r, LT_F_HTTP_STATUS, &status))
		lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, status >= 400 ? LT_OUTCOME_FAILURE : LT_OUTCOME_SUCCESS);

	/* time: UTC (W3C), or at #GMT-Offset, or local (date-local) in --tz */
	struct lt_civil c = { 0 };
	bool have_date = date.n ? date_of(date, &c) : (st->have_base_date && (c = st->base_date, true));
	if (have_date && tim.n && time_of(tim, &c)) {
		char text[64];
		size_t tl = 0;
		if (date.n && date.n + tim.n + 1 < sizeof text) {
			memcpy(text, date.p, date.n);
			text[date.n] = ' ';
			memcpy(text + date.n + 1, tim.p, tim.n);
			tl = date.n + 1 + tim.n;
		} else if (tim.n < sizeof text) {
			memcpy(text, tim.p, tim.n);
			tl = tim.n;
		}
		if (local) {
			lt_time_us t = env && env->tz ? lt_tz_local_to_utc(env->tz, &c) : lt_time_from_civil(&c, 0);
			lt_rec_set_event_time(r, t, text, tl, lt_tz_name(env ? env->tz : NULL), false);
		} else {
			int32_t off = st->have_offset ? st->offset : 0;
			lt_rec_set_event_time_off(r, lt_time_from_civil(&c, off), text, tl, off);
		}
	}
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

static const struct lt_parser_option options[] = {
	{ .name = "fields", .type = LT_OPT_TEXT, .def = "(from #Fields:)",
	  .help = "the field names of lines without a #Fields: header, space-separated" },
	{ .name = NULL },
};
const struct lt_parser lt_parser_w3c = {
	.name = "w3c",
	.family = "proxy",
	.description = "W3C extended / ELFF by #Fields (IIS, ProxySG incl. via syslog, Web Cache); option w3c.fields=\"...\"",
	.probe = w3c_probe,
	.state_size = sizeof(struct w3c_state),
	.init = w3c_init,	/* required: it loads the ProxySG layout */
	.parse_line = w3c_parse,
	.options = options,
};
