/* Samba vfs_full_audit lines.
 *
 * Through syslog:  "Jan 31 15:57:04 fs1 smbd_audit: alice|10.0.0.5|openat|ok|r|docs/a.xlsx"
 * Without header:  "smbd_audit: nobody|192.168.234.1|opendir|ok|/tmp"
 * In Samba's own log (full_audit:syslog = false) as two lines:
 *   "[2026/11/25 10:11:12.123456,  0] ../source3/modules/vfs_full_audit.c:1234(do_log)"
 *   "  alice|10.0.0.5|unlinkat|ok|docs/a.xlsx"
 *
 * The message is PREFIX|OPERATION|RESULT|ARGS..., where PREFIX is whatever
 * full_audit:prefix says (default "%u|%I", often "%u|%I|%m|%S", or empty),
 * RESULT is "ok" or "fail (reason)", and the operation decides the argument
 * list. The prefix can be given with --parser-option prefix=%u|%I|%m|%S;
 * otherwise it is guessed (see doc/parsers.md). The tag is not required to
 * be smbd_audit (full_audit:syslog tag can be changed by the admin).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mailcommon.h"
#include "parse/fields.h"
#include "parse/parser.h"

#define MAX_FIELDS 64
#define MAX_PREFIX 8

enum args_kind {
	ARGS_PATH,	/* path (the rest, '|' inside names kept) */
	ARGS_MODE_PATH,	/* r|w then path: open, openat */
	ARGS_CREATE,	/* access mask|file or dir|disposition|path: create_file */
	ARGS_TWO_PATHS,	/* source|destination: rename, renameat, link */
	ARGS_SHARE,	/* share name: connect, disconnect */
	ARGS_OTHER	/* unknown layout: kept as text */
};

struct op_info {
	const char *op;
	const char *action;
	enum args_kind args;
};

/* Operation names as vfs_full_audit.c spells them (Samba 3.x to 4.20). */
static const struct op_info op_table[] = {
	{ "connect", "connect", ARGS_SHARE },
	{ "disconnect", "disconnect", ARGS_SHARE },
	{ "opendir", "list", ARGS_PATH },
	{ "fdopendir", "list", ARGS_PATH },
	{ "mkdir", "create", ARGS_PATH },
	{ "mkdirat", "create", ARGS_PATH },
	{ "rmdir", "delete", ARGS_PATH },
	{ "open", "open", ARGS_MODE_PATH },
	{ "openat", "open", ARGS_MODE_PATH },
	{ "create_file", "open", ARGS_CREATE },
	{ "close", "close", ARGS_PATH },
	{ "read", "read", ARGS_PATH },
	{ "pread", "read", ARGS_PATH },
	{ "pread_send", "read", ARGS_PATH },
	{ "pread_recv", "read", ARGS_PATH },
	{ "sendfile", "read", ARGS_PATH },
	{ "write", "write", ARGS_PATH },
	{ "pwrite", "write", ARGS_PATH },
	{ "pwrite_send", "write", ARGS_PATH },
	{ "pwrite_recv", "write", ARGS_PATH },
	{ "recvfile", "write", ARGS_PATH },
	{ "ftruncate", "write", ARGS_PATH },
	{ "fallocate", "write", ARGS_PATH },
	{ "rename", "rename", ARGS_TWO_PATHS },
	{ "renameat", "rename", ARGS_TWO_PATHS },
	{ "link", "link", ARGS_TWO_PATHS },
	{ "linkat", "link", ARGS_TWO_PATHS },
	{ "symlink", "link", ARGS_TWO_PATHS },
	{ "symlinkat", "link", ARGS_TWO_PATHS },
	{ "unlink", "delete", ARGS_PATH },
	{ "unlinkat", "delete", ARGS_PATH },
	{ "chmod", "chmod", ARGS_PATH },
	{ "fchmod", "chmod", ARGS_PATH },
	{ "chown", "chown", ARGS_PATH },
	{ "fchown", "chown", ARGS_PATH },
	{ "lchown", "chown", ARGS_PATH },
	{ "ntimes", "attributes", ARGS_PATH },
	{ "fntimes", "attributes", ARGS_PATH },
	{ "set_nt_acl", "acl", ARGS_PATH },
	{ "fset_nt_acl", "acl", ARGS_PATH },
	{ "get_nt_acl", "read_acl", ARGS_PATH },
	{ "fget_nt_acl", "read_acl", ARGS_PATH },
	{ "chdir", "chdir", ARGS_PATH },
	{ "stat", "stat", ARGS_PATH },
	{ "lstat", "stat", ARGS_PATH },
	{ "fstat", "stat", ARGS_PATH },
	{ "fstatat", "stat", ARGS_PATH },
	{ "realpath", "stat", ARGS_PATH },
};

enum prefix_item { P_IGNORE, P_USER, P_IP, P_MACHINE, P_SHARE, P_SHARE_PATH, P_DOMAIN, P_SERVER };

struct samba_state {
	enum prefix_item prefix[MAX_PREFIX];
	size_t nprefix;		/* 0 with have_prefix: empty prefix */
	bool have_prefix;	/* given by --parser-option prefix= */
	/* Samba's own log: time of the "[date, level] ...(do_log)" line */
	bool have_debug_time;
	char debug_time[40];
	size_t debug_time_len;
	lt_time_us debug_t;
};

static const struct op_info *find_op(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof op_table / sizeof op_table[0]; i++)
		if (lt_mc_span_eq(s, n, op_table[i].op))
			return &op_table[i];
	return NULL;
}

static bool is_op_word(struct lt_str f)
{
	if (f.n == 0 || f.n > 40)
		return false;
	for (size_t i = 0; i < f.n; i++)
		if (!(islower((unsigned char)f.p[i]) || isdigit((unsigned char)f.p[i]) || f.p[i] == '_'))
			return false;
	return true;
}

static bool is_result(struct lt_str f)
{
	return lt_str_eq(f, "ok") || lt_str_has_prefix(f, "fail");
}

static size_t split_pipes(const char *s, size_t n, struct lt_str *out, size_t max)
{
	size_t nf = 0, start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '|') {
			if (nf < max)
				out[nf] = (struct lt_str){ s + start, i - start };
			nf++;
			start = i + 1;
		}
	}
	return nf;
}

/* Index of the operation field: a lower-case word followed by ok/fail,
 * at most MAX_PREFIX fields in. -1 when the message is not an audit line. */
static int find_op_index(const struct lt_str *f, size_t nf)
{
	for (size_t i = 0; i + 1 < nf && i <= MAX_PREFIX; i++)
		if (is_op_word(f[i]) && is_result(f[i + 1]))
			return (int)i;
	return -1;
}

static bool audit_message(const char *s, size_t n)
{
	struct lt_str f[MAX_FIELDS];
	size_t nf = split_pipes(s, n, f, MAX_FIELDS);
	if (nf > MAX_FIELDS)
		nf = MAX_FIELDS;
	return find_op_index(f, nf) >= 0;
}

static bool probe_line(const char *s, size_t n)
{
	struct lt_line l = { .text = s, .len = n, .raw = s, .raw_len = n };
	struct lt_syslog h;
	lt_mc_split(&l, NULL, &h);
	return audit_message(h.msg.p, h.msg.n);
}

static bool probe_debug_header(const char *s, size_t n)
{
	return n > 20 && s[0] == '[' && lt_mc_memmem(s, n, "vfs_full_audit") != NULL;
}

static bool probe_any(const char *s, size_t n)
{
	return probe_line(s, n) || probe_debug_header(s, n);
}

static int samba_probe(const struct lt_probe_data *pd)
{
	int tagged = 0;
	for (size_t i = 0; i < pd->nlines; i++)
		if (lt_mc_memmem(pd->lines[i].text, pd->lines[i].len, "smbd_audit") ||
		    lt_mc_memmem(pd->lines[i].text, pd->lines[i].len, "vfs_full_audit"))
			tagged++;
	int ratio = lt_mc_ratio(pd, probe_any);
	/* a pipe-separated "word|ok|" shape alone is weak; the tag makes it
	 * certain; a few quoted lines in a document are not a log */
	if (tagged && ratio >= 50)
		return 95;
	if (tagged && ratio >= 20)
		return 50;
	return ratio >= 80 ? 70 : 0;
}

static int parse_prefix_option(struct samba_state *st, const char *spec, const char **error)
{
	st->have_prefix = true;
	st->nprefix = 0;
	if (!*spec)
		return 0;
	const char *p = spec;
	while (*p) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		enum prefix_item it = P_IGNORE;
		if (len == 2 && p[0] == '%') {
			switch (p[1]) {
			case 'u': case 'U': it = P_USER; break;
			case 'I': it = P_IP; break;
			case 'm': case 'M': it = P_MACHINE; break;
			case 'S': it = P_SHARE; break;
			case 'P': it = P_SHARE_PATH; break;
			case 'D': it = P_DOMAIN; break;
			case 'L': case 'h': it = P_SERVER; break;
			default: it = P_IGNORE; break;
			}
		}
		if (st->nprefix >= MAX_PREFIX) {
			*error = "samba_audit: prefix= has too many fields (at most 8)";
			return -1;
		}
		st->prefix[st->nprefix++] = it;
		if (!bar)
			break;
		p = bar + 1;
	}
	return 0;
}

static int samba_init(void *state, const struct lt_parse_env *env, const char **error)
{
	struct samba_state *st = state;
	const char *spec = lt_parse_option(env, "samba_audit.prefix");
	if (spec)
		return parse_prefix_option(st, spec, error);
	return 0;
}

/* Without prefix=: the IP address anchors the guess. Before it: the user;
 * after it: with one field the share (%u|%I|%S), with two the client
 * machine and the share (%u|%I|%m|%S). Without an IP: user, then share. */
static void guess_prefix(const struct lt_str *f, size_t n, enum prefix_item *out)
{
	size_t ip = n;
	for (size_t i = 0; i < n; i++) {
		if (lt_is_ip(f[i])) {
			ip = i;
			break;
		}
	}
	for (size_t i = 0; i < n; i++)
		out[i] = P_IGNORE;
	if (ip < n) {
		out[ip] = P_IP;
		if (ip >= 1)
			out[ip - 1] = P_USER;
		size_t after = n - ip - 1;
		if (after == 1)
			out[ip + 1] = P_SHARE;
		else if (after >= 2) {
			out[ip + 1] = P_MACHINE;
			out[ip + 2] = P_SHARE;
		}
		return;
	}
	if (n >= 1)
		out[0] = P_USER;
	if (n >= 2)
		out[n - 1] = P_SHARE;
}

static void set_user(struct lt_record *r, struct lt_str v)
{
	if (lt_str_is_dash(v))
		return;
	const char *bs = memchr(v.p, '\\', v.n);
	if (bs) {
		lt_rec_set_str(r, LT_F_USER_DOMAIN, v.p, (size_t)(bs - v.p));
		lt_rec_set_str(r, LT_F_USER_NAME, bs + 1, v.n - (size_t)(bs - v.p) - 1);
		return;
	}
	lt_rec_set_span(r, LT_F_USER_NAME, v);
}

static void apply_prefix(struct samba_state *st, struct lt_record *r, const struct lt_str *f, size_t n)
{
	enum prefix_item guess[MAX_PREFIX + 1];
	const enum prefix_item *map = st->prefix;
	if (!st->have_prefix || st->nprefix != n) {
		guess_prefix(f, n, guess);
		map = guess;
		if (st->have_prefix)
			lt_rec_set_cstr(r, LT_F_PARSE_NOTE, "prefix= does not match the field count; guessed");
	}
	for (size_t i = 0; i < n; i++) {
		switch (map[i]) {
		case P_USER: set_user(r, f[i]); break;
		case P_IP:
			if (lt_is_ip(f[i]))
				lt_rec_set_span(r, LT_F_SOURCE_IP, f[i]);
			else
				lt_rec_set_span(r, LT_F_SOURCE_ADDRESS, f[i]);
			break;
		case P_MACHINE: lt_rec_set_span(r, LT_F_SOURCE_DOMAIN, f[i]); break;
		case P_SHARE: lt_rec_set_span(r, LT_F_SHARE_NAME, f[i]); break;
		case P_SHARE_PATH: lt_rec_set_span(r, LT_F_SHARE_PATH, f[i]); break;
		case P_DOMAIN: lt_rec_set_span(r, LT_F_USER_DOMAIN, f[i]); break;
		case P_SERVER: lt_rec_set_span(r, LT_F_SERVER_NAME, f[i]); break;
		case P_IGNORE: break;
		}
	}
}

/* Join f[from..to) back with '|' (a file name may contain one). */
static struct lt_str join_rest(const struct lt_str *f, size_t from, size_t to)
{
	if (from >= to)
		return (struct lt_str){ "", 0 };
	const char *start = f[from].p;
	const char *end = f[to - 1].p + f[to - 1].n;
	return (struct lt_str){ start, (size_t)(end - start) };
}

static void set_path(struct lt_record *r, struct lt_str path)
{
	if (path.n == 0)
		return;
	lt_rec_set_str(r, LT_F_FILE_PATH, path.p, path.n);
	size_t i = path.n;
	while (i > 0 && path.p[i - 1] != '/' && path.p[i - 1] != '\\')
		i--;
	if (i < path.n)
		lt_rec_set_str(r, LT_F_FILE_NAME, path.p + i, path.n - i);
}

struct mask_word {
	uint32_t bit;
	const char *word;
};

static const struct mask_word mask_words[] = {
	{ 0x1, "ReadData" }, { 0x2, "WriteData" }, { 0x4, "AppendData" },
	{ 0x8, "ReadEA" }, { 0x10, "WriteEA" }, { 0x20, "Execute" }, { 0x40, "DeleteChild" },
	{ 0x80, "ReadAttributes" }, { 0x100, "WriteAttributes" }, { 0x10000, "DELETE" },
	{ 0x20000, "READ_CONTROL" }, { 0x40000, "WRITE_DAC" }, { 0x80000, "WRITE_OWNER" },
	{ 0x100000, "SYNCHRONIZE" }, { 0x2000000, "MAXIMUM_ALLOWED" }, { 0x10000000, "GENERIC_ALL" },
	{ 0x20000000, "GENERIC_EXECUTE" }, { 0x40000000, "GENERIC_WRITE" }, { 0x80000000u, "GENERIC_READ" },
};

#define MASK_WRITE (0x2u | 0x4u | 0x40000000u | 0x10000000u)
#define MASK_READ (0x1u | 0x80000000u)

static const char *create_file_action(struct lt_record *r, const struct lt_str *a, size_t na)
{
	/* a: mask, file|dir, disposition */
	uint32_t mask = 0;
	bool have_mask = false;
	if (na >= 1 && a[0].n > 2 && a[0].n < 20) {
		char tmp[20];
		memcpy(tmp, a[0].p, a[0].n);
		tmp[a[0].n] = '\0';
		char *end;
		unsigned long v = strtoul(tmp, &end, 16);
		if (*end == '\0') {
			mask = (uint32_t)v;
			have_mask = true;
		}
	}
	if (have_mask) {
		lt_rec_set_span(r, LT_F_ACCESS_MASK, a[0]);
		for (size_t i = 0; i < sizeof mask_words / sizeof mask_words[0]; i++)
			if (mask & mask_words[i].bit)
				lt_rec_add_str(r, LT_F_ACCESS_LIST, mask_words[i].word,
					       strlen(mask_words[i].word));
	}
	bool dir = na >= 2 && lt_str_eq(a[1], "dir");
	if (na >= 2)
		lt_rec_set_cstr(r, LT_F_FILE_TYPE, dir ? "dir" : "file");
	struct lt_str disp = na >= 3 ? a[2] : (struct lt_str){ "", 0 };
	if (disp.n)
		lt_rec_set_span(r, LT_F_SAMBA_DISPOSITION, disp);
	if (lt_str_eq(disp, "create"))
		return "create";
	if (lt_str_eq(disp, "overwrite") || lt_str_eq(disp, "overwrite_if") || lt_str_eq(disp, "supersede"))
		return "write";
	if (mask & MASK_WRITE)
		return "write";
	if (mask & MASK_READ)
		return dir ? "list" : "read";
	return "open";
}

static bool denial_reason(const char *p, size_t n)
{
	static const char *const words[] = { "Permission denied", "Operation not permitted", "ACCESS_DENIED",
					     "Access denied", "Access is denied", NULL };
	for (size_t i = 0; words[i]; i++) {
		size_t m = strlen(words[i]);
		for (size_t k = 0; k + m <= n; k++)
			if (strncasecmp(p + k, words[i], m) == 0)
				return true;
	}
	return false;
}

static void set_outcome(struct lt_record *r, struct lt_str res)
{
	if (lt_str_eq(res, "ok")) {
		lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, "success");
		return;
	}
	lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, "failure");
	const char *open = memchr(res.p, '(', res.n);
	if (open && res.p[res.n - 1] == ')') {
		size_t start = (size_t)(open - res.p) + 1;
		lt_rec_set_str(r, LT_F_EVENT_REASON, res.p + start, res.n - start - 1);
		/* The server refused the user (EACCES, EPERM, NT status): the
		 * record that an access restriction worked (doc/handover.md).
		 * Other failures (no such file) are not refusals. */
		if (denial_reason(res.p + start, res.n - start - 1))
			lt_rec_add_str(r, LT_F_EVENT_TYPE, "denied", 6);
	}
}

static void fill_args(struct lt_record *r, const struct op_info *op, struct lt_str opname,
		      const struct lt_str *a, size_t na)
{
	const char *action = op ? op->action : NULL;
	switch (op ? op->args : ARGS_OTHER) {
	case ARGS_PATH:
		set_path(r, join_rest(a, 0, na));
		if (op && (strcmp(op->op, "mkdir") == 0 || strcmp(op->op, "mkdirat") == 0 ||
			   strcmp(op->op, "rmdir") == 0 || strstr(op->op, "opendir")))
			lt_rec_set_cstr(r, LT_F_FILE_TYPE, "dir");
		break;
	case ARGS_MODE_PATH:
		if (na >= 2 && (lt_str_eq(a[0], "r") || lt_str_eq(a[0], "w"))) {
			action = a[0].p[0] == 'w' ? "write" : "read";
			set_path(r, join_rest(a, 1, na));
		} else {
			set_path(r, join_rest(a, 0, na));
		}
		break;
	case ARGS_CREATE:
		if (na >= 4) {
			action = create_file_action(r, a, 3);
			set_path(r, join_rest(a, 3, na));
		} else {
			set_path(r, join_rest(a, 0, na));
		}
		break;
	case ARGS_TWO_PATHS:
		if (na >= 2) {
			/* names with '|' would make this ambiguous: split in the middle */
			size_t half = na / 2;
			set_path(r, join_rest(a, 0, half));
			struct lt_str dst = join_rest(a, half, na);
			lt_rec_set_str(r, LT_F_FILE_NEW_PATH, dst.p, dst.n);
		} else {
			set_path(r, join_rest(a, 0, na));
		}
		break;
	case ARGS_SHARE:
		if (na >= 1)
			lt_rec_set_span(r, LT_F_SHARE_NAME, join_rest(a, 0, na));
		break;
	case ARGS_OTHER: {
		struct lt_str rest = join_rest(a, 0, na);
		if (rest.n)
			lt_rec_set_str(r, LT_F_SAMBA_ARGS, rest.p, rest.n);
		break;
	}
	}
	if (action)
		lt_rec_set_cstr(r, LT_F_EVENT_ACTION, action);
	else
		lt_rec_set_str(r, LT_F_EVENT_ACTION, opname.p, opname.n);
	bool session = op && op->args == ARGS_SHARE;
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, session ? "network" : "file");
}

/* "[2026/11/25 10:11:12.123456,  0] ...vfs_full_audit.c:...(do_log)" */
static bool parse_debug_header(struct samba_state *st, const struct lt_line *line,
			       const struct lt_parse_env *env)
{
	const char *s = line->text;
	size_t n = line->len;
	if (!probe_debug_header(s, n) || n < 21)
		return false;
	struct lt_civil c = { 0 };
	if (sscanf(s + 1, "%4d/%2d/%2d %2d:%2d:%2d", &c.year, &c.month, &c.day, &c.hour, &c.min, &c.sec) != 6 ||
	    c.year < 1970 || c.month < 1 || c.month > 12 || c.day < 1 || c.day > 31 || c.hour < 0 || c.hour > 23 ||
	    c.min < 0 || c.min > 59 || c.sec < 0 || c.sec > 60)
		return false;
	size_t end = 1;
	while (end < n && s[end] != ',' && s[end] != ']')
		end++;
	size_t i = 20;
	if (i < end && s[i] == '.') {
		int32_t us = 0, digits = 0;
		for (i++; i < end && isdigit((unsigned char)s[i]); i++)
			if (digits < 6) {
				us = us * 10 + (s[i] - '0');
				digits++;
			}
		while (digits++ < 6)
			us *= 10;
		c.usec = us;
	}
	st->debug_t = lt_tz_local_to_utc(env->tz, &c);
	st->debug_time_len = end - 1 < sizeof st->debug_time ? end - 1 : sizeof st->debug_time - 1;
	memcpy(st->debug_time, s + 1, st->debug_time_len);
	st->have_debug_time = true;
	return true;
}

static enum lt_line_result samba_parse_line(void *state, struct lt_parse_ctx *ctx,
					    const struct lt_line *line, const char **reason)
{
	struct samba_state *st = state;
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	if (lt_mc_blank(line))
		return LT_LINE_META;	/* empty lines carry nothing */
	if (parse_debug_header(st, line, env))
		return LT_LINE_META;
	struct lt_syslog h;
	lt_mc_split(line, env, &h);
	struct lt_str msg = h.msg;
	while (msg.n && (msg.p[0] == ' ' || msg.p[0] == '\t')) {
		msg.p++;
		msg.n--;
	}
	struct lt_str f[MAX_FIELDS];
	size_t nf = split_pipes(msg.p, msg.n, f, MAX_FIELDS);
	if (nf > MAX_FIELDS) {
		/* keep the tail together as the last field */
		f[MAX_FIELDS - 1].n = (size_t)(msg.p + msg.n - f[MAX_FIELDS - 1].p);
		nf = MAX_FIELDS;
	}
	int opi = find_op_index(f, nf);
	if (opi < 0) {
		st->have_debug_time = false;
		*reason = "not a vfs_full_audit line (no operation|ok or operation|fail)";
		return LT_LINE_UNPARSED;
	}
	struct lt_record *r = lt_parse_begin(ctx, line);
	lt_mc_apply(r, &h, env);
	if (!h.time_text.n && st->have_debug_time)
		lt_rec_set_event_time(r, st->debug_t, st->debug_time, st->debug_time_len,
				      lt_tz_name(env->tz), false);
	st->have_debug_time = false;
	apply_prefix(st, r, f, (size_t)opi);
	struct lt_str opname = f[opi];
	const struct op_info *op = find_op(opname.p, opname.n);
	lt_rec_set_str(r, LT_F_OPERATION, opname.p, opname.n);
	set_outcome(r, f[opi + 1]);
	fill_args(r, op, opname, f + opi + 2, nf - (size_t)opi - 2);
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "samba.full_audit");
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

static const struct lt_parser_option options[] = {
	{ .name = "prefix", .type = LT_OPT_TEXT, .def = "(guessed from the IP address)",
	  .help = "the vfs_full_audit prefix, e.g. %u|%I|%m|%S" },
	{ .name = NULL },
};
const struct lt_parser lt_parser_samba_audit = {
	.name = "samba_audit",
	.family = "fileserver",
	.description = "Samba vfs_full_audit (smbd_audit) via syslog or log.smbd",
	.probe = samba_probe,
	.state_size = sizeof(struct samba_state),
	.init = samba_init,
	.parse_line = samba_parse_line,
	.options = options,
};
