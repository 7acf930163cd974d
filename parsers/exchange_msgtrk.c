/* Exchange message tracking logs (MSGTRK*.LOG, Exchange 2007 to 2019).
 *
 * A CSV file with W3C-like comment lines:
 *   #Software: Microsoft Exchange Server
 *   #Version: 15.01.2507.039
 *   #Log-type: Message Tracking Log
 *   #Date: 2025-01-14T09:00:00.000Z
 *   #Fields: date-time,client-ip,client-hostname,server-ip,...
 * The #Fields line decides the columns. Rows seen before any #Fields (rows
 * cut out of a file, as in Elastic's test data) use the Exchange 2013+
 * default column order. Values may be double-quoted with commas inside;
 * recipient-address and recipient-status hold ';'-separated lists.
 * One record per row. Columns we do not map are kept as
 * leaktrail.exchange.<column> (dashes become underscores), so nothing the
 * log says is lost.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "mailcommon.h"
#include "parse/fields.h"
#include "parse/parser.h"

#define MAX_COLS 64

static const char *const default_fields[] = {
	"date-time", "client-ip", "client-hostname", "server-ip", "server-hostname",
	"source-context", "connector-id", "source", "event-id", "internal-message-id",
	"message-id", "network-message-id", "recipient-address", "recipient-status",
	"total-bytes", "recipient-count", "related-recipient-address", "reference",
	"message-subject", "sender-address", "return-path", "message-info", "directionality",
	"tenant-id", "original-client-ip", "original-server-ip", "custom-data",
	"transport-traffic-type", "log-id", "schema-version",
};
#define NDEFAULT (sizeof default_fields / sizeof default_fields[0])

enum col_kind {
	C_OTHER, C_TIME, C_CLIENT_IP, C_CLIENT_HOST, C_SERVER_IP, C_SERVER_HOST, C_EVENT_ID,
	C_LOCAL_ID, C_MSGID, C_RCPT, C_RCPT_STATUS, C_BYTES, C_RCPT_COUNT, C_SUBJECT,
	C_SENDER, C_RETURN_PATH, C_DIRECTION
};

struct col_map {
	const char *name;
	enum col_kind kind;
};

static const struct col_map col_maps[] = {
	{ "date-time", C_TIME }, { "client-ip", C_CLIENT_IP }, { "client-hostname", C_CLIENT_HOST },
	{ "server-ip", C_SERVER_IP }, { "server-hostname", C_SERVER_HOST }, { "event-id", C_EVENT_ID },
	{ "internal-message-id", C_LOCAL_ID }, { "message-id", C_MSGID },
	{ "recipient-address", C_RCPT }, { "recipient-status", C_RCPT_STATUS },
	{ "total-bytes", C_BYTES }, { "recipient-count", C_RCPT_COUNT },
	{ "message-subject", C_SUBJECT }, { "sender-address", C_SENDER },
	{ "return-path", C_RETURN_PATH }, { "directionality", C_DIRECTION },
};

struct msgtrk_state {
	size_t ncols;
	enum col_kind kind[MAX_COLS];
	char *other_key[MAX_COLS];	/* "leaktrail.exchange.x" for C_OTHER; owned */
	bool have_fields;
	struct lt_buf scratch;
};

static enum col_kind kind_of(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof col_maps / sizeof col_maps[0]; i++)
		if (lt_mc_span_eq(name, n, col_maps[i].name))
			return col_maps[i].kind;
	return C_OTHER;
}

static void clear_cols(struct msgtrk_state *st)
{
	for (size_t i = 0; i < st->ncols; i++) {
		free(st->other_key[i]);
		st->other_key[i] = NULL;
	}
	st->ncols = 0;
}

static void add_col(struct msgtrk_state *st, const char *name, size_t n)
{
	if (st->ncols >= MAX_COLS)
		return;
	size_t i = st->ncols++;
	st->kind[i] = kind_of(name, n);
	if (st->kind[i] == C_OTHER) {
		struct lt_buf b = LT_BUF_INIT;
		lt_buf_puts(&b, LT_F_EXCHANGE_PREFIX);
		for (size_t j = 0; j < n; j++) {
			char c = name[j];
			lt_buf_putc(&b, c == '-' ? '_' : (char)tolower((unsigned char)c));
		}
		st->other_key[i] = lt_buf_detach(&b);
	}
}

static void default_cols(struct msgtrk_state *st)
{
	clear_cols(st);
	for (size_t i = 0; i < NDEFAULT; i++)
		add_col(st, default_fields[i], strlen(default_fields[i]));
}

static int msgtrk_init(void *state, const struct lt_parse_env *env, const char **error)
{
	(void)env;
	(void)error;
	default_cols(state);
	return 0;
}

static void msgtrk_fini(void *state)
{
	struct msgtrk_state *st = state;
	clear_cols(st);
	lt_buf_free(&st->scratch);
}

static const char *const event_ids[] = {
	"RECEIVE", "SEND", "DELIVER", "DSN", "FAIL", "EXPAND", "REDIRECT", "RESOLVE", "TRANSFER",
	"SUBMIT", "POISONMESSAGE", "DEFER", "BADMAIL", "DUPLICATEDELIVER", "HAREDIRECTFAIL",
	"HARECEIVE", "HAREDIRECT", "INITMESSAGECREATED", "LOAD", "MODERATORAPPROVE",
	"MODERATORREJECT", "MODERATIONEXPIRE", "NOTIFYMAPI", "PROCESS", "RECIPIENTSUBMIT",
	"SENDEXTERNAL", "SUBMITDEFER", "THROTTLE", "AGENTINFO", "DROP", "DUPLICATEEXPAND",
	"DUPLICATEREDIRECT", "SUBMITFAILED", "HADISCARD", "DELAY", "STOREDRIVER",
};

static bool is_event_id(struct lt_str s)
{
	for (size_t i = 0; i < sizeof event_ids / sizeof event_ids[0]; i++)
		if (lt_str_eq(s, event_ids[i]))
			return true;
	return false;
}

static bool probe_row(const char *s, size_t n)
{
	if (n && s[0] == '#')
		return lt_mc_memmem(s, n, "#Fields: date-time") || lt_mc_memmem(s, n, "Message Tracking") ||
		       lt_mc_memmem(s, n, "#Software: Microsoft Exchange") || lt_mc_memmem(s, n, "#Version:") ||
		       lt_mc_memmem(s, n, "#Date:");
	struct lt_str f[MAX_COLS];
	struct lt_buf scratch = LT_BUF_INIT;
	size_t nf = lt_split_csv(s, n, ',', f, MAX_COLS, &scratch);
	bool ok = nf != LT_CSV_OPEN_QUOTE && nf >= 20 && nf <= MAX_COLS && f[0].n >= 20 &&
		  f[0].p[4] == '-' && f[0].p[10] == 'T' && is_event_id(f[8]);
	lt_buf_free(&scratch);
	return ok;
}

static int msgtrk_probe(const struct lt_probe_data *pd)
{
	for (size_t i = 0; i < pd->nlines; i++)
		if (lt_mc_memmem(pd->lines[i].text, pd->lines[i].len, "#Log-type: Message Tracking Log"))
			return 95;
	int ratio = lt_mc_ratio(pd, probe_row);
	if (ratio >= 80)
		return 85;
	return ratio >= 50 ? 50 : 0;
}

static void set_list(struct lt_record *r, const char *key, struct lt_str v)
{
	size_t start = 0;
	for (size_t i = 0; i <= v.n; i++) {
		if (i == v.n || v.p[i] == ';') {
			if (i > start)
				lt_rec_add_str(r, key, v.p + start, i - start);
			start = i + 1;
		}
	}
}

static void set_col(struct msgtrk_state *st, struct lt_record *r, size_t i, struct lt_str v, bool *timed)
{
	if (v.n == 0)
		return;
	switch (st->kind[i]) {
	case C_TIME: {
		lt_time_us t;
		bool had_zone;
		int32_t off;
		if (lt_time_parse_iso_ex(v.p, v.n, NULL, &t, &had_zone, &off) == 0) {
			lt_rec_set_event_time_off(r, t, v.p, v.n, off);
			*timed = true;
		}
		break;
	}
	case C_CLIENT_IP: lt_rec_set_span(r, LT_F_SOURCE_IP, v); break;
	case C_CLIENT_HOST: lt_rec_set_span(r, LT_F_SOURCE_DOMAIN, v); break;
	case C_SERVER_IP: lt_rec_set_span(r, LT_F_SERVER_IP, v); break;
	case C_SERVER_HOST:
		lt_rec_set_span(r, LT_F_SERVER_DOMAIN, v);
		lt_rec_set_span(r, LT_F_HOST_NAME, v);
		break;
	case C_EVENT_ID: lt_rec_set_span(r, LT_F_EVENT_ACTION, v); break;
	case C_LOCAL_ID: lt_rec_set_span(r, LT_F_EMAIL_LOCAL_ID, v); break;
	case C_MSGID: lt_rec_set_span(r, LT_F_EMAIL_MSGID, v); break;
	case C_RCPT: set_list(r, LT_F_EMAIL_TO, v); break;
	case C_RCPT_STATUS: set_list(r, LT_F_EMAIL_RECIPIENT_STATUS, v); break;
	case C_BYTES: lt_rec_set_span_int(r, LT_F_EMAIL_SIZE, v); break;
	case C_RCPT_COUNT: lt_rec_set_span_int(r, LT_F_EMAIL_RECIPIENT_COUNT, v); break;
	case C_SUBJECT: lt_rec_set_span(r, LT_F_EMAIL_SUBJECT, v); break;
	case C_SENDER: lt_rec_set_span(r, LT_F_EMAIL_FROM, v); break;
	case C_RETURN_PATH: lt_rec_set_span(r, LT_F_EMAIL_RETURN_PATH, v); break;
	case C_DIRECTION: lt_rec_set_span(r, LT_F_EMAIL_DIRECTION, v); break;
	case C_OTHER: lt_rec_set_str(r, st->other_key[i], v.p, v.n); break;
	}
}

static enum lt_line_result msgtrk_parse_line(void *state, struct lt_parse_ctx *ctx,
					     const struct lt_line *line, const char **reason)
{
	struct msgtrk_state *st = state;
	struct lt_str text = lt_str_rtrim((struct lt_str){ line->text, line->len });
	if (text.n == 0)
		return LT_LINE_META;
	if (text.p[0] == '#') {
		if (lt_str_has_prefix(text, "#Fields:")) {
			struct lt_str names[MAX_COLS];
			size_t off = 8;
			while (off < text.n && text.p[off] == ' ')
				off++;
			lt_buf_reset(&st->scratch);
			size_t nf = lt_split_csv(text.p + off, text.n - off, ',', names, MAX_COLS, &st->scratch);
			if (nf == LT_CSV_OPEN_QUOTE || nf == 0) {
				*reason = "Exchange #Fields: header cannot be read";
				return LT_LINE_UNPARSED;
			}
			clear_cols(st);
			for (size_t i = 0; i < nf && i < MAX_COLS; i++)
				add_col(st, names[i].p, names[i].n);
			st->have_fields = true;
		}
		return LT_LINE_META;
	}
	struct lt_str f[MAX_COLS];
	lt_buf_reset(&st->scratch);
	size_t nf = lt_split_csv(text.p, text.n, ',', f, MAX_COLS, &st->scratch);
	if (nf == LT_CSV_OPEN_QUOTE) {
		*reason = "Exchange message tracking row: a quoted value is not closed";
		return LT_LINE_UNPARSED;
	}
	if (nf < 9 || nf > MAX_COLS) {
		*reason = "Exchange message tracking row: wrong number of columns";
		return LT_LINE_UNPARSED;
	}
	struct lt_record *r = lt_parse_begin(ctx, line);
	bool timed = false;
	for (size_t i = 0; i < nf && i < st->ncols; i++)
		set_col(st, r, i, f[i], &timed);
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "email");
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "exchange.messagetracking");
	if (nf != st->ncols)
		lt_rec_set_cstr(r, LT_F_PARSE_NOTE, "column count differs from #Fields");
	lt_parse_emit(ctx, r);
	(void)timed;
	return LT_LINE_RECORD;
}

const struct lt_parser lt_parser_exchange_msgtrk = {
	.name = "exchange_msgtrk",
	.family = "mail",
	.description = "Exchange message tracking log (MSGTRK CSV with #Fields header)",
	.probe = msgtrk_probe,
	.state_size = sizeof(struct msgtrk_state),
	.init = msgtrk_init,
	.parse_line = msgtrk_parse_line,
	.fini = msgtrk_fini,
};
