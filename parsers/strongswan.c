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
 *
 *   XAuth authentication of 'alice' successful (IKEv1)  -> vpn_login
 *
 * Sessions (src/parse/session.h): the first of the authentication success,
 * the address assignment and "IKE_SA ... established" that the log has
 * starts the session, the others continue it, "deleting IKE_SA" ends it.
 * These lines name the peer differently (the authenticated identity, the
 * IKE identity, or only the IKE_SA), but charon writes the lines of one
 * exchange from one worker thread ("09[IKE]") within the same second: an
 * authentication or address line followed within LT_SW_SAME_JOB on the same
 * thread by "IKE_SA established" is the same session, and so are the
 * address and CHILD_SA lines that follow it; the session's key is then
 * kept with the IKE_SA name for its "deleting IKE_SA" line. When the IKE
 * identity differs from the authenticated one (EAP), the session start
 * carries the authenticated one as user.name.
 */
#include <string.h>

#include "parse/fields.h"
#include "parse/parser.h"
#include "parse/session.h"
#include "parse/syslog.h"

#define SW_SLOTS 128
#define SW_THREADS 64
/* the lines of one charon job are written together; 2 s allows a slow host */
#define LT_SW_SAME_JOB (INT64_C(2) * LT_US_PER_SEC)

struct sw_sa {
	char id[64];		/* "rw[3]" */
	char peer[128];		/* peer identity */
	char vip[64];
	char key[128];		/* the session's key (session.h) */
	lt_time_us start;
	bool used;
};

/* What a worker thread last said about a session: "pending" is an identity
 * from an authentication or address line not yet followed by its IKE_SA
 * line, "current" the session of the thread's last IKE_SA line. */
struct sw_thread {
	char pending[128];
	lt_time_us pending_at;
	char current[128];
	lt_time_us current_at;
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
	struct sw_thread thread[SW_THREADS];
	struct lt_sessions sessions;
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

/* "12[IKE] " thread and subsystem prefix of charon messages; *thread
 * (may be NULL) gets the thread number. */
static bool charon_prefix(struct lt_str *m, int *thread)
{
	size_t i = 0;
	int num = 0;
	while (i < m->n && m->p[i] >= '0' && m->p[i] <= '9') {
		if (num < 100000)
			num = num * 10 + (m->p[i] - '0');
		i++;
	}
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
	if (thread)
		*thread = num;
	return true;
}

/* "charon: 12[IKE] msg" with no timestamp (journalctl -o cat, container
 * logs): *m gets the message after the thread prefix. */
static bool bare_charon(const char *s, size_t n, struct lt_str *m, int *thread)
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
	return charon_prefix(m, thread);
}

static bool sw_line(const char *s, size_t n)
{
	struct lt_syslog h;
	struct lt_str bare;
	if (bare_charon(s, n, &bare, NULL))
		return true;
	if (lt_syslog_parse(s, n, NULL, &h))
		return false;
	if (h.prog.n && sw_prog(h.prog))
		return true;
	/* charon's own log: no tag, "Nov 25 08:01:02 12[IKE] ..." parses with the thread as host */
	struct lt_str m = { h.host.p, (size_t)(s + n - h.host.p) };
	return h.host.n && charon_prefix(&m, NULL);
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

static bool same_job(lt_time_us a, lt_time_us b)
{
	if (a == LT_TIME_NONE || b == LT_TIME_NONE)
		return a == b;	/* bare lines have no time: adjacency on the thread is all there is */
	return (a > b ? a - b : b - a) <= LT_SW_SAME_JOB;
}

static struct sw_thread *thread_of(struct sw_state *st, int thread)
{
	return thread < 0 ? NULL : &st->thread[thread % SW_THREADS];
}

/* The key a thread said within the same job, or an empty string. */
static struct lt_str recent(const char *key, lt_time_us at, lt_time_us t)
{
	if (!key[0] || !same_job(at, t))
		return (struct lt_str){ "", 0 };
	return (struct lt_str){ key, strlen(key) };
}

static void remember(char *dst, size_t cap, lt_time_us *at, struct lt_str key, lt_time_us t)
{
	copy_str(dst, cap, key);
	*at = t;
}

static bool same_str(struct lt_str a, struct lt_str b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

/* An identity line (authentication, address): its own identity, or the
 * session its thread has just established (use_current). */
static void identity_seen(struct sw_state *st, struct lt_record *r, struct lt_str id, lt_time_us t, int thread,
			  bool use_current)
{
	struct sw_thread *th = thread_of(st, thread);
	struct lt_str cur = th && use_current ? recent(th->current, th->current_at, t) : (struct lt_str){ "", 0 };
	if (cur.n) {
		lt_session_seen(&st->sessions, r, cur.p, cur.n, t);
		return;
	}
	if (!id.n)
		return;
	lt_session_seen(&st->sessions, r, id.p, id.n, t);
	if (th)
		remember(th->pending, sizeof th->pending, &th->pending_at, id, t);
}

/* "IKE_SA x[n] established": the identity authenticated just before on
 * this thread, else the peer's IKE identity, else its address. */
static void established_seen(struct sw_state *st, struct sw_sa *sa, struct lt_record *r, struct lt_str peer,
			     lt_time_us t, int thread)
{
	struct sw_thread *th = thread_of(st, thread);
	struct lt_str key = th ? recent(th->pending, th->pending_at, t) : (struct lt_str){ "", 0 };
	struct lt_str ip;
	if (key.n && !same_str(key, peer))
		lt_rec_set_str(r, LT_F_USER_NAME, key.p, key.n);
	if (!key.n && peer.n && !lt_str_eq(peer, "%any"))
		key = peer;
	if (!key.n && lt_rec_get_str(r, LT_F_SOURCE_IP, &ip))
		key = ip;
	copy_str(sa->key, sizeof sa->key, key);
	if (th) {
		th->pending[0] = '\0';
		remember(th->current, sizeof th->current, &th->current_at, (struct lt_str){ sa->key, strlen(sa->key) }, t);
	}
	if (sa->key[0])
		lt_session_seen(&st->sessions, r, sa->key, strlen(sa->key), t);
}

static void classify(struct sw_state *st, struct lt_record *r, struct lt_str m, lt_time_us t, int thread)
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
		established_seen(st, sa, r, peer, t, thread);
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
			if (sa->key[0] && !same_str((struct lt_str){ sa->key, strlen(sa->key) }, peer))
				lt_rec_set_cstr(r, LT_F_USER_NAME, sa->key);	/* the authenticated identity */
			if (sa->key[0])
				lt_session_ended(&st->sessions, r, sa->key, strlen(sa->key), t);
		} else if (peer.n && !lt_str_eq(peer, "%any")) {
			lt_session_ended(&st->sessions, r, peer.p, peer.n, t);
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
		identity_seen(st, r, (struct lt_str){ "", 0 }, t, thread, true);
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
		identity_seen(st, r, peer, t, thread, true);
		return;
	}
	bool xauth = lt_str_has_prefix(m, "XAuth authentication of '");
	if ((xauth || lt_str_has_prefix(m, "authentication of '")) && !lt_memcasemem(m.p, m.n, "(myself)")) {
		peer = quoted_after(m, "authentication of '");
		bool ok = lt_memcasemem(m.p, m.n, " successful") != NULL;
		lt_vpn_event(r, ok ? LT_VPN_LOGIN : LT_VPN_LOGIN_FAILED);
		lt_rec_set_span(r, LT_F_USER_NAME, peer);
		struct lt_str method = xauth ? (struct lt_str){ "XAuth", 5 } : word_after(m, "' with ");
		lt_rec_set_span(r, LT_F_AUTH_METHOD, method);
		if (ok)
			identity_seen(st, r, peer, t, thread, false);
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
	int thread = -1;
	if (bare_charon(line->text, line->len, &m, &thread)) {
		/* no time on the line: the record keeps none rather than a guess */
		struct lt_record *r = lt_parse_begin(ctx, line);
		lt_rec_set_cstr(r, LT_F_PROCESS_NAME, "charon");
		lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "strongswan.charon");
		lt_rec_set_span(r, LT_F_MESSAGE, m);
		classify(st, r, m, LT_TIME_NONE, thread);
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
		if (charon_prefix(&all, &thread)) {
			m = all;
			h.host.n = 0;
		}
	} else {
		charon_prefix(&m, &thread);
	}
	struct lt_record *r = lt_parse_begin(ctx, line);
	lt_syslog_apply(r, &h, env);
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "strongswan.charon");
	lt_rec_set_span(r, LT_F_MESSAGE, m);
	classify(st, r, m, h.time, thread);
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
