/* Squid native access.log ("logformat squid"):
 *
 *   time.ms elapsed client code/status bytes method URL user hierarchy/peer type
 *   1157689312.049   5006 10.105.21.199 TCP_MISS/200 19763 CONNECT login.yahoo.com:443 badeyek DIRECT/209.73.177.115 -
 *
 * time is Unix epoch (UTC), elapsed is milliseconds (right-aligned, so runs
 * of blanks separate fields), "-" means empty. Fields beyond the tenth
 * (custom logformats that append e.g. a user agent) are ignored.
 *
 * A custom layout is read when its template is given as the parser option
 * squid.logformat (squid_fmt.h): every line is then matched against it.
 * Autodetection only sees the native layout (a probe cannot read options),
 * so a layout that does not start like it needs --format squid as well.
 */
#include <stdlib.h>
#include <string.h>

#include "parse/fields.h"
#include "parse/parser.h"
#include "squid_fmt.h"

struct squid_state {
	bool custom;
	struct squid_fmt fmt;
};

enum { SQ_TIME, SQ_ELAPSED, SQ_CLIENT, SQ_CODE, SQ_BYTES, SQ_METHOD, SQ_URL, SQ_USER,
	SQ_HIER, SQ_TYPE, SQ_NFIELDS };

static bool code_status_ok(struct lt_str f)
{
	const char *slash = memchr(f.p, '/', f.n);
	if (!slash || slash == f.p)
		return false;
	for (const char *p = f.p; p < slash; p++)
		if (!((*p >= 'A' && *p <= 'Z') || *p == '_'))
			return false;
	int64_t st;
	return lt_parse_int(slash + 1, (size_t)(f.p + f.n - slash - 1), &st);
}

static bool squid_line(const char *s, size_t n)
{
	struct lt_str f[SQ_NFIELDS];
	size_t nf = lt_split_ws(s, n, f, SQ_NFIELDS);
	lt_time_us t;
	int64_t v;
	return nf >= SQ_HIER && lt_time_parse_epoch(f[SQ_TIME].p, f[SQ_TIME].n, &t) == 0 &&
	       memchr(f[SQ_TIME].p, '.', f[SQ_TIME].n) &&
	       lt_parse_int(f[SQ_ELAPSED].p, f[SQ_ELAPSED].n, &v) && code_status_ok(f[SQ_CODE]) &&
	       lt_parse_int(f[SQ_BYTES].p, f[SQ_BYTES].n, &v);
}

static int squid_probe(const struct lt_probe_data *pd)
{
	return lt_probe_share(pd, squid_line, 95);
}

static int squid_init(void *state, const struct lt_parse_env *env, const char **error)
{
	struct squid_state *st = state;
	const char *spec = lt_parse_option(env, "squid.logformat");
	if (!spec)
		return 0;
	if (squid_fmt_compile(spec, &st->fmt, error))
		return -1;
	st->custom = true;
	return 0;
}

static void squid_fini(void *state)
{
	struct squid_state *st = state;
	if (st->custom)
		squid_fmt_free(&st->fmt);
}

static bool has(struct lt_str v)
{
	return v.p && !lt_str_is_dash(v);
}

/* Time from %ts[.%tu] (epoch, UTC) or %tl/%tg ("25/Nov/2026:09:00:00 +0900"). */
static bool custom_time(struct lt_record *r, const struct lt_str *v)
{
	lt_time_us t;
	int32_t off;
	if (has(v[SQF_TS])) {
		/* "%ts.%03tu" are adjacent in the line: read them as one number */
		struct lt_str e = v[SQF_TS];
		if (has(v[SQF_TU]) && v[SQF_TU].p == e.p + e.n + 1)
			e.n += 1 + v[SQF_TU].n;
		if (lt_time_parse_epoch(e.p, e.n, &t))
			return false;
		lt_rec_set_event_time_off(r, t, e.p, e.n, 0);
		return true;
	}
	const struct lt_str *l = has(v[SQF_TL]) ? &v[SQF_TL] : has(v[SQF_TG]) ? &v[SQF_TG] : NULL;
	if (!l)
		return false;
	/* the template's "[%tl]" brackets are literals: not in the value */
	if (lt_time_parse_apache(l->p, l->n, &t, &off))
		return false;
	lt_rec_set_event_time_off(r, t, l->p, l->n, off);
	return true;
}

static void set_ip_or(struct lt_record *r, struct lt_str v, const char *ipf, const char *namef)
{
	if (!has(v))
		return;
	lt_rec_set_str(r, lt_is_ip(v) ? ipf : namef, v.p, v.n);
}

static enum lt_line_result squid_custom(struct squid_state *st, struct lt_parse_ctx *ctx,
					const struct lt_line *line, const char **reason)
{
	struct lt_str v[SQF_NCODES];
	if (!squid_fmt_match(&st->fmt, line->text, line->len, v)) {
		*reason = "squid: line does not match squid.logformat";
		return LT_LINE_UNPARSED;
	}
	struct lt_record *r = lt_parse_begin(ctx, line);
	if (!custom_time(r, v) && has(v[SQF_TS]))
		lt_rec_set_str(r, LT_F_TIME_TEXT, v[SQF_TS].p, v[SQF_TS].n);
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "web");
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "squid.access");
	int64_t x, ns;
	if (has(v[SQF_TR]) && lt_parse_int(v[SQF_TR].p, v[SQF_TR].n, &x) && lt_duration_ns(x, 1000, &ns))
		lt_rec_set_int(r, LT_F_EVENT_DURATION, ns);
	set_ip_or(r, v[SQF_CLIENT], LT_F_SOURCE_IP, LT_F_SOURCE_DOMAIN);
	if (has(v[SQF_CLIENT_NAME]))
		lt_rec_set_span(r, LT_F_SOURCE_DOMAIN, v[SQF_CLIENT_NAME]);
	set_ip_or(r, v[SQF_SERVER], LT_F_DEST_IP, LT_F_DEST_DOMAIN);
	if (has(v[SQF_SERVER_NAME]))
		lt_rec_set_span(r, LT_F_DEST_DOMAIN, v[SQF_SERVER_NAME]);
	if (has(v[SQF_CLIENT_PORT]))
		lt_rec_set_span_int(r, LT_F_SOURCE_PORT, v[SQF_CLIENT_PORT]);
	if (has(v[SQF_SERVER_PORT]))
		lt_rec_set_span_int(r, LT_F_DEST_PORT, v[SQF_SERVER_PORT]);
	int64_t status = 0;
	if (has(v[SQF_HTTP_STATUS]) && lt_parse_int(v[SQF_HTTP_STATUS].p, v[SQF_HTTP_STATUS].n, &status) && status > 0)
		lt_rec_set_int(r, LT_F_HTTP_STATUS, status);
	bool blocked = false;
	if (has(v[SQF_SQUID_STATUS])) {
		lt_rec_set_span(r, LT_F_EVENT_ACTION, v[SQF_SQUID_STATUS]);
		blocked = lt_memcasemem(v[SQF_SQUID_STATUS].p, v[SQF_SQUID_STATUS].n, "DENIED") != NULL;
		lt_rec_set_cstr(r, LT_F_PROXY_ACTION, blocked ? "blocked" : "allowed");
	}
	if (has(v[SQF_SQUID_STATUS]) || status > 0)
		lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, blocked || status >= 400 ? LT_OUTCOME_FAILURE : LT_OUTCOME_SUCCESS);
	if (has(v[SQF_HIER]))
		lt_rec_set_span(r, LT_F_SQUID_HIERARCHY, v[SQF_HIER]);
	if (has(v[SQF_REPLY_BYTES]))
		lt_rec_set_span_int(r, LT_F_HTTP_RESP_BYTES, v[SQF_REPLY_BYTES]);
	if (has(v[SQF_REQUEST_BYTES]))
		lt_rec_set_span_int(r, LT_F_HTTP_REQ_BYTES, v[SQF_REQUEST_BYTES]);
	if (has(v[SQF_METHOD]))
		lt_rec_set_span(r, LT_F_HTTP_METHOD, v[SQF_METHOD]);
	if (has(v[SQF_URL])) {
		lt_rec_set_span(r, LT_F_URL_ORIGINAL, v[SQF_URL]);
		lt_rec_set_span(r, LT_F_URL_DOMAIN, lt_url_host(v[SQF_URL]));
	} else if (has(v[SQF_PATH])) {
		lt_rec_set_span(r, LT_F_URL_ORIGINAL, v[SQF_PATH]);
	}
	if (has(v[SQF_USER]))
		lt_rec_set_span(r, LT_F_USER_NAME, v[SQF_USER]);
	if (has(v[SQF_MIME]))
		lt_rec_set_span(r, LT_F_HTTP_MIME, v[SQF_MIME]);
	if (has(v[SQF_USER_AGENT]))
		lt_rec_set_span(r, LT_F_USER_AGENT, v[SQF_USER_AGENT]);
	if (has(v[SQF_REFERER]))
		lt_rec_set_span(r, LT_F_HTTP_REFERRER, v[SQF_REFERER]);
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

static enum lt_line_result squid_parse(void *state, struct lt_parse_ctx *ctx,
				       const struct lt_line *line, const char **reason)
{
	if (lt_line_blank(line))
		return LT_LINE_META;
	struct squid_state *sst = state;
	if (sst->custom)
		return squid_custom(sst, ctx, line, reason);
	struct lt_str f[SQ_NFIELDS];
	size_t nf = lt_split_ws(line->text, line->len, f, SQ_NFIELDS);
	if (nf == 0) {
		*reason = "empty line";
		return LT_LINE_UNPARSED;
	}
	if (nf < SQ_HIER) {
		*reason = "squid: too few fields";
		return LT_LINE_UNPARSED;
	}
	lt_time_us t;
	if (lt_time_parse_epoch(f[SQ_TIME].p, f[SQ_TIME].n, &t)) {
		*reason = "squid: bad epoch time";
		return LT_LINE_UNPARSED;
	}
	if (!code_status_ok(f[SQ_CODE])) {
		*reason = "squid: bad result code/status";
		return LT_LINE_UNPARSED;
	}
	struct lt_record *r = lt_parse_begin(ctx, line);
	lt_rec_set_event_time_off(r, t, f[SQ_TIME].p, f[SQ_TIME].n, 0);
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "web");
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "squid.access");

	int64_t ms;
	int64_t ns;
	if (lt_parse_int(f[SQ_ELAPSED].p, f[SQ_ELAPSED].n, &ms) && lt_duration_ns(ms, 1000, &ns))
		lt_rec_set_int(r, LT_F_EVENT_DURATION, ns);	/* ECS: nanoseconds */
	if (lt_is_ip(f[SQ_CLIENT]))
		lt_rec_set_str(r, LT_F_SOURCE_IP, f[SQ_CLIENT].p, f[SQ_CLIENT].n);
	else
		lt_rec_set_span(r, LT_F_SOURCE_DOMAIN, f[SQ_CLIENT]);

	const char *slash = memchr(f[SQ_CODE].p, '/', f[SQ_CODE].n);
	struct lt_str code = { f[SQ_CODE].p, (size_t)(slash - f[SQ_CODE].p) };
	struct lt_str status = { slash + 1, (size_t)(f[SQ_CODE].p + f[SQ_CODE].n - slash - 1) };
	lt_rec_set_str(r, LT_F_EVENT_ACTION, code.p, code.n);
	int64_t st = 0;
	/* status 000: no reply was sent (aborted, denied before a reply...) */
	if (lt_parse_int(status.p, status.n, &st) && st > 0)
		lt_rec_set_int(r, LT_F_HTTP_STATUS, st);
	bool blocked = lt_memcasemem(code.p, code.n, "DENIED") != NULL;
	lt_rec_set_cstr(r, LT_F_PROXY_ACTION, blocked ? "blocked" : "allowed");
	lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, blocked || st >= 400 ? LT_OUTCOME_FAILURE : LT_OUTCOME_SUCCESS);

	lt_rec_set_span_int(r, LT_F_HTTP_RESP_BYTES, f[SQ_BYTES]);
	lt_rec_set_span(r, LT_F_HTTP_METHOD, f[SQ_METHOD]);
	lt_rec_set_span(r, LT_F_URL_ORIGINAL, f[SQ_URL]);
	lt_rec_set_span(r, LT_F_URL_DOMAIN, lt_url_host(f[SQ_URL]));
	if (nf > SQ_USER)
		lt_rec_set_span(r, LT_F_USER_NAME, f[SQ_USER]);
	if (nf > SQ_HIER) {
		struct lt_str h = f[SQ_HIER];
		const char *hs = memchr(h.p, '/', h.n);
		if (hs) {
			struct lt_str peer = { hs + 1, (size_t)(h.p + h.n - hs - 1) };
			lt_rec_set_str(r, LT_F_SQUID_HIERARCHY, h.p, (size_t)(hs - h.p));
			if (lt_is_ip(peer))
				lt_rec_set_str(r, LT_F_DEST_IP, peer.p, peer.n);
			else
				lt_rec_set_span(r, LT_F_DEST_DOMAIN, peer);
		} else {
			lt_rec_set_span(r, LT_F_SQUID_HIERARCHY, h);
		}
	}
	if (nf > SQ_TYPE)
		lt_rec_set_span(r, LT_F_HTTP_MIME, f[SQ_TYPE]);
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

static const struct lt_parser_option options[] = {
	{ .name = "logformat", .type = LT_OPT_TEXT, .def = "(native)",
	  .help = "the squid.conf logformat template of a custom access log, e.g. '%ts.%03tu %6tr %>a ...'" },
	{ .name = NULL },
};
const struct lt_parser lt_parser_squid = {
	.name = "squid",
	.family = "proxy",
	.description = "Squid access.log: native layout, or any layout given as squid.logformat",
	.probe = squid_probe,
	.state_size = sizeof(struct squid_state),
	.init = squid_init,
	.parse_line = squid_parse,
	.fini = squid_fini,
	.options = options,
};
