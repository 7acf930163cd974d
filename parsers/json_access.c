/* Web access logs written as JSON lines: nginx "log_format ... escape=json",
 * Caddy's access logger, Traefik's JSON access log, and any other server
 * whose lines are one JSON object with a time, a client address and a
 * request:
 *
 *   {"time_iso8601":"2026-11-25T09:20:00+09:00","remote_addr":"10.0.0.5","request":"GET / HTTP/1.1","status":"200",...}
 *   {"ts":1764032400.12,"logger":"http.log.access","request":{"remote_ip":"10.0.0.5","method":"GET","uri":"/"},"status":200,...}
 *   {"ClientHost":"10.0.0.5","RequestMethod":"GET","RequestPath":"/","DownstreamStatus":200,"StartUTC":"..."}
 *
 * Each record field is looked up under a list of key names (json_fields
 * below: the common nginx, Caddy and Traefik names; "a.b" reaches into
 * nested objects, an array gives its first element). The option
 *   --parser-option json_access.map='user.name=auth.login,source.ip=client'
 * puts a site's own key names first. Values may be strings or numbers; ""
 * and "-" are empty. Times: ISO 8601, the Apache form of $time_local, or
 * epoch seconds (ts, msec); a time without zone is read in --tz.
 * Durations: request_time/duration in seconds, Traefik's Duration in ns.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/fields.h"
#include "parse/parser.h"
#include "util/xalloc.h"

enum ja_field {
	JA_TIME, JA_CLIENT, JA_USER, JA_METHOD, JA_URI, JA_HOST, JA_REQUEST_LINE, JA_STATUS, JA_RESP_BYTES,
	JA_REQ_BYTES, JA_DURATION_S, JA_DURATION_NS, JA_UA, JA_REFERER, JA_NFIELDS
};

#define JA_MAX_KEYS 16

struct ja_def {
	const char *field;	/* record field name, also the option's name */
	const char *keys[JA_MAX_KEYS];
};

static const struct ja_def json_fields[JA_NFIELDS] = {
	[JA_TIME] = { LT_F_TIMESTAMP, { "time_iso8601", "@timestamp", "timestamp", "StartUTC", "StartLocal", "time",
				      "ts", "msec", "time_local", "date", NULL } },
	[JA_CLIENT] = { LT_F_SOURCE_IP, { "remote_addr", "client_ip", "ClientHost", "ClientAddr", "request.remote_ip",
				       "request.client_ip", "remote_ip", "clientip", "client", NULL } },
	[JA_USER] = { LT_F_USER_NAME, { "remote_user", "user", "user_id", "ClientUsername", "username", NULL } },
	[JA_METHOD] = { LT_F_HTTP_METHOD, { "request_method", "method", "RequestMethod", "request.method", NULL } },
	[JA_URI] = { LT_F_URL_ORIGINAL, { "request_uri", "uri", "RequestPath", "request.uri", "url", "path", NULL } },
	[JA_HOST] = { LT_F_URL_DOMAIN, { "host", "http_host", "server_name", "RequestHost", "request.host", "vhost", NULL } },
	[JA_REQUEST_LINE] = { LT_F_HTTP_REQ_ORIGINAL, { "request", NULL } },
	[JA_STATUS] = { LT_F_HTTP_STATUS, { "status", "DownstreamStatus", "status_code", "response_status",
							NULL } },
	[JA_RESP_BYTES] = { LT_F_HTTP_RESP_BYTES, { "body_bytes_sent", "bytes_sent", "size", "DownstreamContentSize",
						     "bytes", NULL } },
	[JA_REQ_BYTES] = { LT_F_HTTP_REQ_BYTES, { "request_length", "RequestContentSize", "request_size", NULL } },
	[JA_DURATION_S] = { LT_F_EVENT_DURATION, { "request_time", "duration", NULL } },
	[JA_DURATION_NS] = { LT_F_DURATION_NS, { "Duration", NULL } },
	[JA_UA] = { LT_F_USER_AGENT, { "http_user_agent", "user_agent", "request_User-Agent",
					     "request.headers.User-Agent", "ua", NULL } },
	[JA_REFERER] = { LT_F_HTTP_REFERRER, { "http_referer", "http_referrer", "referer", "request_Referer",
						    "request.headers.Referer", NULL } },
};

/* Per stream: the site's own key for a field (from the option), tried first. */
struct ja_state {
	char *opt;			/* the option's text, copied; own[] points into it */
	const char *own[JA_NFIELDS];
	char num[64];			/* a number value formatted as text */
};

static json_t *get_path(json_t *obj, const char *path)
{
	char part[128];
	while (json_is_object(obj)) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof part)
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		json_t *v = json_object_get(obj, part);
		if (!v && dot) {
			/* keys may contain dots themselves ("request.uri" flat) */
			v = json_object_get(obj, path);
			return v;
		}
		if (!dot)
			return json_is_array(v) ? json_array_get(v, 0) : v;
		obj = v;
		path = dot + 1;
	}
	return NULL;
}

/* The value as text: strings as they are, numbers formatted into st->num. */
static bool value_text(struct ja_state *st, json_t *v, struct lt_str *out)
{
	if (json_is_string(v)) {
		*out = (struct lt_str){ json_string_value(v), json_string_length(v) };
		return out->n > 0 && !lt_str_is_dash(*out);
	}
	int len;
	if (json_is_integer(v))
		len = snprintf(st->num, sizeof st->num, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		len = snprintf(st->num, sizeof st->num, "%.6f", json_real_value(v));
	else
		return false;
	if (len <= 0 || (size_t)len >= sizeof st->num)
		return false;
	*out = (struct lt_str){ st->num, (size_t)len };
	return true;
}

static json_t *find(const struct ja_state *st, json_t *obj, enum ja_field f)
{
	json_t *v = NULL;
	if (st && st->own[f])
		v = get_path(obj, st->own[f]);
	for (size_t i = 0; !v && json_fields[f].keys[i]; i++)
		v = get_path(obj, json_fields[f].keys[i]);
	return v;
}

static bool find_text(struct ja_state *st, json_t *obj, enum ja_field f, struct lt_str *out)
{
	json_t *v = find(st, obj, f);
	return v && value_text(st, v, out);
}

/* An access log object: a time, a client and a request (method, URI or
 * request line) or a status. */
static bool ja_object(json_t *o)
{
	if (!json_is_object(o) || json_object_get(o, "eurl") || json_object_get(o, "sourcetype"))
		return false;	/* Zscaler NSS: zscaler_nss's */
	bool req = find(NULL, o, JA_METHOD) || find(NULL, o, JA_URI) || json_is_string(find(NULL, o, JA_REQUEST_LINE));
	return find(NULL, o, JA_TIME) && find(NULL, o, JA_CLIENT) && req && find(NULL, o, JA_STATUS);
}

static bool ja_line(const char *s, size_t n)
{
	if (!n || s[0] != '{')
		return false;
	json_error_t err;
	json_t *o = json_loadb(s, n, 0, &err);
	bool ok = ja_object(o);
	json_decref(o);
	return ok;
}

static int ja_probe(const struct lt_probe_data *pd)
{
	return lt_probe_share(pd, ja_line, 85);
}

static const char *field_for(const char *name, size_t n, enum ja_field *f)
{
	for (size_t i = 0; i < JA_NFIELDS; i++)
		if (strlen(json_fields[i].field) == n && memcmp(json_fields[i].field, name, n) == 0) {
			*f = (enum ja_field)i;
			return json_fields[i].field;
		}
	return NULL;
}

/* "user.name=auth.login,source.ip=client" */
static int ja_init(void *state, const struct lt_parse_env *env, const char **error)
{
	struct ja_state *st = state;
	const char *opt = lt_parse_option(env, "json_access.map");
	if (!opt)
		return 0;
	st->opt = lt_xstrdup(opt);
	char *save = NULL;
	for (char *item = strtok_r(st->opt, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		enum ja_field f;
		if (!eq || eq[1] == '\0' || !field_for(item, (size_t)(eq - item), &f)) {
			*error = "json_access.map: want FIELD=KEY pairs with a field json_access knows (doc/parsers.md)";
			return -1;
		}
		st->own[f] = eq + 1;
	}
	return 0;
}

static void ja_fini(void *state)
{
	struct ja_state *st = state;
	free(st->opt);
	st->opt = NULL;
}

static void set_time(struct ja_state *st, struct lt_record *r, json_t *o, const struct lt_parse_env *env)
{
	struct lt_str v;
	if (!find_text(st, o, JA_TIME, &v))
		return;
	lt_time_us t;
	bool zoned;
	int32_t off;
	if (lt_time_parse_apache(v.p, v.n, &t, &off) == 0) {
		lt_rec_set_event_time_off(r, t, v.p, v.n, off);
	} else if (lt_time_parse_iso_ex(v.p, v.n, env->tz, &t, &zoned, &off) == 0) {
		if (zoned)
			lt_rec_set_event_time_off(r, t, v.p, v.n, off);
		else
			lt_rec_set_event_time(r, t, v.p, v.n, lt_tz_name(env->tz), false);
	} else if (lt_time_parse_epoch(v.p, v.n, &t) == 0) {
		lt_rec_set_event_time_off(r, t, v.p, v.n, 0);
	} else {
		lt_rec_set_str(r, LT_F_TIME_TEXT, v.p, v.n);
	}
}

static void set_text(struct ja_state *st, struct lt_record *r, json_t *o, enum ja_field f)
{
	struct lt_str v;
	if (find_text(st, o, f, &v))
		lt_rec_set_str(r, json_fields[f].field, v.p, v.n);
}

static void set_int(struct ja_state *st, struct lt_record *r, json_t *o, enum ja_field f)
{
	struct lt_str v;
	if (find_text(st, o, f, &v))
		lt_rec_set_span_int(r, json_fields[f].field, v);
}

/* "GET /x HTTP/1.1" when the log has no separate method and URI keys. */
static void request_line(struct lt_record *r, struct lt_str req)
{
	struct lt_str p[3];
	lt_rec_set_str(r, LT_F_HTTP_REQ_ORIGINAL, req.p, req.n);
	if (lt_split_ws(req.p, req.n, p, 3) < 2)
		return;
	if (!lt_rec_get(r, LT_F_HTTP_METHOD))
		lt_rec_set_str(r, LT_F_HTTP_METHOD, p[0].p, p[0].n);
	if (!lt_rec_get(r, LT_F_URL_ORIGINAL))
		lt_rec_set_str(r, LT_F_URL_ORIGINAL, p[1].p, p[1].n);
}

static void set_duration(struct ja_state *st, struct lt_record *r, json_t *o)
{
	struct lt_str v;
	int64_t us, ns;
	if (find_text(st, o, JA_DURATION_NS, &v) && lt_parse_int(v.p, v.n, &ns) && lt_duration_ns(ns, 1000000000, &ns))
		lt_rec_set_int(r, LT_F_EVENT_DURATION, ns);
	else if (find_text(st, o, JA_DURATION_S, &v) && lt_parse_decimal_scaled(v.p, v.n, 1000000, &us) &&
		 lt_duration_ns(us, 1000000, &ns))
		lt_rec_set_int(r, LT_F_EVENT_DURATION, ns);
}

static void ja_fill(struct ja_state *st, struct lt_record *r, json_t *o, const struct lt_parse_env *env)
{
	set_time(st, r, o, env);
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "web");
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "http.access");
	struct lt_str v;
	if (find_text(st, o, JA_CLIENT, &v))
		lt_set_addr_port(r, LT_F_SOURCE_IP, LT_F_SOURCE_PORT, v);
	set_text(st, r, o, JA_USER);
	set_text(st, r, o, JA_METHOD);
	set_text(st, r, o, JA_URI);
	json_t *req = find(st, o, JA_REQUEST_LINE);
	if (json_is_string(req) && json_string_length(req))
		request_line(r, (struct lt_str){ json_string_value(req), json_string_length(req) });
	if (find_text(st, o, JA_HOST, &v))
		lt_rec_set_span(r, LT_F_URL_DOMAIN, v);
	else if (lt_rec_get_str(r, LT_F_URL_ORIGINAL, &v) && lt_url_host(v).n)
		lt_rec_set_span(r, LT_F_URL_DOMAIN, lt_url_host(v));
	int64_t status;
	if (find_text(st, o, JA_STATUS, &v) && lt_parse_int(v.p, v.n, &status) && status > 0) {
		lt_rec_set_int(r, LT_F_HTTP_STATUS, status);
		lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, status >= 400 ? LT_OUTCOME_FAILURE : LT_OUTCOME_SUCCESS);
	}
	set_int(st, r, o, JA_RESP_BYTES);
	set_int(st, r, o, JA_REQ_BYTES);
	set_duration(st, r, o);
	set_text(st, r, o, JA_UA);
	set_text(st, r, o, JA_REFERER);
}

static enum lt_line_result ja_parse(void *state, struct lt_parse_ctx *ctx, const struct lt_line *line,
				    const char **reason)
{
	struct ja_state *st = state;
	if (lt_line_blank(line))
		return LT_LINE_META;
	json_error_t err;
	json_t *o = json_loadb(line->text, line->len, 0, &err);
	if (!json_is_object(o)) {
		json_decref(o);
		*reason = "json_access: not a JSON object";
		return LT_LINE_UNPARSED;
	}
	if (!find(st, o, JA_TIME) && !find(st, o, JA_CLIENT)) {
		json_decref(o);
		*reason = "json_access: no time and no client address key";
		return LT_LINE_UNPARSED;
	}
	struct lt_record *r = lt_parse_begin(ctx, line);
	ja_fill(st, r, o, lt_parse_get_env(ctx));
	lt_parse_emit(ctx, r);
	json_decref(o);
	return LT_LINE_RECORD;
}

static const struct lt_parser_option options[] = {
	{ .name = "map", .type = LT_OPT_TEXT, .def = "(common keys)",
	  .help = "FIELD=KEY,... : the JSON keys of a site's own access-log layout" },
	{ .name = NULL },
};
const struct lt_parser lt_parser_json_access = {
	.name = "json_access",
	.family = "proxy",
	.description = "JSON-lines web access logs (nginx log_format escape=json, Caddy, Traefik), key map overridable",
	.probe = ja_probe,
	.state_size = sizeof(struct ja_state),
	.init = ja_init,
	.parse_line = ja_parse,
	.fini = ja_fini,
	.options = options,
};
