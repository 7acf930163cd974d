/* Zscaler Internet Access, NSS web log feed as JSON lines:
 *
 *   { "sourcetype" : "zscalernss-web", "event" :{"time":"Fri Dec 31 07:07:07 2021",
 *     "login":"a@example.com","eurl":"www.example.com/x","action":"Blocked", ...}}
 *
 * (a bare event object per line is accepted too). NSS writes every value
 * as a string and "None" for empty. time has no zone: the NSS feed's zone
 * is configured in the ZIA admin portal, so leaktrail applies --tz (GMT is
 * the NSS default; pass --tz UTC for such feeds).
 */
#include <jansson.h>
#include <string.h>

#include "parse/fields.h"
#include "parse/parser.h"

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

static enum lt_line_result nss_parse(void *state, struct lt_parse_ctx *ctx, const struct lt_line *line,
				     const char **reason)
{
	if (lt_line_blank(line))
		return LT_LINE_META;
	(void)state;
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
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	struct lt_record *r = lt_parse_begin(ctx, line);
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "web");
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "zscaler.web");
	struct lt_str v;
	struct lt_civil c;
	if (get(ev, "time", &v)) {
		if (parse_ctime(v.p, v.n, &c)) {
			lt_time_us t = env->tz ? lt_tz_local_to_utc(env->tz, &c) : lt_time_from_civil(&c, 0);
			lt_rec_set_event_time(r, t, v.p, v.n, lt_tz_name(env->tz), false);
		} else {
			lt_rec_set_str(r, LT_F_TIME_TEXT, v.p, v.n);
		}
	}
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
	copy(r, ev, "urlsupercat", "leaktrail.proxy.supercategory");
	copy(r, ev, "urlclass", "leaktrail.proxy.class");
	if (get(ev, "cip", &v))
		lt_rec_set_str(r, lt_is_ip(v) ? LT_F_SOURCE_IP : "source.address", v.p, v.n);
	if (get(ev, "sip", &v))
		lt_rec_set_str(r, lt_is_ip(v) ? LT_F_DEST_IP : "destination.address", v.p, v.n);
	copy(r, ev, "reqmethod", LT_F_HTTP_METHOD);
	copy_int(r, ev, "respcode", LT_F_HTTP_STATUS);
	copy_int(r, ev, "reqsize", LT_F_HTTP_REQ_BYTES);
	copy_int(r, ev, "respsize", LT_F_HTTP_RESP_BYTES);
	copy(r, ev, "ua", LT_F_USER_AGENT);
	copy(r, ev, "contenttype", LT_F_HTTP_MIME);
	copy(r, ev, "ereferer", "http.request.referrer");
	copy(r, ev, "proto", "network.protocol");
	copy(r, ev, "devicehostname", LT_F_HOST_NAME);
	copy(r, ev, "deviceowner", "leaktrail.proxy.device_owner");
	copy(r, ev, "dept", "leaktrail.proxy.department");
	copy(r, ev, "location", "leaktrail.proxy.location");
	copy(r, ev, "appname", "leaktrail.proxy.application");
	copy(r, ev, "rulelabel", "rule.name");
	copy(r, ev, "ruletype", "leaktrail.proxy.rule_type");
	copy(r, ev, "threatname", "leaktrail.proxy.threat");
	copy(r, ev, "malwarecat", "leaktrail.proxy.malware_category");
	copy(r, ev, "dlpeng", "leaktrail.proxy.dlp_engine");
	copy(r, ev, "dlpdict", "leaktrail.proxy.dlp_dictionary");
	copy_int(r, ev, "riskscore", "leaktrail.proxy.threat_risk");
	lt_parse_emit(ctx, r);
	json_decref(root);
	return LT_LINE_RECORD;
}

const struct lt_parser lt_parser_zscaler_nss = {
	.name = "zscaler_nss",
	.family = "proxy",
	.description = "Zscaler ZIA NSS web log feed, JSON lines",
	.probe = nss_probe,
	.parse_line = nss_parse,
};
