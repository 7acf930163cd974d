/* Linux authentication via syslog (/var/log/auth.log, /var/log/secure):
 * sshd logins (accepted, failed, invalid user, disconnects), PAM sessions
 * and failures, su, sudo, and account changes (useradd, groupadd, userdel,
 * passwd). Lines recognised become records with event.* and user/source
 * fields; the further sshd/PAM messages are a table of shapes (sshd_shapes).
 * Syslog lines not understood are returned generic (only the header read),
 * lines that are not syslog at all are reported unparsed.
 *
 * sshd without syslog: `sshd -E FILE` and sshd on stderr (containers) write
 * the bare message ("Accepted password for ..."), or after "sshd: " /
 * "sshd[PID]: "; a container runtime or collector may put an RFC 3339 time
 * before it ("2026-11-06T20:10:00.123456789Z Accepted ..."). Such lines are
 * read as sshd messages (without a time when the line has none, as the
 * line says nothing about it); a bare line that is no sshd message we know
 * is unparsed, not generic: there is no header to keep.
 */
#include <stdio.h>
#include <string.h>

#include "parse/fields.h"
#include "parse/parser.h"
#include "parse/session.h"
#include "parse/syslog.h"


/* ---- a tiny scanner over the message ------------------------------------ */

static bool eat(struct lt_str *s, const char *lit)
{
	size_t l = strlen(lit);
	if (s->n < l || memcmp(s->p, lit, l) != 0)
		return false;
	s->p += l;
	s->n -= l;
	return true;
}

static struct lt_str word(struct lt_str *s)
{
	size_t i = 0;
	while (i < s->n && s->p[i] != ' ')
		i++;
	struct lt_str w = { s->p, i };
	s->p += i;
	s->n -= i;
	while (s->n && s->p[0] == ' ') {
		s->p++;
		s->n--;
	}
	return w;
}

/* Last occurrence of lit in s, or NULL. */
static const char *rfind(struct lt_str s, const char *lit)
{
	size_t l = strlen(lit);
	for (size_t i = s.n >= l ? s.n - l + 1 : 0; i-- > 0;)
		if (memcmp(s.p + i, lit, l) == 0)
			return s.p + i;
	return NULL;
}

static void set_category(struct lt_record *r, const char *cat, const char *action, const char *outcome)
{
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, cat);
	lt_rec_set_cstr(r, LT_F_EVENT_ACTION, action);
	if (outcome)
		lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, outcome);
}

/* "IP port PORT ..." or "IP ..." */
static void set_source(struct lt_record *r, struct lt_str *rest)
{
	struct lt_str ip = word(rest);
	/* IPv4-mapped IPv6 "::ffff:1.2.3.4" is the IPv4 client */
	if (lt_str_has_prefix(ip, "::ffff:") && memchr(ip.p + 7, '.', ip.n - 7)) {
		ip.p += 7;
		ip.n -= 7;
	}
	if (lt_is_ip(ip))
		lt_rec_set_str(r, LT_F_SOURCE_IP, ip.p, ip.n);
	else
		lt_rec_set_span(r, LT_F_SOURCE_ADDRESS, ip);
	if (eat(rest, "port ")) {
		struct lt_str port = word(rest);
		if (port.n && port.p[port.n - 1] == ':')
			port.n--;
		lt_rec_set_span_int(r, LT_F_SOURCE_PORT, port);
	}
}

/* The " from " that introduces the peer: the first one followed by an
 * address and then " port", the end, or " ssh"/":" (text after the peer,
 * like old ssh1's ": ruser from x", may contain " from " too); else the last. */
static const char *first_from(struct lt_str s)
{
	for (size_t i = 0; i + 6 <= s.n; i++) {
		if (memcmp(s.p + i, " from ", 6) != 0)
			continue;
		struct lt_str after = { s.p + i + 6, s.n - i - 6 };
		struct lt_str w = word(&after);
		if (!w.n)
			continue;
		if (!lt_is_ip(w) && !memchr(w.p, '.', w.n))
			continue;
		/* what sshd writes after the peer: [port N] [sshN[: key info]] [via IP] [[preauth]] */
		if (eat(&after, "port ") && word(&after).n == 0)
			continue;
		if (lt_str_has_prefix(after, "ssh")) {
			struct lt_str proto = word(&after);
			if (proto.n && proto.p[proto.n - 1] == ':')
				return s.p + i;	/* key info follows */
		}
		if (after.n == 0 || lt_str_has_prefix(after, "via ") || lt_str_has_prefix(after, "[preauth]"))
			return s.p + i;
	}
	return rfind(s, " from ");
}

/* "[NAME ]IP port P[ ...]" after "Connection closed by authenticating user":
 * the address is the word before the last " port "; the name, which may
 * hold blanks, is what precedes it. */
static void user_ip_port(struct lt_record *r, struct lt_str s)
{
	const char *port = rfind(s, " port ");
	struct lt_str head = { s.p, port ? (size_t)(port - s.p) : s.n };
	if (!port) {	/* "IP [preauth]" or "IP" */
		const char *sp = memchr(s.p, ' ', s.n);
		head.n = sp ? (size_t)(sp - s.p) : s.n;
	}
	const char *sp = NULL;
	for (size_t k = head.n; k-- > 0;)
		if (head.p[k] == ' ') {
			sp = head.p + k;
			break;
		}
	struct lt_str ip = sp ? (struct lt_str){ sp + 1, (size_t)(head.p + head.n - sp - 1) } : head;
	if (sp)
		lt_rec_set_span(r, LT_F_USER_NAME, (struct lt_str){ head.p, (size_t)(sp - head.p) });
	struct lt_str back = { ip.p, (size_t)(s.p + s.n - ip.p) };
	set_source(r, &back);
}

/* "[invalid user |authenticating user |user ]NAME from IP port P", the name may be empty or contain blanks. */
static bool user_from(struct lt_record *r, struct lt_str rest)
{
	bool invalid = eat(&rest, "invalid user ");
	const char *from = first_from(rest);
	if (!from) {
		/* "Failed password for invalid user  from" has an empty name */
		if (!eat(&rest, "from "))
			return false;
		from = rest.p - 6;
		rest.p = from;
		rest.n += 6;
	}
	struct lt_str user = { rest.p, (size_t)(from - rest.p) };
	lt_rec_set_span(r, LT_F_USER_NAME, user);
	if (invalid)
		lt_rec_set_bool(r, LT_F_AUTH_INVALID_USER, true);
	struct lt_str after = { from + 6, (size_t)(rest.p + rest.n - from - 6) };
	set_source(r, &after);
	return true;
}

static bool sshd_shape(struct lt_record *r, struct lt_str m);

static bool sshd_message(struct lt_record *r, struct lt_str m)
{
	/* Solaris: "[ID 800047 auth.info] Failed ..." */
	if (lt_str_has_prefix(m, "[ID ")) {
		const char *close = memchr(m.p, ']', m.n);
		if (close && close + 2 <= m.p + m.n) {
			m.n -= (size_t)(close + 2 - m.p);
			m.p = close + 2;
		}
	}
	struct lt_str s = m;
	if (eat(&s, "error: PAM: ")) {
		/* "Authentication failure for [illegal user ]U from H[ via IP]" */
		const char *f = lt_memcasemem(s.p, s.n, " for ");
		if (!f || !lt_memcasemem(s.p, (size_t)(f - s.p), "auth"))
			return false;
		set_category(r, "authentication", "ssh_login", LT_OUTCOME_FAILURE);
		lt_rec_set_str(r, LT_F_AUTH_REASON, s.p, (size_t)(f - s.p));
		struct lt_str rest = { f + 5, (size_t)(s.p + s.n - f - 5) };
		eat(&rest, "illegal user ");
		const char *via = rfind(rest, " via ");
		if (via)
			rest.n = (size_t)(via - rest.p);
		return user_from(r, rest);
	}
	if (eat(&s, "ROOT LOGIN REFUSED FROM ")) {
		set_category(r, "authentication", "ssh_login", LT_OUTCOME_FAILURE);
		lt_rec_set_cstr(r, LT_F_USER_NAME, "root");
		lt_rec_set_cstr(r, LT_F_AUTH_REASON, "root login refused");
		set_source(r, &s);
		return true;
	}
	s = m;
	if (eat(&s, "Accepted ") || eat(&s, "Failed ")) {
		bool ok = m.p[0] == 'A';
		struct lt_str method = word(&s);
		if (!eat(&s, "for "))
			return false;
		set_category(r, "authentication", "ssh_login", ok ? LT_OUTCOME_SUCCESS : LT_OUTCOME_FAILURE);
		lt_rec_set_span(r, LT_F_AUTH_METHOD, method);
		return user_from(r, s);
	}
	if (eat(&s, "Invalid user ")) {
		set_category(r, "authentication", "ssh_login", LT_OUTCOME_FAILURE);
		lt_rec_set_bool(r, LT_F_AUTH_INVALID_USER, true);
		const char *from = rfind(s, " from ");
		if (!from)
			return true;
		lt_rec_set_span(r, LT_F_USER_NAME, (struct lt_str){ s.p, (size_t)(from - s.p) });
		struct lt_str after = { from + 6, (size_t)(s.p + s.n - from - 6) };
		set_source(r, &after);
		return true;
	}
	if (eat(&s, "error: maximum authentication attempts exceeded for ")) {
		set_category(r, "authentication", "ssh_login", LT_OUTCOME_FAILURE);
		lt_rec_set_cstr(r, LT_F_AUTH_REASON, "maximum authentication attempts exceeded");
		return user_from(r, s);
	}
	if (eat(&s, "User ") && lt_memcasemem(s.p, s.n, " not allowed because ")) {
		set_category(r, "authentication", "ssh_login", LT_OUTCOME_FAILURE);
		const char *nb = lt_memcasemem(s.p, s.n, " not allowed because ");
		struct lt_str head = { s.p, (size_t)(nb - s.p) };
		lt_rec_set_str(r, LT_F_AUTH_REASON, nb + 1, (size_t)(s.p + s.n - nb - 1));
		if (!user_from(r, head))	/* "... because account is locked" names no peer */
			lt_rec_set_span(r, LT_F_USER_NAME, head);
		return true;
	}
	s = m;
	if (eat(&s, "subsystem request for ")) {	/* sftp: file transfer over ssh */
		set_category(r, "session", "ssh_subsystem", NULL);
		lt_rec_set_span(r, LT_F_SSH_SUBSYSTEM, word(&s));
		if (eat(&s, "by user "))
			lt_rec_set_span(r, LT_F_USER_NAME, word(&s));
		return true;
	}
	if (eat(&s, "Did not receive identification string from ")) {
		set_category(r, "network", "ssh_no_identification", NULL);
		set_source(r, &s);
		return true;
	}
	s = m;
	if (eat(&s, "Disconnected from ") || eat(&s, "Connection closed by ") || eat(&s, "Connection reset by ") ||
	    eat(&s, "Disconnecting ")) {
		set_category(r, "session", m.p[0] == 'D' ? "ssh_disconnect" : "ssh_connection_closed", NULL);
		if (eat(&s, "invalid user ")) {
			lt_rec_set_bool(r, LT_F_AUTH_INVALID_USER, true);
		} else if (!eat(&s, "authenticating user ")) {
			eat(&s, "user ");
		}
		user_ip_port(r, s);
		return true;
	}
	if (eat(&s, "Unable to negotiate with ") || eat(&s, "fatal: Unable to negotiate with ") ||
	    eat(&s, "fatal: Timeout before authentication for ")) {
		set_category(r, "network", "ssh_negotiation_failed", LT_OUTCOME_FAILURE);
		set_source(r, &s);
		return true;
	}
	const char *cf = lt_memcasemem(m.p, m.n, ": Connection from ");
	if (cf && (lt_str_has_prefix(m, "banner exchange") || lt_str_has_prefix(m, "ssh_dispatch_run_fatal"))) {
		set_category(r, "network", "ssh_protocol_error", LT_OUTCOME_FAILURE);
		struct lt_str after = { cf + 18, (size_t)(m.p + m.n - cf - 18) };
		set_source(r, &after);
		return true;
	}
	if (lt_str_has_prefix(m, "Bad protocol version identification")) {
		set_category(r, "network", "ssh_protocol_error", LT_OUTCOME_FAILURE);
		const char *f = rfind(m, " from ");
		if (f) {
			struct lt_str after = { f + 6, (size_t)(m.p + m.n - f - 6) };
			set_source(r, &after);
		}
		return true;
	}
	if (eat(&s, "Received disconnect from ") || eat(&s, "error: Received disconnect from ")) {
		set_category(r, "session", "ssh_disconnect", NULL);
		struct lt_str a = word(&s);
		if (a.n && a.p[a.n - 1] == ':')
			a.n--;
		struct lt_str back = { a.p, (size_t)(s.p + s.n - a.p) };
		if (a.n != back.n) {
			/* "IP port P:11: text" or "IP: 11: text" */
			struct lt_str ipw = a;
			lt_rec_set_span(r, lt_is_ip(ipw) ? LT_F_SOURCE_IP : LT_F_SOURCE_ADDRESS, ipw);
			if (eat(&s, "port ")) {
				struct lt_str p = word(&s);
				const char *colon = memchr(p.p, ':', p.n);
				if (colon)
					p.n = (size_t)(colon - p.p);
				lt_rec_set_span_int(r, LT_F_SOURCE_PORT, p);
			}
		} else {
			lt_rec_set_span(r, lt_is_ip(a) ? LT_F_SOURCE_IP : LT_F_SOURCE_ADDRESS, a);
		}
		return true;
	}
	return sshd_shape(r, m);
}

static bool pam_body(struct lt_record *r, struct lt_str service, struct lt_str s);

/* "pam_unix(SERVICE:KIND): ..." */
static bool pam_message(struct lt_record *r, struct lt_str m)
{
	const char *paren = memchr(m.p, '(', m.n);
	const char *close = paren ? memchr(paren, ')', (size_t)(m.p + m.n - paren)) : NULL;
	if (!paren || !close || close + 2 >= m.p + m.n || close[1] != ':')
		return false;
	struct lt_str inner = { paren + 1, (size_t)(close - paren - 1) };
	const char *colon = memchr(inner.p, ':', inner.n);
	struct lt_str service = { inner.p, colon ? (size_t)(colon - inner.p) : inner.n };
	struct lt_str s = { close + 2, (size_t)(m.p + m.n - close - 2) };
	while (s.n && s.p[0] == ' ') {
		s.p++;
		s.n--;
	}
	return pam_body(r, service, s);
}

/* The "logname= uid= euid= tty= ruser= rhost= user=" tail of PAM's
 * authentication failure lines: who failed, from where. */
static void pam_failure_kv(struct lt_record *r, struct lt_str service, struct lt_str s)
{
	struct lt_kv kv[12];
	size_t n = lt_split_kv(s.p, s.n, kv, 12);
	if (n > 12)
		n = 12;
	const struct lt_kv *v = lt_kv_get(kv, n, "user");
	const struct lt_kv *ln = lt_kv_get(kv, n, "logname");
	const struct lt_kv *ru = lt_kv_get(kv, n, "ruser");
	if (v && v->val.n) {
		lt_rec_set_str(r, LT_F_USER_NAME, v->val.p, v->val.n);
	} else if (ru && ru->val.n) {
		lt_rec_set_str(r, LT_F_USER_NAME, ru->val.p, ru->val.n);
	} else if (ln && ln->val.n) {
		lt_rec_set_str(r, LT_F_USER_NAME, ln->val.p, ln->val.n);
	}
	if (ln && ln->val.n && v && v->val.n && !lt_str_eq(ln->val, "root") && service.n &&
	    (lt_str_has_prefix(service, "su") || lt_str_has_prefix(service, "sudo"))) {
		lt_rec_set_str(r, LT_F_USER_NAME, ln->val.p, ln->val.n);
		lt_rec_set_str(r, LT_F_USER_EFFECTIVE_NAME, v->val.p, v->val.n);
	}
	v = lt_kv_get(kv, n, "rhost");
	if (v && v->val.n)
		lt_rec_set_str(r, lt_is_ip(v->val) ? LT_F_SOURCE_IP : LT_F_SOURCE_ADDRESS, v->val.p, v->val.n);
	v = lt_kv_get(kv, n, "tty");
	if (v)
		lt_rec_set_span(r, LT_F_AUTH_TTY, v->val);
}

/* The part after "pam_unix(svc:kind): ", or the whole message of old
 * "sshd(pam_unix)[123]: ..." lines. */
static bool pam_body(struct lt_record *r, struct lt_str service, struct lt_str s)
{
	lt_rec_set_span(r, LT_F_AUTH_SERVICE, service);
	bool opened = lt_str_has_prefix(s, "session opened for user ");
	if (eat(&s, "session opened for user ") || eat(&s, "session closed for user ")) {
		set_category(r, "session", opened ? "session_opened" : "session_closed", LT_OUTCOME_SUCCESS);
		struct lt_str user = word(&s);
		const char *p = memchr(user.p, '(', user.n);	/* newer PAM: "root(uid=0)" */
		if (p)
			user.n = (size_t)(p - user.p);
		struct lt_str by = { NULL, 0 };
		if (eat(&s, "by ")) {
			by = word(&s);
			p = memchr(by.p, '(', by.n);
			if (p)
				by.n = (size_t)(p - by.p);
		}
		if (by.n) {	/* su/sudo: the invoker acts as the session user */
			lt_rec_set_str(r, LT_F_USER_NAME, by.p, by.n);
			lt_rec_set_span(r, LT_F_USER_EFFECTIVE_NAME, user);
		} else {
			lt_rec_set_span(r, LT_F_USER_NAME, user);
		}
		return true;
	}
	if (eat(&s, "authentication failure; ")) {
		set_category(r, "authentication", "auth_failure", LT_OUTCOME_FAILURE);
		pam_failure_kv(r, service, s);
		return true;
	}
	/* pam_unix answers a password check for an account it does not know:
	 * the user name is not logged, only that it does not exist. */
	if (lt_str_eq(lt_str_rtrim(s), "check pass; user unknown")) {
		set_category(r, "authentication", "auth_failure", LT_OUTCOME_FAILURE);
		lt_rec_set_bool(r, LT_F_AUTH_INVALID_USER, true);
		lt_rec_set_cstr(r, LT_F_AUTH_REASON, "user unknown");
		return true;
	}
	/* pam_succeed_if(sshd:auth): requirement "uid >= 1000" not met by user "root" */
	const char *nm = lt_memcasemem(s.p, s.n, " not met by user \"");
	if (lt_str_has_prefix(s, "requirement ") && nm) {
		set_category(r, "authentication", "pam_requirement_not_met", LT_OUTCOME_FAILURE);
		struct lt_str u = { nm + 18, (size_t)(s.p + s.n - nm - 18) };
		if (u.n && u.p[u.n - 1] == '"')
			u.n--;
		lt_rec_set_span(r, LT_F_USER_NAME, u);
		return true;
	}
	if (eat(&s, "password changed for ")) {
		set_category(r, "iam", "password_changed", LT_OUTCOME_SUCCESS);
		lt_rec_set_span(r, LT_F_USER_NAME, word(&s));
		return true;
	}
	return false;
}

/* ---- further sshd messages, one function per shape ----------------------- */

static struct lt_str trim_preauth(struct lt_str s)
{
	s = lt_str_rtrim(s);
	if (s.n >= 9 && memcmp(s.p + s.n - 9, "[preauth]", 9) == 0)
		s.n -= 9;
	return lt_str_rtrim(s);
}

static bool all_digits(struct lt_str s)
{
	if (!s.n || s.n > 9)
		return false;
	for (size_t i = 0; i < s.n; i++)
		if (s.p[i] < '0' || s.p[i] > '9')
			return false;
	return true;
}

/* "input_userauth_request: invalid user NAME [preauth]": a login attempt
 * for an account that does not exist (OpenSSH < 7.5). */
static bool sh_userauth_invalid(struct lt_record *r, struct lt_str rest)
{
	set_category(r, "authentication", "ssh_login", LT_OUTCOME_FAILURE);
	lt_rec_set_bool(r, LT_F_AUTH_INVALID_USER, true);
	lt_rec_set_span(r, LT_F_USER_NAME, trim_preauth(rest));
	return true;
}

/* "reverse mapping checking getaddrinfo for HOST [IP] failed - POSSIBLE BREAK-IN ATTEMPT!" */
static bool sh_reverse_mapping(struct lt_record *r, struct lt_str rest)
{
	struct lt_str host = word(&rest);
	if (!host.n || !rest.n || rest.p[0] != '[')
		return false;
	const char *close = memchr(rest.p, ']', rest.n);
	if (!close)
		return false;
	struct lt_str ip = { rest.p + 1, (size_t)(close - rest.p - 1) };
	set_category(r, "network", "ssh_reverse_mapping_failed", NULL);
	lt_rec_set_span(r, LT_F_SOURCE_DOMAIN, host);
	lt_rec_set_span(r, lt_is_ip(ip) ? LT_F_SOURCE_IP : LT_F_SOURCE_ADDRESS, ip);
	return true;
}

/* "Address IP maps to HOST, but this does not map back to the address - POSSIBLE BREAK-IN ATTEMPT!" */
static bool sh_address_maps(struct lt_record *r, struct lt_str rest)
{
	struct lt_str ip = word(&rest);
	if (!lt_is_ip(ip) || !eat(&rest, "maps to "))
		return false;
	struct lt_str host = word(&rest);
	if (host.n && host.p[host.n - 1] == ',')
		host.n--;
	set_category(r, "network", "ssh_reverse_mapping_failed", NULL);
	lt_rec_set_span(r, LT_F_SOURCE_IP, ip);
	lt_rec_set_span(r, LT_F_SOURCE_DOMAIN, host);
	return true;
}

/* "PAM service(sshd) ignoring max retries; 6 > 3": the client kept trying
 * past PAM's retry limit. */
static bool sh_pam_max_retries(struct lt_record *r, struct lt_str rest)
{
	const char *close = memchr(rest.p, ')', rest.n);
	if (!close || !lt_memcasemem(close, (size_t)(rest.p + rest.n - close), "ignoring max retries"))
		return false;
	set_category(r, "authentication", "pam_max_retries", LT_OUTCOME_FAILURE);
	lt_rec_set_span(r, LT_F_AUTH_SERVICE, (struct lt_str){ rest.p, (size_t)(close - rest.p) });
	struct lt_str reason = { close + 1, (size_t)(rest.p + rest.n - close - 1) };
	while (reason.n && reason.p[0] == ' ') {
		reason.p++;
		reason.n--;
	}
	lt_rec_set_span(r, LT_F_AUTH_REASON, lt_str_rtrim(reason));
	return true;
}

/* "PAM 2 more authentication failures; logname= uid=0 ... rhost=IP  user=root":
 * a summary of failures beyond the one already logged. */
static bool sh_pam_more_failures(struct lt_record *r, struct lt_str rest)
{
	struct lt_str count = word(&rest);
	if (!all_digits(count) || !eat(&rest, "more authentication failure"))
		return false;
	eat(&rest, "s");
	if (!eat(&rest, "; "))
		return false;
	set_category(r, "authentication", "auth_failure", LT_OUTCOME_FAILURE);
	lt_rec_set_span_int(r, LT_F_AUTH_REPEAT_COUNT, count);
	lt_rec_set_cstr(r, LT_F_AUTH_SERVICE, "sshd");
	pam_failure_kv(r, (struct lt_str){ "sshd", 4 }, rest);
	return true;
}

/* "message repeated N times: [ MSG]" (rsyslog's reduction): MSG read as
 * itself, N kept so that counts of failures stay right. */
static bool sh_repeated(struct lt_record *r, struct lt_str rest)
{
	struct lt_str count = word(&rest);
	if (!all_digits(count) || (!eat(&rest, "times: [") && !eat(&rest, "time: [")))
		return false;
	rest = lt_str_rtrim(rest);
	if (!rest.n || rest.p[rest.n - 1] != ']')
		return false;
	rest.n--;
	while (rest.n && rest.p[0] == ' ') {
		rest.p++;
		rest.n--;
	}
	if (!sshd_message(r, rest) && !pam_message(r, rest))
		return false;
	lt_rec_set_span_int(r, LT_F_AUTH_REPEAT_COUNT, count);
	return true;
}

/* "fatal: Read from socket failed: Connection reset by peer [preauth]" and
 * "fatal: Write failed: ...": the peer went away mid-connection. */
static bool sh_connection_lost(struct lt_record *r, struct lt_str rest)
{
	set_category(r, "network", "ssh_connection_lost", LT_OUTCOME_FAILURE);
	lt_rec_set_span(r, LT_F_AUTH_REASON, trim_preauth(rest));
	return true;
}

/* "Disconnecting: Too many authentication failures for root [preauth]" (older OpenSSH) */
static bool sh_too_many_failures(struct lt_record *r, struct lt_str rest)
{
	set_category(r, "authentication", "ssh_login", LT_OUTCOME_FAILURE);
	lt_rec_set_cstr(r, LT_F_AUTH_REASON, "too many authentication failures");
	struct lt_str user = trim_preauth(rest);
	if (user.n)
		lt_rec_set_span(r, LT_F_USER_NAME, user);
	return true;
}

/* "Server listening on 0.0.0.0 port 22.": the ssh service started */
static bool sh_listening(struct lt_record *r, struct lt_str rest)
{
	struct lt_str addr = word(&rest);
	if (!addr.n || !eat(&rest, "port "))
		return false;
	struct lt_str port = word(&rest);
	if (port.n && port.p[port.n - 1] == '.')
		port.n--;
	set_category(r, "process", "ssh_server_started", LT_OUTCOME_SUCCESS);
	lt_rec_set_span(r, lt_is_ip(addr) ? LT_F_SERVER_IP : LT_F_SERVER_ADDRESS, addr);
	lt_rec_set_span_int(r, LT_F_SERVER_PORT, port);
	return true;
}

/* "Received signal 15; terminating.": the ssh service stopped */
static bool sh_terminating(struct lt_record *r, struct lt_str rest)
{
	if (!lt_memcasemem(rest.p, rest.n, "; terminating"))
		return false;
	set_category(r, "process", "ssh_server_stopped", LT_OUTCOME_SUCCESS);
	lt_rec_set_span(r, LT_F_AUTH_REASON, lt_str_rtrim(rest));	/* "15; terminating." */
	return true;
}

/* "Connection from IP port P on IP port P[ rdomain ""]" (sshd -o LogLevel=VERBOSE) */
static bool sh_connection_from(struct lt_record *r, struct lt_str rest)
{
	struct lt_str ip = word(&rest);
	if (!lt_is_ip(ip))
		return false;
	set_category(r, "network", "ssh_connection", NULL);
	struct lt_str back = { ip.p, (size_t)(rest.p + rest.n - ip.p) };
	set_source(r, &back);
	if (eat(&back, "on ")) {
		struct lt_str dip = word(&back);
		if (lt_is_ip(dip))
			lt_rec_set_span(r, LT_F_DEST_IP, dip);
		if (eat(&back, "port "))
			lt_rec_set_span_int(r, LT_F_DEST_PORT, word(&back));
	}
	return true;
}

/* "error: kex_exchange_identification: banner line too long" and the like:
 * the client did not speak SSH properly (scanners, probes). */
static bool sh_kex_identification(struct lt_record *r, struct lt_str rest)
{
	set_category(r, "network", "ssh_protocol_error", LT_OUTCOME_FAILURE);
	lt_rec_set_span(r, LT_F_AUTH_REASON, trim_preauth(rest));
	return true;
}

/* "fatal: Unable to negotiate a key exchange method [preauth]" */
static bool sh_negotiation(struct lt_record *r, struct lt_str rest)
{
	set_category(r, "network", "ssh_negotiation_failed", LT_OUTCOME_FAILURE);
	lt_rec_set_span(r, LT_F_AUTH_REASON, trim_preauth(rest));
	return true;
}

/* "Timeout before authentication for connection from IP to IP, pid = N" */
static bool sh_timeout_from(struct lt_record *r, struct lt_str rest)
{
	struct lt_str ip = word(&rest);
	if (!lt_is_ip(ip))
		return false;
	set_category(r, "network", "ssh_negotiation_failed", LT_OUTCOME_FAILURE);
	lt_rec_set_span(r, LT_F_SOURCE_IP, ip);
	lt_rec_set_cstr(r, LT_F_AUTH_REASON, "timeout before authentication");
	return true;
}

/* "Postponed publickey for USER from IP port P ssh2 [preauth]": the first
 * half of a key login, its outcome is the "Accepted"/"Failed" that follows. */
static bool sh_postponed(struct lt_record *r, struct lt_str rest)
{
	struct lt_str method = word(&rest);
	if (!method.n || !eat(&rest, "for "))
		return false;
	set_category(r, "authentication", "ssh_login_postponed", NULL);
	lt_rec_set_span(r, LT_F_AUTH_METHOD, method);
	return user_from(r, trim_preauth(rest));
}

struct sshd_shape_def {
	const char *prefix;
	bool (*apply)(struct lt_record *r, struct lt_str rest);
};

/* Messages the chain in sshd_message does not take; the first prefix that
 * matches and whose function accepts the rest wins. */
static const struct sshd_shape_def sshd_shapes[] = {
	{ "input_userauth_request: invalid user ", sh_userauth_invalid },
	{ "reverse mapping checking getaddrinfo for ", sh_reverse_mapping },
	{ "Address ", sh_address_maps },
	{ "PAM service(", sh_pam_max_retries },
	{ "PAM ", sh_pam_more_failures },
	{ "message repeated ", sh_repeated },
	{ "fatal: Read from socket failed: ", sh_connection_lost },
	{ "fatal: Write failed: ", sh_connection_lost },
	{ "Disconnecting: Too many authentication failures for ", sh_too_many_failures },
	{ "Disconnecting: Too many authentication failures", sh_too_many_failures },
	{ "Server listening on ", sh_listening },
	{ "Received signal ", sh_terminating },
	{ "Connection from ", sh_connection_from },
	{ "error: kex_exchange_identification: ", sh_kex_identification },
	{ "fatal: Unable to negotiate ", sh_negotiation },
	{ "Timeout before authentication for connection from ", sh_timeout_from },
	{ "Postponed ", sh_postponed },
};

static bool sshd_shape(struct lt_record *r, struct lt_str m)
{
	for (size_t i = 0; i < sizeof sshd_shapes / sizeof sshd_shapes[0]; i++) {
		struct lt_str rest = m;
		if (eat(&rest, sshd_shapes[i].prefix) && sshd_shapes[i].apply(r, rest))
			return true;
	}
	return false;
}

/* "  vagrant : TTY=pts/0 ; PWD=/home/vagrant ; USER=root ; COMMAND=/bin/ls"
 * "tsg : user NOT in sudoers ; TTY=pts/1 ; PWD=... ; USER=root ; COMMAND=/bin/ls" */
static bool sudo_message(struct lt_record *r, struct lt_str m)
{
	while (m.n && m.p[0] == ' ') {
		m.p++;
		m.n--;
	}
	const char *sep = lt_memcasemem(m.p, m.n, " : ");
	if (!sep)
		return false;
	struct lt_str user = { m.p, (size_t)(sep - m.p) };
	if (user.n == 0 || memchr(user.p, ' ', user.n))
		return false;
	struct lt_str s = { sep + 3, (size_t)(m.p + m.n - sep - 3) };
	/* COMMAND= is last and may itself contain " ; " */
	const char *cmd = lt_memcasemem(s.p, s.n, "COMMAND=");
	struct lt_str head = { s.p, cmd ? (size_t)(cmd - s.p) : s.n };
	const char *outcome = LT_OUTCOME_SUCCESS;
	bool any = false;
	while (head.n) {
		const char *semi = lt_memcasemem(head.p, head.n, " ; ");
		struct lt_str seg = { head.p, semi ? (size_t)(semi - head.p) : head.n };
		seg = lt_str_rtrim(seg);
		const char *eq = memchr(seg.p, '=', seg.n);
		if (seg.n == 0) {
			/* nothing */
		} else if (lt_str_has_prefix(seg, "TTY=")) {
			lt_rec_set_span(r, LT_F_AUTH_TTY, (struct lt_str){ eq + 1, (size_t)(seg.p + seg.n - eq - 1) });
			any = true;
		} else if (lt_str_has_prefix(seg, "PWD=")) {
			lt_rec_set_span(r, LT_F_PROCESS_CWD, (struct lt_str){ eq + 1, (size_t)(seg.p + seg.n - eq - 1) });
			any = true;
		} else if (lt_str_has_prefix(seg, "USER=")) {
			lt_rec_set_span(r, LT_F_USER_EFFECTIVE_NAME, (struct lt_str){ eq + 1, (size_t)(seg.p + seg.n - eq - 1) });
			any = true;
		} else if (!eq || memchr(seg.p, ' ', (size_t)(eq - seg.p))) {
			/* "user NOT in sudoers", "3 incorrect password attempts" */
			lt_rec_set_str(r, LT_F_AUTH_REASON, seg.p, seg.n);
			outcome = LT_OUTCOME_FAILURE;
		}
		if (!semi)
			break;
		head.p = semi + 3;
		head.n = (size_t)(s.p + (cmd ? (size_t)(cmd - s.p) : s.n) - head.p);
	}
	if (cmd) {
		/* kept verbatim, trailing blanks included: they are part of the command */
		struct lt_str c = { cmd + 8, (size_t)(s.p + s.n - cmd - 8) };
		lt_rec_set_span(r, LT_F_PROCESS_COMMAND_LINE, c);
		any = true;
	}
	if (!any)
		return false;
	set_category(r, "authentication", "sudo", outcome);
	lt_rec_set_str(r, LT_F_USER_NAME, user.p, user.n);
	return true;
}

static bool su_message(struct lt_record *r, struct lt_str m)
{
	struct lt_str s = m;
	if (eat(&s, "Successful su for ") || eat(&s, "FAILED su for ")) {
		bool ok = m.p[0] == 'S';
		set_category(r, "authentication", "su", ok ? LT_OUTCOME_SUCCESS : LT_OUTCOME_FAILURE);
		struct lt_str target = word(&s);
		lt_rec_set_span(r, LT_F_USER_EFFECTIVE_NAME, target);
		if (eat(&s, "by "))
			lt_rec_set_span(r, LT_F_USER_NAME, word(&s));
		return true;
	}
	if (eat(&s, "(to ")) {	/* "(to root) vagrant on pts/0" */
		const char *close = memchr(s.p, ')', s.n);
		if (!close)
			return false;
		set_category(r, "authentication", "su", LT_OUTCOME_SUCCESS);
		lt_rec_set_span(r, LT_F_USER_EFFECTIVE_NAME, (struct lt_str){ s.p, (size_t)(close - s.p) });
		s.n -= (size_t)(close + 1 - s.p);
		s.p = close + 1;
		while (s.n && s.p[0] == ' ') {
			s.p++;
			s.n--;
		}
		lt_rec_set_span(r, LT_F_USER_NAME, word(&s));
		if (eat(&s, "on "))
			lt_rec_set_span(r, LT_F_AUTH_TTY, word(&s));
		return true;
	}
	if ((m.n > 2 && (m.p[0] == '+' || m.p[0] == '-') && m.p[1] == ' ')) {	/* "+ pts/0 vagrant:root" */
		s.p += 2;
		s.n -= 2;
		struct lt_str tty = word(&s);
		struct lt_str pair = word(&s);
		const char *colon = memchr(pair.p, ':', pair.n);
		if (!colon)
			return false;
		set_category(r, "authentication", "su", m.p[0] == '+' ? LT_OUTCOME_SUCCESS : LT_OUTCOME_FAILURE);
		lt_rec_set_span(r, LT_F_AUTH_TTY, tty);
		lt_rec_set_span(r, LT_F_USER_NAME, (struct lt_str){ pair.p, (size_t)(colon - pair.p) });
		lt_rec_set_span(r, LT_F_USER_EFFECTIVE_NAME, (struct lt_str){ colon + 1, (size_t)(pair.p + pair.n - colon - 1) });
		return true;
	}
	return false;
}

/* useradd "new user: name=apache, UID=48, GID=48, home=/x, shell=/sbin/nologin"
 * groupadd "new group: name=apache, GID=48"; userdel "delete user 'bob'" */
static bool account_message(struct lt_record *r, struct lt_str m)
{
	struct lt_str s = m;
	bool user = eat(&s, "new user: ");
	if (user || eat(&s, "new group: ")) {
		set_category(r, "iam", user ? "user_created" : "group_created", LT_OUTCOME_SUCCESS);
		while (s.n) {
			const char *comma = memchr(s.p, ',', s.n);
			struct lt_str seg = { s.p, comma ? (size_t)(comma - s.p) : s.n };
			if (eat(&seg, "name="))
				lt_rec_set_span(r, user ? LT_F_USER_NAME : LT_F_GROUP_NAME, seg);
			else if (user && eat(&seg, "UID="))
				lt_rec_set_span(r, LT_F_USER_ID, seg);
			else if (eat(&seg, "GID="))
				lt_rec_set_span(r, LT_F_GROUP_ID, seg);
			if (!comma)
				break;
			s.n -= (size_t)(comma + 1 - s.p);
			s.p = comma + 1;
			while (s.n && s.p[0] == ' ') {
				s.p++;
				s.n--;
			}
		}
		return true;
	}
	/* groupadd also logs each file it wrote: "group added to /etc/group: name=tsg, GID=1001" */
	if (eat(&s, "group added to ")) {
		const char *colon = memchr(s.p, ':', s.n);
		const char *nm = lt_memcasemem(s.p, s.n, "name=");
		if (!colon || !nm)
			return false;
		set_category(r, "iam", "group_file_updated", LT_OUTCOME_SUCCESS);
		lt_rec_set_span(r, LT_F_FILE_PATH, (struct lt_str){ s.p, (size_t)(colon - s.p) });
		struct lt_str name = { nm + 5, (size_t)(s.p + s.n - nm - 5) };
		const char *comma = memchr(name.p, ',', name.n);
		if (comma)
			name.n = (size_t)(comma - name.p);
		lt_rec_set_span(r, LT_F_GROUP_NAME, name);
		return true;
	}
	/* chfn "changed user 'tsg' information"; chage "changed password expiry for mysql" */
	if (eat(&s, "changed user '")) {
		const char *q = memchr(s.p, '\'', s.n);
		if (!q)
			return false;
		set_category(r, "iam", "user_changed", LT_OUTCOME_SUCCESS);
		lt_rec_set_span(r, LT_F_USER_NAME, (struct lt_str){ s.p, (size_t)(q - s.p) });
		return true;
	}
	if (eat(&s, "changed password expiry for ")) {
		set_category(r, "iam", "password_expiry_changed", LT_OUTCOME_SUCCESS);
		lt_rec_set_span(r, LT_F_USER_NAME, word(&s));
		return true;
	}
	s = m;
	if (eat(&s, "delete user '")) {
		const char *q = memchr(s.p, '\'', s.n);
		set_category(r, "iam", "user_deleted", LT_OUTCOME_SUCCESS);
		lt_rec_set_span(r, LT_F_USER_NAME, (struct lt_str){ s.p, q ? (size_t)(q - s.p) : s.n });
		return true;
	}
	return false;
}

static bool auth_prog(struct lt_str p)
{
	static const char *const progs[] = {
		"sshd", "sudo", "su", "login", "passwd", "useradd", "userdel", "groupadd",
		"usermod", "systemd-logind", "polkitd", "gdm-password]", "unix_chkpwd", "chpasswd", NULL
	};
	for (size_t i = 0; progs[i]; i++)
		if (lt_str_eq(p, progs[i]))
			return true;
	return lt_str_has_prefix(p, "pam") || lt_str_has_prefix(p, "sshd-") ||
	       lt_memcasemem(p.p, p.n, "(pam_unix)") != NULL;
}

/* The first words of the sshd messages that a log without syslog headers
 * (sshd -E, stderr) is recognised by; the parse reads the whole set. */
static bool plain_sshd_start(struct lt_str m)
{
	static const char *const starts[] = {
		"Accepted ", "Failed password for ", "Failed publickey for ", "Failed keyboard-interactive",
		"Invalid user ", "Disconnected from ", "Connection closed by ", "Received disconnect from ",
		"Server listening on ", "Connection from ", "pam_unix(sshd:", "Connection reset by ",
		"error: kex_exchange_identification: ", "Timeout before authentication ", "Postponed ",
		"Disconnecting ", "error: PAM: ", "Unable to negotiate ", NULL
	};
	for (size_t i = 0; starts[i]; i++)
		if (lt_str_has_prefix(m, starts[i]))
			return true;
	return false;
}

/* "sshd: ", "sshd[123]: ", "sshd-session[123]: " before a bare message;
 * *pid gets the pid (empty when none). */
static bool plain_sshd_prefix(struct lt_str *m, struct lt_str *pid)
{
	struct lt_str s = *m;
	*pid = (struct lt_str){ "", 0 };
	if (!eat(&s, "sshd"))
		return false;
	eat(&s, "-session");
	if (s.n && s.p[0] == '[') {
		const char *close = memchr(s.p, ']', s.n);
		if (!close)
			return false;
		*pid = (struct lt_str){ s.p + 1, (size_t)(close - s.p - 1) };
		s.n -= (size_t)(close + 1 - s.p);
		s.p = close + 1;
	}
	if (!eat(&s, ": "))
		return false;
	*m = s;
	return true;
}

/* A line of sshd without syslog: optional prefix, then a known message. */
static bool plain_sshd_line(const char *s, size_t n)
{
	struct lt_str m = { s, n }, pid;
	plain_sshd_prefix(&m, &pid);
	return plain_sshd_start(m);
}

/* "TIME Accepted ...": the header parser took the message's first word
 * for the host; the message is everything after the time. */
static struct lt_str after_time(const struct lt_syslog *h, const char *s, size_t n)
{
	if (h->prog.n || !h->host.n)
		return (struct lt_str){ "", 0 };
	return (struct lt_str){ h->host.p, (size_t)(s + n - h->host.p) };
}

static bool auth_line(const char *s, size_t n)
{
	struct lt_syslog h;
	if (lt_syslog_parse(s, n, NULL, &h) != 0)
		return plain_sshd_line(s, n);
	struct lt_str m = after_time(&h, s, n);
	return (h.prog.n && auth_prog(h.prog)) || (m.n && plain_sshd_line(m.p, m.n));
}

static bool syslog_line(const char *s, size_t n)
{
	struct lt_syslog h;
	return lt_syslog_parse(s, n, NULL, &h) == 0;
}

static bool comment_line(const char *s, size_t n)
{
	return n && s[0] == '#';
}

static int auth_probe(const struct lt_probe_data *pd)
{
	/* '#' lines (annotated test logs, exports with a header) do not count */
	int comments = lt_probe_share(pd, comment_line, 100);
	int sys = lt_probe_share(pd, syslog_line, 100);
	if (comments > 0 && comments < 100)
		sys = sys * 100 / (100 - comments);
	if (sys < 50) {
		/* sshd -E / stderr: no headers, but sshd's own messages */
		int plain = lt_probe_share(pd, plain_sshd_line, 100);
		return plain >= 50 ? 40 + plain * 45 / 100 : 0;
	}
	int auth = lt_probe_share(pd, auth_line, 100);
	if (comments > 0 && comments < 100)
		auth = auth * 100 / (100 - comments);
	if (auth > 100)
		auth = 100;
	if (auth == 0)
		return 25;	/* plain syslog: we still keep every line as a record */
	return 45 + auth * 45 / 100;
}

/* ssh logon/logoff pairs (src/parse/session.h), keyed by host and the sshd
 * pid that logs "Accepted ...", "session opened" and "session closed": one
 * session start whichever of the first two the log has, and the close gets
 * the duration. Other PAM services (cron, su) are not logons and are left. */
static void ssh_session(struct lt_sessions *t, struct lt_record *r, const struct lt_syslog *h)
{
	struct lt_str action, outcome;
	if (!(lt_str_eq(h->prog, "sshd") || lt_str_has_prefix(h->prog, "sshd-")) || !h->pid.n ||
	    !lt_rec_get_str(r, LT_F_EVENT_ACTION, &action))
		return;
	char key[192];
	int n = snprintf(key, sizeof key, "%.*s|%.*s", (int)h->host.n, h->host.p, (int)h->pid.n, h->pid.p);
	if (n <= 0 || (size_t)n >= sizeof key)
		return;
	bool ok = lt_rec_get_str(r, LT_F_EVENT_OUTCOME, &outcome) && lt_str_eq(outcome, LT_OUTCOME_SUCCESS);
	if ((lt_str_eq(action, "ssh_login") && ok) || lt_str_eq(action, "session_opened"))
		lt_session_seen(t, r, key, (size_t)n, h->time);
	else if (lt_str_eq(action, "session_closed"))
		lt_session_ended(t, r, key, (size_t)n, h->time);
}

/* An sshd message without a syslog header (m: after the time, if any). */
static enum lt_line_result plain_sshd(struct lt_parse_ctx *ctx, const struct lt_line *line, const struct lt_syslog *h,
				      struct lt_str m, const char **reason)
{
	struct lt_str pid;
	bool tagged = plain_sshd_prefix(&m, &pid);
	if (!plain_sshd_start(m)) {
		*reason = "not a syslog line, nor an sshd message";
		return LT_LINE_UNPARSED;
	}
	struct lt_record *r = lt_parse_begin(ctx, line);
	if (!sshd_message(r, m) && !pam_message(r, m)) {
		*reason = "sshd message without syslog header: not a shape linux_auth reads";
		return LT_LINE_UNPARSED;	/* the record is cleared by the next begin */
	}
	if (h) {
		struct lt_syslog t = *h;
		t.host = t.prog = t.pid = (struct lt_str){ "", 0 };
		lt_syslog_apply(r, &t, lt_parse_get_env(ctx));
	}
	lt_rec_set_cstr(r, LT_F_PROCESS_NAME, "sshd");
	if (tagged && pid.n)
		lt_rec_set_span_int(r, LT_F_PROCESS_PID, pid);
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "linux.auth");
	lt_rec_set_span(r, LT_F_MESSAGE, m);
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

static enum lt_line_result auth_parse(void *state, struct lt_parse_ctx *ctx,
				      const struct lt_line *line, const char **reason)
{
	if (lt_line_blank(line))
		return LT_LINE_META;
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	struct lt_syslog h;
	if (lt_syslog_parse(line->text, line->len, env, &h)) {
		if (line->len)
			return plain_sshd(ctx, line, NULL, (struct lt_str){ line->text, line->len }, reason);
		*reason = "empty line";
		return LT_LINE_UNPARSED;
	}
	struct lt_str after = after_time(&h, line->text, line->len);
	if (after.n && plain_sshd_line(after.p, after.n))
		return plain_sshd(ctx, line, &h, after, reason);
	struct lt_record *r = lt_parse_begin(ctx, line);
	lt_syslog_apply(r, &h, env);
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "linux.auth");
	lt_rec_set_span(r, LT_F_MESSAGE, h.msg);
	struct lt_str prog = h.prog;
	const char *old_pam = lt_memcasemem(prog.p, prog.n, "(pam_unix)");
	bool understood;
	if (old_pam) {
		/* old PAM: "sshd(pam_unix)[19939]: authentication failure; ..." */
		understood = pam_body(r, (struct lt_str){ prog.p, (size_t)(old_pam - prog.p) }, h.msg);
	} else if (lt_str_has_prefix(h.msg, "pam_unix: ")) {
		understood = pam_body(r, prog, (struct lt_str){ h.msg.p + 10, h.msg.n - 10 });
	} else if (lt_str_has_prefix(h.msg, "(pam_unix) ")) {
		/* old PAM, the module in the message: "(pam_unix) authentication failure; ..." */
		understood = pam_body(r, prog, (struct lt_str){ h.msg.p + 11, h.msg.n - 11 });
	} else if (lt_str_eq(prog, "sshd") || lt_str_has_prefix(prog, "sshd-")) {
		understood = sshd_message(r, h.msg) || pam_message(r, h.msg);
	} else if (lt_str_eq(prog, "sudo")) {
		understood = sudo_message(r, h.msg) || pam_message(r, h.msg);
	} else if (lt_str_eq(prog, "su")) {
		understood = su_message(r, h.msg) || pam_message(r, h.msg);
	} else {
		understood = account_message(r, h.msg) || pam_message(r, h.msg);
	}
	/* Only the header was read: the framework offers the line to the
	 * other parsers and, failing them, keeps it as a generic record. */
	if (!understood)
		return LT_LINE_GENERIC;
	ssh_session(state, r, &h);
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

const struct lt_parser lt_parser_linux_auth = {
	.name = "linux_auth",
	.family = "logon",
	.description = "Linux syslog authentication: sshd, PAM, su, sudo, useradd (auth.log, secure); other syslog lines kept as generic records (not understood)",
	.probe = auth_probe,
	.state_size = sizeof(struct lt_sessions),
	.parse_line = auth_parse,
};
