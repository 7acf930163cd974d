/* leaktrail's own EVTX binary XML reader (see evtx_binxml.h and
 * doc/parsers.md, "EVTX"). Written from the documented format: MS-EVEN6
 * section 2.2.12 (BinXml tokens and value types) and the EVTX chunk and
 * record layout; the few EVTX additions to MS-EVEN6 are noted where read. */
#include <inttypes.h>
#include <stdlib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "parse/evtx_binxml.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define BX_MAX_DEPTH 48			/* elements, templates and BinXml values nested */
#define BX_MAX_STEPS 200000ul		/* tokens and values read for one record */
#define BX_MAX_OUT ((size_t)8 << 20)	/* rendered bytes for one record */
#define BX_MAX_VALUES 4096u		/* substitution values of one template instance */

/* BinXml tokens (MS-EVEN6 2.2.12); 0x40 is the "more follows" flag. */
enum {
	TOK_EOF = 0x00, TOK_OPEN = 0x01, TOK_CLOSE_START = 0x02, TOK_CLOSE_EMPTY = 0x03,
	TOK_END = 0x04, TOK_VALUE = 0x05, TOK_ATTR = 0x06, TOK_CDATA = 0x07,
	TOK_CHARREF = 0x08, TOK_ENTITY = 0x09, TOK_PI_TARGET = 0x0a, TOK_PI_DATA = 0x0b,
	TOK_TEMPLATE = 0x0c, TOK_SUBST = 0x0d, TOK_OPT_SUBST = 0x0e, TOK_FRAGMENT = 0x0f
};
#define TOK_MORE 0x40

/* Value types (MS-EVEN6 2.2.12, "Type"); 0x80 marks an array. */
enum {
	VT_NULL = 0x00, VT_STRING = 0x01, VT_ANSI = 0x02, VT_I8 = 0x03, VT_U8 = 0x04,
	VT_I16 = 0x05, VT_U16 = 0x06, VT_I32 = 0x07, VT_U32 = 0x08, VT_I64 = 0x09,
	VT_U64 = 0x0a, VT_R32 = 0x0b, VT_R64 = 0x0c, VT_BOOL = 0x0d, VT_BINARY = 0x0e,
	VT_GUID = 0x0f, VT_SIZET = 0x10, VT_FILETIME = 0x11, VT_SYSTIME = 0x12,
	VT_SID = 0x13, VT_HEX32 = 0x14, VT_HEX64 = 0x15, VT_BINXML = 0x21
};
#define VT_ARRAY 0x80

struct bx_value {
	size_t off;
	uint16_t size;
	uint8_t type;
};

struct bx {
	const unsigned char *c;		/* the chunk */
	size_t clen;
	struct lt_buf *out;
	struct lt_evtx_error *err;
	unsigned depth;
	unsigned long steps;
	bool failed;
	bool in_attr;			/* quotes are escaped in attribute values only */
	const char *item_sep;		/* between array items: "\n", or end + start tag */
	size_t item_sep_len;
};

/* A position inside one fragment; vals are the substitution values of the
 * template being rendered (NULL outside a template). */
struct bx_cur {
	size_t pos, end;
	const struct bx_value *vals;
	size_t nvals;
};

static uint16_t rd16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* Keep the first failure: it is where reading went wrong. */
static bool fail(struct bx *b, size_t at, const char *why)
{
	if (!b->failed) {
		b->failed = true;
		b->err->reason = why;
		b->err->offset = at;
	}
	return false;
}

static bool need(struct bx *b, const struct bx_cur *k, size_t n)
{
	if (k->pos > k->end || k->end - k->pos < n)
		return fail(b, k->pos, "binary XML runs past its end");
	return true;
}

/* Every token costs a step; the caps end crafted inputs that repeat one
 * template or value without bound. */
static bool tick(struct bx *b, size_t at)
{
	if (++b->steps > BX_MAX_STEPS || b->out->len > BX_MAX_OUT)
		return fail(b, at, "binary XML too large (step or size cap)");
	return true;
}

static bool enter(struct bx *b, size_t at)
{
	if (b->depth >= BX_MAX_DEPTH)
		return fail(b, at, "binary XML nested too deeply");
	b->depth++;
	return true;
}

/* ---- text output ------------------------------------------------------- */

static void put_cp(struct bx *b, uint32_t cp)
{
	char u[4];
	size_t n;
	/* XML 1.0 cannot carry these, not even as references: U+FFFD stands
	 * in (the record's raw bytes keep the original) */
	if ((cp < 0x20 && cp != 0x09 && cp != 0x0a && cp != 0x0d) || cp == 0xfffe || cp == 0xffff ||
	    (cp >= 0xd800 && cp < 0xe000) || cp > 0x10ffff)
		cp = 0xfffd;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	lt_buf_append(b->out, u, n);
}

static void put_text_cp(struct bx *b, uint32_t cp)
{
	switch (cp) {
	case '&': lt_buf_puts(b->out, "&amp;"); break;
	case '<': lt_buf_puts(b->out, "&lt;"); break;
	case '>': lt_buf_puts(b->out, "&gt;"); break;
	case '"':
		if (b->in_attr)
			lt_buf_puts(b->out, "&quot;");
		else
			put_cp(b, cp);
		break;
	default: put_cp(b, cp);
	}
}

/* n UTF-16LE code units as escaped UTF-8 text; unpaired surrogates become
 * U+FFFD. */
static void put_utf16(struct bx *b, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t u = rd16(p + 2 * i);
		if (u >= 0xd800 && u < 0xdc00 && i + 1 < n) {
			uint32_t lo = rd16(p + 2 * i + 2);
			if (lo >= 0xdc00 && lo < 0xe000) {
				put_text_cp(b, 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00));
				i++;
				continue;
			}
		}
		put_text_cp(b, u);
	}
}

/* ---- names ------------------------------------------------------------- */

/* The hash EVTX stores with each name: hash = hash * 65599 + unit over
 * the UTF-16 code units, low 16 bits kept. A mismatch means the offset
 * does not point at a name (damaged or carved data). */
static uint16_t name_hash(const unsigned char *p, size_t n)
{
	uint32_t h = 0;
	for (size_t i = 0; i < n; i++)
		h = h * 65599u + rd16(p + 2 * i);
	return (uint16_t)h;
}

/* A name at chunk offset off: next-name offset (4), hash (2), number of
 * characters (2), the characters and a NUL. *size gets its bytes. */
static bool name_at(struct bx *b, size_t off, size_t *size)
{
	if (off < LT_EVTX_CHUNK_HEADER || off > b->clen || b->clen - off < 10)
		return fail(b, off, "name offset outside the chunk");
	size_t n = rd16(b->c + off + 6);
	size_t sz = 8 + 2 * n + 2;
	if (n == 0 || b->clen - off < sz)
		return fail(b, off, "name outside the chunk or empty");
	if (name_hash(b->c + off + 8, n) != rd16(b->c + off + 4))
		return fail(b, off, "name hash does not match (not a name)");
	*size = sz;
	return true;
}

/* Read a name reference at the cursor; a name defined right here (its
 * offset is the cursor's own position) is stepped over. */
static bool name_ref(struct bx *b, struct bx_cur *k, size_t *name_off)
{
	if (!need(b, k, 4))
		return false;
	size_t off = rd32(b->c + k->pos);
	k->pos += 4;
	size_t sz;
	if (!name_at(b, off, &sz))
		return false;
	if (off == k->pos) {
		if (!need(b, k, sz))
			return false;
		k->pos += sz;
	}
	*name_off = off;
	return true;
}

static void put_name(struct bx *b, size_t off)
{
	put_utf16(b, b->c + off + 8, rd16(b->c + off + 6));
}

/* ---- values ------------------------------------------------------------ */

static void put_filetime(struct bx *b, uint64_t ft)
{
	/* 100 ns ticks since 1601-01-01; 11644473600 s to 1970 */
	uint64_t secs = ft / 10000000u, frac = ft % 10000000u;
	int64_t unix_s = (int64_t)secs - INT64_C(11644473600);
	int64_t days = unix_s >= 0 ? unix_s / 86400 : -((-unix_s + 86399) / 86400);
	int64_t sod = unix_s - days * 86400;
	int y, m, d;
	lt_civil_from_days(days, &y, &m, &d);
	lt_buf_printf(b->out, "%04d-%02d-%02dT%02d:%02d:%02d.%07" PRIu64 "00Z", y, m, d, (int)(sod / 3600),
		      (int)(sod / 60 % 60), (int)(sod % 60), frac);
}

static void put_systime(struct bx *b, const unsigned char *p)
{
	lt_buf_printf(b->out, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ", rd16(p), rd16(p + 2), rd16(p + 6),
		      rd16(p + 8), rd16(p + 10), rd16(p + 12), rd16(p + 14));
}

static void put_guid(struct bx *b, const unsigned char *p)
{
	lt_buf_printf(b->out, "{%08" PRIX32 "-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}", rd32(p),
		      rd16(p + 4), rd16(p + 6), p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15]);
}

static bool put_sid(struct bx *b, const unsigned char *p, size_t size, size_t at)
{
	if (size < 8 || size != 8 + 4 * (size_t)p[1])
		return fail(b, at, "SID value of the wrong size");
	uint64_t auth = 0;
	for (int i = 2; i < 8; i++)
		auth = auth << 8 | p[i];
	lt_buf_printf(b->out, "S-%u-%" PRIu64, p[0], auth);
	for (size_t i = 0; i < p[1]; i++)
		lt_buf_printf(b->out, "-%" PRIu32, rd32(p + 8 + 4 * i));
	return true;
}

/* Size of one item of a fixed-size type, 0 for variable sizes. */
static size_t fixed_size(uint8_t type)
{
	switch (type) {
	case VT_I8: case VT_U8: return 1;
	case VT_I16: case VT_U16: return 2;
	case VT_I32: case VT_U32: case VT_R32: case VT_BOOL: case VT_HEX32: return 4;
	case VT_I64: case VT_U64: case VT_R64: case VT_FILETIME: case VT_HEX64: return 8;
	case VT_GUID: case VT_SYSTIME: return 16;
	default: return 0;
	}
}

static void put_fixed(struct bx *b, uint8_t type, const unsigned char *p)
{
	float f;
	double d;
	uint32_t u32;
	uint64_t u64;
	switch (type) {
	case VT_I8: lt_buf_printf(b->out, "%d", (int)(int8_t)p[0]); break;
	case VT_U8: lt_buf_printf(b->out, "%u", p[0]); break;
	case VT_I16: lt_buf_printf(b->out, "%d", (int)(int16_t)rd16(p)); break;
	case VT_U16: lt_buf_printf(b->out, "%u", rd16(p)); break;
	case VT_I32: lt_buf_printf(b->out, "%" PRId32, (int32_t)rd32(p)); break;
	case VT_U32: lt_buf_printf(b->out, "%" PRIu32, rd32(p)); break;
	case VT_I64: lt_buf_printf(b->out, "%" PRId64, (int64_t)rd64(p)); break;
	case VT_U64: lt_buf_printf(b->out, "%" PRIu64, rd64(p)); break;
	case VT_HEX32: lt_buf_printf(b->out, "0x%08" PRIx32, rd32(p)); break;
	case VT_HEX64: lt_buf_printf(b->out, "0x%016" PRIx64, rd64(p)); break;
	case VT_BOOL: lt_buf_puts(b->out, rd32(p) ? "true" : "false"); break;
	case VT_R32:
		u32 = rd32(p);
		memcpy(&f, &u32, sizeof(f));
		lt_buf_printf(b->out, "%.9g", (double)f);
		break;
	case VT_R64:
		u64 = rd64(p);
		memcpy(&d, &u64, sizeof(d));
		lt_buf_printf(b->out, "%.17g", d);
		break;
	case VT_FILETIME: put_filetime(b, rd64(p)); break;
	case VT_SYSTIME: put_systime(b, p); break;
	case VT_GUID: put_guid(b, p); break;
	default: break;
	}
}

/* A UTF-16 string value: trailing NULs are padding, not text. */
static void put_wstring(struct bx *b, const unsigned char *p, size_t size)
{
	size_t n = size / 2;
	while (n > 0 && rd16(p + 2 * (n - 1)) == 0)
		n--;
	put_utf16(b, p, n);
}

/* An 8-bit string value: Windows-1252 is not guessed; bytes above 0x7F are
 * taken as Latin-1 (the code page is not recorded in the file). */
static void put_ansi(struct bx *b, const unsigned char *p, size_t size)
{
	while (size > 0 && p[size - 1] == 0)
		size--;
	for (size_t i = 0; i < size; i++)
		put_text_cp(b, p[i]);
}

/* Arrays: the items, separated by item_sep (a newline, or the element's
 * end and start tags when the array is an element's whole content, as
 * Windows repeats the element per item). Strings are NUL-terminated. */
static void put_item_sep(struct bx *b)
{
	if (b->item_sep)
		lt_buf_append(b->out, b->item_sep, b->item_sep_len);
	else
		lt_buf_putc(b->out, '\n');
}

static bool put_array(struct bx *b, uint8_t type, const unsigned char *p, size_t size, size_t at)
{
	size_t item = fixed_size(type);
	if (type == VT_STRING || type == VT_ANSI) {
		size_t unit = type == VT_STRING ? 2 : 1, start = 0;
		bool first = true;
		for (size_t i = 0; i + unit <= size; i += unit) {
			bool nul = unit == 2 ? rd16(p + i) == 0 : p[i] == 0;
			if (!nul && i + unit < size)
				continue;
			size_t stop = nul ? i : i + unit;
			if (!first)
				put_item_sep(b);
			first = false;
			if (unit == 2)
				put_utf16(b, p + start, (stop - start) / 2);
			else
				put_ansi(b, p + start, stop - start);
			start = i + unit;
		}
		return true;
	}
	if (item == 0 || size % item != 0)
		return fail(b, at, "array value of an unsupported type or size");
	for (size_t i = 0; i < size; i += item) {
		if (i)
			put_item_sep(b);
		put_fixed(b, type, p + i);
	}
	return true;
}

static bool fragment(struct bx *b, struct bx_cur *k);

static bool put_value(struct bx *b, uint8_t type, size_t off, size_t size, bool in_attr)
{
	const unsigned char *p = b->c + off;
	size_t item = fixed_size(type);
	if (!tick(b, off))
		return false;
	if (type & VT_ARRAY)
		return put_array(b, type & (uint8_t)~VT_ARRAY, p, size, off);
	if (item) {
		if (size != item)
			return fail(b, off, "value of the wrong size for its type");
		put_fixed(b, type, p);
		return true;
	}
	switch (type) {
	case VT_NULL:
		return true;
	case VT_STRING:
		put_wstring(b, p, size);
		return true;
	case VT_ANSI:
		put_ansi(b, p, size);
		return true;
	case VT_BINARY:
		for (size_t i = 0; i < size; i++)
			lt_buf_printf(b->out, "%02X", p[i]);
		return true;
	case VT_SIZET:
		if (size == 4)
			lt_buf_printf(b->out, "%" PRIu32, rd32(p));
		else if (size == 8)
			lt_buf_printf(b->out, "%" PRIu64, rd64(p));
		else
			return fail(b, off, "size_t value of the wrong size");
		return true;
	case VT_SID:
		return put_sid(b, p, size, off);
	case VT_BINXML: {
		if (in_attr)
			return fail(b, off, "binary XML value inside an attribute");
		struct bx_cur inner = { .pos = off, .end = off + size };
		if (!enter(b, off))
			return false;
		bool ok = fragment(b, &inner);
		b->depth--;
		return ok;
	}
	default:
		return fail(b, off, "unsupported value type");
	}
}

/* ---- tokens ------------------------------------------------------------ */

/* 0x0d / 0x0e: substitution id (2), value type (2). An optional
 * substitution of an empty value is left out (*present = false). */
static bool substitution(struct bx *b, struct bx_cur *k, bool in_attr, bool *present)
{
	size_t at = k->pos;
	bool optional = b->c[k->pos] == TOK_OPT_SUBST;
	k->pos++;
	if (!need(b, k, 3))
		return false;
	size_t idx = rd16(b->c + k->pos);
	k->pos += 3;
	if (!k->vals || idx >= k->nvals)
		return fail(b, at, "substitution without a matching template value");
	const struct bx_value *v = &k->vals[idx];
	*present = !(optional && (v->type == VT_NULL || v->size == 0));
	if (!*present)
		return true;
	return put_value(b, v->type, v->off, v->size, in_attr);
}

/* 0x05 / 0x45: value type (1; always a string here), characters (2), text. */
static bool value_text(struct bx *b, struct bx_cur *k)
{
	k->pos++;
	if (!need(b, k, 3))
		return false;
	uint8_t type = b->c[k->pos];
	size_t n = rd16(b->c + k->pos + 1);
	k->pos += 3;
	if (type != VT_STRING)
		return fail(b, k->pos - 3, "value token with a non-string type");
	if (!need(b, k, 2 * n))
		return false;
	put_utf16(b, b->c + k->pos, n);
	k->pos += 2 * n;
	return true;
}

static bool charref(struct bx *b, struct bx_cur *k)
{
	k->pos++;
	if (!need(b, k, 2))
		return false;
	put_text_cp(b, rd16(b->c + k->pos));
	k->pos += 2;
	return true;
}

/* &name; for the five XML entities; any other name is kept as its text. */
static bool entityref(struct bx *b, struct bx_cur *k)
{
	static const char *const known[] = { "amp", "lt", "gt", "quot", "apos" };
	size_t name;
	k->pos++;
	if (!name_ref(b, k, &name))
		return false;
	size_t mark = b->out->len;
	put_name(b, name);
	size_t nlen = b->out->len - mark;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (strlen(known[i]) == nlen && memcmp(b->out->data + mark, known[i], nlen) == 0) {
			b->out->len = mark;
			lt_buf_printf(b->out, "&%s;", known[i]);
			return true;
		}
	}
	b->out->len = mark;
	lt_buf_puts(b->out, "&amp;");
	put_name(b, name);
	lt_buf_putc(b->out, ';');
	return true;
}

/* CDATA (2 + text) is rendered as escaped text: the same content. */
static bool cdata(struct bx *b, struct bx_cur *k)
{
	k->pos++;
	if (!need(b, k, 2))
		return false;
	size_t n = rd16(b->c + k->pos);
	k->pos += 2;
	if (!need(b, k, 2 * n))
		return false;
	put_utf16(b, b->c + k->pos, n);
	k->pos += 2 * n;
	return true;
}

/* A processing instruction: target name, then optionally its data. */
static bool pi(struct bx *b, struct bx_cur *k)
{
	size_t name;
	k->pos++;
	if (!name_ref(b, k, &name))
		return false;
	lt_buf_puts(b->out, "<?");
	put_name(b, name);
	if (k->pos < k->end && b->c[k->pos] == TOK_PI_DATA) {
		k->pos++;
		if (!need(b, k, 2))
			return false;
		size_t n = rd16(b->c + k->pos);
		k->pos += 2;
		if (!need(b, k, 2 * n))
			return false;
		lt_buf_putc(b->out, ' ');
		put_utf16(b, b->c + k->pos, n);
		k->pos += 2 * n;
	}
	lt_buf_puts(b->out, "?>");
	return true;
}

/* 0x06 / 0x46: name, then value tokens up to the next non-value token.
 * An attribute whose only value is an absent optional substitution is
 * left out, as Windows renders it. */
static bool attribute(struct bx *b, struct bx_cur *k)
{
	size_t name, mark = b->out->len;
	bool any = false;
	k->pos++;
	if (!name_ref(b, k, &name))
		return false;
	lt_buf_putc(b->out, ' ');
	put_name(b, name);
	lt_buf_puts(b->out, "=\"");
	b->in_attr = true;
	while (k->pos < k->end && !b->failed) {
		uint8_t t = b->c[k->pos] & (uint8_t)~TOK_MORE;
		bool present = true, ok;
		if (!tick(b, k->pos))
			return false;
		if (t == TOK_VALUE)
			ok = value_text(b, k);
		else if (t == TOK_SUBST || t == TOK_OPT_SUBST)
			ok = substitution(b, k, true, &present);
		else if (t == TOK_CHARREF)
			ok = charref(b, k);
		else if (t == TOK_ENTITY)
			ok = entityref(b, k);
		else
			break;
		if (!ok)
			return false;
		any = any || present;
	}
	b->in_attr = false;
	lt_buf_putc(b->out, '"');
	if (!any)
		b->out->len = mark;
	return !b->failed;
}

static bool element(struct bx *b, struct bx_cur *k);
static bool template_instance(struct bx *b, struct bx_cur *k);

/* Element content up to and including its end token (0x04). */
static bool content(struct bx *b, struct bx_cur *k)
{
	bool present;
	for (;;) {
		if (!need(b, k, 1) || !tick(b, k->pos))
			return false;
		uint8_t tok = b->c[k->pos];
		uint8_t t = tok & (uint8_t)~TOK_MORE;
		bool ok;
		if (tok == TOK_END) {
			k->pos++;
			return true;
		}
		if (t == TOK_OPEN)
			ok = element(b, k);
		else if (t == TOK_VALUE)
			ok = value_text(b, k);
		else if (tok == TOK_SUBST || tok == TOK_OPT_SUBST)
			ok = substitution(b, k, false, &present);
		else if (t == TOK_CDATA)
			ok = cdata(b, k);
		else if (t == TOK_CHARREF)
			ok = charref(b, k);
		else if (t == TOK_ENTITY)
			ok = entityref(b, k);
		else if (tok == TOK_PI_TARGET)
			ok = pi(b, k);
		else if (tok == TOK_TEMPLATE)
			ok = template_instance(b, k);
		else
			return fail(b, k->pos, "unexpected binary XML token in element content");
		if (!ok)
			return false;
	}
}

/* Whether the element token at pos has the 2-byte dependency id EVTX
 * templates write before its data size. Records written without templates
 * (exported or filtered logs: every value a 0x05 token) leave it out; the
 * layout whose name reference is valid (defined right there, or an
 * earlier name whose hash matches) is the one used. */
static bool has_dependency_id(const struct bx *b, const struct bx_cur *k)
{
	size_t t = k->pos;
	if (k->end - t < 11)
		return false;
	size_t with = rd32(b->c + t + 7), without = rd32(b->c + t + 5);
	if (with == t + 11 || without == t + 9)
		return with == t + 11;
	struct bx probe = *b;
	struct lt_evtx_error scratch;
	size_t sz;
	probe.err = &scratch;
	probe.failed = false;
	return with < t && name_at(&probe, with, &sz);
}

/* An element whose whole content is an optional substitution of a NULL
 * value is left out, as Windows (and libevtx) render it: true when the
 * element was skipped that way. */
static bool absent_content(struct bx *b, struct bx_cur *k, size_t start_tag)
{
	size_t p = k->pos;
	if (k->end - p < 5 || b->c[p] != TOK_OPT_SUBST || b->c[p + 4] != TOK_END || !k->vals)
		return false;
	size_t idx = rd16(b->c + p + 1);
	if (idx >= k->nvals || k->vals[idx].type != VT_NULL)
		return false;
	b->out->len = start_tag;
	k->pos = p + 5;
	return true;
}

/* An element whose whole content is one array substitution is repeated
 * for every item, as Windows renders it (<Data>a</Data><Data>b</Data>).
 * Returns false (nothing read) when the content is anything else. */
static bool array_content(struct bx *b, struct bx_cur *k, size_t start_tag, size_t name)
{
	size_t p = k->pos;
	if (b->failed || k->end - p < 5 || (b->c[p] != TOK_SUBST && b->c[p] != TOK_OPT_SUBST) ||
	    b->c[p + 4] != TOK_END || !k->vals)
		return false;
	size_t idx = rd16(b->c + p + 1);
	if (idx >= k->nvals || !(k->vals[idx].type & VT_ARRAY) || b->item_sep)
		return false;
	struct lt_buf sep = LT_BUF_INIT;
	lt_buf_puts(&sep, "</");
	size_t mark = b->out->len;
	put_name(b, name);
	lt_buf_append(&sep, b->out->data + mark, b->out->len - mark);
	b->out->len = mark;
	lt_buf_putc(&sep, '>');
	lt_buf_append(&sep, b->out->data + start_tag, b->out->len - start_tag);
	b->item_sep = sep.data;
	b->item_sep_len = sep.len;
	bool present, ok = substitution(b, k, false, &present);
	b->item_sep = NULL;
	lt_buf_free(&sep);
	if (ok)
		k->pos++;	/* the end token */
	return ok;
}

/* 0x01 / 0x41: dependency id (2, see above), data size (4), name; with
 * 0x41 an attribute list size (4) and the attributes. Then 0x02 and
 * content, or 0x03 for an empty element. */
static bool element(struct bx *b, struct bx_cur *k)
{
	size_t at = k->pos, name;
	bool has_attrs = b->c[k->pos] & TOK_MORE;
	size_t skip = has_dependency_id(b, k) ? 6 : 4;
	k->pos++;
	if (!need(b, k, skip))
		return false;
	k->pos += skip;
	if (!name_ref(b, k, &name))
		return false;
	if (has_attrs) {
		if (!need(b, k, 4))
			return false;
		k->pos += 4;
	}
	if (!enter(b, at))
		return false;
	size_t at_out = b->out->len;
	lt_buf_putc(b->out, '<');
	put_name(b, name);
	while (has_attrs && k->pos < k->end && (b->c[k->pos] & (uint8_t)~TOK_MORE) == TOK_ATTR) {
		if (!attribute(b, k))
			return false;
	}
	if (!need(b, k, 1))
		return false;
	uint8_t t = b->c[k->pos++];
	bool ok = true;
	if (t == TOK_CLOSE_EMPTY) {
		lt_buf_puts(b->out, "/>");
	} else if (t == TOK_CLOSE_START) {
		if (absent_content(b, k, at_out)) {
			b->depth--;
			return true;
		}
		lt_buf_putc(b->out, '>');
		ok = array_content(b, k, at_out, name) || content(b, k);
		if (ok) {
			lt_buf_puts(b->out, "</");
			put_name(b, name);
			lt_buf_putc(b->out, '>');
		}
	} else {
		ok = fail(b, k->pos - 1, "element start not closed");
	}
	b->depth--;
	return ok;
}

/* The substitution values after a template instance: count (4), one
 * descriptor per value (size 2, type 1, unused 1), then the values. */
static bool read_values(struct bx *b, struct bx_cur *k, struct bx_value **vals, size_t *n)
{
	if (!need(b, k, 4))
		return false;
	size_t count = rd32(b->c + k->pos);
	k->pos += 4;
	if (count > BX_MAX_VALUES)
		return fail(b, k->pos - 4, "too many template values");
	if (!need(b, k, 4 * count))
		return false;
	struct bx_value *v = lt_xcalloc(count ? count : 1, sizeof(*v));
	size_t off = k->pos + 4 * count;
	for (size_t i = 0; i < count; i++) {
		v[i].size = rd16(b->c + k->pos + 4 * i);
		v[i].type = b->c[k->pos + 4 * i + 2];
		v[i].off = off;
		off += v[i].size;
	}
	if (off > k->end) {
		free(v);
		return fail(b, k->pos, "template values run past the record");
	}
	k->pos = off;
	*vals = v;
	*n = count;
	return true;
}

/* 0x0c: unused (1), template id (4), definition offset (4). A definition
 * at the cursor's own position is stored right here: next offset (4),
 * GUID (16), data size (4), data; else it is elsewhere in the chunk. */
static bool template_instance(struct bx *b, struct bx_cur *k)
{
	size_t at = k->pos;
	k->pos++;
	if (!need(b, k, 9))
		return false;
	size_t def = rd32(b->c + k->pos + 5);
	k->pos += 9;
	if (def < LT_EVTX_CHUNK_HEADER || def > b->clen || b->clen - def < 24)
		return fail(b, at, "template definition outside the chunk");
	size_t dsize = rd32(b->c + def + 20);
	if (b->clen - def - 24 < dsize)
		return fail(b, def, "template definition runs past the chunk");
	if (def == k->pos) {
		if (!need(b, k, 24 + dsize))
			return false;
		k->pos += 24 + dsize;
	}
	struct bx_value *vals;
	size_t nvals;
	if (!read_values(b, k, &vals, &nvals))
		return false;
	struct bx_cur body = { .pos = def + 24, .end = def + 24 + dsize, .vals = vals, .nvals = nvals };
	bool ok = enter(b, at);
	if (ok) {
		ok = fragment(b, &body);
		b->depth--;
	}
	free(vals);
	return ok;
}

/* A fragment: fragment headers (0x0f, version 1.1, flags), elements and
 * template instances, up to EOF (0x00) or the fragment's end. */
static bool fragment(struct bx *b, struct bx_cur *k)
{
	while (k->pos < k->end) {
		uint8_t tok = b->c[k->pos];
		bool ok;
		if (!tick(b, k->pos))
			return false;
		if (tok == TOK_EOF)
			return true;
		if (tok == TOK_FRAGMENT) {
			if (!need(b, k, 4))
				return false;
			k->pos += 4;
			continue;
		}
		if ((tok & (uint8_t)~TOK_MORE) == TOK_OPEN)
			ok = element(b, k);
		else if (tok == TOK_TEMPLATE)
			ok = template_instance(b, k);
		else if (tok == TOK_PI_TARGET)
			ok = pi(b, k);
		else
			return fail(b, k->pos, "unexpected binary XML token at fragment level");
		if (!ok)
			return false;
	}
	return true;
}

int lt_evtx_binxml_xml(const unsigned char *chunk, size_t chunk_len, size_t off, size_t len,
		       struct lt_buf *out, struct lt_evtx_error *err)
{
	struct bx b = { .c = chunk, .clen = chunk_len, .out = out, .err = err };
	lt_buf_reset(out);
	err->reason = NULL;
	err->offset = off;
	if (off > chunk_len || chunk_len - off < len) {
		fail(&b, off, "binary XML outside the chunk");
		return -1;
	}
	struct bx_cur k = { .pos = off, .end = off + len };
	if (!fragment(&b, &k) || b.failed)
		return -1;
	if (out->len == 0) {
		fail(&b, off, "binary XML without an element");
		return -1;
	}
	return 0;
}

int lt_evtx_record_xml(const unsigned char *chunk, size_t chunk_len, size_t rec_off,
		       struct lt_buf *out, uint64_t *number, uint64_t *written, struct lt_evtx_error *err)
{
	err->reason = NULL;
	err->offset = rec_off;
	lt_buf_reset(out);
	if (chunk_len > LT_EVTX_CHUNK_SIZE || chunk_len < LT_EVTX_CHUNK_HEADER ||
	    memcmp(chunk, "ElfChnk", 8) != 0) {
		err->reason = "not an EVTX chunk";
		err->offset = 0;
		return -1;
	}
	if (rec_off < LT_EVTX_CHUNK_HEADER || rec_off > chunk_len || chunk_len - rec_off < LT_EVTX_RECORD_HEADER + 4 ||
	    memcmp(chunk + rec_off, "**\0\0", 4) != 0) {
		err->reason = "no record signature";
		return -1;
	}
	size_t size = rd32(chunk + rec_off + 4);
	if (size < LT_EVTX_RECORD_HEADER + 4 || size > chunk_len - rec_off || rd32(chunk + rec_off + size - 4) != size) {
		err->reason = "record size damaged (does not repeat at its end)";
		return -1;
	}
	if (number)
		*number = rd64(chunk + rec_off + 8);
	if (written)
		*written = rd64(chunk + rec_off + 16);
	return lt_evtx_binxml_xml(chunk, chunk_len, rec_off + LT_EVTX_RECORD_HEADER,
				  size - LT_EVTX_RECORD_HEADER - 4, out, err);
}
