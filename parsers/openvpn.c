/* OpenVPN server logs, through syslog ("openvpn[123]: ...") or its own log
 * file (--log: "2026-11-25 08:01:02 msg" since 2.5, "Wed Nov 25 08:01:02
 * 2026 [us=123456] msg" before; local time, read in --tz).
 *
 * Records: authentication success ("authentication succeeded for username
 * 'u'") and peer authenticated ("[CN] Peer Connection Initiated") ->
 * vpn_login; address from the pool ("MULTI_sva: pool returned IPv4=vip")
 * -> vpn_address_assigned; address given ("MULTI: primary virtual IP for
 * u/ip:port: vip") -> vpn_session_start with user, public address and
 * assigned address; "client-instance exiting|restarting" ->
 * vpn_session_end, with the assigned address; authentication failures ->
 * vpn_login_failed. Every other line is kept as a plain record.
 *
 * Sessions (src/parse/session.h, keyed by the peer's ip:port): whichever of
 * the first four lines the verbosity prints, the first of a connection is
 * its leaktrail.session.role = start, the others "continued"; the end gets
 * event.start and a duration derived from that start
 * (leaktrail.session.duration_derived: OpenVPN logs neither).
 *
 * The same event often arrives twice (two syslog paths: "openvpn:" and
 * "openvpn[pid]:"); the second copy is kept as evidence but marked
 * leaktrail.duplicate_of_line = N and does not touch the session state.
 */
#include <string.h>

#include "parse/fields.h"
#include "parse/parser.h"
#include "parse/session.h"
#include "parse/syslog.h"

#define OVPN_SESSIONS 256
#define OVPN_RECENT 16
#define KEY_MAX 160

struct ovpn_session {
	char key[KEY_MAX];	/* "user/ip:port" */
	char vip[64];
	lt_time_us start;
	bool used;
};

struct ovpn_recent {
	uint64_t hash;
	uint64_t lineno;
};

struct ovpn_state {
	struct ovpn_session s[OVPN_SESSIONS];
	unsigned next;
	struct ovpn_recent recent[OVPN_RECENT];
	unsigned rnext;
	struct lt_sessions sessions;	/* keyed by the peer's ip:port (session.h) */
};

static uint64_t fnv(const char *p, size_t n, uint64_t h)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= UINT64_C(1099511628211);
	}
	return h;
}

static struct ovpn_session *find_session(struct ovpn_state *st, struct lt_str key, bool create)
{
	if (key.n == 0 || key.n >= KEY_MAX)
		return NULL;
	for (unsigned i = 0; i < OVPN_SESSIONS; i++)
		if (st->s[i].used && strlen(st->s[i].key) == key.n && memcmp(st->s[i].key, key.p, key.n) == 0)
			return &st->s[i];
	if (!create)
		return NULL;
	struct ovpn_session *s = &st->s[st->next++ % OVPN_SESSIONS];	/* oldest goes */
	memset(s, 0, sizeof *s);
	memcpy(s->key, key.p, key.n);
	s->used = true;
	s->start = LT_TIME_NONE;
	return s;
}

static bool ovpn_prog(struct lt_str p)
{
	return lt_str_has_prefix(p, "openvpn") || lt_str_has_prefix(p, "ovpn");
}

static bool is_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

/* Own log file stamps; returns the stamp length (0 if none) and the time. */
static size_t own_stamp(const char *s, size_t n, const struct lt_tz *tz, lt_time_us *t)
{
	if (n > 20 && s[4] == '-' && s[7] == '-' && s[10] == ' ' && s[13] == ':' && s[19] == ' ' &&
	    is_digits(s, 4)) {
		if (lt_time_parse_iso(s, 19, tz, t))
			return 0;
		return 19;
	}
	/* "Wed Nov 25 08:01:02 2026" */
	if (n > 25 && s[3] == ' ' && s[7] == ' ' && s[10] == ' ' && s[13] == ':' && s[19] == ' ' &&
	    lt_month_from_abbr(s + 4, 3) && is_digits(s + 20, 4)) {
		struct lt_civil c = { 0 };
		c.month = lt_month_from_abbr(s + 4, 3);
		c.day = (s[8] == ' ' ? 0 : (s[8] - '0') * 10) + (s[9] - '0');
		c.year = (s[20] - '0') * 1000 + (s[21] - '0') * 100 + (s[22] - '0') * 10 + (s[23] - '0');
		if (!is_digits(s + 11, 2) || !is_digits(s + 14, 2) || !is_digits(s + 17, 2))
			return 0;
		c.hour = (s[11] - '0') * 10 + (s[12] - '0');
		c.min = (s[14] - '0') * 10 + (s[15] - '0');
		c.sec = (s[17] - '0') * 10 + (s[18] - '0');
		if (c.day < 1 || c.hour > 23 || c.min > 59 || c.sec > 60)
			return 0;
		*t = tz ? lt_tz_local_to_utc(tz, &c) : lt_time_from_civil(&c, 0);
		return 24;
	}
	return 0;
}

static bool ovpn_line(const char *s, size_t n)
{
	struct lt_syslog h;
	lt_time_us t;
	size_t k = own_stamp(s, n, NULL, &t);
	if (k)
		return lt_memcasemem(s, n, "Peer Connection") || lt_memcasemem(s, n, "MULTI") ||
		       lt_memcasemem(s, n, "OpenVPN") || lt_memcasemem(s, n, "TLS");
	return lt_syslog_parse(s, n, NULL, &h) == 0 && ovpn_prog(h.prog);
}

static int ovpn_probe(const struct lt_probe_data *pd)
{
	int share = lt_probe_share(pd, ovpn_line, 100);
	return share ? 50 + share * 45 / 100 : 0;
}

/* "user/1.2.3.4:5" or "1.2.3.4:5" at the start of the message. */
static void peer_prefix(struct lt_str *msg, struct lt_str *key, struct lt_str *user, struct lt_str *addr)
{
	key->n = user->n = addr->n = 0;
	const char *sp = memchr(msg->p, ' ', msg->n);
	if (!sp)
		return;
	struct lt_str tok = { msg->p, (size_t)(sp - msg->p) };
	const char *colon = NULL;
	for (size_t k = tok.n; k-- > 0;)
		if (tok.p[k] == ':') {
			colon = tok.p + k;
			break;
		}
	if (!colon || !is_digits(colon + 1, (size_t)(tok.p + tok.n - colon - 1)))
		return;
	const char *slash = NULL;
	for (size_t k = (size_t)(colon - tok.p); k-- > 0;)
		if (tok.p[k] == '/') {
			slash = tok.p + k;
			break;
		}
	struct lt_str a = slash ? (struct lt_str){ slash + 1, (size_t)(tok.p + tok.n - slash - 1) } : tok;
	struct lt_str host = { a.p, (size_t)(colon - a.p) };
	if (lt_str_has_prefix(host, "[AF_INET")) {
		/* fine: lt_set_addr_port strips it */
	} else if (!lt_is_ip(host)) {
		return;
	}
	*key = tok;
	*addr = a;
	if (slash)
		*user = (struct lt_str){ tok.p, (size_t)(slash - tok.p) };
	msg->p = sp + 1;
	msg->n -= tok.n + 1;
}

static bool take_after(struct lt_str m, const char *lit, struct lt_str *rest)
{
	const char *p = lt_memcasemem(m.p, m.n, lit);
	if (!p)
		return false;
	size_t l = strlen(lit);
	*rest = (struct lt_str){ p + l, (size_t)(m.p + m.n - p - l) };
	return true;
}

static struct lt_str first_word(struct lt_str s)
{
	size_t i = 0;
	while (i < s.n && s.p[i] != ' ' && s.p[i] != ',')
		i++;
	return (struct lt_str){ s.p, i };
}

/* The session's key: the peer's ip:port, the same in "1.2.3.4:5 ..." and
 * "user/1.2.3.4:5 ..." lines (the user is not known on every line). */
static struct lt_str peer_of(struct lt_str key)
{
	if (!key.n)
		return (struct lt_str){ "", 0 };	/* peer_prefix leaves p unset then */
	for (size_t k = key.n; k-- > 0;)
		if (key.p[k] == '/')
			return (struct lt_str){ key.p + k + 1, key.n - k - 1 };
	return key;
}

/* Authentication success, peer connection or address assignment: whichever
 * the log's verbosity has, the first is the session's start (session.h). */
static void session_up(struct ovpn_state *st, struct lt_record *r, struct lt_str key, lt_time_us t, bool dup)
{
	struct lt_str peer = peer_of(key);
	if (!dup)
		lt_session_seen(&st->sessions, r, peer.p, peer.n, t);
}

/* The assigned address, for the session's end line (which does not repeat it). */
static void remember_vip(struct ovpn_state *st, struct lt_str key, struct lt_str vip, bool dup)
{
	struct ovpn_session *s = dup ? NULL : find_session(st, key, true);
	if (!s)
		return;
	size_t n = vip.n < sizeof s->vip - 1 ? vip.n : sizeof s->vip - 1;
	memcpy(s->vip, vip.p, n);
	s->vip[n] = '\0';
}

static void classify(struct ovpn_state *st, struct lt_record *r, struct lt_str m, struct lt_str key,
		     struct lt_str user, lt_time_us t, bool dup)
{
	struct lt_str rest;
	struct ovpn_session *s;
	if (m.n && m.p[0] == '[' && take_after(m, "] Peer Connection Initiated with ", &rest)) {
		const char *close = memchr(m.p, ']', m.n);
		lt_vpn_event(r, LT_VPN_LOGIN);
		lt_rec_set_str(r, LT_F_USER_NAME, m.p + 1, (size_t)(close - m.p - 1));
		lt_set_addr_with_port(r, LT_F_SOURCE_IP, LT_F_SOURCE_PORT, first_word(rest));
		session_up(st, r, key, t, dup);
		return;
	}
	if (take_after(m, "authentication succeeded for username '", &rest)) {
		/* "TLS: Username/Password authentication succeeded for username 'taro' [CN SET]" */
		const char *q = memchr(rest.p, '\'', rest.n);
		lt_vpn_event(r, LT_VPN_LOGIN);
		if (q && !user.n)
			lt_rec_set_str(r, LT_F_USER_NAME, rest.p, (size_t)(q - rest.p));
		session_up(st, r, key, t, dup);
		return;
	}
	if (take_after(m, "MULTI: primary virtual IP for ", &rest)) {
		/* "u/ip:port: 10.8.0.6" */
		const char *sp = memchr(rest.p, ' ', rest.n);
		if (!sp)
			return;
		struct lt_str vip = { sp + 1, (size_t)(rest.p + rest.n - sp - 1) };
		lt_vpn_event(r, LT_VPN_SESSION_START);
		lt_rec_set_str(r, LT_F_VPN_ASSIGNED_IP, vip.p, vip.n);
		session_up(st, r, key, t, dup);
		remember_vip(st, key, vip, dup);
		return;
	}
	if (take_after(m, "pool returned IPv4=", &rest)) {
		struct lt_str vip = first_word(rest);
		if (!lt_is_ip(vip))
			return;
		lt_vpn_event(r, LT_VPN_ADDRESS);
		lt_rec_set_str(r, LT_F_VPN_ASSIGNED_IP, vip.p, vip.n);
		session_up(st, r, key, t, dup);
		remember_vip(st, key, vip, dup);
		return;
	}
	if (take_after(m, "MULTI: Learn: ", &rest)) {
		struct lt_str vip = first_word(rest);
		if (lt_is_ip(vip))
			lt_rec_set_str(r, LT_F_VPN_ASSIGNED_IP, vip.p, vip.n);
		return;
	}
	if (lt_memcasemem(m.p, m.n, "client-instance exiting") || lt_memcasemem(m.p, m.n, "client-instance restarting")) {
		const char *sig = memchr(m.p, '[', m.n);
		const char *close = sig ? memchr(sig, ']', (size_t)(m.p + m.n - sig)) : NULL;
		if (sig && close)
			lt_rec_set_str(r, LT_F_EVENT_REASON, sig + 1, (size_t)(close - sig - 1));
		if (!user.n) {
			lt_vpn_event(r, LT_VPN_DISCONNECT);	/* before authentication */
			return;
		}
		lt_vpn_event(r, LT_VPN_SESSION_END);
		s = find_session(st, key, false);
		if (s) {
			if (s->vip[0])
				lt_rec_set_cstr(r, LT_F_VPN_ASSIGNED_IP, s->vip);
			if (!dup)
				s->used = false;
		}
		if (!dup) {
			/* event.start and the duration from the session's first line */
			struct lt_str peer = peer_of(key);
			lt_session_ended(&st->sessions, r, peer.p, peer.n, t);
			/* the VPN families' common flag (doc/parsers.md), as strongSwan sets it */
			if (lt_rec_get(r, LT_F_SESSION_DURATION_DERIVED))
				lt_rec_set_bool(r, LT_F_VPN_DURATION_DERIVED, true);
		} else {
			lt_rec_set_cstr(r, LT_F_SESSION_ROLE, "end");
		}
		return;
	}
	if (take_after(m, "TCP connection established with ", &rest)) {
		lt_vpn_event(r, LT_VPN_CONNECT);
		lt_set_addr_with_port(r, LT_F_SOURCE_IP, LT_F_SOURCE_PORT, first_word(rest));
		return;
	}
	static const char *const failures[] = {
		"TLS Auth Error", "VERIFY ERROR", "TLS Error", "AUTH_FAILED", "authentication failed",
		"LDAP bind failed", "Incorrect password supplied", "Auth Username/Password verification failed", NULL
	};
	for (size_t i = 0; failures[i]; i++) {
		if (!lt_memcasemem(m.p, m.n, failures[i]))
			continue;
		lt_vpn_event(r, LT_VPN_LOGIN_FAILED);
		lt_rec_set_str(r, LT_F_EVENT_REASON, m.p, m.n);
		if (take_after(m, "incoming packet from ", &rest))
			lt_set_addr_with_port(r, LT_F_SOURCE_IP, LT_F_SOURCE_PORT, first_word(rest));
		if (take_after(m, "for LDAP DN \"", &rest)) {
			const char *q = memchr(rest.p, '"', rest.n);
			lt_rec_set_str(r, LT_F_USER_NAME, rest.p, q ? (size_t)(q - rest.p) : rest.n);
		}
		if (take_after(m, "user '", &rest)) {
			const char *q = memchr(rest.p, '\'', rest.n);
			if (q)
				lt_rec_set_str(r, LT_F_USER_NAME, rest.p, (size_t)(q - rest.p));
		}
		return;
	}
}

static enum lt_line_result ovpn_parse(void *state, struct lt_parse_ctx *ctx, const struct lt_line *line,
				      const char **reason)
{
	if (lt_line_blank(line))
		return LT_LINE_META;
	struct ovpn_state *st = state;
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	lt_time_us t = LT_TIME_NONE;
	struct lt_str msg;
	struct lt_syslog h;
	bool own = false;
	size_t k = own_stamp(line->text, line->len, env->tz, &t);
	if (k) {
		own = true;
		msg = (struct lt_str){ line->text + k + 1, line->len - k - 1 };
		if (lt_str_has_prefix(msg, "us=")) {	/* "us=123456 " microseconds */
			const char *sp = memchr(msg.p, ' ', msg.n);
			struct lt_str us = { msg.p + 3, sp ? (size_t)(sp - msg.p - 3) : 0 };
			int64_t v;
			if (sp && lt_parse_int(us.p, us.n, &v) && v >= 0 && v < 1000000)
				t += v;
			if (sp) {
				msg.n -= (size_t)(sp + 1 - msg.p);
				msg.p = sp + 1;
			}
		}
	} else if (lt_syslog_parse(line->text, line->len, env, &h) == 0) {
		msg = h.msg;
		t = h.time;
	} else {
		*reason = line->len ? "openvpn: neither syslog nor an OpenVPN log-file line" : "empty line";
		return LT_LINE_UNPARSED;
	}
	struct lt_record *r = lt_parse_begin(ctx, line);
	if (own)
		lt_rec_set_event_time(r, t, line->text, k, lt_tz_name(env->tz), false);
	else
		lt_syslog_apply(r, &h, env);
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "openvpn");
	lt_rec_set_span(r, LT_F_MESSAGE, msg);

	/* duplicate: same stamp text and message as a recent line */
	struct lt_str stamp = own ? (struct lt_str){ line->text, k } : h.time_text;
	uint64_t hash = fnv(msg.p, msg.n, fnv(stamp.p, stamp.n, UINT64_C(14695981039346656037)));
	bool dup = false;
	for (unsigned i = 0; i < OVPN_RECENT; i++)
		if (st->recent[i].lineno && st->recent[i].hash == hash) {
			lt_rec_set_int(r, LT_F_DUPLICATE_OF_LINE, (int64_t)st->recent[i].lineno);
			dup = true;
			break;
		}
	if (!dup)
		st->recent[st->rnext++ % OVPN_RECENT] = (struct ovpn_recent){ hash, line->lineno };

	struct lt_str key = { "", 0 }, user = { "", 0 }, addr = { "", 0 };
	peer_prefix(&msg, &key, &user, &addr);
	if (addr.n)
		lt_set_addr_with_port(r, LT_F_SOURCE_IP, LT_F_SOURCE_PORT, addr);
	if (user.n)
		lt_rec_set_str(r, LT_F_USER_NAME, user.p, user.n);
	classify(st, r, msg, key, user, t, dup);
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

const struct lt_parser lt_parser_openvpn = {
	.name = "openvpn",
	.family = "vpn",
	.description = "OpenVPN server log (syslog or --log file): logins, sessions with assigned address, failures",
	.probe = ovpn_probe,
	.state_size = sizeof(struct ovpn_state),
	.parse_line = ovpn_parse,
};
