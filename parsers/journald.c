/* systemd journal exports: "journalctl -o json" (one JSON object per entry)
 * and "journalctl -o short-unix" ("1764032400.123456 host sshd[812]: ...").
 * ("-o short-iso" and "-o short-precise" are syslog headers: the family
 * parsers read those directly.)
 *
 *   {"__REALTIME_TIMESTAMP":"1764032400123456","_HOSTNAME":"srv1","SYSLOG_IDENTIFIER":"sshd",
 *    "_PID":"812","MESSAGE":"Accepted password for sato from 10.0.0.5 port 50000 ssh2",...}
 *
 * The MESSAGE carries no syslog header, so each entry is turned into one
 * ("2026-11-25T00:00:00.123456+00:00 srv1 sshd[812]: MESSAGE") and handed
 * to the parser of its program, chosen by SYSLOG_IDENTIFIER (else _COMM):
 * sshd, sudo, su and other programs -> linux_auth; postfix/NAME -> postfix;
 * openvpn* -> openvpn; charon, ipsec -> strongswan; smbd_audit ->
 * samba_audit; kernel USB messages -> usb_kernel. Each of those keeps its
 * own per-stream state (Postfix queue ids, VPN sessions, USB devices), so
 * the records are the ones a syslog file of the same entries would give;
 * leaktrail.raw is the JSON entry as exported, leaktrail.time.original the
 * rebuilt header time (__REALTIME_TIMESTAMP is microseconds since the
 * epoch, UTC). A MESSAGE exported as an array of bytes (not UTF-8) is
 * read as those bytes.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "parse/fields.h"
#include "parse/parser.h"
#include "util/buf.h"
#include "util/xalloc.h"

enum jd_target { JD_AUTH, JD_POSTFIX, JD_OPENVPN, JD_USB, JD_STRONGSWAN, JD_SAMBA, JD_NTARGETS };

static const char *const jd_parser_names[JD_NTARGETS] = {
	"linux_auth", "postfix", "openvpn", "usb_kernel", "strongswan", "samba_audit",
};

struct jd_delegate {
	const struct lt_parser *p;
	void *state;
	bool ready;
	const char *refused;	/* the delegate's init error */
};

/* env is the framework's, borrowed for the stream (given to init). */
struct jd_state {
	const struct lt_parse_env *env;
	struct jd_delegate d[JD_NTARGETS];
	struct lt_buf line;	/* the rebuilt syslog line */
	struct lt_buf msg;	/* MESSAGE given as a byte array */
};

struct jd_entry {
	lt_time_us t;
	struct lt_str host, ident, pid, msg;
	bool kernel;
};

static bool json_entry_line(const char *s, size_t n)
{
	return n && s[0] == '{' && lt_memcasemem(s, n, "\"__REALTIME_TIMESTAMP\"") &&
	       lt_memcasemem(s, n, "\"MESSAGE\"");
}

/* "1764032400.123456 host ident[pid]: msg" */
static bool short_unix(const char *s, size_t n, struct jd_entry *e)
{
	struct lt_str f[3];
	if (lt_split_ws(s, n, f, 3) < 3)
		return false;
	const char *dot = memchr(f[0].p, '.', f[0].n);
	if (!dot || f[0].n < 12 || (size_t)(f[0].p + f[0].n - dot - 1) != 6 || lt_time_parse_epoch(f[0].p, f[0].n, &e->t))
		return false;
	e->host = f[1];
	const char *colon = lt_memcasemem(f[2].p, (size_t)(s + n - f[2].p), ": ");
	if (!colon)
		return false;
	struct lt_str tag = { f[2].p, (size_t)(colon - f[2].p) };
	const char *br = memchr(tag.p, '[', tag.n);
	if (memchr(tag.p, ' ', tag.n))
		return false;
	e->ident = br ? (struct lt_str){ tag.p, (size_t)(br - tag.p) } : tag;
	e->pid = br ? (struct lt_str){ br + 1, (size_t)(tag.p + tag.n - br - 2) } : (struct lt_str){ NULL, 0 };
	e->msg = (struct lt_str){ colon + 2, (size_t)(s + n - colon - 2) };
	e->kernel = lt_str_eq(e->ident, "kernel");
	return true;
}

static bool short_unix_line(const char *s, size_t n)
{
	struct jd_entry e;
	return short_unix(s, n, &e);
}

static int jd_probe(const struct lt_probe_data *pd)
{
	int json = lt_probe_share(pd, json_entry_line, 96);
	return json ? json : lt_probe_share(pd, short_unix_line, 75);
}

static int jd_init(void *state, const struct lt_parse_env *env, const char **error)
{
	struct jd_state *st = state;
	(void)error;
	st->env = env;
	lt_buf_init(&st->line);
	lt_buf_init(&st->msg);
	return 0;
}

static struct lt_str jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_string(v))
		return (struct lt_str){ NULL, 0 };
	return (struct lt_str){ json_string_value(v), json_string_length(v) };
}

/* MESSAGE as a string, or as the array of bytes journalctl writes for
 * messages that are not valid UTF-8. */
static bool message_of(struct jd_state *st, json_t *o, struct lt_str *out)
{
	json_t *m = json_object_get(o, "MESSAGE");
	if (json_is_string(m)) {
		*out = (struct lt_str){ json_string_value(m), json_string_length(m) };
		return true;
	}
	if (!json_is_array(m))
		return false;
	lt_buf_reset(&st->msg);
	size_t i;
	json_t *b;
	json_array_foreach(m, i, b) {
		if (!json_is_integer(b) || json_integer_value(b) < 0 || json_integer_value(b) > 255)
			return false;
		lt_buf_putc(&st->msg, (char)json_integer_value(b));
	}
	*out = (struct lt_str){ st->msg.data, st->msg.len };
	return true;
}

static bool json_entry(struct jd_state *st, json_t *o, struct jd_entry *e)
{
	struct lt_str rt = jstr(o, "__REALTIME_TIMESTAMP");
	int64_t us;
	if (!rt.n || !lt_parse_int(rt.p, rt.n, &us) || us <= 0 || !message_of(st, o, &e->msg))
		return false;
	e->t = us;
	e->host = jstr(o, "_HOSTNAME");
	e->ident = jstr(o, "SYSLOG_IDENTIFIER");
	if (!e->ident.n)
		e->ident = jstr(o, "_COMM");
	e->pid = jstr(o, "SYSLOG_PID");
	if (!e->pid.n)
		e->pid = jstr(o, "_PID");
	e->kernel = lt_str_eq(jstr(o, "_TRANSPORT"), "kernel") || lt_str_eq(e->ident, "kernel");
	return e->ident.n || e->kernel;
}

static bool usb_message(struct lt_str m)
{
	return lt_str_has_prefix(m, "usb ") || lt_str_has_prefix(m, "usb-storage") ||
	       lt_memcasemem(m.p, m.n, "USB Mass Storage") != NULL;
}

static enum jd_target pick(const struct jd_entry *e)
{
	if (e->kernel)
		return usb_message(e->msg) ? JD_USB : JD_AUTH;
	if (lt_str_has_prefix(e->ident, "postfix"))
		return JD_POSTFIX;
	if (lt_str_has_prefix(e->ident, "openvpn"))
		return JD_OPENVPN;
	if (lt_str_has_prefix(e->ident, "charon") || lt_str_eq(e->ident, "ipsec") || lt_str_eq(e->ident, "pluto"))
		return JD_STRONGSWAN;
	if (lt_str_eq(e->ident, "smbd_audit"))
		return JD_SAMBA;
	return JD_AUTH;
}

static struct jd_delegate *delegate(struct jd_state *st, enum jd_target t)
{
	struct jd_delegate *d = &st->d[t];
	if (d->ready || d->refused)
		return d;
	d->p = lt_parser_find(jd_parser_names[t]);
	if (!d->p || !d->p->parse_line) {
		d->refused = "journald: the parser for this program is not built in";
		return d;
	}
	d->state = lt_xcalloc(1, d->p->state_size ? d->p->state_size : 1);
	if (d->p->init && d->p->init(d->state, st->env, &d->refused) != 0) {
		if (!d->refused)
			d->refused = "journald: the program's parser refused the stream";
		return d;
	}
	d->ready = true;
	return d;
}

/* "2026-11-25T00:00:00.123456+00:00 host ident[pid]: msg" */
static void rebuild(struct jd_state *st, const struct jd_entry *e)
{
	char stamp[40];
	size_t n = lt_time_format_utc(e->t, stamp);
	/* lt_time_format_utc ends in 'Z'; syslog.c reads both */
	lt_buf_reset(&st->line);
	lt_buf_append(&st->line, stamp, n);
	lt_buf_putc(&st->line, ' ');
	if (e->host.n)
		lt_buf_append(&st->line, e->host.p, e->host.n);
	else
		lt_buf_putc(&st->line, '-');
	lt_buf_putc(&st->line, ' ');
	if (e->kernel)
		lt_buf_puts(&st->line, "kernel");
	else
		lt_buf_append(&st->line, e->ident.p, e->ident.n);
	if (e->pid.n && !e->kernel) {
		lt_buf_putc(&st->line, '[');
		lt_buf_append(&st->line, e->pid.p, e->pid.n);
		lt_buf_putc(&st->line, ']');
	}
	lt_buf_puts(&st->line, ": ");
	lt_buf_append(&st->line, e->msg.p, e->msg.n);
}

static enum lt_line_result dispatch(struct jd_state *st, struct lt_parse_ctx *ctx, const struct lt_line *line,
				    const struct jd_entry *e, const char **reason)
{
	struct jd_delegate *d = delegate(st, pick(e));
	if (!d->ready) {
		*reason = d->refused;
		return LT_LINE_UNPARSED;
	}
	rebuild(st, e);
	struct lt_line synth = *line;	/* provenance and raw bytes stay the export's */
	synth.text = st->line.data;
	synth.len = st->line.len;
	lt_parse_set_generic_text(ctx, synth.text, synth.len);	/* a GENERIC answer reads the rebuilt line */
	return d->p->parse_line(d->state, ctx, &synth, reason);
}

static enum lt_line_result jd_parse(void *state, struct lt_parse_ctx *ctx, const struct lt_line *line,
				    const char **reason)
{
	struct jd_state *st = state;
	if (lt_line_blank(line))
		return LT_LINE_META;
	struct jd_entry e;
	memset(&e, 0, sizeof e);
	if (line->text[0] != '{') {
		if (!short_unix(line->text, line->len, &e)) {
			*reason = "journald: not a short-unix entry";
			return LT_LINE_UNPARSED;
		}
		return dispatch(st, ctx, line, &e, reason);
	}
	json_error_t err;
	json_t *o = json_loadb(line->text, line->len, 0, &err);
	if (!json_is_object(o) || !json_entry(st, o, &e)) {
		json_decref(o);
		*reason = "journald: not a journal JSON entry with __REALTIME_TIMESTAMP and MESSAGE";
		return LT_LINE_UNPARSED;
	}
	enum lt_line_result res = dispatch(st, ctx, line, &e, reason);
	json_decref(o);
	return res;
}

static void jd_finish(void *state, struct lt_parse_ctx *ctx)
{
	struct jd_state *st = state;
	for (size_t i = 0; i < JD_NTARGETS; i++)
		if (st->d[i].ready && st->d[i].p->finish)
			st->d[i].p->finish(st->d[i].state, ctx);
}

static void jd_fini(void *state)
{
	struct jd_state *st = state;
	for (size_t i = 0; i < JD_NTARGETS; i++) {
		struct jd_delegate *d = &st->d[i];
		if (d->state && d->p->fini && d->ready)
			d->p->fini(d->state);
		free(d->state);
		d->state = NULL;
		d->ready = false;
	}
	lt_buf_free(&st->line);
	lt_buf_free(&st->msg);
}

const struct lt_parser lt_parser_journald = {
	.name = "journald",
	.family = "logon",
	.description = "systemd journal exports (journalctl -o json, -o short-unix), each entry read by its program's parser",
	.probe = jd_probe,
	.state_size = sizeof(struct jd_state),
	.init = jd_init,
	.parse_line = jd_parse,
	.finish = jd_finish,
	.fini = jd_fini,
};
