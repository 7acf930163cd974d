/* Postfix (syslog: postfix/smtpd, postfix/cleanup, postfix/qmgr, postfix/smtp ...).
 *
 * Postfix logs one message over several lines that share a queue id:
 *   smtpd[..]:   4F1A2B3C: client=pc12.example.co.jp[192.0.2.7], sasl_method=PLAIN, sasl_username=tanaka
 *   cleanup[..]: 4F1A2B3C: message-id=<20261125.1234@example.co.jp>
 *   qmgr[..]:    4F1A2B3C: from=<tanaka@example.co.jp>, size=10482, nrcpt=2 (queue active)
 *   smtp[..]:    4F1A2B3C: to=<rival@example.com>, relay=mx.example.com[198.51.100.5]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok)
 *   qmgr[..]:    4F1A2B3C: removed
 * They are JOINED into one message record, emitted at "removed" (qmgr or
 * postsuper) or, marked leaktrail.email.incomplete, at the end of the
 * stream. The record takes the provenance of the first line of the queue
 * id (offset, line, raw bytes: verifiable against the evidence) and lists
 * every line number in leaktrail.lines. Memory is bounded: at most
 * max_open queue ids (parser option, default 4096) are open; beyond that
 * the oldest is emitted as incomplete and reported with lt_parse_reject_at.
 * Rejects (NOQUEUE or with a queue id; reject, milter-reject, discard) and
 * SASL authentication failures are records of their own. Other Postfix
 * lines (connect, disconnect, anvil, postscreen, TLS ...) are understood
 * and carry no event (LT_LINE_META); non-Postfix lines are unparsed.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mailcommon.h"
#include "parse/fields.h"
#include "parse/parser.h"
#include "util/xalloc.h"

#define DEFAULT_MAX_OPEN 4096
#define MAX_RCPT 512
#define MAX_LINES 256
#define MAX_STR 512
#define MAX_DELIVERIES 32	/* attempts described per message (recipients: MAX_RCPT) */

struct rcpt {
	char *addr;
	char status[32];
};

struct qmsg {
	char qid[40];
	uint64_t seq;
	struct lt_mc_saved first;
	struct lt_mc_time time;
	char host[64];
	char *from;		/* NULL: not seen; "" null sender */
	char *msgid;
	char *client_name, *client_ip, *user;
	int64_t size, nrcpt;	/* -1 when unknown */
	struct rcpt *rcpt;
	size_t nrcpt_seen, caprcpt;
	struct lt_buf deliveries;	/* "\0"-separated delivery descriptions */
	size_t ndeliveries;
	struct lt_buf relays;		/* "\0"-separated, unique */
	struct lt_buf orig_to;		/* "\0"-separated orig_to= addresses */
	uint64_t lines[MAX_LINES];
	size_t nlines;
	bool lines_cut, rcpt_cut;
	bool rejected;
	char note[64];
	struct qmsg *hnext;		/* hash chain */
	struct qmsg *prev, *next;	/* age list: head is oldest */
};

#define NBUCKETS 1024

struct postfix_state {
	size_t max_open;
	size_t nopen;
	uint64_t seq;
	struct qmsg *buckets[NBUCKETS];
	struct qmsg *oldest, *newest;
};

static unsigned hash_qid(const char *s, size_t n)
{
	unsigned h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h % NBUCKETS;
}

static char *dup_span(struct lt_str s)
{
	if (s.n > MAX_STR)
		s.n = MAX_STR;
	return lt_xstrndup(s.p ? s.p : "", s.n);
}

static void replace(char **dst, struct lt_str s)
{
	free(*dst);
	*dst = dup_span(s);
}

static void free_msg(struct qmsg *m)
{
	free(m->from);
	free(m->msgid);
	free(m->client_name);
	free(m->client_ip);
	free(m->user);
	for (size_t i = 0; i < m->nrcpt_seen; i++)
		free(m->rcpt[i].addr);
	free(m->rcpt);
	lt_buf_free(&m->deliveries);
	lt_buf_free(&m->relays);
	lt_buf_free(&m->orig_to);
	lt_mc_saved_free(&m->first);
	free(m);
}

static struct qmsg *find_msg(struct postfix_state *st, struct lt_str qid)
{
	for (struct qmsg *m = st->buckets[hash_qid(qid.p, qid.n)]; m; m = m->hnext)
		if (lt_mc_span_eq(qid.p, qid.n, m->qid))
			return m;
	return NULL;
}

static void unlink_msg(struct postfix_state *st, struct qmsg *m)
{
	struct qmsg **pp = &st->buckets[hash_qid(m->qid, strlen(m->qid))];
	while (*pp && *pp != m)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = m->hnext;
	if (m->prev)
		m->prev->next = m->next;
	else
		st->oldest = m->next;
	if (m->next)
		m->next->prev = m->prev;
	else
		st->newest = m->prev;
	st->nopen--;
}

static void add_list_items(struct lt_record *r, const char *key, const struct lt_buf *b, size_t count)
{
	const char *p = b->data;
	for (size_t i = 0; i < count && p; i++) {
		size_t n = strlen(p);
		lt_rec_add_str(r, key, p, n);
		p += n + 1;
	}
}

static size_t count_items(const struct lt_buf *b)
{
	size_t c = 0;
	for (size_t i = 0; i < b->len; i++)
		c += b->data[i] == '\0';
	return c;
}

/* Summary of the recipients' final statuses. */
static const char *summary_status(const struct qmsg *m)
{
	if (m->rejected)
		return "rejected";
	if (m->nrcpt_seen == 0)
		return "unknown";
	size_t sent = 0, bounced = 0, deferred = 0, other = 0;
	for (size_t i = 0; i < m->nrcpt_seen; i++) {
		const char *s = m->rcpt[i].status;
		if (strcmp(s, "sent") == 0 || strcmp(s, "delivered") == 0)
			sent++;
		else if (strcmp(s, "bounced") == 0 || strcmp(s, "expired") == 0 || strcmp(s, "undeliverable") == 0)
			bounced++;
		else if (strcmp(s, "deferred") == 0)
			deferred++;
		else
			other++;
	}
	if (sent == m->nrcpt_seen)
		return "sent";
	if (bounced == m->nrcpt_seen)
		return "bounced";
	if (deferred == m->nrcpt_seen)
		return "deferred";
	(void)other;
	return "partial";
}

static void emit_msg(struct postfix_state *st, struct lt_parse_ctx *ctx, struct qmsg *m, bool complete)
{
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	struct lt_record *r = lt_parse_begin_at(ctx, m->first.offset, m->first.lineno,
						m->first.raw.data ? m->first.raw.data : "", m->first.raw.len);
	lt_mc_time_apply(r, &m->time, env);
	if (m->host[0])
		lt_rec_set_cstr(r, LT_F_HOST_NAME, m->host);
	lt_rec_set_cstr(r, LT_F_PROCESS_NAME, "postfix");
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "email");
	lt_rec_set_cstr(r, LT_F_EVENT_ACTION, "message");
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "postfix.message");
	lt_rec_set_cstr(r, LT_F_EMAIL_LOCAL_ID, m->qid);
	if (m->from) {
		if (m->from[0])
			lt_rec_set_cstr(r, LT_F_EMAIL_FROM, m->from);
		else
			lt_rec_set_bool(r, LT_F_EMAIL_NULL_SENDER, true);
	}
	for (size_t i = 0; i < m->nrcpt_seen; i++) {
		lt_rec_add_str(r, LT_F_EMAIL_TO, m->rcpt[i].addr, strlen(m->rcpt[i].addr));
		lt_rec_add_str(r, LT_F_EMAIL_RECIPIENT_STATUS, m->rcpt[i].status, strlen(m->rcpt[i].status));
	}
	if (m->msgid)
		lt_rec_set_cstr(r, LT_F_EMAIL_MSGID, m->msgid);
	if (m->size >= 0)
		lt_rec_set_int(r, LT_F_EMAIL_SIZE, m->size);
	if (m->nrcpt >= 0)
		lt_rec_set_int(r, LT_F_EMAIL_RECIPIENT_COUNT, m->nrcpt);
	if (m->client_ip && m->client_ip[0])
		lt_rec_set_cstr(r, LT_F_SOURCE_IP, m->client_ip);
	if (m->client_name && m->client_name[0] && strcmp(m->client_name, "unknown") != 0)
		lt_rec_set_cstr(r, LT_F_SOURCE_DOMAIN, m->client_name);
	if (m->user)
		lt_rec_set_cstr(r, LT_F_USER_NAME, m->user);
	add_list_items(r, LT_F_EMAIL_RELAY, &m->relays, count_items(&m->relays));
	add_list_items(r, LT_F_EMAIL_ORIGINAL_TO_ADDRESS, &m->orig_to, count_items(&m->orig_to));
	add_list_items(r, LT_F_EMAIL_DELIVERIES, &m->deliveries, m->ndeliveries);
	const char *status = summary_status(m);
	lt_rec_set_cstr(r, LT_F_EMAIL_STATUS, status);
	lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME,
			strcmp(status, "sent") == 0 ? "success" :
			(strcmp(status, "bounced") == 0 || strcmp(status, "rejected") == 0) ? "failure" : "unknown");
	for (size_t i = 0; i < m->nlines; i++) {
		char num[24];
		int len = snprintf(num, sizeof num, "%llu", (unsigned long long)m->lines[i]);
		lt_rec_add_str(r, LT_F_LINES, num, (size_t)len);
	}
	if (m->lines_cut || m->rcpt_cut)
		lt_rec_set_bool(r, LT_F_TRUNCATED, true);
	if (!complete)
		lt_rec_set_bool(r, LT_F_EMAIL_INCOMPLETE, true);
	if (m->note[0])
		lt_rec_set_cstr(r, LT_F_PARSE_NOTE, m->note);
	lt_parse_emit(ctx, r);
	unlink_msg(st, m);
	free_msg(m);
}

static struct qmsg *open_msg(struct postfix_state *st, struct lt_parse_ctx *ctx, struct lt_str qid,
			     const struct lt_line *line, const struct lt_syslog *h)
{
	if (st->nopen >= st->max_open && st->oldest) {
		struct qmsg *old = st->oldest;
		lt_parse_reject_at(ctx, old->first.offset, old->first.lineno, old->first.raw.data,
				   old->first.raw.len,
				   "postfix: too many open queue ids (max_open); oldest emitted before 'removed'");
		snprintf(old->note, sizeof old->note, "evicted: more than %zu open queue ids", st->max_open);
		emit_msg(st, ctx, old, false);
	}
	struct qmsg *m = lt_xcalloc(1, sizeof *m);
	lt_mc_copy(m->qid, sizeof m->qid, qid);
	m->seq = ++st->seq;
	m->size = m->nrcpt = -1;
	lt_mc_save(&m->first, line);
	lt_mc_time_from_syslog(&m->time, h);
	lt_mc_copy(m->host, sizeof m->host, h->host);
	unsigned b = hash_qid(m->qid, strlen(m->qid));
	m->hnext = st->buckets[b];
	st->buckets[b] = m;
	m->prev = st->newest;
	if (st->newest)
		st->newest->next = m;
	else
		st->oldest = m;
	st->newest = m;
	st->nopen++;
	return m;
}

/* ---- message text helpers ---- */

/* Value of "key=" in a Postfix key=value list ("a=1, b=<x>, c=y (text)").
 * The key must start the text or follow ' ' or ','. <...> is returned
 * without its brackets. Empty span (p NULL) when absent. */
static struct lt_str kv(struct lt_str s, const char *key)
{
	size_t kl = strlen(key);
	for (size_t i = 0; i + kl + 1 <= s.n; i++) {
		if ((i > 0 && s.p[i - 1] != ' ' && s.p[i - 1] != ',') || memcmp(s.p + i, key, kl) != 0 ||
		    s.p[i + kl] != '=')
			continue;
		size_t v = i + kl + 1;
		if (v < s.n && s.p[v] == '<') {
			const char *gt = memchr(s.p + v, '>', s.n - v);
			size_t end = gt ? (size_t)(gt - s.p) : s.n;
			return (struct lt_str){ s.p + v + 1, end - v - 1 };
		}
		size_t e = v;
		while (e < s.n && s.p[e] != ',' && s.p[e] != ' ')
			e++;
		return (struct lt_str){ s.p + v, e - v };
	}
	return (struct lt_str){ NULL, 0 };
}

/* "name[ip]" or "name[ip]:port" */
static bool split_client(struct lt_str c, struct lt_str *name, struct lt_str *ip)
{
	const char *lb = memchr(c.p, '[', c.n);
	if (!lb)
		return false;
	const char *rb = memchr(lb, ']', c.n - (size_t)(lb - c.p));
	if (!rb)
		return false;
	*name = (struct lt_str){ c.p, (size_t)(lb - c.p) };
	*ip = (struct lt_str){ lb + 1, (size_t)(rb - lb - 1) };
	if (ip->n > 5 && strncasecmp(ip->p, "IPv6:", 5) == 0) {
		ip->p += 5;
		ip->n -= 5;
	}
	return true;
}

static bool is_qid(struct lt_str s)
{
	if (s.n < 5 || s.n > 32)
		return false;
	for (size_t i = 0; i < s.n; i++)
		if (!isalnum((unsigned char)s.p[i]))
			return false;
	return true;
}

static bool is_postfix_prog(struct lt_str prog)
{
	/* "postfix/smtpd", "postfix-out/smtp", "postfix/submission/smtpd" */
	return prog.n >= 7 && lt_mc_memmem(prog.p, prog.n, "postfix") != NULL;
}

static struct lt_str daemon_of(struct lt_str prog)
{
	size_t i = prog.n;
	while (i > 0 && prog.p[i - 1] != '/')
		i--;
	return (struct lt_str){ prog.p + i, prog.n - i };
}

static void add_line(struct qmsg *m, const struct lt_line *line)
{
	if (m->nlines < MAX_LINES)
		m->lines[m->nlines++] = line->lineno;
	else
		m->lines_cut = true;
}

static void add_rcpt(struct qmsg *m, struct lt_str to, struct lt_str status)
{
	for (size_t i = 0; i < m->nrcpt_seen; i++) {
		if (lt_mc_span_eq(to.p, to.n, m->rcpt[i].addr)) {
			lt_mc_copy(m->rcpt[i].status, sizeof m->rcpt[i].status, status);
			return;
		}
	}
	if (m->nrcpt_seen >= MAX_RCPT) {
		m->rcpt_cut = true;
		return;
	}
	if (m->nrcpt_seen == m->caprcpt) {
		m->caprcpt = m->caprcpt ? m->caprcpt * 2 : 4;
		m->rcpt = lt_xrealloc(m->rcpt, m->caprcpt * sizeof *m->rcpt);
	}
	struct rcpt *r = &m->rcpt[m->nrcpt_seen++];
	r->addr = dup_span(to);
	lt_mc_copy(r->status, sizeof r->status, status);
}

static void add_relay(struct qmsg *m, struct lt_str relay)
{
	if (relay.n == 0 || relay.n > MAX_STR)
		return;
	const char *p = m->relays.data;
	for (size_t i = 0; p && i < m->relays.len;) {
		size_t n = strlen(p + i);
		if (n == relay.n && memcmp(p + i, relay.p, n) == 0)
			return;
		i += n + 1;
	}
	if (count_items(&m->relays) >= 32)
		return;
	lt_buf_append(&m->relays, relay.p, relay.n);
	lt_buf_putc(&m->relays, '\0');
}

/* "to=<x>, relay=..., dsn=..., status=sent (250 ok)" */
static void delivery(struct qmsg *m, struct lt_str rest)
{
	struct lt_str to = kv(rest, "to");
	struct lt_str status = kv(rest, "status");
	if (!to.p || !status.p)
		return;
	add_rcpt(m, to, status);
	add_relay(m, kv(rest, "relay"));
	struct lt_str orig_to = kv(rest, "orig_to");
	if (orig_to.p && orig_to.n && orig_to.n <= MAX_STR && count_items(&m->orig_to) < MAX_RCPT) {
		lt_buf_append(&m->orig_to, orig_to.p, orig_to.n);
		lt_buf_putc(&m->orig_to, '\0');
	}
	if (m->ndeliveries >= MAX_DELIVERIES) {
		m->rcpt_cut = true;
	} else {
		/* "to=<x> status=sent dsn=2.0.0 relay=... (response)": compact, one per attempt */
		const char *paren = lt_mc_memmem(rest.p, rest.n, "status=");
		struct lt_str resp = { NULL, 0 };
		if (paren) {
			const char *open = memchr(paren, '(', (size_t)(rest.p + rest.n - paren));
			if (open)
				resp = (struct lt_str){ open, (size_t)(rest.p + rest.n - open) };
		}
		struct lt_str relay = kv(rest, "relay");
		struct lt_str dsn = kv(rest, "dsn");
		struct lt_str orig = kv(rest, "orig_to");
		lt_buf_printf(&m->deliveries, "to=<%.*s>", (int)(to.n > MAX_STR ? MAX_STR : to.n), to.p);
		if (orig.p)
			lt_buf_printf(&m->deliveries, " orig_to=<%.*s>", (int)(orig.n > MAX_STR ? MAX_STR : orig.n), orig.p);
		lt_buf_printf(&m->deliveries, " status=%.*s", (int)(status.n > 32 ? 32 : status.n), status.p);
		if (dsn.p)
			lt_buf_printf(&m->deliveries, " dsn=%.*s", (int)(dsn.n > 16 ? 16 : dsn.n), dsn.p);
		if (relay.p)
			lt_buf_printf(&m->deliveries, " relay=%.*s", (int)(relay.n > MAX_STR ? MAX_STR : relay.n), relay.p);
		if (resp.p)
			lt_buf_printf(&m->deliveries, " %.*s", (int)(resp.n > MAX_STR ? MAX_STR : resp.n), resp.p);
		lt_buf_putc(&m->deliveries, '\0');
		m->ndeliveries++;
	}
}

static void set_header(struct lt_record *r, const struct lt_syslog *h, const struct lt_parse_env *env)
{
	lt_mc_apply(r, h, env);
}

/* "reject: RCPT from host[ip]: 550 5.1.1 <x>: Recipient address rejected: ...; from=<a> to=<b> proto=ESMTP helo=<h>" */
static void reject_record(struct lt_parse_ctx *ctx, const struct lt_line *line, const struct lt_syslog *h,
			  struct lt_str qid, struct lt_str action, struct lt_str rest)
{
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	struct lt_record *r = lt_parse_begin(ctx, line);
	set_header(r, h, env);
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "email");
	lt_rec_set_str(r, LT_F_EVENT_ACTION, action.p, action.n);
	lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, "failure");
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "postfix.reject");
	if (!lt_str_eq(qid, "NOQUEUE"))
		lt_rec_set_span(r, LT_F_EMAIL_LOCAL_ID, qid);
	struct lt_str t[2];
	if (lt_split_ws(rest.p, rest.n, t, 2) >= 1)
		lt_rec_set_span(r, LT_F_EMAIL_SMTP_STAGE, t[0]);
	const char *from = lt_mc_memmem(rest.p, rest.n, " from ");
	if (from) {
		/* "host[ip]: 550 ..." or postscreen's "[ip]:port: 550 ..." */
		const char *colon = lt_mc_memmem(from + 6, (size_t)(rest.p + rest.n - from - 6), ": ");
		struct lt_str client = { from + 6, colon ? (size_t)(colon - from - 6) : 0 };
		struct lt_str name, ip;
		if (client.n && split_client(client, &name, &ip)) {
			lt_rec_set_span(r, LT_F_SOURCE_IP, ip);
			if (!lt_str_eq(name, "unknown"))
				lt_rec_set_span(r, LT_F_SOURCE_DOMAIN, name);
		}
		if (colon) {
			const char *msg = colon + 2;
			const char *semi = memchr(msg, ';', (size_t)(rest.p + rest.n - msg));
			size_t mn = semi ? (size_t)(semi - msg) : (size_t)(rest.p + rest.n - msg);
			lt_rec_set_str(r, LT_F_EVENT_REASON, msg, mn);
			struct lt_str codes[2];
			if (lt_split_ws(msg, mn, codes, 2) >= 1)
				lt_rec_set_span(r, LT_F_EMAIL_SMTP_CODE, codes[0]);
		}
	}
	struct lt_str f = kv(rest, "from");
	if (f.p && f.n)
		lt_rec_set_span(r, LT_F_EMAIL_FROM, f);
	struct lt_str to = kv(rest, "to");
	if (to.p && to.n)
		lt_rec_add_str(r, LT_F_EMAIL_TO, to.p, to.n);
	struct lt_str helo = kv(rest, "helo");
	if (helo.p && helo.n)
		lt_rec_set_span(r, LT_F_EMAIL_HELO, helo);
	lt_parse_emit(ctx, r);
}

/* "warning: unknown[192.0.2.1]: SASL LOGIN authentication failed: UGFzc3dvcmQ6" */
static bool auth_failure(struct lt_parse_ctx *ctx, const struct lt_line *line, const struct lt_syslog *h,
			 struct lt_str msg)
{
	const char *sasl = lt_mc_memmem(msg.p, msg.n, "authentication failed");
	if (!lt_str_has_prefix(msg, "warning: ") || !sasl)
		return false;
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	struct lt_record *r = lt_parse_begin(ctx, line);
	set_header(r, h, env);
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "authentication");
	lt_rec_set_cstr(r, LT_F_EVENT_ACTION, "sasl-auth");
	lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, "failure");
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "postfix.auth");
	struct lt_str client = { msg.p + 9, (size_t)(sasl - msg.p - 9) };
	const char *rb = lt_mc_memmem(client.p, client.n, "]:");
	if (rb)
		client.n = (size_t)(rb + 1 - client.p);
	struct lt_str name, ip;
	if (split_client(client, &name, &ip)) {
		lt_rec_set_span(r, LT_F_SOURCE_IP, ip);
		if (!lt_str_eq(name, "unknown"))
			lt_rec_set_span(r, LT_F_SOURCE_DOMAIN, name);
	}
	const char *after = sasl + strlen("authentication failed");
	if (after < msg.p + msg.n && *after == ':') {
		struct lt_str reason = { after + 1, (size_t)(msg.p + msg.n - after - 1) };
		while (reason.n && reason.p[0] == ' ') {
			reason.p++;
			reason.n--;
		}
		lt_rec_set_span(r, LT_F_EVENT_REASON, reason);
	}
	struct lt_str user = kv(msg, "sasl_username");
	if (user.p && user.n)
		lt_rec_set_span(r, LT_F_USER_NAME, user);
	lt_parse_emit(ctx, r);
	return true;
}

static bool is_reject_action(struct lt_str a)
{
	return lt_str_eq(a, "reject") || lt_str_eq(a, "milter-reject") || lt_str_eq(a, "discard") ||
	       lt_str_eq(a, "reject_warning") || lt_str_eq(a, "hold");
}

static enum lt_line_result queue_line(struct postfix_state *st, struct lt_parse_ctx *ctx,
				      const struct lt_line *line, const struct lt_syslog *h,
				      struct lt_str qid, struct lt_str rest)
{
	struct lt_str daemon = daemon_of(h->prog);
	/* reject lines are records of their own; they also mark the message */
	const char *colon = memchr(rest.p, ':', rest.n);
	if (colon && (size_t)(colon - rest.p) < 20) {
		struct lt_str action = { rest.p, (size_t)(colon - rest.p) };
		if (is_reject_action(action)) {
			struct lt_str after = { colon + 1, (size_t)(rest.p + rest.n - colon - 1) };
			while (after.n && after.p[0] == ' ') {
				after.p++;
				after.n--;
			}
			reject_record(ctx, line, h, qid, action, after);
			struct qmsg *m = find_msg(st, qid);
			if (m && !lt_str_eq(action, "reject_warning")) {
				add_line(m, line);
				m->rejected = lt_str_eq(action, "reject") || lt_str_eq(action, "milter-reject");
			}
			return LT_LINE_RECORD;
		}
	}
	struct qmsg *m = find_msg(st, qid);
	if (lt_str_eq(rest, "removed")) {
		if (!m)
			return LT_LINE_META;	/* the message started before this log */
		add_line(m, line);
		emit_msg(st, ctx, m, true);
		return LT_LINE_RECORD;
	}
	if (!m)
		m = open_msg(st, ctx, qid, line, h);
	add_line(m, line);
	struct lt_str v;
	if (lt_str_has_prefix(rest, "client=")) {
		struct lt_str client = kv(rest, "client"), name, ip;
		if (split_client(client, &name, &ip)) {
			replace(&m->client_name, name);
			replace(&m->client_ip, ip);
		}
		v = kv(rest, "sasl_username");
		if (v.p && v.n)
			replace(&m->user, v);
		return LT_LINE_PENDING;
	}
	if (lt_str_has_prefix(rest, "message-id=")) {
		struct lt_str id = { rest.p + 11, rest.n - 11 };
		if (id.n >= 2 && id.p[0] == '<' && id.p[id.n - 1] == '>') {
			id.p++;
			id.n -= 2;
		}
		replace(&m->msgid, id);
		return LT_LINE_PENDING;
	}
	v = kv(rest, "from");
	if (v.p && (lt_str_eq(daemon, "qmgr") || lt_str_eq(daemon, "pickup") || lt_str_has_prefix(rest, "uid="))) {
		replace(&m->from, v);
		int64_t num;
		struct lt_str sz = kv(rest, "size");
		if (sz.p && lt_parse_int(sz.p, sz.n, &num))
			m->size = num;
		struct lt_str nr = kv(rest, "nrcpt");
		if (nr.p && lt_parse_int(nr.p, nr.n, &num))
			m->nrcpt = num;
		struct lt_str status = kv(rest, "status");
		if (status.p && lt_str_eq(status, "expired"))
			snprintf(m->note, sizeof m->note, "expired, returned to sender");
		return LT_LINE_PENDING;
	}
	if (lt_str_has_prefix(rest, "to=")) {
		delivery(m, rest);
		return LT_LINE_PENDING;
	}
	return LT_LINE_PENDING;	/* bounce notices, milter notes, warnings for this message */
}

static enum lt_line_result postfix_parse_line(void *state, struct lt_parse_ctx *ctx,
					      const struct lt_line *line, const char **reason)
{
	struct postfix_state *st = state;
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	if (lt_mc_blank(line))
		return LT_LINE_META;	/* empty lines carry nothing */
	struct lt_syslog h;
	lt_mc_split(line, env, &h);
	if (!is_postfix_prog(h.prog)) {
		*reason = "not a Postfix line (no postfix/... syslog tag)";
		return LT_LINE_UNPARSED;
	}
	struct lt_str msg = h.msg;
	const char *colon = memchr(msg.p, ':', msg.n);
	if (colon && colon + 1 < msg.p + msg.n && colon[1] == ' ') {
		struct lt_str qid = { msg.p, (size_t)(colon - msg.p) };
		struct lt_str rest = { colon + 2, (size_t)(msg.p + msg.n - colon - 2) };
		if (lt_str_eq(qid, "NOQUEUE")) {
			const char *c2 = memchr(rest.p, ':', rest.n);
			struct lt_str action = { rest.p, c2 ? (size_t)(c2 - rest.p) : 0 };
			if (c2 && is_reject_action(action)) {
				struct lt_str after = { c2 + 1, (size_t)(rest.p + rest.n - c2 - 1) };
				while (after.n && after.p[0] == ' ') {
					after.p++;
					after.n--;
				}
				reject_record(ctx, line, &h, qid, action, after);
				return LT_LINE_RECORD;
			}
			return LT_LINE_META;	/* NOQUEUE filter/warn notes */
		}
		if (is_qid(qid) && !lt_str_eq(qid, "warning") && !lt_str_eq(qid, "statistics") &&
		    !lt_str_eq(qid, "fatal") && !lt_str_eq(qid, "error") && !lt_str_eq(qid, "panic"))
			return queue_line(st, ctx, line, &h, qid, rest);
	}
	if (auth_failure(ctx, line, &h, msg))
		return LT_LINE_RECORD;
	return LT_LINE_META;
}

static int postfix_init(void *state, const struct lt_parse_env *env, const char **error)
{
	struct postfix_state *st = state;
	st->max_open = DEFAULT_MAX_OPEN;
	const char *opt = lt_parse_option(env, "postfix.max_open");
	if (opt) {
		int64_t v;
		if (!lt_parse_int(opt, strlen(opt), &v) || v < 1 || v > 10000000) {
			*error = "postfix: max_open must be a number from 1 to 10000000";
			return -1;
		}
		st->max_open = (size_t)v;
	}
	return 0;
}

static void postfix_finish(void *state, struct lt_parse_ctx *ctx)
{
	struct postfix_state *st = state;
	while (st->oldest)
		emit_msg(st, ctx, st->oldest, false);
}

static void postfix_fini(void *state)
{
	struct postfix_state *st = state;
	while (st->oldest) {
		struct qmsg *m = st->oldest;
		unlink_msg(st, m);
		free_msg(m);
	}
}

static bool probe_line(const char *s, size_t n)
{
	struct lt_line l = { .text = s, .len = n, .raw = s, .raw_len = n };
	struct lt_syslog h;
	lt_mc_split(&l, NULL, &h);
	return is_postfix_prog(h.prog);
}

static int postfix_probe(const struct lt_probe_data *pd)
{
	int ratio = lt_mc_ratio(pd, probe_line);
	if (ratio >= 60)
		return 85;
	if (ratio >= 20)
		return 50;	/* a maillog with dovecot, amavis ... mixed in */
	return ratio > 0 ? 25 : 0;
}

static const struct lt_parser_option options[] = {
	{ .name = "max_open", .type = LT_OPT_COUNT, .def = "4096", .min = 1, .max = 10000000,
	  .help = "queue ids open at once; the oldest is reported incomplete beyond it" },
	{ .name = NULL },
};
const struct lt_parser lt_parser_postfix = {
	.name = "postfix",
	.family = "mail",
	.description = "Postfix syslog, lines of one queue id joined into one message record",
	.probe = postfix_probe,
	.state_size = sizeof(struct postfix_state),
	.init = postfix_init,
	.parse_line = postfix_parse_line,
	.finish = postfix_finish,
	.fini = postfix_fini,
	.options = options,
};
