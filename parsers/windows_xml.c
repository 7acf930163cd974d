/* Windows events as XML: what `wevtutil qe /f:xml` prints (a sequence of
 * <Event> elements without a root), what Event Viewer's "Save as XML"
 * writes (<Events> root, often UTF-16 on one single line), and renderings
 * such as evtxexport's.
 *
 * The stream is read in chunks and decoded (UTF-8, or UTF-16 with or without
 * a BOM) into UTF-8; a scanner cuts it into <Event>...</Event> elements,
 * each parsed on its own with libxml2's xmlReader (lt_winevent_from_xml).
 * Memory is bounded by the largest event (cap: WXML_EVENT_CAP). Whatever is
 * not inside an <Event> (declaration, root, comments) is skipped; a broken
 * event is reported at the offset and line of its "<Event" and the scan goes
 * on with the next one. The record's raw bytes are the event's UTF-8 text
 * (the original bytes for a UTF-8 file). */
#include <string.h>

#include "parse/parse.h"
#include "parse/parser.h"
#include "parse/winevent.h"
#include "util/buf.h"

#define WXML_EVENT_CAP (8u << 20)

enum wxml_enc { ENC_UNKNOWN, ENC_UTF8, ENC_UTF16LE, ENC_UTF16BE };

struct wxml_state {
	struct lt_parse_ctx *ctx;
	enum wxml_enc enc;
	uint64_t off;			/* original bytes consumed so far */
	uint64_t line;			/* current line (1-based) */
	/* scanner */
	unsigned match;			/* chars of "<Event" matched (outside or inside an event) */
	uint64_t cand_off, cand_line;	/* where the candidate "<" is */
	bool in_event, skipping;
	uint64_t ev_off, ev_line;
	struct lt_buf ev;		/* the event's UTF-8 text */
	struct lt_winevent wev;
};

static const char open_tag[] = "<Event";
static const char close_tag[] = "</Event>";

static void emit_event(struct wxml_state *st)
{
	const char *reason = NULL;
	if (lt_winevent_from_xml(&st->wev, st->ev.data, st->ev.len, &reason) != 0) {
		lt_parse_reject_at(st->ctx, st->ev_off, st->ev_line, st->ev.data, st->ev.len, reason);
		return;
	}
	struct lt_record *rec = lt_parse_begin_at(st->ctx, st->ev_off, st->ev_line, st->ev.data, st->ev.len);
	lt_winevent_to_record(&st->wev, rec);
	lt_parse_emit(st->ctx, rec);
}

static bool ends_with_close(const struct lt_buf *b)
{
	size_t n = sizeof(close_tag) - 1;
	return b->len >= n && memcmp(b->data + b->len - n, close_tag, n) == 0;
}

/* One decoded UTF-8 byte c whose character starts at original offset coff. */
/* Start a new event whose "<Event" began at the candidate position. */
static void start_event(struct wxml_state *st, unsigned char c)
{
	st->in_event = true;
	st->skipping = false;
	st->ev_off = st->cand_off;
	st->ev_line = st->cand_line;
	lt_buf_reset(&st->ev);
	lt_buf_append(&st->ev, open_tag, sizeof(open_tag) - 1);
	lt_buf_putc(&st->ev, (char)c);
}

static bool name_end(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>';
}

/* Track "<Event" followed by a name end; returns true when c completes it. */
static bool match_open(struct wxml_state *st, unsigned char c, uint64_t coff)
{
	if (st->match == sizeof(open_tag) - 1) {
		st->match = 0;
		if (name_end(c))
			return true;	/* "<Events" (the root) does not count */
	}
	if ((char)c == open_tag[st->match]) {
		if (st->match == 0) {
			st->cand_off = coff;
			st->cand_line = st->line;
		}
		st->match++;
	} else {
		st->match = 0;
		if (c == '<') {
			st->cand_off = coff;
			st->cand_line = st->line;
			st->match = 1;
		}
	}
	return false;
}

/* One decoded UTF-8 byte c whose character starts at original offset coff. */
static void scan_byte(struct wxml_state *st, unsigned char c, uint64_t coff)
{
	bool opened = match_open(st, c, coff);
	if (!st->in_event) {
		if (opened)
			start_event(st, c);
	} else if (opened) {
		/* a new <Event> before the end of the open one: the open one is
		 * cut (a truncated export, a broken copy); report it, go on */
		if (!st->skipping)
			lt_parse_reject_at(st->ctx, st->ev_off, st->ev_line, st->ev.data,
					   st->ev.len - (sizeof(open_tag) - 1), "<Event> without its end tag");
		start_event(st, c);
	} else if (!st->skipping) {
		lt_buf_putc(&st->ev, (char)c);
		if (st->ev.len > WXML_EVENT_CAP) {
			lt_parse_reject_at(st->ctx, st->ev_off, st->ev_line, st->ev.data, 4096,
					   "event larger than the 8 MiB cap");
			st->skipping = true;
			lt_buf_reset(&st->ev);
		}
	} else {
		/* keep only the tail to find the end of the oversized event */
		lt_buf_putc(&st->ev, (char)c);
		if (st->ev.len > 64) {
			memmove(st->ev.data, st->ev.data + st->ev.len - 16, 16);
			st->ev.len = 16;
		}
	}
	if (st->in_event && !opened && ends_with_close(&st->ev)) {
		if (!st->skipping)
			emit_event(st);
		st->in_event = st->skipping = false;
		lt_buf_reset(&st->ev);
	}
	if (c == '\n')
		st->line++;
}

static void scan_codepoint(struct wxml_state *st, uint32_t cp, uint64_t coff)
{
	unsigned char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (unsigned char)(0xC0 | (cp >> 6));
		u[1] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xE0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (unsigned char)(0xF0 | (cp >> 18));
		u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	for (size_t i = 0; i < n; i++)
		scan_byte(st, u[i], coff);
}

static enum wxml_enc detect_enc(const unsigned char *p, size_t n, size_t *bom)
{
	*bom = 0;
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		*bom = 3;
		return ENC_UTF8;
	}
	if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
		*bom = 2;
		return ENC_UTF16LE;
	}
	if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
		*bom = 2;
		return ENC_UTF16BE;
	}
	if (n >= 2 && p[0] == '<' && p[1] == 0)
		return ENC_UTF16LE;
	if (n >= 2 && p[0] == 0 && p[1] == '<')
		return ENC_UTF16BE;
	return ENC_UTF8;
}

static int parse_stream(void *state, struct lt_parse_ctx *ctx, struct lt_stream *s)
{
	struct wxml_state *st = state;
	(void)s;
	st->ctx = ctx;
	st->line = 1;
	lt_buf_init(&st->ev);
	lt_winevent_init(&st->wev);
	unsigned char buf[65536];
	size_t have = 0;	/* bytes carried over (an incomplete UTF-16 unit or pair) */
	bool first = true, eof = false;
	int rc = 0;
	while (!eof) {
		ssize_t got = lt_parse_read(ctx, buf + have, sizeof(buf) - have);
		if (got < 0) {
			rc = -1;
			got = 0;
		}
		if (got == 0)
			eof = true;
		size_t n = have + (size_t)got, i = 0;
		if (first && n > 0) {
			size_t bom;
			st->enc = detect_enc(buf, n, &bom);
			i = bom;
			st->off = bom;
			first = false;
		}
		if (st->enc == ENC_UTF16LE || st->enc == ENC_UTF16BE) {
			bool le = st->enc == ENC_UTF16LE;
			while (i + 2 <= n) {
				uint32_t u = le ? (uint32_t)(buf[i] | buf[i + 1] << 8) : (uint32_t)(buf[i] << 8 | buf[i + 1]);
				size_t used = 2;
				if (u >= 0xD800 && u < 0xDC00) {
					if (i + 4 > n && !eof)
						break;	/* the low surrogate is in the next chunk */
					uint32_t lo = 0;
					if (i + 4 <= n)
						lo = le ? (uint32_t)(buf[i + 2] | buf[i + 3] << 8)
							: (uint32_t)(buf[i + 2] << 8 | buf[i + 3]);
					if (lo >= 0xDC00 && lo < 0xE000) {
						u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
						used = 4;
					} else {
						u = 0xFFFD;
					}
				} else if (u >= 0xDC00 && u < 0xE000) {
					u = 0xFFFD;
				}
				scan_codepoint(st, u, st->off);
				st->off += used;
				i += used;
			}
		} else {
			for (; i < n; i++, st->off++)
				scan_byte(st, buf[i], st->off);
		}
		have = n - i;
		if (have)
			memmove(buf, buf + i, have);
	}
	if (st->in_event && !st->skipping)
		lt_parse_reject_at(ctx, st->ev_off, st->ev_line, st->ev.data, st->ev.len,
				   "stream ends inside an <Event> element");
	return rc;
}

static void fini(void *state)
{
	struct wxml_state *st = state;
	lt_buf_free(&st->ev);
	lt_winevent_free(&st->wev);
}

/* The first bytes as ASCII, dropping the zero bytes of UTF-16. */
static size_t head_ascii(const struct lt_probe_data *pd, char *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < pd->head_len && n + 1 < max; i++)
		if (pd->head[i] != 0 && pd->head[i] < 0x80)
			out[n++] = (char)pd->head[i];
	out[n] = '\0';
	return n;
}

static int probe(const struct lt_probe_data *pd)
{
	char h[8192];
	head_ascii(pd, h, sizeof(h));
	const char *ev = strstr(h, "<Event ");
	if (!ev)
		ev = strstr(h, "<Event>");
	bool ns = strstr(h, "schemas.microsoft.com/win/2004/08/events/event") != NULL;
	bool sys = strstr(h, "<System>") != NULL || strstr(h, "<Provider ") != NULL;
	if (ev && (ns || sys))
		return 95;
	if (ev || (strstr(h, "<Events>") && ns))
		return 60;
	return 0;
}

const struct lt_parser lt_parser_windows_xml = {
	.name = "windows_xml",
	.family = "windows",
	.description = "Windows events as XML (wevtutil qe /f:xml, Event Viewer \"Save as XML\", evtxexport)",
	.probe = probe,
	.state_size = sizeof(struct wxml_state),
	.parse_stream = parse_stream,
	.fini = fini,
};
