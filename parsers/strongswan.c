/* strongSwan charon (IKEv1/IKEv2) via syslog ("charon: 12[IKE] ...",
 * also "charon-systemd", "ipsec") or charon's own file log
 * ("Nov 25 08:01:02 12[IKE] ..."), or bare "charon: 12[IKE] ..." lines
 * without any timestamp (journalctl -o cat, container logs: such records
 * carry no @timestamp):
 *
 *   IKE_SA rw[3] established between 203.0.113.1[vpn.example.com]...198.51.100.7[alice@example.com]
 *       -> vpn_session_start: source.ip = peer, user.name = peer identity,
 *          destination.ip = local, leaktrail.vpn.session_id = rw[3]
 *   deleting IKE_SA rw[3] between ...   -> vpn_session_end (duration derived
 *          from the start seen in the same stream)
 *   CHILD_SA rw{2} established ... TS a === b  -> vpn_connection_established
 *   closing CHILD_SA rw{2} ... (123 bytes) ...  -> vpn_connection_closed
 *   assigning virtual IP 10.3.0.1 to peer 'alice@example.com' -> vpn_address_assigned
 *   authentication of 'alice@example.com' with EAP successful -> vpn_login
 *   AUTHENTICATION_FAILED, EAP ... failed, MAC mismatched ...  -> vpn_login_failed
 * The assigned address is carried to the session start and end records.
 */
#include <string.h>

#include "parse/fields.h"
#include "parse/parser.h"
#include "parse/syslog.h"

#define SW_SLOTS 128

struct sw_sa {
	char id[64];		/* "rw[3]" */
	char peer[128];		/* peer identity */
	char vip[64];
	lt_time_us start;
	bool used;
};

struct sw_vip {
	char peer[128];
	char vip[64];
};

struct sw_state {
	struct sw_sa sa[SW_SLOTS];
	unsigned next_sa;
	struct sw_vip vip[SW_SLOTS];
	unsigned next_vip;
};

static void copy_str(char *dst, size_t cap, struct lt_str s)
{
	size_t n = s.n < cap - 1 ? s.n : cap - 1;
	if (n)
		memcpy(dst, s.p, n);
	dst[n] = '\0';
}

static bool sw_prog(struct lt_str p)
{
	return lt_str_has_prefix(p, "charon") || lt_str_eq(p, "ipsec") || lt_str_eq(p, "strongswan") ||
	       lt_str_eq(p, "pluto");
}

/* "12[IKE] " thread and subsystem prefix of charon messages */
static bool charon_prefix(struct lt_str *m)
{
	size_t i = 0;
	while (i < m->n && m->p[i] >= '0' && m->p[i] <= '9')
		i++;
	if (i == 0 || i + 1 >= m->n || m->p[i] != '[')
		return false;
	const char *close = memchr(m->p + i, ']', m->n - i);
	if (!close || close - (m->p + i) > 6)
		return false;
	size_t skip = (size_t)(close + 1 - m->p);
	if (skip < m->n && m->p[skip] == ' ')
		skip++;
	m->p += skip;
	m->n -= skip;
	return true;
}

/* "charon: 12[IKE] msg" with no timestamp (journalctl -o cat, container
 * logs): *m gets the message after the thread prefix. */
static bool bare_charon(const char *s, size_t n, struct lt_str *m)
{
	const char *colon = memchr(s, ':', n);
	if (!colon || colon == s || colon + 2 > s + n || colon[1] != ' ')
		return false;
	struct lt_str prog = { s, (size_t)(colon - s) };
	const char *bracket = memchr(s, '[', prog.n);
	if (bracket)
		prog.n = (size_t)(bracket - s);	/* "charon[812]: " */
	if (!lt_str_has_prefix(prog, "charon"))
		return false;
	*m = (struct lt_str){ colon + 2, (size_t)(s + n - colon - 2) };
	return charon_prefix(m);
}

static bool sw_line(const char *s, size_t n)
{
	struct lt_syslog h;
	struct lt_str bare;
	if (bare_charon(s, n, &bare))
		return true;
	if (lt_syslog_parse(s, n, NULL, &h))
		return false;
	if (h.prog.n && sw_prog(h.prog))
		return true;
	/* charon's own log: no tag, "Nov 25 08:01:02 12[IKE] ..." parses with the thread as host */
	struct lt_str m = { h.host.p, (size_t)(s + n - h.host.p) };
	return h.host.n && charon_prefix(&m);
}

static int sw_probe(const struct lt_probe_data *pd)
{
	int share = lt_probe_share(pd, sw_line, 100);
	return share ? 55 + share * 40 / 100 : 0;
}

static struct sw_sa *find_sa(struct sw_state *st, struct lt_str id, bool create)
{
	char key[64];
	copy_str(key, sizeof key, id);
	for (unsigned i = 0; i < SW_SLOTS; i++)
		if (st->sa[i].used && strcmp(st->sa[i].id, key) == 0)
			return &st->sa[i];
	if (!create)
		return NULL;
	struct sw_sa *sa = &st->sa[st->next_sa++ % SW_SLOTS];
	memset(sa, 0, sizeof *sa);
	memcpy(sa->id, key, sizeof key);
	sa->used = true;
	sa->start = LT_TIME_NONE;
	return sa;
}

static const char *vip_of(const struct sw_state *st, const char *peer)
{
	for (unsigned i = 0; i < SW_SLOTS; i++)
		if (st->vip[i].peer[0] && strcmp(st->vip[i].peer, peer) == 0)
			return st->vip[i].vip;
	return NULL;
}

/* "203.0.113.1[local-id]...198.51.100.7[peer-id]" */
static void endpoints(struct lt_record *r, struct lt_str s, struct lt_str *peer_id)
{
	const char *dots = lt_memcasemem(s.p, s.n, "]...");
	peer_id->n = 0;
	if (!dots)
		return;
	const char *lb = memchr(s.p, '[', (size_t)(dots - s.p));
	if (lb)
		lt_set_addr_port(r, LT_F_DEST_IP, NULL, (struct lt_str){ s.p, (size_t)(lb - s.p) });
	struct lt_str rem = { dots + 4, (size_t)(s.p + s.n - dots - 4) };
	const char *rlb = memchr(rem.p, '[', rem.n);
	if (!rlb)
		return;
	lt_set_addr_port(r, LT_F_SOURCE_IP, NULL, (struct lt_str){ rem.p, (size_t)(rlb - rem.p) });
	const char *rrb = NULL;
	for (size_t k = rem.n; k-- > 0;)
		if (rem.p[k] == ']') {
			rrb = rem.p + k;
			break;
		}
	if (rrb && rrb > rlb) {
		*peer_id = (struct lt_str){ rlb + 1, (size_t)(rrb - rlb - 1) };
		if (!lt_str_eq(*peer_id, "%any"))
			lt_rec_set_str(r, LT_F_USER_NAME, peer_id->p, peer_id->n);
	}
}

static struct lt_str word_after(struct lt_str m, const char *lit)
{
	const char *p = lt_memcasemem(m.p, m.n, lit);
	if (!p)
		return (struct lt_str){ NULL, 0 };
	p += strlen(lit);
	const char *e = m.p + m.n, *q = p;
	while (q < e && *q != ' ')
		q++;
	return (struct lt_str){ p, (size_t)(q - p) };
}

static struct lt_str quoted_after(struct lt_str m, const char *lit)
{
	const char *p = lt_memcasemem(m.p, m.n, lit);
	if (!p)
		return (struct lt_str){ NULL, 0 };
	p += strlen(lit);
	const char *e = m.p + m.n;
	const char *q = memchr(p, '\'', (size_t)(e - p));
	return (struct lt_str){ p, q ? (size_t)(q - p) : 0 };
}

static void classify(struct sw_state *st, struct lt_record *r, struct lt_str m, lt_time_us t)
{
	struct lt_str id, peer;
	if (lt_str_has_prefix(m, "IKE_SA ") && lt_memcasemem(m.p, m.n, " established between ")) {
		id = word_after(m, "IKE_SA ");
		lt_vpn_event(r, LT_VPN_SESSION_START);
		lt_rec_set_str(r, LT_F_VPN_SESSION_ID, id.p, id.n);
		const char *b = lt_memcasemem(m.p, m.n, " between ");
		endpoints(r, (struct lt_str){ b + 9, (size_t)(m.p + m.n - b - 9) }, &peer);
		struct sw_sa *sa = find_sa(st, id, true);
		sa->start = t;
		copy_str(sa->peer, sizeof sa->peer, peer);
		const char *vip = vip_of(st, sa->peer);
		if (vip) {
			copy_str(sa->vip, sizeof sa->vip, (struct lt_str){ vip, strlen(vip) });
			lt_rec_set_cstr(r, LT_F_VPN_ASSIGNED_IP, vip);
		}
		const char *bracket = memchr(id.p, '[', id.n);
		lt_rec_set_str(r, LT_F_VPN_TUNNEL, id.p, bracket ? (size_t)(bracket - id.p) : id.n);
		return;
	}
	if (lt_str_has_prefix(m, "deleting IKE_SA ")) {
		id = word_after(m, "deleting IKE_SA ");
		lt_vpn_event(r, LT_VPN_SESSION_END);
		lt_rec_set_str(r, LT_F_VPN_SESSION_ID, id.p, id.n);
		const char *b = lt_memcasemem(m.p, m.n, " between ");
		if (b)
			endpoints(r, (struct lt_str){ b + 9, (size_t)(m.p + m.n - b - 9) }, &peer);
		struct sw_sa *sa = find_sa(st, id, false);
		if (sa) {
			if (sa->vip[0])
				lt_rec_set_cstr(r, LT_F_VPN_ASSIGNED_IP, sa->vip);
			int64_t ns;
			if (sa->start != LT_TIME_NONE && t != LT_TIME_NONE && t >= sa->start &&
			    lt_duration_ns(t - sa->start, LT_US_PER_SEC, &ns)) {
				lt_rec_set_int(r, LT_F_EVENT_DURATION, ns);
				lt_rec_set_bool(r, LT_F_VPN_DURATION_DERIVED, true);
				lt_rec_set_time(r, LT_F_EVENT_START, sa->start);
			}
			sa->used = false;
		}
		return;
	}
	if (lt_str_has_prefix(m, "CHILD_SA ") && lt_memcasemem(m.p, m.n, " established")) {
		id = word_after(m, "CHILD_SA ");
		lt_vpn_event(r, LT_VPN_CONNECT);
		lt_rec_set_str(r, LT_F_VPN_SESSION_ID, id.p, id.n);
		const char *ts = lt_memcasemem(m.p, m.n, " and TS ");
		if (ts)
			lt_rec_set_str(r, LT_F_VPN_TRAFFIC_SELECTORS, ts + 8, (size_t)(m.p + m.n - ts - 8));
		return;
	}
	if (lt_str_has_prefix(m, "closing CHILD_SA ") || lt_memcasemem(m.p, m.n, "CHILD_SA closed")) {
		lt_vpn_event(r, LT_VPN_DISCONNECT);
		id = word_after(m, "CHILD_SA ");
		lt_rec_set_span(r, LT_F_VPN_SESSION_ID, id);
		/* "SPIs c1_i (1234 bytes) c2_o (5678 bytes)": in from the peer, out to it */
		const char *in = lt_memcasemem(m.p, m.n, "_i (");
		const char *out = lt_memcasemem(m.p, m.n, "_o (");
		if (in)
			lt_rec_set_span_int(r, LT_F_SOURCE_BYTES, word_after((struct lt_str){ in, (size_t)(m.p + m.n - in) }, "_i ("));
		if (out)
			lt_rec_set_span_int(r, LT_F_DEST_BYTES, word_after((struct lt_str){ out, (size_t)(m.p + m.n - out) }, "_o ("));
		return;
	}
	if (lt_str_has_prefix(m, "assigning virtual IP ")) {
		struct lt_str vip = word_after(m, "assigning virtual IP ");
		peer = quoted_after(m, "to peer '");
		lt_vpn_event(r, LT_VPN_ADDRESS);
		lt_rec_set_span(r, LT_F_VPN_ASSIGNED_IP, vip);
		lt_rec_set_span(r, LT_F_USER_NAME, peer);
		struct sw_vip *v = &st->vip[st->next_vip++ % SW_SLOTS];
		copy_str(v->peer, sizeof v->peer, peer);
		copy_str(v->vip, sizeof v->vip, vip);
		return;
	}
	if (lt_str_has_prefix(m, "authentication of '") && !lt_memcasemem(m.p, m.n, "(myself)")) {
		peer = quoted_after(m, "authentication of '");
		bool ok = lt_memcasemem(m.p, m.n, " successful") != NULL;
		lt_vpn_event(r, ok ? LT_VPN_LOGIN : LT_VPN_LOGIN_FAILED);
		lt_rec_set_span(r, LT_F_USER_NAME, peer);
		struct lt_str method = word_after(m, "' with ");
		lt_rec_set_span(r, LT_F_AUTH_METHOD, method);
		return;
	}
	static const char *const failures[] = {
		"AUTHENTICATION_FAILED", "verification failed", "MAC mismatched", "constraint check failed",
		"no trusted RSA public key", "no shared key found", " failed, ", NULL
	};
	for (size_t i = 0; failures[i]; i++)
		if (lt_memcasemem(m.p, m.n, failures[i]) && (i < 6 || lt_memcasemem(m.p, m.n, "EAP"))) {
			lt_vpn_event(r, LT_VPN_LOGIN_FAILED);
			lt_rec_set_str(r, LT_F_EVENT_REASON, m.p, m.n);
			peer = quoted_after(m, "for '");
			lt_rec_set_span(r, LT_F_USER_NAME, peer);
			return;
		}
}

static enum lt_line_result sw_parse(void *state, struct lt_parse_ctx *ctx, const struct lt_line *line,
				    const char **reason)
{
	if (lt_line_blank(line))
		return LT_LINE_META;
	struct sw_state *st = state;
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	struct lt_syslog h;
	struct lt_str m;
	if (bare_charon(line->text, line->len, &m)) {
		/* no time on the line: the record keeps none rather than a guess */
		struct lt_record *r = lt_parse_begin(ctx, line);
		lt_rec_set_cstr(r, LT_F_PROCESS_NAME, "charon");
		lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "strongswan.charon");
		lt_rec_set_span(r, LT_F_MESSAGE, m);
		classify(st, r, m, LT_TIME_NONE);
		lt_parse_emit(ctx, r);
		return LT_LINE_RECORD;
	}
	if (lt_syslog_parse(line->text, line->len, env, &h)) {
		*reason = line->len ? "strongswan: no syslog or charon log timestamp" : "empty line";
		return LT_LINE_UNPARSED;
	}
	m = h.msg;
	if (!h.prog.n && h.host.n) {
		/* own file log: what looked like the host is the "12[IKE]" prefix */
		struct lt_str all = { h.host.p, (size_t)(line->text + line->len - h.host.p) };
		if (charon_prefix(&all)) {
			m = all;
			h.host.n = 0;
		}
	} else {
		charon_prefix(&m);
	}
	struct lt_record *r = lt_parse_begin(ctx, line);
	lt_syslog_apply(r, &h, env);
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "strongswan.charon");
	lt_rec_set_span(r, LT_F_MESSAGE, m);
	classify(st, r, m, h.time);
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

const struct lt_parser lt_parser_strongswan = {
	.name = "strongswan",
	.family = "vpn",
	.description = "strongSwan charon: IKE_SA/CHILD_SA established and deleted, virtual IPs, authentication",
	.probe = sw_probe,
	.state_size = sizeof(struct sw_state),
	.parse_line = sw_parse,
};
