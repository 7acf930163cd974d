/* Palo Alto Networks PAN-OS GlobalProtect logs (CSV, type GLOBALPROTECT,
 * PAN-OS 9.1+), and the User-ID log (type USERID) that maps users to
 * addresses. Lines may come with a syslog header before the CSV.
 *
 *   1,2021/03/24 11:30:00,SERIAL,GLOBALPROTECT,0,2305,2021/03/24 11:30:00,vsys1,
 *   gateway-auth,login,,,domain\user,JP,PC-01,203.0.113.5,0.0.0.0,10.20.13.217,...
 *
 * Columns used (0-based): 6 generated time, 8 event id, 9 stage, 10 auth
 * method, 11 tunnel type, 12 user, 14 machine, 15 public IP, 17 private IP,
 * 21 client version, 22 client OS, 25 reason, 26 error, 27 description,
 * 28 status, 30 login duration (s), 33 portal/gateway.
 * gateway-auth / portal-auth -> vpn_login(_failed); gateway-register and
 * gateway-connected -> vpn_session_start; gateway-logout -> vpn_session_end
 * (with duration). source.ip is the public address, the private (tunnel)
 * address is leaktrail.vpn.assigned_ip. "domain\user" is split into
 * user.domain and user.name. Times "2021/03/24 11:30:00" are local (--tz);
 * "2021-10-22T16:10:05.000000Z" carries its zone.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "parse/fields.h"
#include "parse/parser.h"
#include "parse/session.h"
#include "parse/syslog.h"
#include "util/buf.h"

#define GP_MAX 64

struct gp_state {
	struct lt_buf scratch;
	struct lt_sessions sessions;	/* keyed by user and public address (session.h) */
};

static void gp_fini(void *state)
{
	struct gp_state *st = state;
	lt_buf_free(&st->scratch);
}

/* Start of the CSV record: the line, or what follows a syslog header. */
static struct lt_str csv_part(const char *s, size_t n, const struct lt_parse_env *env)
{
	struct lt_syslog h;
	if (n && s[0] >= '0' && s[0] <= '9' && memchr(s, ',', n < 20 ? n : 20))
		return (struct lt_str){ s, n };
	if (lt_syslog_parse(s, n, env, &h) == 0)
		return h.msg;
	return (struct lt_str){ s, n };
}

static bool gp_line(const char *s, size_t n)
{
	struct lt_str c = csv_part(s, n, NULL);
	return lt_memcasemem(c.p, c.n < 120 ? c.n : 120, ",GLOBALPROTECT,") ||
	       lt_memcasemem(c.p, c.n < 120 ? c.n : 120, ",USERID,");
}

static int gp_probe(const struct lt_probe_data *pd)
{
	return lt_probe_share(pd, gp_line, 93);
}

static bool empty(struct lt_str v)
{
	return v.n == 0 || lt_str_eq(v, "0.0.0.0") || lt_str_eq(v, "::");
}

static void set_user(struct lt_record *r, struct lt_str u)
{
	if (empty(u))
		return;
	const char *bs = memchr(u.p, '\\', u.n);
	if (bs) {
		struct lt_str dom = { u.p, (size_t)(bs - u.p) };
		struct lt_str name = { bs + 1, (size_t)(u.p + u.n - bs - 1) };
		while (name.n && name.p[0] == '\\') {	/* "host\\user" */
			name.p++;
			name.n--;
		}
		lt_rec_set_span(r, LT_F_USER_DOMAIN, dom);
		lt_rec_set_span(r, LT_F_USER_NAME, name);
	} else {
		lt_rec_set_str(r, LT_F_USER_NAME, u.p, u.n);
	}
}

static void set_time(struct lt_record *r, struct lt_str t, const struct lt_parse_env *env)
{
	lt_time_us when;
	bool had_zone;
	int32_t off;
	char buf[40];
	if (t.n < 19 || t.n >= sizeof buf)
		return;
	memcpy(buf, t.p, t.n);
	if (buf[4] == '/' && buf[7] == '/') {	/* 2021/03/24 11:30:00: local time */
		buf[4] = buf[7] = '-';
		if (lt_time_parse_iso(buf, t.n, env->tz, &when) == 0)
			lt_rec_set_event_time(r, when, t.p, t.n, lt_tz_name(env->tz), false);
		return;
	}
	if (lt_time_parse_iso_ex(t.p, t.n, env->tz, &when, &had_zone, &off) == 0) {
		if (had_zone)
			lt_rec_set_event_time_off(r, when, t.p, t.n, off);
		else
			lt_rec_set_event_time(r, when, t.p, t.n, lt_tz_name(env->tz), false);
	}
}

static void globalprotect(struct lt_record *r, const struct lt_str *f, size_t nf)
{
#define F(i) ((i) < nf ? f[i] : (struct lt_str){ "", 0 })
	struct lt_str ev = F(8), status = F(28);
	bool ok = lt_str_eq(status, "success");
	lt_rec_set_span(r, LT_F_EVENT_CODE, ev);
	lt_rec_set_span(r, LT_F_VPN_STAGE, F(9));
	lt_rec_set_span(r, LT_F_AUTH_METHOD, F(10));
	lt_rec_set_span(r, LT_F_VPN_SESSION_TYPE, F(11));
	set_user(r, F(12));
	lt_rec_set_span(r, LT_F_HOST_NAME, F(14));
	struct lt_str pub = !empty(F(15)) ? F(15) : F(16);
	struct lt_str priv = !empty(F(17)) ? F(17) : F(18);
	if (!empty(pub))
		lt_rec_set_str(r, lt_is_ip(pub) ? LT_F_SOURCE_IP : LT_F_SOURCE_ADDRESS, pub.p, pub.n);
	if (!empty(priv))
		lt_rec_set_str(r, LT_F_VPN_ASSIGNED_IP, priv.p, priv.n);
	lt_rec_set_span(r, LT_F_VPN_CLIENT_VERSION, F(21));
	lt_rec_set_span(r, LT_F_HOST_OS_FULL, F(23));
	struct lt_str reason = !empty(F(25)) ? F(25) : F(26);
	lt_rec_set_span(r, LT_F_EVENT_REASON, reason);
	lt_rec_set_span(r, LT_F_MESSAGE, F(27));
	lt_rec_set_span(r, LT_F_VPN_TUNNEL, F(33));
	const char *action = NULL;
	if (lt_str_eq(ev, "gateway-auth") || lt_str_eq(ev, "portal-auth"))
		action = ok ? LT_VPN_LOGIN : LT_VPN_LOGIN_FAILED;
	else if (lt_str_eq(ev, "gateway-register") || lt_str_eq(ev, "gateway-connected"))
		action = LT_VPN_SESSION_START;
	else if (lt_str_eq(ev, "gateway-logout"))
		action = LT_VPN_SESSION_END;
	if (action) {
		lt_vpn_event(r, action);
	} else {
		lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "network");
		lt_rec_set_span(r, LT_F_EVENT_ACTION, ev);
	}
	if (status.n)
		lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, ok ? LT_OUTCOME_SUCCESS : LT_OUTCOME_FAILURE);
	int64_t sec, ns;
	if (action && strcmp(action, LT_VPN_SESSION_END) == 0 && lt_parse_int(F(30).p, F(30).n, &sec) && sec > 0 &&
	    lt_duration_ns(sec, 1, &ns))
		lt_rec_set_int(r, LT_F_EVENT_DURATION, ns);
#undef F
}

static void userid(struct lt_record *r, const struct lt_str *f, size_t nf)
{
	if (nf < 10)
		return;
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "authentication");
	if (lt_str_eq(f[4], "login") || lt_str_eq(f[4], "logout")) {
		lt_rec_set_cstr(r, LT_F_EVENT_ACTION, lt_str_eq(f[4], "login") ? "userid_login" : "userid_logout");
		lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, LT_OUTCOME_SUCCESS);
	} else {
		lt_rec_set_span(r, LT_F_EVENT_ACTION, f[4]);
	}
	if (lt_is_ip(f[8]))
		lt_rec_set_str(r, LT_F_SOURCE_IP, f[8].p, f[8].n);
	set_user(r, f[9]);
	if (nf > 17)
		lt_rec_set_span(r, LT_F_USERID_SOURCE, f[16]);
}

/* One session start per GlobalProtect connection, whichever gateway stages
 * the PAN-OS version and log settings write (gateway-auth, -getconfig,
 * -setup-*, -register, -connected); gateway-logout ends it. Portal stages
 * are not a tunnel and are left out. */
static void gp_session(struct gp_state *st, struct lt_record *r, const struct lt_str *f, size_t nf)
{
	static const char *const up[] = { "gateway-auth", "gateway-getconfig", "gateway-setup-ipsec",
					  "gateway-setup-ssl", "gateway-register", "gateway-connected", NULL };
	struct lt_str ev = nf > 8 ? f[8] : (struct lt_str){ "", 0 };
	struct lt_str user = { "", 0 };
	lt_rec_get_str(r, LT_F_USER_NAME, &user);	/* the domain split off: every stage writes the same */
	struct lt_str pub = nf > 15 && f[15].n ? f[15] : nf > 16 ? f[16] : (struct lt_str){ "", 0 };
	bool ok = nf > 28 && lt_str_eq(f[28], "success");
	if (!user.n || !ok)
		return;
	char key[256];
	int n = snprintf(key, sizeof key, "%.*s|%.*s", (int)user.n, user.p, (int)pub.n, pub.p);
	if (n <= 0 || (size_t)n >= sizeof key)
		return;
	for (int i = 0; i < n && key[i] != '|'; i++)
		key[i] = (char)tolower((unsigned char)key[i]);
	lt_time_us t = LT_TIME_NONE;
	lt_rec_get_time(r, LT_F_TIMESTAMP, &t);
	if (lt_str_eq(ev, "gateway-logout")) {
		lt_session_ended(&st->sessions, r, key, (size_t)n, t);
		return;
	}
	for (size_t i = 0; up[i]; i++)
		if (lt_str_eq(ev, up[i])) {
			lt_session_seen(&st->sessions, r, key, (size_t)n, t);
			return;
		}
}

static enum lt_line_result gp_parse(void *state, struct lt_parse_ctx *ctx, const struct lt_line *line,
				    const char **reason)
{
	if (lt_line_blank(line))
		return LT_LINE_META;
	struct gp_state *st = state;
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	struct lt_str c = csv_part(line->text, line->len, env);
	struct lt_str f[GP_MAX];
	size_t nf = lt_split_csv(c.p, c.n, ',', f, GP_MAX, &st->scratch);
	if (nf == LT_CSV_OPEN_QUOTE) {
		*reason = "panos: unterminated quote";
		return LT_LINE_UNPARSED;
	}
	if (nf > GP_MAX)
		nf = GP_MAX;
	if (nf < 10 || (!lt_str_eq(f[3], "GLOBALPROTECT") && !lt_str_eq(f[3], "USERID"))) {
		*reason = line->len ? "panos: not a GLOBALPROTECT or USERID log" : "empty line";
		return LT_LINE_UNPARSED;
	}
	struct lt_record *r = lt_parse_begin(ctx, line);
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "panw.globalprotect");
	set_time(r, f[6], env);
	lt_rec_set_span(r, LT_F_OBSERVER_SERIAL_NUMBER, f[2]);
	if (lt_str_eq(f[3], "GLOBALPROTECT")) {
		globalprotect(r, f, nf);
		gp_session(st, r, f, nf);
	} else
		userid(r, f, nf);
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

const struct lt_parser lt_parser_panos_globalprotect = {
	.name = "panos_globalprotect",
	.family = "vpn",
	.description = "Palo Alto PAN-OS GlobalProtect and User-ID logs (CSV, syslog or export)",
	.probe = gp_probe,
	.state_size = sizeof(struct gp_state),
	.parse_line = gp_parse,
	.fini = gp_fini,
};
