/* RFC 5322 messages: single .eml files and mbox journals.
 *
 * One record per message: sender, recipients (To, Cc, Bcc), subject
 * (RFC 2047 decoded), Date, Message-ID, and for every attachment its name
 * (RFC 2047 / RFC 2231 decoded, ISO-2022-JP and Shift_JIS/CP932 included),
 * its decoded size and the SHA-256 of its decoded content (base64 or
 * quoted-printable undone), hashed while streaming: nothing beyond the
 * header blocks is buffered. Bodies are not stored.
 *
 * Provenance: the record points at the message's first line (the mbox
 * "From " line, or the first header line); leaktrail.raw is the message's
 * header block exactly as in the evidence (every header line with its own
 * line break, up to but not including the blank line; at most 64 KiB, then
 * cut and leaktrail.truncated is set), so it can be checked against the
 * evidence at leaktrail.offset.
 *
 * Streams: a stream whose first line is "From " is an mbox; every later
 * "From " line that follows an empty line (or starts the stream) begins a
 * new message (mboxrd/mboxo escape body lines as ">From "). Otherwise the
 * whole stream is one message. The parser reads the lines' raw bytes, not
 * the transcoded text: mail declares its own charsets.
 *
 * Attachment: a MIME part with a filename (Content-Disposition filename or
 * Content-Type name) or with Content-Disposition: attachment. Decoded
 * content of a quoted-printable or 7bit/8bit part joins its lines with
 * CRLF (RFC 2045 canonical form), the last line break before the boundary
 * not included.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mailcommon.h"
#include "mime.h"
#include "parse/fields.h"
#include "parse/parser.h"
#include "util/hash.h"
#include "util/xalloc.h"

#define MAX_HEADER_BLOCK (64 * 1024)	/* raw kept for the record */
#define MAX_HEADERS (256 * 1024)	/* unfolded headers parsed */
#define MAX_PART_HEADERS (64 * 1024)
#define MAX_DEPTH 8
#define MAX_ATTACH 256
#define MAX_BOUNDARY 200

enum mstate {
	M_NONE,		/* between messages (mbox: before the first From line) */
	M_HEADERS,	/* message header block */
	M_BODY,		/* not in a part we care about (preamble, text, epilogue) */
	M_PART_HEADERS,
	M_PART_BODY	/* an attachment's content */
};

enum cte { CTE_IDENTITY, CTE_BASE64, CTE_QP };

struct attachment {
	char *name;
	char *type;
	uint64_t size;
	char sha256[LT_SHA256_HEX];
};

struct rfc_state {
	bool mbox;
	bool started;
	enum mstate st;
	uint64_t prev_end;		/* offset just after the previous line's bytes */
	bool prev_empty;
	/* message */
	uint64_t offset, lineno;
	struct lt_buf rawhdr;		/* header block bytes as in the evidence */
	bool raw_cut;
	struct lt_buf hdr;		/* unfolded headers, "\n"-separated */
	bool hdr_cut;
	struct lt_buf from_line;	/* mbox From line (fallback time) */
	bool headers_done;
	/* MIME */
	char boundary[MAX_DEPTH][MAX_BOUNDARY];
	size_t depth;
	bool top_multipart;
	struct lt_buf parthdr;
	/* current attachment */
	bool in_attach;
	enum cte cte;
	struct lt_b64 b64;
	struct lt_hasher hasher;
	bool hasher_live;
	uint64_t att_size;
	bool first_body_line;
	bool soft_break;
	struct lt_buf decoded;
	struct attachment att[MAX_ATTACH];
	size_t natt;
	bool att_cut;
	char *cur_name, *cur_type;
};

/* ---- header access ---- */

/* Value of header name in the unfolded block (first occurrence). */
static bool get_header(const struct lt_buf *hdr, const char *name, struct lt_str *out)
{
	size_t nl = strlen(name);
	if (!hdr->data)
		return false;
	const char *p = hdr->data, *end = hdr->data + hdr->len;
	while (p && p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);
		if (len > nl && p[nl] == ':' && strncasecmp(p, name, nl) == 0) {
			const char *v = p + nl + 1;
			size_t vn = len - nl - 1;
			while (vn && (*v == ' ' || *v == '\t')) {
				v++;
				vn--;
			}
			while (vn && (v[vn - 1] == ' ' || v[vn - 1] == '\r' || v[vn - 1] == '\t'))
				vn--;
			*out = (struct lt_str){ v, vn };
			return true;
		}
		p = eol ? eol + 1 : end;
	}
	return false;
}

/* Append one header line to an unfolded block: continuation lines (leading
 * blank) join the previous header. */
static void add_header_line(struct lt_buf *hdr, const char *s, size_t n, size_t cap, bool *cut)
{
	while (n && s[n - 1] == '\r')
		n--;
	if (hdr->len + n + 1 > cap) {
		*cut = true;
		return;
	}
	bool cont = n && (s[0] == ' ' || s[0] == '\t');
	if (cont && hdr->len) {
		/* unfolding removes the line break only; keep one blank */
		while (n && (s[0] == ' ' || s[0] == '\t')) {
			s++;
			n--;
		}
		lt_buf_putc(hdr, ' ');
		lt_buf_append(hdr, s, n);
		return;
	}
	if (hdr->len)
		lt_buf_putc(hdr, '\n');
	lt_buf_append(hdr, s, n);
}

/* ---- attachments ---- */

static void free_attachments(struct rfc_state *st)
{
	for (size_t i = 0; i < st->natt; i++) {
		free(st->att[i].name);
		free(st->att[i].type);
	}
	st->natt = 0;
	st->att_cut = false;
}

static void end_attachment(struct rfc_state *st)
{
	if (!st->in_attach)
		return;
	struct lt_digests d;
	lt_hasher_final(&st->hasher, &d);
	st->hasher_live = false;
	if (st->natt < MAX_ATTACH) {
		struct attachment *a = &st->att[st->natt++];
		a->name = st->cur_name;
		a->type = st->cur_type;
		a->size = st->att_size;
		memcpy(a->sha256, d.sha256, sizeof a->sha256);
	} else {
		st->att_cut = true;
		free(st->cur_name);
		free(st->cur_type);
	}
	st->cur_name = st->cur_type = NULL;
	st->in_attach = false;
}

static void feed_decoded(struct rfc_state *st, const char *p, size_t n)
{
	if (n == 0)
		return;
	lt_hasher_update(&st->hasher, p, n);
	st->att_size += n;
}

static void attachment_line(struct rfc_state *st, const char *s, size_t n)
{
	lt_buf_reset(&st->decoded);
	switch (st->cte) {
	case CTE_BASE64:
		lt_b64_feed(&st->b64, s, n, &st->decoded);
		break;
	case CTE_QP:
		if (!st->first_body_line && !st->soft_break)
			lt_buf_append(&st->decoded, "\r\n", 2);
		st->soft_break = lt_qp_line(s, n, &st->decoded);
		break;
	case CTE_IDENTITY:
		if (n && s[n - 1] == '\r')
			n--;
		if (!st->first_body_line)
			lt_buf_append(&st->decoded, "\r\n", 2);
		lt_buf_append(&st->decoded, s, n);
		break;
	}
	st->first_body_line = false;
	feed_decoded(st, st->decoded.data, st->decoded.len);
}

/* A part's headers are complete: decide what it is. */
static void start_part(struct rfc_state *st, const struct lt_buf *h, bool top)
{
	struct lt_str ct = { "", 0 }, cd = { "", 0 }, cte = { "", 0 };
	get_header(h, "Content-Type", &ct);
	get_header(h, "Content-Disposition", &cd);
	get_header(h, "Content-Transfer-Encoding", &cte);
	char type[64];
	lt_mime_type(ct.p, ct.n, type, sizeof type);
	st->st = M_BODY;
	if (strncmp(type, "multipart/", 10) == 0) {
		struct lt_buf b = LT_BUF_INIT;
		if (lt_mime_param(ct.p, ct.n, "boundary", &b) && b.len && b.len < MAX_BOUNDARY &&
		    st->depth < MAX_DEPTH) {
			memcpy(st->boundary[st->depth], b.data, b.len + 1);
			st->depth++;
			if (top)
				st->top_multipart = true;
		}
		lt_buf_free(&b);
		return;
	}
	struct lt_buf name = LT_BUF_INIT;
	bool named = cd.n && lt_mime_param(cd.p, cd.n, "filename", &name) && name.len;
	if (!named) {
		lt_buf_reset(&name);
		named = ct.n && lt_mime_param(ct.p, ct.n, "name", &name) && name.len;
	}
	char disp[32];
	lt_mime_type(cd.p, cd.n, disp, sizeof disp);
	if (!named && strcmp(disp, "attachment") != 0) {
		lt_buf_free(&name);
		return;
	}
	(void)top;
	st->in_attach = true;
	st->cur_name = name.len ? lt_buf_detach(&name) : lt_xstrdup("");
	st->cur_type = lt_xstrdup(type[0] ? type : "text/plain");
	lt_buf_free(&name);
	char enc[32];
	lt_mime_type(cte.p, cte.n, enc, sizeof enc);
	st->cte = strcmp(enc, "base64") == 0 ? CTE_BASE64 :
		  strcmp(enc, "quoted-printable") == 0 ? CTE_QP : CTE_IDENTITY;
	lt_b64_init(&st->b64);
	lt_hasher_init(&st->hasher, LT_HASH_SHA256);
	st->hasher_live = true;
	st->att_size = 0;
	st->first_body_line = true;
	st->soft_break = false;
	st->st = M_PART_BODY;
}

/* Is the line a boundary delimiter of an open multipart? Returns the depth
 * index (or -1) and whether it is the closing one. */
static int match_boundary(const struct rfc_state *st, const char *s, size_t n, bool *close)
{
	if (n < 3 || s[0] != '-' || s[1] != '-')
		return -1;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	for (size_t d = st->depth; d > 0; d--) {
		const char *b = st->boundary[d - 1];
		size_t bl = strlen(b);
		if (n == bl + 2 && memcmp(s + 2, b, bl) == 0) {
			*close = false;
			return (int)(d - 1);
		}
		if (n == bl + 4 && memcmp(s + 2, b, bl) == 0 && s[n - 2] == '-' && s[n - 1] == '-') {
			*close = true;
			return (int)(d - 1);
		}
	}
	return -1;
}

/* ---- the message record ---- */

struct addr_ctx {
	struct lt_record *r;
	const char *key;
	bool also_to;
	struct lt_buf *tmp;
	bool first;
};

static void add_addr(void *arg, struct lt_str addr, struct lt_str name)
{
	struct addr_ctx *a = arg;
	lt_rec_add_str(a->r, a->key, addr.p, addr.n);
	if (a->also_to)
		lt_rec_add_str(a->r, LT_F_EMAIL_TO, addr.p, addr.n);
	(void)name;
}

static void set_from(void *arg, struct lt_str addr, struct lt_str name)
{
	struct addr_ctx *a = arg;
	if (!a->first)
		return;
	a->first = false;
	lt_rec_set_str(a->r, a->key, addr.p, addr.n);
	if (name.n && a->tmp) {
		lt_buf_reset(a->tmp);
		lt_mime_decode_header(name.p, name.n, a->tmp);
		lt_rec_set_str(a->r, strcmp(a->key, LT_F_EMAIL_FROM) == 0 ? LT_F_EMAIL_FROM_NAME :
				      LT_F_EMAIL_SENDER_NAME, a->tmp->data, a->tmp->len);
	}
}

static void addresses(struct lt_record *r, const struct lt_buf *hdr, const char *header, const char *key,
		      bool also_to)
{
	/* every occurrence: some mailers write To: twice */
	if (!hdr->data)
		return;
	const char *p = hdr->data, *end = hdr->data + hdr->len;
	size_t hl = strlen(header);
	struct addr_ctx a = { r, key, also_to, NULL, true };
	while (p && p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);
		if (len > hl && p[hl] == ':' && strncasecmp(p, header, hl) == 0)
			lt_mime_addresses(p + hl + 1, len - hl - 1, add_addr, &a);
		p = eol ? eol + 1 : end;
	}
}

/* asctime date of an mbox From line: "From user@host Tue Nov 24 10:00:00 2026" (UTC by convention) */
static bool from_line_time(const struct lt_buf *fl, lt_time_us *t, struct lt_str *text)
{
	struct lt_str tok[12];
	size_t nt = lt_split_ws(fl->data, fl->len, tok, 12);
	if (nt > 12)
		nt = 12;
	for (size_t i = 2; i + 4 < nt + 1 && i + 3 < nt; i++) {
		int mon = lt_month_from_abbr(tok[i].p, tok[i].n);
		if (!mon || i + 3 >= nt)
			continue;
		struct lt_civil c = { 0 };
		int64_t day, year;
		char buf[16];
		if (!lt_parse_int(tok[i + 1].p, tok[i + 1].n, &day) || tok[i + 2].n >= sizeof buf)
			continue;
		memcpy(buf, tok[i + 2].p, tok[i + 2].n);
		buf[tok[i + 2].n] = '\0';
		if (sscanf(buf, "%d:%d:%d", &c.hour, &c.min, &c.sec) < 2)
			continue;
		if (!lt_parse_int(tok[i + 3].p, tok[i + 3].n, &year) || year < 1970 || year > 9999 || day < 1 ||
		    day > 31 || c.hour < 0 || c.hour > 23 || c.min < 0 || c.min > 59 || c.sec < 0 || c.sec > 60)
			continue;
		c.year = (int)year;
		c.month = mon;
		c.day = (int)day;
		*t = lt_time_from_civil(&c, 0);
		const char *start = tok[i - 1].p;
		*text = (struct lt_str){ start, (size_t)(tok[i + 3].p + tok[i + 3].n - start) };
		return true;
	}
	return false;
}

static void emit_message(struct rfc_state *st, struct lt_parse_ctx *ctx, bool complete)
{
	if (!st->started)
		return;
	if (st->in_attach) {
		end_attachment(st);
		complete = false;	/* the stream ended inside an attachment */
	}
	if (st->depth > 0)
		complete = false;	/* a multipart was never closed */
	struct lt_record *r = lt_parse_begin_at(ctx, st->offset, st->lineno,
						st->rawhdr.data ? st->rawhdr.data : "", st->rawhdr.len);
	struct lt_buf tmp = LT_BUF_INIT;
	struct lt_str v;
	lt_time_us t;
	int32_t off;
	if (get_header(&st->hdr, "Date", &v) && lt_mime_date(v.p, v.n, &t, &off) == 0) {
		lt_rec_set_event_time_off(r, t, v.p, v.n, off);
	} else if (st->from_line.len && from_line_time(&st->from_line, &t, &v)) {
		lt_rec_set_event_time(r, t, v.p, v.n, "+00:00", false);
		lt_rec_set_cstr(r, LT_F_TIME_SOURCE, "mbox From line");
	}
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "email");
	lt_rec_set_cstr(r, LT_F_EVENT_ACTION, "message");
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, st->mbox ? "mail.mbox" : "mail.eml");
	if (get_header(&st->hdr, "From", &v)) {
		struct addr_ctx a = { r, LT_F_EMAIL_FROM, false, &tmp, true };
		lt_mime_addresses(v.p, v.n, set_from, &a);
	}
	if (get_header(&st->hdr, "Sender", &v)) {
		struct addr_ctx a = { r, LT_F_EMAIL_SENDER_ADDRESS, false, &tmp, true };
		lt_mime_addresses(v.p, v.n, set_from, &a);
	}
	if (get_header(&st->hdr, "Reply-To", &v)) {
		struct addr_ctx a = { r, LT_F_EMAIL_REPLY_TO_ADDRESS, false, NULL, true };
		lt_mime_addresses(v.p, v.n, add_addr, &a);
	}
	addresses(r, &st->hdr, "To", LT_F_EMAIL_TO, false);
	addresses(r, &st->hdr, "Cc", LT_F_EMAIL_CC_ADDRESS, true);
	addresses(r, &st->hdr, "Bcc", LT_F_EMAIL_BCC_ADDRESS, true);
	if (get_header(&st->hdr, "Subject", &v)) {
		lt_buf_reset(&tmp);
		lt_mime_decode_header(v.p, v.n, &tmp);
		lt_rec_set_str(r, LT_F_EMAIL_SUBJECT, tmp.data ? tmp.data : "", tmp.len);
	}
	if (get_header(&st->hdr, "Message-ID", &v)) {
		if (v.n >= 2 && v.p[0] == '<' && v.p[v.n - 1] == '>') {
			v.p++;
			v.n -= 2;
		}
		lt_rec_set_span(r, LT_F_EMAIL_MSGID, v);
	}
	if (get_header(&st->hdr, "X-Mailer", &v) || get_header(&st->hdr, "User-Agent", &v))
		lt_rec_set_span(r, LT_F_EMAIL_X_MAILER, v);
	for (size_t i = 0; i < st->natt; i++) {
		const struct attachment *a = &st->att[i];
		char num[24];
		int len = snprintf(num, sizeof num, "%llu", (unsigned long long)a->size);
		lt_rec_add_str(r, LT_F_EMAIL_ATT_NAME, a->name, strlen(a->name));
		lt_rec_add_str(r, LT_F_EMAIL_ATT_SIZE, num, (size_t)len);
		lt_rec_add_str(r, LT_F_EMAIL_ATT_SHA256, a->sha256, strlen(a->sha256));
		lt_rec_add_str(r, LT_F_EMAIL_ATT_MIME, a->type, strlen(a->type));
	}
	if (st->natt)
		lt_rec_set_int(r, LT_F_EMAIL_ATTACHMENT_COUNT, (int64_t)st->natt);
	if (st->raw_cut || st->hdr_cut || st->att_cut)
		lt_rec_set_bool(r, LT_F_TRUNCATED, true);
	if (!complete)
		lt_rec_set_bool(r, LT_F_EMAIL_INCOMPLETE, true);
	lt_parse_emit(ctx, r);
	lt_buf_free(&tmp);
	free_attachments(st);
}

static void reset_message(struct rfc_state *st, const struct lt_line *line)
{
	st->started = true;
	st->offset = line->offset;
	st->lineno = line->lineno;
	lt_buf_reset(&st->rawhdr);
	lt_buf_reset(&st->hdr);
	lt_buf_reset(&st->from_line);
	st->raw_cut = st->hdr_cut = false;
	st->headers_done = false;
	st->depth = 0;
	st->top_multipart = false;
	st->st = M_HEADERS;
}

static bool is_from_line(const char *s, size_t n)
{
	return n > 5 && memcmp(s, "From ", 5) == 0;
}

static void keep_raw(struct rfc_state *st, const struct lt_line *line)
{
	if (st->raw_cut)
		return;
	/* the previous line's terminator: the bytes between its end and this line */
	if (st->rawhdr.len && line->offset > st->prev_end) {
		uint64_t gap = line->offset - st->prev_end;
		lt_buf_append(&st->rawhdr, gap == 2 ? "\r\n" : "\n", gap == 2 ? 2 : 1);
	}
	if (st->rawhdr.len + line->raw_len > MAX_HEADER_BLOCK) {
		st->raw_cut = true;
		return;
	}
	lt_buf_append(&st->rawhdr, line->raw, line->raw_len);
}

static void headers_complete(struct rfc_state *st, const struct lt_line *blank)
{
	/* the last header line's terminator */
	if (!st->raw_cut && st->rawhdr.len && blank->offset > st->prev_end) {
		uint64_t gap = blank->offset - st->prev_end;
		lt_buf_append(&st->rawhdr, gap == 2 ? "\r\n" : "\n", gap == 2 ? 2 : 1);
	}
	st->headers_done = true;
	start_part(st, &st->hdr, true);
}

static enum lt_line_result body_line(struct rfc_state *st, const char *s, size_t n)
{
	bool close;
	int d = match_boundary(st, s, n, &close);
	if (d >= 0) {
		end_attachment(st);
		st->depth = (size_t)d + (close ? 0 : 1);
		if (close) {
			st->st = M_BODY;
		} else {
			st->st = M_PART_HEADERS;
			lt_buf_reset(&st->parthdr);
		}
		return LT_LINE_PENDING;
	}
	switch (st->st) {
	case M_PART_HEADERS:
		if (n == 0 || (n == 1 && s[0] == '\r')) {
			start_part(st, &st->parthdr, false);
		} else {
			bool cut = false;
			add_header_line(&st->parthdr, s, n, MAX_PART_HEADERS, &cut);
		}
		break;
	case M_PART_BODY:
		attachment_line(st, s, n);
		break;
	default:
		break;
	}
	return LT_LINE_PENDING;
}

static enum lt_line_result rfc_parse_line(void *state, struct lt_parse_ctx *ctx,
					  const struct lt_line *line, const char **reason)
{
	struct rfc_state *st = state;
	const char *s = line->raw;
	size_t n = line->raw_len;
	bool empty = n == 0 || (n == 1 && s[0] == '\r');
	enum lt_line_result res = LT_LINE_PENDING;
	if (line->lineno == 1 && is_from_line(s, n))
		st->mbox = true;
	if (st->mbox && is_from_line(s, n) && (line->lineno == 1 || st->prev_empty)) {
		emit_message(st, ctx, st->headers_done);
		reset_message(st, line);
		lt_buf_append(&st->from_line, s, n);
		keep_raw(st, line);
		res = LT_LINE_PENDING;
		goto out;
	}
	if (!st->started) {
		if (st->mbox || empty) {
			res = LT_LINE_META;	/* blank lines before the first message */
			goto out;
		}
		reset_message(st, line);
	}
	if (st->st == M_HEADERS) {
		if (empty) {
			headers_complete(st, line);
		} else if (st->hdr.len == 0 && !(n && (s[0] == ' ' || s[0] == '\t')) &&
			   !memchr(s, ':', n) && !is_from_line(s, n)) {
			*reason = "not an RFC 5322 header line";
			res = LT_LINE_UNPARSED;
			st->started = st->hdr.len > 0;
			goto out;
		} else {
			keep_raw(st, line);
			add_header_line(&st->hdr, s, n, MAX_HEADERS, &st->hdr_cut);
		}
		goto out;
	}
	res = body_line(st, s, n);
out:
	st->prev_end = line->offset + line->raw_len;
	st->prev_empty = empty;
	return res;
}

static void rfc_finish(void *state, struct lt_parse_ctx *ctx)
{
	struct rfc_state *st = state;
	if (st->started)
		emit_message(st, ctx, st->headers_done);
	st->started = false;
}

static void rfc_fini(void *state)
{
	struct rfc_state *st = state;
	if (st->hasher_live) {
		struct lt_digests d;
		lt_hasher_final(&st->hasher, &d);
	}
	free(st->cur_name);
	free(st->cur_type);
	free_attachments(st);
	lt_buf_free(&st->rawhdr);
	lt_buf_free(&st->hdr);
	lt_buf_free(&st->from_line);
	lt_buf_free(&st->parthdr);
	lt_buf_free(&st->decoded);
}

static const char *const known_headers[] = {
	"Received:", "Return-Path:", "From:", "To:", "Cc:", "Subject:", "Date:", "Message-ID:",
	"Message-Id:", "MIME-Version:", "Mime-Version:", "Content-Type:", "X-Mailer:", "Delivered-To:",
	"Reply-To:", "DKIM-Signature:", "Authentication-Results:", "X-Original-To:", "Sender:",
	"In-Reply-To:", "References:", "Thread-Topic:", "Thread-Index:", "X-MS-",
};

static bool is_known_header(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof known_headers / sizeof known_headers[0]; i++) {
		size_t k = strlen(known_headers[i]);
		if (n >= k && strncasecmp(s, known_headers[i], k) == 0)
			return true;
	}
	return false;
}

static int rfc_probe(const struct lt_probe_data *pd)
{
	if (pd->nlines == 0)
		return 0;
	const struct lt_line *first = &pd->lines[0];
	bool from = is_from_line(first->text, first->len);
	size_t known = 0, headerish = 0, total = 0;
	for (size_t i = from ? 1 : 0; i < pd->nlines; i++) {
		const char *s = pd->lines[i].text;
		size_t n = pd->lines[i].len;
		if (n == 0 || (n == 1 && s[0] == '\r'))
			break;	/* end of the first header block */
		total++;
		if (is_known_header(s, n))
			known++;
		if (s[0] == ' ' || s[0] == '\t' || memchr(s, ':', n))
			headerish++;
	}
	if (total == 0 || headerish < total)
		return 0;
	if (from && known >= 2)
		return 90;
	if (is_known_header(first->text, first->len) && known >= 3)
		return 85;
	return known >= 2 ? 40 : 0;
}

const struct lt_parser lt_parser_mail_rfc5322 = {
	.name = "mail_rfc5322",
	.family = "mail",
	.description = "RFC 5322 messages (.eml, mbox journals): headers and attachment hashes",
	.probe = rfc_probe,
	.state_size = sizeof(struct rfc_state),
	.parse_line = rfc_parse_line,
	.finish = rfc_finish,
	.fini = rfc_fini,
};
