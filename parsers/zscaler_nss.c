/* Zscaler Internet Access, NSS web log feed as JSON lines:
 *
 *   { "sourcetype" : "zscalernss-web", "event" :{"time":"Fri Dec 31 07:07:07 2021",
 *     "login":"a@example.com","eurl":"www.example.com/x","action":"Blocked", ...}}
 *
 * (a bare event object per line is accepted too). NSS writes every value
 * as a string and "None" for empty. time has no zone: the NSS feed's zone
 * is configured in the ZIA admin portal, so leaktrail applies --tz (GMT is
 * the NSS default; pass --tz UTC for such feeds).
 *
 * A feed written as CSV or TSV (the NSS feed output format is whatever the
 * admin typed, so the column order differs between sites) is read by the
 * names in its header line, not by position:
 *
 *   datetime,user,url,ClientIP,action,urlcategory,...
 *   "Tue Nov 25 09:00:00 2026",sato@example.jp,www.example.com/a,10.0.0.5,Allowed,...
 *
 * Header names are matched case-insensitively, ignoring blanks and '_';
 * the names known (zscaler_columns below) become the JSON names above and
 * go through the same mapping. datetime may also be "2026-11-25 09:00:00".
 */
#include <jansson.h>
#include <string.h>

#include "parse/fields.h"
#include "parse/parser.h"
#include "util/buf.h"

#define NSS_MAX_COLS 96

/* Header mode: the canonical (JSON) name of every column, NULL when the
 * column is not one we read. */
struct nss_state {
	bool header;
	char sep;
	size_t ncols;
	const char *col[NSS_MAX_COLS];
	struct lt_buf scratch;
};

/* Header names seen in NSS CSV/TSV feeds and exports -> the JSON feed's
 * names. Compared after lower-casing and dropping blanks and '_'. */
static const char *const zscaler_columns[][2] = {
	{ "datetime", "time" }, { "time", "time" }, { "loggedtime", "time" },
	{ "url", "eurl" }, { "eurl", "eurl" },
	{ "user", "login" }, { "login", "login" },
	{ "clientip", "cip" }, { "cip", "cip" },
	{ "serverip", "sip" }, { "sip", "sip" },
	{ "action", "action" },
	{ "urlcategory", "urlcat" }, { "urlcat", "urlcat" }, { "category", "urlcat" },
	{ "urlsupercategory", "urlsupercat" }, { "urlsupercat", "urlsupercat" },
	{ "requestmethod", "reqmethod" }, { "reqmethod", "reqmethod" },
	{ "status", "respcode" }, { "responsecode", "respcode" }, { "respcode", "respcode" },
	{ "requestsize", "reqsize" }, { "reqsize", "reqsize" },
	{ "responsesize", "respsize" }, { "respsize", "respsize" },
	{ "useragent", "ua" }, { "ua", "ua" },
	{ "contenttype", "contenttype" }, { "referer", "ereferer" }, { "referrer", "ereferer" },
	{ "department", "dept" }, { "dept", "dept" }, { "location", "location" },
	{ "devicehostname", "devicehostname" }, { "deviceowner", "deviceowner" },
	{ "host", "host" }, { "hostname", "host" },
	{ "cloudapplication", "appname" }, { "appname", "appname" },
	{ "rulelabel", "rulelabel" }, { "policy", "rulelabel" }, { "threatname", "threatname" },
	{ "dlpengine", "dlpeng" }, { "dlpdictionaries", "dlpdict" },
};

static const char *column_key(struct lt_str h)
{
	char norm[40];
	size_t o = 0;
	for (size_t i = 0; i < h.n && o + 1 < sizeof norm; i++) {
		char c = h.p[i];
		if (c == ' ' || c == '_' || c == '"' || c == '\r')
			continue;
		norm[o++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	norm[o] = '\0';
	for (size_t i = 0; i < sizeof zscaler_columns / sizeof zscaler_columns[0]; i++)
		if (strcmp(norm, zscaler_columns[i][0]) == 0)
			return zscaler_columns[i][1];
	return NULL;
}

/* A header naming a time, a URL, a user and a client address column. */
static bool header_line(const char *s, size_t n, char *sep_out, const char **cols, size_t *ncols)
{
	if (!n || s[0] == '{')
		return false;
	char sep = memchr(s, '\t', n) ? '\t' : ',';
	struct lt_str f[NSS_MAX_COLS];
	struct lt_buf scratch;
	lt_buf_init(&scratch);
	size_t nf = lt_split_csv(s, n, sep, f, NSS_MAX_COLS, &scratch);
	bool t = false, u = false, who = false, ip = false;
	if (nf != LT_CSV_OPEN_QUOTE && nf >= 4 && nf <= NSS_MAX_COLS) {
		for (size_t i = 0; i < nf; i++) {
			const char *k = column_key(f[i]);
			if (cols)
				cols[i] = k;
			t |= k && strcmp(k, "time") == 0;
			u |= k && strcmp(k, "eurl") == 0;
			who |= k && strcmp(k, "login") == 0;
			ip |= k && strcmp(k, "cip") == 0;
		}
		if (ncols)
			*ncols = nf;
	}
	lt_buf_free(&scratch);
	if (sep_out)
		*sep_out = sep;
	return t && u && who && ip;
}

static bool header_probe_line(const char *s, size_t n)
{
	return header_line(s, n, NULL, NULL, NULL);
}

static bool nss_line(const char *s, size_t n)
{
	struct lt_str l = { s, n };
	if (!n || s[0] != '{')
		return false;
	return lt_memcasemem(s, n, "zscalernss-web") ||
	       (lt_memcasemem(l.p, l.n, "\"eurl\"") && lt_memcasemem(l.p, l.n, "\"cip\""));
}

static int nss_probe(const struct lt_probe_data *pd)
{
	/* CSV/TSV feed: the first non-blank line is the header */
	for (size_t i = 0; i < pd->nlines; i++) {
		if (pd->lines[i].len == 0)
			continue;
		if (header_probe_line(pd->lines[i].text, pd->lines[i].len))
			return 90;
		break;
	}
	return lt_probe_share(pd, nss_line, 95);
}

/* "Fri Dec 31 07:07:07 2021" (ctime, day may be space padded). */
static bool parse_ctime(const char *s, size_t n, struct lt_civil *c)
{
	struct lt_str f[6];
	if (lt_split_ws(s, n, f, 6) != 5)
		return false;
	memset(c, 0, sizeof *c);
	c->month = lt_month_from_abbr(f[1].p, f[1].n);
	int64_t d, y;
	if (!c->month || !lt_parse_int(f[2].p, f[2].n, &d) || !lt_parse_int(f[4].p, f[4].n, &y) ||
	    d < 1 || d > 31 || y < 1970 || y > 9999 || f[3].n != 8)
		return false;
	c->day = (int)d;
	c->year = (int)y;
	char iso[32];
	memcpy(iso, "1970-01-01T", 11);
	memcpy(iso + 11, f[3].p, 8);
	lt_time_us t;
	if (lt_time_parse_iso(iso, 19, NULL, &t))
		return false;
	struct lt_civil tc;
	lt_time_to_civil(t, 0, &tc);
	c->hour = tc.hour;
	c->min = tc.min;
	c->sec = tc.sec;
	return true;
}

/* A string member, unless absent, empty or NSS's "None". */
static bool get(json_t *ev, const char *key, struct lt_str *out)
{
	json_t *v = json_object_get(ev, key);
	if (!json_is_string(v))
		return false;
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (n == 0 || strcmp(s, "None") == 0 || strcmp(s, "NA") == 0)
		return false;
	*out = (struct lt_str){ s, n };
	return true;
}

static void copy(struct lt_record *r, json_t *ev, const char *key, const char *field)
{
	struct lt_str v;
	if (get(ev, key, &v))
		lt_rec_set_str(r, field, v.p, v.n);
}

static void copy_int(struct lt_record *r, json_t *ev, const char *key, const char *field)
{
	struct lt_str v;
	json_t *j = json_object_get(ev, key);
	if (json_is_integer(j))
		lt_rec_set_int(r, field, json_integer_value(j));
	else if (get(ev, key, &v))
		lt_rec_set_span_int(r, field, v);
}

static void nss_fill(struct lt_record *r, json_t *ev, const struct lt_parse_env *env);

/* One data row of a CSV/TSV feed, as a JSON event with the feed's names. */
static enum lt_line_result nss_row(struct nss_state *st, struct lt_parse_ctx *ctx, const struct lt_line *line,
				   const char **reason)
{
	struct lt_str f[NSS_MAX_COLS];
	lt_buf_reset(&st->scratch);
	size_t nf = lt_split_csv(line->text, line->len, st->sep, f, NSS_MAX_COLS, &st->scratch);
	if (nf == LT_CSV_OPEN_QUOTE || nf != st->ncols) {
		*reason = "zscaler: row does not have the header's number of columns";
		return LT_LINE_UNPARSED;
	}
	json_t *ev = json_object();
	for (size_t i = 0; i < nf; i++)
		if (st->col[i] && !json_object_get(ev, st->col[i]))
			json_object_set_new(ev, st->col[i], json_stringn(f[i].p, f[i].n));
	struct lt_str t;
	json_t *tv = json_object_get(ev, "time");
	t = tv && json_is_string(tv) ? (struct lt_str){ json_string_value(tv), json_string_length(tv) }
				     : (struct lt_str){ "", 0 };
	if (lt_str_is_dash(t)) {
		json_decref(ev);
		*reason = "zscaler: row without a time";
		return LT_LINE_UNPARSED;
	}
	struct lt_record *r = lt_parse_begin(ctx, line);
	nss_fill(r, ev, lt_parse_get_env(ctx));
	lt_parse_emit(ctx, r);
	json_decref(ev);
	return LT_LINE_RECORD;
}

static enum lt_line_result nss_parse(void *state, struct lt_parse_ctx *ctx, const struct lt_line *line,
				     const char **reason)
{
	struct nss_state *st = state;
	if (lt_line_blank(line))
		return LT_LINE_META;
	if (st->header)
		return nss_row(st, ctx, line, reason);
	if (line->len && line->text[0] != '{' &&
	    header_line(line->text, line->len, &st->sep, st->col, &st->ncols)) {
		st->header = true;
		return LT_LINE_META;
	}
	json_error_t err;
	json_t *root = json_loadb(line->text, line->len, JSON_DECODE_ANY, &err);
	if (!json_is_object(root)) {
		json_decref(root);
		*reason = line->len ? "zscaler: not a JSON object" : "empty line";
		return LT_LINE_UNPARSED;
	}
	json_t *ev = json_object_get(root, "event");
	if (!json_is_object(ev))
		ev = root;
	if (!json_object_get(ev, "time") || (!json_object_get(ev, "eurl") && !json_object_get(ev, "url"))) {
		json_decref(root);
		*reason = "zscaler: no time or URL in the event";
		return LT_LINE_UNPARSED;
	}
	struct lt_record *r = lt_parse_begin(ctx, line);
	nss_fill(r, ev, lt_parse_get_env(ctx));
	lt_parse_emit(ctx, r);
	json_decref(root);
	return LT_LINE_RECORD;
}

/* "2026-11-25 09:00:00" (CSV exports) when the ctime form does not fit. */
static void set_time(struct lt_record *r, struct lt_str v, const struct lt_parse_env *env)
{
	struct lt_civil c;
	lt_time_us t;
	bool zoned;
	int32_t off;
	if (parse_ctime(v.p, v.n, &c)) {
		t = env->tz ? lt_tz_local_to_utc(env->tz, &c) : lt_time_from_civil(&c, 0);
		lt_rec_set_event_time(r, t, v.p, v.n, lt_tz_name(env->tz), false);
	} else if (lt_time_parse_iso_ex(v.p, v.n, env->tz, &t, &zoned, &off) == 0) {
		if (zoned)
			lt_rec_set_event_time_off(r, t, v.p, v.n, off);
		else
			lt_rec_set_event_time(r, t, v.p, v.n, lt_tz_name(env->tz), false);
	} else {
		lt_rec_set_str(r, LT_F_TIME_TEXT, v.p, v.n);
	}
}

static void nss_fill(struct lt_record *r, json_t *ev, const struct lt_parse_env *env)
{
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "web");
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "zscaler.web");
	struct lt_str v;
	if (get(ev, "time", &v))
		set_time(r, v, env);
	copy(r, ev, "login", LT_F_USER_NAME);
	if (get(ev, "eurl", &v) || get(ev, "url", &v)) {
		lt_rec_set_str(r, LT_F_URL_ORIGINAL, v.p, v.n);
		struct lt_str host;
		if (get(ev, "host", &host) || get(ev, "hostname", &host))
			lt_rec_set_str(r, LT_F_URL_DOMAIN, host.p, host.n);
		else
			lt_rec_set_span(r, LT_F_URL_DOMAIN, lt_url_host(v));
	}
	if (get(ev, "action", &v)) {
		bool blocked = lt_memcasemem(v.p, v.n, "block") != NULL;
		lt_rec_set_str(r, LT_F_EVENT_ACTION, v.p, v.n);
		lt_rec_set_cstr(r, LT_F_PROXY_ACTION, blocked ? "blocked" : "allowed");
		lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, blocked ? LT_OUTCOME_FAILURE : LT_OUTCOME_SUCCESS);
	}
	copy(r, ev, "urlcat", LT_F_PROXY_CATEGORY);
	copy(r, ev, "urlsupercat", LT_F_PROXY_SUPERCATEGORY);
	copy(r, ev, "urlclass", LT_F_PROXY_CLASS);
	if (get(ev, "cip", &v))
		lt_rec_set_str(r, lt_is_ip(v) ? LT_F_SOURCE_IP : LT_F_SOURCE_ADDRESS, v.p, v.n);
	if (get(ev, "sip", &v))
		lt_rec_set_str(r, lt_is_ip(v) ? LT_F_DEST_IP : LT_F_DEST_ADDRESS, v.p, v.n);
	copy(r, ev, "reqmethod", LT_F_HTTP_METHOD);
	copy_int(r, ev, "respcode", LT_F_HTTP_STATUS);
	copy_int(r, ev, "reqsize", LT_F_HTTP_REQ_BYTES);
	copy_int(r, ev, "respsize", LT_F_HTTP_RESP_BYTES);
	copy(r, ev, "ua", LT_F_USER_AGENT);
	copy(r, ev, "contenttype", LT_F_HTTP_MIME);
	copy(r, ev, "ereferer", LT_F_HTTP_REFERRER);
	copy(r, ev, "proto", LT_F_NETWORK_PROTOCOL);
	copy(r, ev, "devicehostname", LT_F_HOST_NAME);
	copy(r, ev, "deviceowner", LT_F_PROXY_DEVICE_OWNER);
	copy(r, ev, "dept", LT_F_PROXY_DEPARTMENT);
	copy(r, ev, "location", LT_F_PROXY_LOCATION);
	copy(r, ev, "appname", LT_F_PROXY_APPLICATION);
	copy(r, ev, "rulelabel", LT_F_RULE_NAME);
	copy(r, ev, "ruletype", LT_F_PROXY_RULE_TYPE);
	copy(r, ev, "threatname", LT_F_PROXY_THREAT);
	copy(r, ev, "malwarecat", LT_F_PROXY_MALWARE_CATEGORY);
	copy(r, ev, "dlpeng", LT_F_PROXY_DLP_ENGINE);
	copy(r, ev, "dlpdict", LT_F_PROXY_DLP_DICTIONARY);
	copy_int(r, ev, "riskscore", LT_F_PROXY_THREAT_RISK);
}

static void nss_fini(void *state)
{
	struct nss_state *st = state;
	lt_buf_free(&st->scratch);
}

const struct lt_parser lt_parser_zscaler_nss = {
	.name = "zscaler_nss",
	.family = "proxy",
	.description = "Zscaler ZIA NSS web log feed, JSON lines, or CSV/TSV read by its header names",
	.probe = nss_probe,
	.state_size = sizeof(struct nss_state),
	.parse_line = nss_parse,
	.fini = nss_fini,
};
