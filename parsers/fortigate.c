/* FortiGate key=value logs (syslog or FortiAnalyzer export):
 *
 *   <189>date=2020-04-23 time=12:32:48 devname="fw1" logid="0101039947" type="event"
 *   subtype="vpn" ... tz="-0500" action="tunnel-up" tunneltype="ssl-tunnel"
 *   remip=203.0.113.5 tunnelip=10.212.134.200 user="taro" group="vpn-users" ...
 *
 * VPN events (subtype vpn): tunnel-up -> vpn_session_start, tunnel-down ->
 * vpn_session_end (duration, bytes), ssl-login-fail -> vpn_login_failed,
 * ssl-new-con -> vpn_connection_established; IPsec negotiation errors keep
 * their action with outcome failure. The client is source (remip, remport),
 * the FortiGate destination (locip, locport); sentbyte (FortiGate to the
 * client) is destination.bytes, rcvdbyte source.bytes. User events (subtype
 * user, admin logins) get event.category authentication. Other logs (traffic,
 * utm) keep srcip/dstip/ports/bytes, action and message.
 *
 * Sessions (src/parse/session.h), keyed by user (or, for a site-to-site
 * IPsec tunnel, the tunnel name) and remote address: tunnel-up and
 * ssl-login start a session or continue it (an SSL-VPN login logs tunnel-up
 * for the web portal, "ssl-web", and again for the tunnel, "ssl-tunnel";
 * one session), tunnel-down and ssl-logout end it, with FortiOS's own
 * duration= and bytes. ssl-new-con is the TLS connection before any login
 * and names no user: not a session line.
 *
 * Time: date+time at the log's tz="-0500" when present, else the zone of
 * a host rule matching devname= (doc/time-zones.md "Zones by host": a
 * collector's file holds several FortiGates), else --tz. Lines
 * without date= (FortiOS 7 syslog in some modes, FortiAnalyzer forwards)
 * use eventtime= (epoch s/ms/us/ns by digit count, UTC), or time= when it is
 * epoch digits; a line with neither keeps no @timestamp.
 */
#include <string.h>

#include "parse/fields.h"
#include "parse/parser.h"
#include "parse/session.h"

#define FG_MAX_KV 96

/* "time=" also matches inside "eventtime=": any of the three time keys
 * will do, the parser decides which one it can use. */
static bool fg_line(const char *s, size_t n)
{
	bool dated = lt_memcasemem(s, n, "date=") && lt_memcasemem(s, n, "time=") &&
		     (lt_memcasemem(s, n, "logid=") || lt_memcasemem(s, n, "devname="));
	return dated || (lt_memcasemem(s, n, "time=") && lt_memcasemem(s, n, "logid=") &&
			 (lt_memcasemem(s, n, "devname=") || lt_memcasemem(s, n, "devid=")));
}

static int fg_probe(const struct lt_probe_data *pd)
{
	return lt_probe_share(pd, fg_line, 92);
}

static bool na(struct lt_str v)
{
	return lt_str_is_dash(v) || lt_str_eq(v, "N/A") || lt_str_eq(v, "n/a") || lt_str_eq(v, "none");
}

static const struct lt_str *val(const struct lt_kv *kv, size_t n, const char *key)
{
	const struct lt_kv *k = lt_kv_get(kv, n, key);
	return k && !na(k->val) ? &k->val : NULL;
}

static void copy(struct lt_record *r, const struct lt_kv *kv, size_t n, const char *key, const char *field)
{
	const struct lt_str *v = val(kv, n, key);
	if (v)
		lt_rec_set_str(r, field, v->p, v->n);
}

static void copy_int(struct lt_record *r, const struct lt_kv *kv, size_t n, const char *key, const char *field)
{
	const struct lt_str *v = val(kv, n, key);
	if (v)
		lt_rec_set_span_int(r, field, *v);
}

static void copy_ip(struct lt_record *r, const struct lt_kv *kv, size_t n, const char *key, const char *field)
{
	const struct lt_str *v = val(kv, n, key);
	if (v && lt_is_ip(*v))
		lt_rec_set_str(r, field, v->p, v->n);
}

/* eventtime= is epoch in s, ms, us or ns depending on the FortiOS
 * version; the digit count tells which (10, 13, 16, 19 digits). */
static bool epoch_any(struct lt_str v, lt_time_us *when)
{
	int64_t x;
	/* nanoseconds do not fit lt_parse_int's 18 digits: read the first 16
	 * (microseconds) and check that the rest are digits */
	size_t head = v.n == 19 ? 16 : v.n;
	if (!lt_parse_int(v.p, head, &x) || x <= 0)
		return false;
	for (size_t i = head; i < v.n; i++)
		if (v.p[i] < '0' || v.p[i] > '9')
			return false;
	if (v.n <= 10)
		*when = x * LT_US_PER_SEC;
	else if (v.n <= 13)
		*when = x * 1000;
	else if (v.n <= 16 || v.n == 19)
		*when = x;
	else
		return false;
	return true;
}

/* No date=: eventtime= (epoch, UTC), or time= as epoch digits. */
static bool set_epoch_time(struct lt_record *r, const struct lt_kv *kv, size_t n)
{
	static const char *const keys[] = { "eventtime", "time" };
	for (size_t i = 0; i < 2; i++) {
		const struct lt_str *v = val(kv, n, keys[i]);
		lt_time_us when;
		if (v && epoch_any(*v, &when)) {
			lt_rec_set_event_time_off(r, when, v->p, v->n, 0);
			return true;
		}
	}
	return false;
}

static void set_time(struct lt_record *r, const struct lt_kv *kv, size_t n, const struct lt_parse_env *env)
{
	const struct lt_str *d = val(kv, n, "date"), *t = val(kv, n, "time");
	if (!d || !t || d->n != 10 || t->n < 8 || t->n > 15) {
		set_epoch_time(r, kv, n);
		return;
	}
	char text[32];
	memcpy(text, d->p, 10);
	text[10] = ' ';
	memcpy(text + 11, t->p, t->n);
	size_t tl = 11 + t->n;
	const struct lt_str *tz = val(kv, n, "tz");
	int32_t off;
	lt_time_us when;
	if (tz && lt_parse_utc_offset(tz->p, tz->n, &off) == 0) {
		if (lt_time_parse_iso(text, tl, NULL, &when))
			return;
		when -= (lt_time_us)off * LT_US_PER_SEC;
		lt_rec_set_event_time_off(r, when, text, tl, off);
		return;
	}
	const struct lt_tz *zone = env->tz;
	const char *from = NULL;
	const struct lt_str *dev = val(kv, n, "devname");
	if (env->host_tz && dev) {
		const struct lt_tz *by_host = env->host_tz(env->host_tz_arg, dev->p, dev->n, &from);
		if (by_host)
			zone = by_host;
	}
	if (lt_time_parse_iso(text, tl, zone, &when))
		return;
	lt_rec_set_event_time(r, when, text, tl, lt_tz_name(zone), false);
	if (from && zone != env->tz)
		lt_rec_set_cstr(r, LT_F_TIME_ZONE_FROM, from);
}

static bool failed_status(const struct lt_str *st)
{
	return st && (lt_memcasemem(st->p, st->n, "fail") || lt_memcasemem(st->p, st->n, "error") ||
		      lt_memcasemem(st->p, st->n, "denied"));
}

static void vpn_event(struct lt_record *r, const struct lt_kv *kv, size_t n)
{
	const struct lt_str *action = val(kv, n, "action");
	const struct lt_str *status = val(kv, n, "status");
	copy_ip(r, kv, n, "remip", LT_F_SOURCE_IP);
	if (!lt_rec_get(r, LT_F_SOURCE_IP))
		copy_ip(r, kv, n, "srcip", LT_F_SOURCE_IP);	/* ssl-login lines */
	copy_int(r, kv, n, "remport", LT_F_SOURCE_PORT);
	copy_ip(r, kv, n, "locip", LT_F_DEST_IP);
	copy_int(r, kv, n, "locport", LT_F_DEST_PORT);
	copy(r, kv, n, "xauthuser", LT_F_USER_NAME);
	if (!lt_rec_get(r, LT_F_USER_NAME))
		copy(r, kv, n, "user", LT_F_USER_NAME);
	copy(r, kv, n, "xauthgroup", LT_F_VPN_GROUP);
	if (!lt_rec_get(r, LT_F_VPN_GROUP))
		copy(r, kv, n, "group", LT_F_VPN_GROUP);
	copy(r, kv, n, "tunnelip", LT_F_VPN_ASSIGNED_IP);
	copy(r, kv, n, "assignip", LT_F_VPN_ASSIGNED_IP);
	copy(r, kv, n, "tunneltype", LT_F_VPN_SESSION_TYPE);
	copy(r, kv, n, "vpntunnel", LT_F_VPN_TUNNEL);
	copy(r, kv, n, "tunnelid", LT_F_VPN_SESSION_ID);
	copy_int(r, kv, n, "sentbyte", LT_F_DEST_BYTES);
	copy_int(r, kv, n, "rcvdbyte", LT_F_SOURCE_BYTES);
	const struct lt_str *dur = val(kv, n, "duration");
	int64_t sec, ns;
	/* IPsec tunnel-up says duration=0: the session has no length yet */
	if (action && lt_str_eq(*action, "tunnel-up"))
		dur = NULL;
	if (dur && lt_parse_int(dur->p, dur->n, &sec) && lt_duration_ns(sec, 1, &ns))
		lt_rec_set_int(r, LT_F_EVENT_DURATION, ns);
	if (!action)
		return;
	if (lt_str_eq(*action, "tunnel-up"))
		lt_vpn_event(r, LT_VPN_SESSION_START);
	else if (lt_str_eq(*action, "tunnel-down") || lt_str_eq(*action, "ssl-logout"))
		lt_vpn_event(r, LT_VPN_SESSION_END);
	else if (lt_str_eq(*action, "ssl-login"))
		lt_vpn_event(r, LT_VPN_LOGIN);
	else if (lt_str_eq(*action, "ssl-login-fail") || lt_str_eq(*action, "ssl-web-fail"))
		lt_vpn_event(r, LT_VPN_LOGIN_FAILED);
	else if (lt_str_eq(*action, "ssl-new-con"))
		lt_vpn_event(r, LT_VPN_CONNECT);
	else {
		lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "network");
		lt_rec_set_str(r, LT_F_EVENT_ACTION, action->p, action->n);
		if (status)
			lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, failed_status(status) ? LT_OUTCOME_FAILURE : LT_OUTCOME_SUCCESS);
	}
}

/* "identity|remote address" of a VPN record: the user, else the tunnel. */
static size_t session_key(const struct lt_record *r, char *key, size_t cap)
{
	struct lt_str who, ip;
	if (!lt_rec_get_str(r, LT_F_USER_NAME, &who) && !lt_rec_get_str(r, LT_F_VPN_TUNNEL, &who))
		return 0;
	if (!lt_rec_get_str(r, LT_F_SOURCE_IP, &ip) || !who.n || who.n + ip.n + 2 > cap)
		return 0;
	memcpy(key, who.p, who.n);
	key[who.n] = '|';
	memcpy(key + who.n + 1, ip.p, ip.n);
	return who.n + 1 + ip.n;
}

static void fg_session(struct lt_sessions *t, struct lt_record *r, const struct lt_str *action)
{
	char key[320];
	size_t n = action ? session_key(r, key, sizeof key) : 0;
	lt_time_us when = LT_TIME_NONE;
	if (!n)
		return;
	if (!lt_rec_get_time(r, LT_F_TIMESTAMP, &when))
		when = LT_TIME_NONE;
	if (lt_str_eq(*action, "tunnel-up") || lt_str_eq(*action, "ssl-login"))
		lt_session_seen(t, r, key, n, when);
	else if (lt_str_eq(*action, "tunnel-down") || lt_str_eq(*action, "ssl-logout"))
		lt_session_ended(t, r, key, n, when);
}

static enum lt_line_result fg_parse(void *state, struct lt_parse_ctx *ctx, const struct lt_line *line,
				    const char **reason)
{
	if (lt_line_blank(line))
		return LT_LINE_META;
	struct lt_kv kv[FG_MAX_KV];
	size_t n = lt_split_kv(line->text, line->len, kv, FG_MAX_KV);
	if (n > FG_MAX_KV)
		n = FG_MAX_KV;
	/* "<189>date=..." : the priority is glued to the first key */
	for (size_t i = 0; i < n; i++)
		if (kv[i].key.n && kv[i].key.p[0] == '<') {
			const char *gt = memchr(kv[i].key.p, '>', kv[i].key.n);
			if (gt) {
				kv[i].key.n -= (size_t)(gt + 1 - kv[i].key.p);
				kv[i].key.p = gt + 1;
			}
		}
	bool dated = lt_kv_get(kv, n, "date") && lt_kv_get(kv, n, "time");
	if (!dated && !lt_kv_get(kv, n, "eventtime") && !lt_kv_get(kv, n, "time")) {
		*reason = line->len ? "fortigate: no date=/time= or eventtime= pairs" : "empty line";
		return LT_LINE_UNPARSED;
	}
	if (!dated && !lt_kv_get(kv, n, "logid")) {
		*reason = "fortigate: no date= and no logid= pair";
		return LT_LINE_UNPARSED;
	}
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	struct lt_record *r = lt_parse_begin(ctx, line);
	set_time(r, kv, n, env);
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "fortinet.fortigate");
	copy(r, kv, n, "logid", LT_F_EVENT_CODE);
	copy(r, kv, n, "devname", LT_F_OBSERVER_NAME);
	copy(r, kv, n, "msg", LT_F_MESSAGE);
	copy(r, kv, n, "logdesc", LT_F_RULE_DESCRIPTION);
	copy(r, kv, n, "reason", LT_F_EVENT_REASON);
	copy(r, kv, n, "type", LT_F_FORTIGATE_TYPE);
	copy(r, kv, n, "subtype", LT_F_FORTIGATE_SUBTYPE);
	const struct lt_str *sub = val(kv, n, "subtype");
	const struct lt_str *action = val(kv, n, "action");
	const struct lt_str *status = val(kv, n, "status");
	if (sub && lt_str_eq(*sub, "vpn")) {
		vpn_event(r, kv, n);
		fg_session(state, r, action);
	} else {
		copy_ip(r, kv, n, "srcip", LT_F_SOURCE_IP);
		copy_int(r, kv, n, "srcport", LT_F_SOURCE_PORT);
		copy_ip(r, kv, n, "dstip", LT_F_DEST_IP);
		copy_int(r, kv, n, "dstport", LT_F_DEST_PORT);
		copy_int(r, kv, n, "sentbyte", LT_F_SOURCE_BYTES);
		copy_int(r, kv, n, "rcvdbyte", LT_F_DEST_BYTES);
		copy(r, kv, n, "user", LT_F_USER_NAME);
		copy(r, kv, n, "group", LT_F_USER_GROUP_NAME);
		copy(r, kv, n, "hostname", LT_F_URL_DOMAIN);
		copy(r, kv, n, "url", LT_F_URL_ORIGINAL);
		copy(r, kv, n, "catdesc", LT_F_PROXY_CATEGORY);
		if (action)
			lt_rec_set_str(r, LT_F_EVENT_ACTION, action->p, action->n);
		bool auth = (sub && lt_str_eq(*sub, "user")) ||
			    (action && (lt_str_eq(*action, "login") || lt_str_eq(*action, "logout")));
		if (auth)
			lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "authentication");
		if (status)
			lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, failed_status(status) ? LT_OUTCOME_FAILURE : LT_OUTCOME_SUCCESS);
		else if (auth)
			lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, LT_OUTCOME_SUCCESS);
		if (action && (lt_str_eq(*action, "blocked") || lt_str_eq(*action, "deny")))
			lt_rec_set_cstr(r, LT_F_PROXY_ACTION, "blocked");
	}
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

const struct lt_parser lt_parser_fortigate = {
	.name = "fortigate",
	.family = "vpn",
	.description = "FortiGate key=value logs; SSL-VPN and IPsec tunnel sessions, user and admin logins",
	.probe = fg_probe,
	.state_size = sizeof(struct lt_sessions),
	.parse_line = fg_parse,
};
