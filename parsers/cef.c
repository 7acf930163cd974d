/* ArcSight Common Event Format (CEF), as FortiGate, PAN-OS, Check Point,
 * Zscaler NSS, Cisco and many SIEMs forward events, optionally behind a
 * syslog header:
 *
 *   <134>Nov 25 09:00:00 fw1 CEF:0|Vendor|Product|1.0|sigid|Name|5|src=10.0.0.1 msg=a b c
 *
 * Header: seven '|'-separated fields after "CEF:"; "\|" and "\\" are
 * escapes. Extension: key=value pairs; a value runs up to the blank before
 * the next "key=", so it may hold blanks; "\=", "\\", "\n", "\r" are
 * escapes (doc/parsers.md lists the keys read). Standard keys map to ECS
 * (src, dst, spt, dpt, suser, duser, request, requestMethod, act, outcome,
 * fname, fsize, in, out, ...). Time: rt, else start, else end (epoch
 * milliseconds, "Mmm dd yyyy HH:MM:SS[.mmm][ zone]" or ISO 8601), else the
 * syslog header's time. A date text without a zone is read in --tz.
 *
 * Vendor mappings give the event.action values of the native parsers:
 * Fortinet (FTNTFGT-prefixed keys, subtype vpn tunnel-up/down ...), Palo
 * Alto (GLOBALPROTECT event ids in the header's signature id), Cisco ASA
 * (message ids of AnyConnect sessions), Zscaler (web feed: proxy action),
 * Check Point (Accept/Drop/Reject as proxy action and outcome).
 *
 * VPN sessions (src/parse/session.h), as the native parsers count them:
 * records of the vpn_* vocabulary with a user and a source address are
 * keyed by dataset, user (case folded) and address; a session start,
 * address assignment, tunnel connection or successful login starts the
 * session or continues it, vpn_session_end ends it.
 */
#include <stdlib.h>
#include <string.h>

#include "parse/fields.h"
#include "parse/parser.h"
#include "parse/session.h"
#include "parse/syslog.h"
#include "util/xalloc.h"

#define CEF_MAX_KV 160
#define CEF_HDR 7

struct cef_line {
	struct lt_str hdr[CEF_HDR];	/* version, vendor, product, version, sigid, name, severity */
	struct lt_kv kv[CEF_MAX_KV];
	size_t nkv;
};

/* Spans in line point into buf; both are rewritten for every line. */
struct cef_state {
	char *buf;	/* unescaped header and extension values of one line */
	size_t cap;
	struct cef_line line;
	struct lt_sessions sessions;
};

/* Offset of "CEF:<digit>" in the line, or -1. */
static long cef_start(const char *s, size_t n)
{
	for (size_t i = 0; i + 5 < n; i++)
		if (s[i] == 'C' && memcmp(s + i, "CEF:", 4) == 0 && s[i + 4] >= '0' && s[i + 4] <= '9' &&
		    (i == 0 || s[i - 1] == ' ' || s[i - 1] == '>' || s[i - 1] == ':'))
			return (long)i;
	return -1;
}

/* At least the seven header fields: six unescaped '|' after "CEF:". */
static bool cef_line_shape(const char *s, size_t n)
{
	long at = cef_start(s, n);
	if (at < 0)
		return false;
	int pipes = 0;
	for (size_t i = (size_t)at; i < n && pipes < CEF_HDR; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '|')
			pipes++;
	}
	return pipes >= CEF_HDR - 1;
}

static int cef_probe(const struct lt_probe_data *pd)
{
	/* CEF lines often carry FortiGate's logid= or Check Point's keys in
	 * their extension; the "CEF:" header is decisive, so bid above them. */
	return lt_probe_share(pd, cef_line_shape, 97);
}

/* Header: split at unescaped '|', unescape "\|" and "\\" into out. */
static size_t split_header(const char *s, size_t n, char *out, struct lt_str *hdr, size_t *used)
{
	size_t f = 0, o = 0, i = 0;
	hdr[0].p = out;
	while (i < n && f < CEF_HDR) {
		char c = s[i];
		if (c == '\\' && i + 1 < n && (s[i + 1] == '|' || s[i + 1] == '\\')) {
			out[o++] = s[i + 1];
			i += 2;
			continue;
		}
		if (c == '|') {
			hdr[f].n = (size_t)(out + o - hdr[f].p);
			f++;
			if (f < CEF_HDR)
				hdr[f].p = out + o;
			i++;
			continue;
		}
		out[o++] = c;
		i++;
	}
	*used = o;
	return f == CEF_HDR ? i : 0;	/* bytes consumed, 0 when too few fields */
}

static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '.' || c == '-' || c == '[' || c == ']';
}

/* Is the '=' at s[i] unescaped (an even number of backslashes before it)? */
static bool unescaped_at(const char *s, size_t i)
{
	size_t bs = 0;
	while (i > bs && s[i - bs - 1] == '\\')
		bs++;
	return bs % 2 == 0;
}

/* Start of the key ending just before the '=' at s[eq], or eq when none. */
static size_t key_start(const char *s, size_t eq, size_t from)
{
	size_t k = eq;
	while (k > from && key_char(s[k - 1]))
		k--;
	if (k > from && s[k - 1] != ' ')
		return eq;	/* "a\=b" or "x:y=z": not a key boundary */
	return k;
}

static size_t unescape_value(const char *s, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			char e = s[i + 1];
			i++;
			out[o++] = e == 'n' ? '\n' : e == 'r' ? '\r' : e;
			continue;
		}
		out[o++] = s[i];
	}
	return o;
}

/* Extension pairs; values unescaped into out. */
static size_t split_extension(const char *s, size_t n, char *out, struct lt_kv *kv, size_t max)
{
	size_t nkv = 0, o = 0;
	size_t prev_key = 0, prev_eq = 0;
	bool have = false;
	for (size_t i = 0; i <= n; i++) {
		size_t ks = i;
		if (i < n) {
			if (s[i] != '=' || !unescaped_at(s, i))
				continue;
			ks = key_start(s, i, 0);
			if (ks == i)
				continue;
		}
		if (have && nkv < max) {
			size_t vs = prev_eq + 1, ve = i < n ? ks : n;
			while (ve > vs && (s[ve - 1] == ' ' || s[ve - 1] == '\r'))
				ve--;
			kv[nkv].key = (struct lt_str){ s + prev_key, prev_eq - prev_key };
			size_t len = unescape_value(s + vs, ve - vs, out + o);
			kv[nkv].val = (struct lt_str){ out + o, len };
			kv[nkv].quoted = false;
			o += len;
			nkv++;
		}
		have = true;
		prev_key = ks;
		prev_eq = i;
	}
	return nkv;
}

static const struct lt_str *get(const struct cef_line *c, const char *key)
{
	const struct lt_kv *k = lt_kv_get(c->kv, c->nkv, key);
	return k && k->val.n && !lt_str_is_dash(k->val) ? &k->val : NULL;
}

static void copy(struct lt_record *r, const struct cef_line *c, const char *key, const char *field)
{
	const struct lt_str *v = get(c, key);
	if (v)
		lt_rec_set_str(r, field, v->p, v->n);
}

static void copy_int(struct lt_record *r, const struct cef_line *c, const char *key, const char *field)
{
	const struct lt_str *v = get(c, key);
	if (v)
		lt_rec_set_span_int(r, field, *v);
}

static void copy_ip(struct lt_record *r, const struct cef_line *c, const char *key, const char *ipf,
		    const char *addrf)
{
	const struct lt_str *v = get(c, key);
	if (v)
		lt_rec_set_str(r, lt_is_ip(*v) ? ipf : addrf, v->p, v->n);
}

/* "Nov 25 2026 09:00:00[.123][ UTC|+0900|JST]": the date text of rt. */
static bool date_text(struct lt_str v, const struct lt_tz *tz, lt_time_us *t, bool *zoned, int32_t *off)
{
	struct lt_civil cv;
	size_t used = lt_syslog_bsd_stamp(v.p, v.n, &cv);
	if (!used || cv.year == 0)
		return false;
	const char *z = v.p + used;
	size_t zn = v.n - used;
	while (zn && *z == ' ') {
		z++;
		zn--;
	}
	*zoned = false;
	if (zn && (lt_parse_utc_offset(z, zn, off) == 0 || (zn == 3 && (memcmp(z, "UTC", 3) == 0 ||
									  memcmp(z, "GMT", 3) == 0)))) {
		if (zn == 3 && z[0] != '+' && z[0] != '-')
			*off = 0;
		*zoned = true;
		*t = lt_time_from_civil(&cv, *off);
		return true;
	}
	if (zn)
		return false;	/* a zone name we cannot place: keep the text only */
	*t = lt_tz_local_to_utc(tz, &cv);
	return *t != LT_TIME_NONE;
}

static bool set_cef_time(struct lt_record *r, const struct cef_line *c, const struct lt_parse_env *env)
{
	static const char *const keys[] = { "rt", "start", "end" };
	for (size_t i = 0; i < 3; i++) {
		const struct lt_str *v = get(c, keys[i]);
		int64_t ms;
		lt_time_us t;
		bool zoned;
		int32_t off = 0;
		if (!v)
			continue;
		if (lt_parse_int(v->p, v->n, &ms) && ms > 0) {
			lt_rec_set_event_time_off(r, ms * 1000, v->p, v->n, 0);
			return true;
		}
		if (date_text(*v, env->tz, &t, &zoned, &off) ||
		    lt_time_parse_iso_ex(v->p, v->n, env->tz, &t, &zoned, &off) == 0) {
			if (zoned)
				lt_rec_set_event_time_off(r, t, v->p, v->n, off);
			else
				lt_rec_set_event_time(r, t, v->p, v->n, lt_tz_name(env->tz), false);
			return true;
		}
	}
	return false;
}

static bool word_in(struct lt_str v, const char *const *words)
{
	for (size_t i = 0; words[i]; i++)
		if (lt_memcasemem(v.p, v.n, words[i]) && v.n == strlen(words[i]))
			return true;
	return false;
}

static const char *const blocked_words[] = { "blocked", "block", "deny", "denied", "drop", "dropped", "reject",
					     "rejected", "reset", "prevent", "quarantine", NULL };
static const char *const allowed_words[] = { "allowed", "allow", "accept", "accepted", "permit", "permitted",
					     "pass", "passthrough", "bypass", "close", NULL };

/* act as proxy action and outcome (web and firewall feeds). */
static void access_action(struct lt_record *r, const struct cef_line *c)
{
	const struct lt_str *act = get(c, "act");
	if (!act)
		return;
	if (word_in(*act, blocked_words)) {
		lt_rec_set_cstr(r, LT_F_PROXY_ACTION, "blocked");
		lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, LT_OUTCOME_FAILURE);
	} else if (word_in(*act, allowed_words)) {
		lt_rec_set_cstr(r, LT_F_PROXY_ACTION, "allowed");
		lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, LT_OUTCOME_SUCCESS);
	}
}

static bool outcome_failed(const struct cef_line *c)
{
	const struct lt_str *o = get(c, "outcome");
	return o && (lt_memcasemem(o->p, o->n, "fail") || lt_memcasemem(o->p, o->n, "error") ||
		     lt_memcasemem(o->p, o->n, "denied") || lt_memcasemem(o->p, o->n, "reject"));
}

/* FortiGate CEF: fortigate.c's actions for subtype vpn. Keys carry the
 * FTNTFGT prefix (FortiOS CEF mapping); some are standard CEF keys. */
static void map_fortinet(struct lt_record *r, const struct cef_line *c)
{
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "fortinet.fortigate");
	copy(r, c, "FTNTFGTsubtype", LT_F_FORTIGATE_SUBTYPE);
	copy(r, c, "FTNTFGTlogid", LT_F_EVENT_CODE);
	copy(r, c, "FTNTFGTtunnelip", LT_F_VPN_ASSIGNED_IP);
	copy(r, c, "FTNTFGTtunneltype", LT_F_VPN_SESSION_TYPE);
	copy(r, c, "FTNTFGTtunnelid", LT_F_VPN_SESSION_ID);
	copy(r, c, "FTNTFGTgroup", LT_F_VPN_GROUP);
	copy(r, c, "FTNTFGTvpntunnel", LT_F_VPN_TUNNEL);
	if (!lt_rec_get(r, LT_F_USER_NAME))
		copy(r, c, "FTNTFGTuser", LT_F_USER_NAME);
	if (!lt_rec_get(r, LT_F_SOURCE_IP))
		copy_ip(r, c, "FTNTFGTremip", LT_F_SOURCE_IP, LT_F_SOURCE_ADDRESS);
	const struct lt_str *sub = get(c, "FTNTFGTsubtype"), *act = get(c, "act");
	if (!act)
		return;
	if (sub && lt_str_eq(*sub, "vpn")) {
		if (lt_str_eq(*act, "tunnel-up"))
			lt_vpn_event(r, LT_VPN_SESSION_START);
		else if (lt_str_eq(*act, "tunnel-down"))
			lt_vpn_event(r, LT_VPN_SESSION_END);
		else if (lt_str_eq(*act, "ssl-login-fail") || lt_str_eq(*act, "ssl-web-fail"))
			lt_vpn_event(r, LT_VPN_LOGIN_FAILED);
		else if (lt_str_eq(*act, "ssl-new-con"))
			lt_vpn_event(r, LT_VPN_CONNECT);
		return;
	}
	if (lt_str_eq(*act, "login") || lt_str_eq(*act, "logout") || (sub && lt_str_eq(*sub, "user")))
		lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "authentication");
	if (lt_str_eq(*act, "blocked") || lt_str_eq(*act, "deny"))
		lt_rec_set_cstr(r, LT_F_PROXY_ACTION, "blocked");
}

/* PAN-OS CEF puts the GlobalProtect event id (gateway-auth ...) in the
 * header's signature id and GLOBALPROTECT in the name, as the native CSV
 * parser reads them from columns 8 and 3. */
static void map_panw(struct lt_record *r, const struct cef_line *c)
{
	struct lt_str ev = c->hdr[4], type = c->hdr[5];
	bool ok = !outcome_failed(c);
	if (!lt_str_eq(type, "GLOBALPROTECT")) {
		lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "panw.panos");
		access_action(r, c);
		return;
	}
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "panw.globalprotect");
	struct lt_str u;
	char acct[256];
	if (lt_rec_get_str(r, LT_F_USER_NAME, &u) && u.n < sizeof acct) {
		/* "domain\user" split as panos_globalprotect.c does; copied
		 * first because setting fields may move the record's storage */
		memcpy(acct, u.p, u.n);
		const char *bs = memchr(acct, '\\', u.n);
		if (bs && bs > acct && bs + 1 < acct + u.n) {
			lt_rec_set_str(r, LT_F_USER_DOMAIN, acct, (size_t)(bs - acct));
			lt_rec_set_str(r, LT_F_USER_NAME, bs + 1, (size_t)(acct + u.n - bs - 1));
		}
	}
	if (lt_str_eq(ev, "gateway-auth") || lt_str_eq(ev, "portal-auth"))
		lt_vpn_event(r, ok ? LT_VPN_LOGIN : LT_VPN_LOGIN_FAILED);
	else if (lt_str_eq(ev, "gateway-register") || lt_str_eq(ev, "gateway-connected"))
		lt_vpn_event(r, LT_VPN_SESSION_START);
	else if (lt_str_eq(ev, "gateway-logout"))
		lt_vpn_event(r, LT_VPN_SESSION_END);
	if (lt_rec_get(r, LT_F_EVENT_CATEGORY) == NULL)
		lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, ok ? LT_OUTCOME_SUCCESS : LT_OUTCOME_FAILURE);
}

/* Cisco ASA CEF: the message id is the signature id; the AnyConnect ids
 * get cisco_asa.c's actions (the message text itself is not re-read). */
static void map_cisco(struct lt_record *r, const struct cef_line *c)
{
	int64_t id;
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "cisco.asa");
	if (!lt_parse_int(c->hdr[4].p, c->hdr[4].n, &id)) {
		access_action(r, c);
		return;
	}
	switch (id) {
	case 113039:
	case 716001:
		lt_vpn_event(r, LT_VPN_SESSION_START);
		break;
	case 113019:
	case 716002:
		lt_vpn_event(r, LT_VPN_SESSION_END);
		break;
	case 722051:
	case 751025:
		lt_vpn_event(r, LT_VPN_ADDRESS);
		break;
	case 722022:
	case 722023:
		lt_vpn_event(r, LT_VPN_CONNECT);
		break;
	case 722037:
		lt_vpn_event(r, LT_VPN_DISCONNECT);
		break;
	case 113004:
	case 113012:
		lt_vpn_event(r, LT_VPN_LOGIN);
		break;
	case 113005:
	case 113015:
		lt_vpn_event(r, LT_VPN_LOGIN_FAILED);
		break;
	default:
		access_action(r, c);
		break;
	}
}

/* Zscaler NSS web feed in CEF: zscaler_nss.c's fields. */
static void map_zscaler(struct lt_record *r, const struct cef_line *c)
{
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "web");
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "zscaler.web");
	copy(r, c, "cat", LT_F_PROXY_CATEGORY);
	access_action(r, c);
}

static void map_vendor(struct lt_record *r, const struct cef_line *c)
{
	struct lt_str vendor = c->hdr[1];
	if (lt_memcasemem(vendor.p, vendor.n, "fortinet"))
		map_fortinet(r, c);
	else if (lt_memcasemem(vendor.p, vendor.n, "palo alto"))
		map_panw(r, c);
	else if (lt_memcasemem(vendor.p, vendor.n, "cisco"))
		map_cisco(r, c);
	else if (lt_memcasemem(vendor.p, vendor.n, "zscaler"))
		map_zscaler(r, c);
	else if (lt_memcasemem(vendor.p, vendor.n, "check point")) {
		lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "checkpoint.firewall");
		access_action(r, c);
	} else {
		access_action(r, c);
	}
	if (!lt_rec_get(r, LT_F_EVENT_OUTCOME) && get(c, "outcome"))
		lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, outcome_failed(c) ? LT_OUTCOME_FAILURE : LT_OUTCOME_SUCCESS);
}

/* The standard CEF keys (ArcSight's key names) into ECS. */
static void map_standard(struct lt_record *r, const struct cef_line *c)
{
	copy_ip(r, c, "src", LT_F_SOURCE_IP, LT_F_SOURCE_ADDRESS);
	copy_int(r, c, "spt", LT_F_SOURCE_PORT);
	copy_ip(r, c, "dst", LT_F_DEST_IP, LT_F_DEST_ADDRESS);
	copy_int(r, c, "dpt", LT_F_DEST_PORT);
	copy(r, c, "shost", LT_F_SOURCE_DOMAIN);
	copy(r, c, "dhost", LT_F_DEST_DOMAIN);
	copy(r, c, "suser", LT_F_USER_NAME);
	copy(r, c, "duser", LT_F_DEST_USER_NAME);
	if (!lt_rec_get(r, LT_F_USER_NAME))
		copy(r, c, "duser", LT_F_USER_NAME);
	copy(r, c, "sntdom", LT_F_USER_DOMAIN);
	const struct lt_str *req = get(c, "request");
	if (req) {
		lt_rec_set_str(r, LT_F_URL_ORIGINAL, req->p, req->n);
		lt_rec_set_span(r, LT_F_URL_DOMAIN, lt_url_host(*req));
	}
	copy(r, c, "requestMethod", LT_F_HTTP_METHOD);
	copy(r, c, "requestClientApplication", LT_F_USER_AGENT);
	copy(r, c, "app", LT_F_NETWORK_PROTOCOL);
	copy(r, c, "proto", LT_F_NETWORK_TRANSPORT);
	copy(r, c, "act", LT_F_EVENT_ACTION);
	copy(r, c, "reason", LT_F_EVENT_REASON);
	copy(r, c, "msg", LT_F_MESSAGE);
	copy(r, c, "fname", LT_F_FILE_NAME);
	copy(r, c, "filePath", LT_F_FILE_PATH);
	copy_int(r, c, "fsize", LT_F_FILE_SIZE);
	copy_int(r, c, "in", LT_F_SOURCE_BYTES);
	copy_int(r, c, "out", LT_F_DEST_BYTES);
	copy(r, c, "deviceExternalId", LT_F_OBSERVER_SERIAL_NUMBER);
	copy(r, c, "dvchost", LT_F_OBSERVER_HOSTNAME);
	copy(r, c, "cat", LT_F_CEF_CATEGORY);
}

static void map_header(struct lt_record *r, const struct cef_line *c)
{
	lt_rec_set_span(r, LT_F_OBSERVER_VENDOR, c->hdr[1]);
	lt_rec_set_span(r, LT_F_OBSERVER_PRODUCT, c->hdr[2]);
	lt_rec_set_span(r, LT_F_OBSERVER_VERSION, c->hdr[3]);
	lt_rec_set_span(r, LT_F_EVENT_CODE, c->hdr[4]);
	lt_rec_set_span(r, LT_F_CEF_NAME, c->hdr[5]);
	if (!lt_rec_set_span_int(r, LT_F_EVENT_SEVERITY, c->hdr[6]))
		lt_rec_set_span(r, LT_F_CEF_SEVERITY, c->hdr[6]);
	if (!lt_rec_get(r, LT_F_MESSAGE))
		lt_rec_set_span(r, LT_F_MESSAGE, c->hdr[5]);
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "cef");
}

static void reserve(struct cef_state *st, size_t n)
{
	if (st->cap >= n)
		return;
	st->cap = n + 256;
	st->buf = lt_xrealloc(st->buf, st->cap);
}

static bool session_start_evidence(const struct lt_record *r, struct lt_str action)
{
	struct lt_str outcome;
	if (lt_str_eq(action, LT_VPN_SESSION_START) || lt_str_eq(action, LT_VPN_ADDRESS) ||
	    lt_str_eq(action, LT_VPN_CONNECT))
		return true;
	return lt_str_eq(action, LT_VPN_LOGIN) && lt_rec_get_str(r, LT_F_EVENT_OUTCOME, &outcome) &&
	       lt_str_eq(outcome, LT_OUTCOME_SUCCESS);
}

static void cef_session(struct lt_sessions *t, struct lt_record *r)
{
	struct lt_str action, user, ip, ds = { "", 0 };
	if (!lt_rec_get_str(r, LT_F_EVENT_ACTION, &action) || !lt_str_has_prefix(action, "vpn_") ||
	    !lt_rec_get_str(r, LT_F_USER_NAME, &user) || !lt_rec_get_str(r, LT_F_SOURCE_IP, &ip))
		return;
	lt_rec_get_str(r, LT_F_EVENT_DATASET, &ds);
	char key[400];
	if (ds.n + user.n + ip.n + 2 > sizeof key || !user.n)
		return;
	size_t n = 0;
	memcpy(key, ds.p, ds.n);
	n += ds.n;
	key[n++] = '|';
	for (size_t i = 0; i < user.n; i++)
		key[n++] = user.p[i] >= 'A' && user.p[i] <= 'Z' ? (char)(user.p[i] - 'A' + 'a') : user.p[i];
	key[n++] = '|';
	memcpy(key + n, ip.p, ip.n);
	n += ip.n;
	lt_time_us when;
	if (!lt_rec_get_time(r, LT_F_TIMESTAMP, &when))
		when = LT_TIME_NONE;
	if (session_start_evidence(r, action))
		lt_session_seen(t, r, key, n, when);
	else if (lt_str_eq(action, LT_VPN_SESSION_END))
		lt_session_ended(t, r, key, n, when);
}

static enum lt_line_result cef_parse(void *state, struct lt_parse_ctx *ctx, const struct lt_line *line,
				     const char **reason)
{
	struct cef_state *st = state;
	if (lt_line_blank(line))
		return LT_LINE_META;
	long at = cef_start(line->text, line->len);
	if (at < 0) {
		*reason = "cef: no CEF:<version>| header";
		return LT_LINE_UNPARSED;
	}
	const char *s = line->text + at + 4;
	size_t n = line->len - (size_t)at - 4;
	reserve(st, 2 * n + 1);
	struct cef_line *c = &st->line;
	memset(c, 0, sizeof *c);
	size_t used = 0;
	size_t consumed = split_header(s, n, st->buf, c->hdr, &used);
	if (!consumed) {
		*reason = "cef: fewer than seven '|' header fields";
		return LT_LINE_UNPARSED;
	}
	c->nkv = split_extension(s + consumed, n - consumed, st->buf + used, c->kv, CEF_MAX_KV);
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	struct lt_record *r = lt_parse_begin(ctx, line);
	struct lt_syslog h;
	bool timed = set_cef_time(r, c, env);
	if (at > 0 && lt_syslog_parse(line->text, (size_t)at, env, &h) == 0) {
		/* the event's own rt wins over the relay's stamp */
		if (!timed)
			lt_syslog_apply(r, &h, env);
		else
			lt_rec_set_span(r, LT_F_HOST_NAME, h.host);
	}
	map_standard(r, c);
	map_header(r, c);
	map_vendor(r, c);
	cef_session(&st->sessions, r);
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

static void cef_fini(void *state)
{
	struct cef_state *st = state;
	free(st->buf);
	st->buf = NULL;
}

const struct lt_parser lt_parser_cef = {
	.name = "cef",
	.family = "siem",
	.description = "ArcSight CEF (FortiGate, PAN-OS, Check Point, Zscaler, Cisco, SIEM forwards), with or without syslog header",
	.probe = cef_probe,
	.state_size = sizeof(struct cef_state),
	.parse_line = cef_parse,
	.fini = cef_fini,
};
