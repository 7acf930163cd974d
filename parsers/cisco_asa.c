/* Cisco ASA / FTD syslog, with the AnyConnect and WebVPN session messages
 * turned into VPN records:
 *
 *   113019 session disconnected (duration, bytes, reason) -> vpn_session_end
 *   113039 AnyConnect parent session started              -> vpn_session_start
 *   716001 / 716002 WebVPN session started / terminated   -> vpn_session_start / _end
 *   722022 / 722023 SVC (TCP/UDP) connection established  -> vpn_connection_established
 *   722037 SVC closing connection                         -> vpn_connection_closed
 *   722051 / 751025 address assigned to session           -> vpn_address_assigned
 *   734001 DAP records selected                           -> vpn_login (the user got in)
 *   113004/113012/113008 AAA success, 113005/113015 AAA rejected -> vpn_login / _failed
 *   611101 / 611102 user authentication (admin) succeeded / failed
 *
 * Sessions (src/parse/session.h), keyed by user and public address: the
 * first of 113039, 716001, 722022/722023, 722051 and 734001 that the log
 * has starts the session (which of them are logged depends on the logging
 * level: at "warnings" only 722051 and 113019 are left), later ones continue
 * it, 113019 and 716002 end it. The tunnel-group of 113019 ("Group = X")
 * and the group policy of 113039 ("Group <GroupPolicy_X>") differ for the
 * same session, so the group is not part of the key.
 *
 * Every other %ASA-/%FTD- message is kept with event.code and message.
 * The id may be followed by ':' (usual) or directly by a blank
 * ("%ASA-5-111010 User ..."), as some relays write it.
 * The header is syslog (year optional, "Feb 20 2020 16:11:11: %ASA-...",
 * "<166>Jun 22 2022 13:29:11 host : %ASA-..."); zone-less stamps are read in
 * --tz. Bytes: "xmt" is what the ASA sent to the client (destination.bytes,
 * the client being source), "rcv" what it received (source.bytes).
 */
#include <string.h>

#include "parse/fields.h"
#include "parse/parser.h"
#include "parse/session.h"
#include "parse/syslog.h"

/* Locate "%ASA-6-113019: " or "%FTD-..."; fills id and returns the message after it. */
static bool asa_tag(const char *s, size_t n, size_t *tag_at, struct lt_str *id, struct lt_str *msg, int *sev)
{
	const char *p = lt_memcasemem(s, n, "%ASA-");
	if (!p)
		p = lt_memcasemem(s, n, "%FTD-");
	if (!p)
		p = lt_memcasemem(s, n, "%FWSM-");
	if (!p)
		return false;
	const char *e = s + n;
	const char *d1 = memchr(p, '-', (size_t)(e - p));
	const char *d2 = d1 ? memchr(d1 + 1, '-', (size_t)(e - d1 - 1)) : NULL;
	if (!d2 || d2 - d1 != 2)
		return false;
	/* The id is digits; most feeds end it with ':' but some relays and
	 * the wazuh/Cisco docs write "%ASA-4-401004 Shunned ..." without it. */
	const char *end = d2 + 1;
	while (end < e && *end >= '0' && *end <= '9')
		end++;
	if (end == d2 + 1 || (end < e && *end != ':' && *end != ' '))
		return false;
	*sev = d1[1] - '0';
	*id = (struct lt_str){ d2 + 1, (size_t)(end - d2 - 1) };
	const char *m = end < e && *end == ':' ? end + 1 : end;
	while (m < e && *m == ' ')
		m++;
	*msg = (struct lt_str){ m, (size_t)(e - m) };
	*tag_at = (size_t)(p - s);
	return true;
}

static bool asa_line(const char *s, size_t n)
{
	size_t at;
	struct lt_str id, msg;
	int sev;
	return asa_tag(s, n, &at, &id, &msg, &sev);
}

static int asa_probe(const struct lt_probe_data *pd)
{
	int share = lt_probe_share(pd, asa_line, 100);
	return share ? 60 + share * 35 / 100 : 0;
}

/* Value after "Label" up to the next delimiter: "Group <X>", "Group = X,", "Username:X ". */
/* Case-sensitive, at a word start, and followed by a delimiter, so that
 * "IP" does not match inside "Philip" or "IPv4". */
static const char *find_label(struct lt_str m, const char *label)
{
	size_t l = strlen(label);
	for (size_t i = 0; i + l <= m.n; i++) {
		if (memcmp(m.p + i, label, l) != 0)
			continue;
		if (i > 0 && m.p[i - 1] != ' ' && m.p[i - 1] != ',')
			continue;
		char after = i + l < m.n ? m.p[i + l] : ' ';
		if (label[l - 1] == '=' || after == ' ' || after == '=' || after == ':' || after == '<')
			return m.p + i;
	}
	return NULL;
}

static bool field(struct lt_str m, const char *label, struct lt_str *out)
{
	const char *p = find_label(m, label);
	if (!p)
		return false;
	const char *e = m.p + m.n;
	p += strlen(label);
	while (p < e && (*p == ' ' || *p == '=' || *p == ':'))
		p++;
	if (p < e && *p == '<') {
		const char *c = memchr(p, '>', (size_t)(e - p));
		if (!c)
			return false;
		*out = (struct lt_str){ p + 1, (size_t)(c - p - 1) };
		return true;
	}
	const char *q = p;
	while (q < e && *q != ',' && *q != ' ')
		q++;
	*out = (struct lt_str){ p, (size_t)(q - p) };
	return out->n > 0;
}

/* "0h:01m:52s" or "1d 2h:03m:04s" -> seconds */
static bool duration(struct lt_str d, int64_t *sec)
{
	int64_t total = 0, v = 0;
	bool digit = false;
	for (size_t i = 0; i < d.n; i++) {
		char c = d.p[i];
		if (c >= '0' && c <= '9') {
			if (v > INT64_C(100000000))	/* no real duration has such a part */
				return false;
			v = v * 10 + (c - '0');
			digit = true;
			continue;
		}
		if (!digit)
			continue;
		if (c == 'd')
			total += v * 86400;
		else if (c == 'h')
			total += v * 3600;
		else if (c == 'm')
			total += v * 60;
		else if (c == 's')
			total += v;
		else
			continue;
		v = 0;
		digit = false;
	}
	*sec = total;
	return total > 0 || lt_memcasemem(d.p, d.n, "0s");
}

static void user_group_ip(struct lt_record *r, struct lt_str m)
{
	struct lt_str v;
	if (field(m, "Username", &v) || field(m, "User", &v))
		lt_rec_set_str(r, LT_F_USER_NAME, v.p, v.n);
	if (field(m, "Group", &v))
		lt_rec_set_str(r, LT_F_VPN_GROUP, v.p, v.n);
	if (field(m, "IP", &v))
		lt_set_addr_port(r, LT_F_SOURCE_IP, NULL, v);
}

static void vpn_message(struct lt_record *r, int64_t id, struct lt_str m)
{
	struct lt_str v;
	switch (id) {
	case 113019: {
		user_group_ip(r, m);
		lt_vpn_event(r, LT_VPN_SESSION_END);
		if (field(m, "Session Type", &v))
			lt_rec_set_str(r, LT_F_VPN_SESSION_TYPE, v.p, v.n);
		const char *d = lt_memcasemem(m.p, m.n, "Duration: ");
		const char *de = d ? memchr(d, ',', (size_t)(m.p + m.n - d)) : NULL;
		int64_t sec, ns;
		if (d && de && duration((struct lt_str){ d + 10, (size_t)(de - d - 10) }, &sec) &&
		    lt_duration_ns(sec, 1, &ns))
			lt_rec_set_int(r, LT_F_EVENT_DURATION, ns);
		if (field(m, "Bytes xmt", &v))
			lt_rec_set_span_int(r, LT_F_DEST_BYTES, v);
		if (field(m, "Bytes rcv", &v))
			lt_rec_set_span_int(r, LT_F_SOURCE_BYTES, v);
		const char *reason = lt_memcasemem(m.p, m.n, "Reason: ");
		if (reason)
			lt_rec_set_str(r, LT_F_EVENT_REASON, reason + 8, (size_t)(m.p + m.n - reason - 8));
		break;
	}
	case 113039:
	case 716001:
		user_group_ip(r, m);
		lt_vpn_event(r, LT_VPN_SESSION_START);
		lt_rec_set_cstr(r, LT_F_VPN_SESSION_TYPE, id == 113039 ? "AnyConnect-Parent" : "WebVPN");
		break;
	case 716002: {
		user_group_ip(r, m);
		lt_vpn_event(r, LT_VPN_SESSION_END);
		lt_rec_set_cstr(r, LT_F_VPN_SESSION_TYPE, "WebVPN");
		const char *reason = lt_memcasemem(m.p, m.n, "terminated: ");
		if (reason)
			lt_rec_set_str(r, LT_F_EVENT_REASON, reason + 12, (size_t)(m.p + m.n - reason - 12));
		break;
	}
	case 722022:
	case 722023:
		user_group_ip(r, m);
		lt_vpn_event(r, LT_VPN_CONNECT);
		lt_rec_set_cstr(r, LT_F_NETWORK_TRANSPORT, id == 722022 ? "tcp" : "udp");
		break;
	case 722037: {
		user_group_ip(r, m);
		lt_vpn_event(r, LT_VPN_DISCONNECT);
		const char *reason = lt_memcasemem(m.p, m.n, "closing connection: ");
		if (reason)
			lt_rec_set_str(r, LT_F_EVENT_REASON, reason + 20, (size_t)(m.p + m.n - reason - 20));
		break;
	}
	case 722051:
		user_group_ip(r, m);
		lt_vpn_event(r, LT_VPN_ADDRESS);
		if (field(m, "IPv4 Address", &v))
			lt_rec_set_str(r, LT_F_VPN_ASSIGNED_IP, v.p, v.n);
		if (field(m, "IPv6 address", &v) && !lt_str_eq(v, "::"))
			lt_rec_set_str(r, LT_F_VPN_ASSIGNED_IPV6, v.p, v.n);
		break;
	case 751025:
		lt_vpn_event(r, LT_VPN_ADDRESS);
		if (field(m, "Username", &v))
			lt_rec_set_str(r, LT_F_USER_NAME, v.p, v.n);
		if (field(m, "Group", &v))
			lt_rec_set_str(r, LT_F_VPN_GROUP, v.p, v.n);
		if (field(m, "Remote", &v))
			lt_set_addr_port(r, LT_F_SOURCE_IP, LT_F_SOURCE_PORT, v);
		if (field(m, "Local", &v))
			lt_set_addr_port(r, LT_F_DEST_IP, LT_F_DEST_PORT, v);
		if (field(m, "IPv4 Address", &v))
			lt_rec_set_str(r, LT_F_VPN_ASSIGNED_IP, v.p, v.n);
		if (field(m, "IPv6 address", &v) && lt_is_ip(v))
			lt_rec_set_str(r, LT_F_VPN_ASSIGNED_IPV6, v.p, v.n);
		lt_rec_set_cstr(r, LT_F_VPN_SESSION_TYPE, "IKEv2");
		break;
	case 734001:
		lt_vpn_event(r, LT_VPN_LOGIN);
		if (field(m, "User", &v))
			lt_rec_set_str(r, LT_F_USER_NAME, v.p, v.n);
		if (field(m, "Addr", &v))
			lt_set_addr_port(r, LT_F_SOURCE_IP, NULL, v);
		if (field(m, "Connection", &v)) {
			if (v.n && v.p[v.n - 1] == ':')
				v.n--;
			lt_rec_set_str(r, LT_F_VPN_SESSION_TYPE, v.p, v.n);
		}
		break;
	case 113004:
	case 113008:
	case 113012:
	case 113005:
	case 113015:
	case 611101:
	case 611102: {
		bool ok = id == 113004 || id == 113008 || id == 113012 || id == 611101;
		lt_vpn_event(r, ok ? LT_VPN_LOGIN : LT_VPN_LOGIN_FAILED);
		if (field(m, "user =", &v) || field(m, "Uname", &v) || field(m, "user", &v))
			lt_rec_set_str(r, LT_F_USER_NAME, v.p, v.n);
		if (field(m, "user IP =", &v) || field(m, "IP address", &v))
			lt_set_addr_port(r, LT_F_SOURCE_IP, NULL, v);
		if (!ok && field(m, "reason =", &v)) {
			const char *c = memchr(v.p, ':', (size_t)(m.p + m.n - v.p));
			lt_rec_set_str(r, LT_F_EVENT_REASON, v.p, c ? (size_t)(c - v.p) : v.n);
		}
		break;
	}
	case 605004:
	case 605005: {
		/* management login to the ASA itself: "Login denied from 10.1.1.2/5192
		 * to inside:10.1.1.254/https for user \"admin\"" */
		bool ok = id == 605005;
		lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "authentication");
		lt_rec_set_cstr(r, LT_F_EVENT_ACTION, "device_login");
		lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, ok ? LT_OUTCOME_SUCCESS : LT_OUTCOME_FAILURE);
		if (field(m, "from", &v)) {
			const char *slash = memchr(v.p, '/', v.n);
			struct lt_str ip = { v.p, slash ? (size_t)(slash - v.p) : v.n };
			lt_set_addr_port(r, LT_F_SOURCE_IP, NULL, ip);
			if (slash)
				lt_rec_set_span_int(r, LT_F_SOURCE_PORT, (struct lt_str){ slash + 1, (size_t)(v.p + v.n - slash - 1) });
		}
		const char *u = lt_memcasemem(m.p, m.n, "for user \"");
		if (u) {
			const char *q = memchr(u + 10, '"', (size_t)(m.p + m.n - u - 10));
			if (q)
				lt_rec_set_str(r, LT_F_USER_NAME, u + 10, (size_t)(q - u - 10));
		}
		break;
	}
	default:
		break;
	}
}

/* "user|ip", the user folded to lower case (113019 and 113039 may
 * differ in case for the same login). 0 when either is missing. */
static size_t session_key(const struct lt_record *r, char *key, size_t cap)
{
	struct lt_str u, ip;
	if (!lt_rec_get_str(r, LT_F_USER_NAME, &u) || !lt_rec_get_str(r, LT_F_SOURCE_IP, &ip) || !u.n ||
	    u.n + ip.n + 2 > cap)
		return 0;
	for (size_t i = 0; i < u.n; i++)
		key[i] = u.p[i] >= 'A' && u.p[i] <= 'Z' ? (char)(u.p[i] - 'A' + 'a') : u.p[i];
	key[u.n] = '|';
	memcpy(key + u.n + 1, ip.p, ip.n);
	return u.n + 1 + ip.n;
}

static void asa_session(struct lt_sessions *t, struct lt_record *r, int64_t id, lt_time_us when)
{
	char key[320];
	size_t n = session_key(r, key, sizeof key);
	if (!n)
		return;
	switch (id) {
	case 113039:
	case 716001:
	case 722022:
	case 722023:
	case 722051:
	case 734001:
		lt_session_seen(t, r, key, n, when);
		break;
	case 113019:
	case 716002:
		lt_session_ended(t, r, key, n, when);
		break;
	default:
		break;
	}
}

static enum lt_line_result asa_parse(void *state, struct lt_parse_ctx *ctx, const struct lt_line *line,
				     const char **reason)
{
	if (lt_line_blank(line))
		return LT_LINE_META;
	size_t at;
	struct lt_str id, msg;
	int sev;
	if (!asa_tag(line->text, line->len, &at, &id, &msg, &sev)) {
		*reason = line->len ? "cisco_asa: no %ASA-/%FTD- message tag" : "empty line";
		return LT_LINE_UNPARSED;
	}
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	struct lt_record *r = lt_parse_begin(ctx, line);
	struct lt_syslog h;
	lt_time_us when = LT_TIME_NONE;
	if (at > 0 && lt_syslog_parse(line->text, at, env, &h) == 0) {
		when = h.time;
		/* "May  5 17:51:17 dev01: %FTD-..." reads as a tag without host */
		if (!h.host.n && h.prog.n)
			h.host = h.prog;
		lt_syslog_apply(r, &h, env);
		lt_rec_remove(r, LT_F_PROCESS_NAME);	/* "CiscoASA"/"%ASA-..." is not a process */
		lt_rec_remove(r, LT_F_PROCESS_PID);
	}
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "cisco.asa");
	lt_rec_set_str(r, LT_F_EVENT_CODE, id.p, id.n);
	lt_rec_set_int(r, LT_F_SYSLOG_SEVERITY, sev);
	lt_rec_set_str(r, LT_F_MESSAGE, msg.p, msg.n);
	int64_t num;
	if (lt_parse_int(id.p, id.n, &num)) {
		vpn_message(r, num, msg);
		asa_session(state, r, num, when);
	}
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

const struct lt_parser lt_parser_cisco_asa = {
	.name = "cisco_asa",
	.family = "vpn",
	.description = "Cisco ASA/FTD syslog; AnyConnect/WebVPN sessions, address assignment, AAA results",
	.probe = asa_probe,
	.state_size = sizeof(struct lt_sessions),
	.parse_line = asa_parse,
};
