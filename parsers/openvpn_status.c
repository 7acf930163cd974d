/* OpenVPN status files (--status FILE [N], --status-version 1, 2 or 3):
 * the server's snapshot of the connected clients.
 *
 *   v1: "OpenVPN CLIENT LIST" / "Updated,TIME" / "Common Name,Real
 *       Address,Bytes Received,Bytes Sent,Connected Since" / rows /
 *       "ROUTING TABLE" / ... / "GLOBAL STATS" / ... / "END"
 *   v2: "TITLE,...", "TIME,...", "HEADER,CLIENT_LIST,<column names>",
 *       "CLIENT_LIST,<values>", "HEADER,ROUTING_TABLE,...", "ROUTING_TABLE,...",
 *       "GLOBAL_STATS,...", "END"; v3 is v2 with tabs.
 *
 * Columns are found by their header names. Each client row is one record:
 * vpn_session_start at "Connected Since" (the time_t column when present,
 * else the local text read in the stream's zone) with user.name, source.ip
 * and port, leaktrail.vpn.assigned_ip, source.bytes (bytes the server
 * received) and destination.bytes (bytes it sent). The session tracker
 * (src/parse/session.h, keyed by real address + connected-since) makes the
 * first row of a connection its start and the same connection in a later
 * snapshot of the same stream "continued". Every other line is META.
 */
#include <stdio.h>
#include <string.h>

#include "parse/fields.h"
#include "parse/parser.h"
#include "parse/session.h"

#define NCOLS 32

enum col { C_CN, C_REAL, C_VIRT, C_RECV, C_SENT, C_SINCE, C_SINCE_T, C_USER, C_COUNT };

struct status_state {
	int col[C_COUNT];	/* index of each column in a client row, -1 if absent */
	bool in_clients;	/* v1: between the client header and ROUTING TABLE */
	struct lt_sessions sessions;
};

static const char *const col_names[C_COUNT] = {
	"Common Name", "Real Address", "Virtual Address", "Bytes Received", "Bytes Sent",
	"Connected Since", "Connected Since (time_t)", "Username",
};

static size_t split(struct lt_str line, char sep, struct lt_str *f, size_t max)
{
	size_t n = 0, start = 0;
	for (size_t i = 0; i <= line.n && n < max; i++)
		if (i == line.n || line.p[i] == sep) {
			f[n++] = (struct lt_str){ line.p + start, i - start };
			start = i + 1;
		}
	return n;
}

static char sep_of(struct lt_str s)
{
	return memchr(s.p, '\t', s.n) ? '\t' : ',';
}

static bool status_line(const char *s, size_t n)
{
	struct lt_str l = { s, n };
	return lt_str_eq(l, "OpenVPN CLIENT LIST") || lt_str_has_prefix(l, "TITLE,OpenVPN") ||
	       lt_str_has_prefix(l, "TITLE\tOpenVPN") || lt_str_has_prefix(l, "HEADER,CLIENT_LIST,") ||
	       lt_str_has_prefix(l, "HEADER\tCLIENT_LIST\t");
}

static int status_probe(const struct lt_probe_data *pd)
{
	for (size_t i = 0; i < pd->nlines && i < 4; i++)
		if (status_line(pd->lines[i].text, pd->lines[i].len))
			return 95;
	return 0;
}

static int status_init(void *state, const struct lt_parse_env *env, const char **error)
{
	(void)env;
	(void)error;
	struct status_state *st = state;
	/* v1 rows without a header line seen: the documented v1 order */
	static const int v1[C_COUNT] = { 0, 1, -1, 2, 3, 4, -1, -1 };
	memcpy(st->col, v1, sizeof v1);
	return 0;
}

/* Column header names (after "HEADER,CLIENT_LIST," in v2, the whole line in v1). */
static void read_header(struct status_state *st, const struct lt_str *f, size_t n)
{
	for (int c = 0; c < C_COUNT; c++) {
		st->col[c] = -1;
		for (size_t i = 0; i < n; i++)
			if (lt_str_eq(f[i], col_names[c]))
				st->col[c] = (int)i;
	}
}

static struct lt_str field(const struct status_state *st, const struct lt_str *f, size_t n, enum col c)
{
	int i = st->col[c];
	return i >= 0 && (size_t)i < n ? f[i] : (struct lt_str){ "", 0 };
}

/* "Connected Since": time_t, else "2026-11-28 22:10:05" or "Sat Nov 28 22:10:05 2026" local. */
static lt_time_us since_time(const struct status_state *st, const struct lt_str *f, size_t n,
			     const struct lt_parse_env *env, struct lt_str *text)
{
	lt_time_us t = LT_TIME_NONE;
	*text = field(st, f, n, C_SINCE);
	struct lt_str epoch = field(st, f, n, C_SINCE_T);
	if (epoch.n && lt_time_parse_epoch(epoch.p, epoch.n, &t) == 0)
		return t;
	if (text->n == 19 && lt_time_parse_iso(text->p, text->n, env->tz, &t) == 0)
		return t;
	if (text->n == 24 && lt_month_from_abbr(text->p + 4, 3)) {
		char iso[20];
		int m = lt_month_from_abbr(text->p + 4, 3);
		memcpy(iso, text->p + 20, 4);
		iso[4] = '-';
		iso[5] = (char)('0' + m / 10);
		iso[6] = (char)('0' + m % 10);
		iso[7] = '-';
		iso[8] = text->p[8] == ' ' ? '0' : text->p[8];
		iso[9] = text->p[9];
		iso[10] = ' ';
		memcpy(iso + 11, text->p + 11, 8);
		if (lt_time_parse_iso(iso, 19, env->tz, &t) == 0)
			return t;
	}
	return LT_TIME_NONE;
}

static void client_row(struct status_state *st, struct lt_parse_ctx *ctx, const struct lt_line *line,
		       const struct lt_str *f, size_t n)
{
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	struct lt_record *r = lt_parse_begin(ctx, line);
	struct lt_str text;
	lt_time_us t = since_time(st, f, n, env, &text);
	struct lt_str epoch = field(st, f, n, C_SINCE_T);
	if (epoch.n && t != LT_TIME_NONE)
		lt_rec_set_event_time_off(r, t, epoch.p, epoch.n, 0);
	else
		lt_rec_set_event_time(r, t, text.p, text.n, lt_tz_name(env->tz), false);
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "openvpn.status");
	lt_vpn_event(r, LT_VPN_SESSION_START);
	struct lt_str user = field(st, f, n, C_USER);
	if (!user.n || lt_str_eq(user, "UNDEF"))
		user = field(st, f, n, C_CN);
	if (user.n && !lt_str_eq(user, "UNDEF"))
		lt_rec_set_str(r, LT_F_USER_NAME, user.p, user.n);
	struct lt_str real = field(st, f, n, C_REAL);
	if (real.n)
		lt_set_addr_with_port(r, LT_F_SOURCE_IP, LT_F_SOURCE_PORT, real);
	struct lt_str vip = field(st, f, n, C_VIRT);
	if (lt_is_ip(vip))
		lt_rec_set_str(r, LT_F_VPN_ASSIGNED_IP, vip.p, vip.n);
	lt_rec_set_span_int(r, LT_F_SOURCE_BYTES, field(st, f, n, C_RECV));
	lt_rec_set_span_int(r, LT_F_DEST_BYTES, field(st, f, n, C_SENT));
	/* One connection: its real address and when it connected. */
	char key[160];
	int k = snprintf(key, sizeof key, "%.*s|%.*s", (int)real.n, real.p, (int)text.n, text.p);
	if (k > 0 && (size_t)k < sizeof key)
		lt_session_seen(&st->sessions, r, key, (size_t)k, t);
	lt_parse_emit(ctx, r);
}

static enum lt_line_result status_parse(void *state, struct lt_parse_ctx *ctx, const struct lt_line *line,
					const char **reason)
{
	struct status_state *st = state;
	struct lt_str l = { line->text, line->len };
	while (l.n && l.p[l.n - 1] == '\r')
		l.n--;
	struct lt_str f[NCOLS];
	size_t n = split(l, sep_of(l), f, NCOLS);
	if (n >= 2 && lt_str_eq(f[0], "HEADER") && lt_str_eq(f[1], "CLIENT_LIST")) {
		read_header(st, f + 2, n - 2);
		return LT_LINE_META;
	}
	if (n >= 1 && lt_str_eq(f[0], "CLIENT_LIST")) {
		client_row(st, ctx, line, f + 1, n - 1);
		return LT_LINE_RECORD;
	}
	if (lt_str_eq(l, "ROUTING TABLE") || lt_str_eq(l, "GLOBAL STATS") || lt_str_eq(l, "END"))
		st->in_clients = false;
	if (n >= 1 && lt_str_eq(f[0], "Common Name")) {
		read_header(st, f, n);
		st->in_clients = true;
		return LT_LINE_META;
	}
	if (st->in_clients && n >= 5) {
		client_row(st, ctx, line, f, n);
		return LT_LINE_RECORD;
	}
	if (lt_line_blank(line) || lt_str_eq(l, "OpenVPN CLIENT LIST") || lt_str_eq(l, "ROUTING TABLE") ||
	    lt_str_eq(l, "GLOBAL STATS") || lt_str_eq(l, "END") || (n >= 2 && (lt_str_eq(f[0], "Updated") ||
	    lt_str_eq(f[0], "TITLE") || lt_str_eq(f[0], "TIME") || lt_str_eq(f[0], "HEADER") ||
	    lt_str_eq(f[0], "ROUTING_TABLE") || lt_str_eq(f[0], "GLOBAL_STATS") ||
	    lt_str_eq(f[0], "Virtual Address") || lt_str_eq(f[0], "Max bcast/mcast queue length"))))
		return LT_LINE_META;
	if (n >= 4 && lt_is_ip(f[0]))	/* v1 routing table row: virtual address first */
		return LT_LINE_META;
	*reason = "openvpn status: not a status-file line";
	return LT_LINE_UNPARSED;
}

const struct lt_parser lt_parser_openvpn_status = {
	.name = "openvpn_status",
	.family = "vpn",
	.description = "OpenVPN status file (--status, versions 1-3): connected clients as session starts with bytes",
	.probe = status_probe,
	.state_size = sizeof(struct status_state),
	.init = status_init,
	.parse_line = status_parse,
};
