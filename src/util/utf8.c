/* UTF-8 validation and repair: see utf8.h. */
#include "util/utf8.h"

#include <stdint.h>

size_t lt_utf8_seq(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t len;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	unsigned cp = c & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if (i >= n)
			return SIZE_MAX;
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
		/* overlong 3/4-byte forms, surrogates and > U+10FFFF show in the second byte */
		if (i == 1 && len == 3 && ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f)))
			return 0;
		if (i == 1 && len == 4 && ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f)))
			return 0;
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

size_t lt_utf8_sanitize(const char *in, size_t n, struct lt_buf *out)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t bad = 0, i = 0, run = 0;
	lt_buf_reserve(out, n);
	while (i < n) {
		size_t len = lt_utf8_seq(p + i, n - i);
		if (len == 0 || len == SIZE_MAX) {
			lt_buf_append(out, in + run, i - run);
			lt_buf_append(out, LT_UTF8_REPLACEMENT, 3);
			bad++;
			if (len == SIZE_MAX) {
				i = n;
			} else {
				/* a valid lead byte swallows the continuation bytes that
				 * follow it (up to its length); any other byte is one error */
				unsigned lead = p[i++];
				size_t want = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : 1;
				if (lead >= 0xc2 && lead <= 0xf4)
					while (want-- > 0 && i < n && (p[i] & 0xc0) == 0x80)
						i++;
			}
			run = i;
			continue;
		}
		i += len;
	}
	lt_buf_append(out, in + run, n - run);
	return bad;
}

/* ---- simple case folding ---- */

struct fold_range {
	uint32_t lo, hi;
	int32_t delta;
	uint8_t step;		/* 1: every code point; 2: every other one, from lo */
};

/* From Unicode's CaseFolding.txt (simple folding), by ranges. */
static const struct fold_range fold_ranges[] = {
	{ 0x0041, 0x005a, 0x20, 1 },	{ 0x00b5, 0x00b5, 0x03bc - 0x00b5, 1 },
	{ 0x00c0, 0x00d6, 0x20, 1 },	{ 0x00d8, 0x00de, 0x20, 1 },
	{ 0x0100, 0x012e, 1, 2 },	{ 0x0132, 0x0136, 1, 2 },
	{ 0x0139, 0x0147, 1, 2 },	{ 0x014a, 0x0176, 1, 2 },
	{ 0x0178, 0x0178, 0x00ff - 0x0178, 1 }, { 0x0179, 0x017d, 1, 2 },
	{ 0x017f, 0x017f, 's' - 0x017f, 1 },
	{ 0x0386, 0x0386, 0x03ac - 0x0386, 1 }, { 0x0388, 0x038a, 37, 1 },
	{ 0x038c, 0x038c, 64, 1 },	{ 0x038e, 0x038f, 63, 1 },
	{ 0x0391, 0x03a1, 0x20, 1 },	{ 0x03a3, 0x03ab, 0x20, 1 },
	{ 0x03c2, 0x03c2, 1, 1 },
	{ 0x0400, 0x040f, 0x50, 1 },	{ 0x0410, 0x042f, 0x20, 1 },
	{ 0x0460, 0x0480, 1, 2 },	{ 0x048a, 0x04be, 1, 2 },
	{ 0x04c0, 0x04c0, 15, 1 },	{ 0x04c1, 0x04cd, 1, 2 },
	{ 0x04d0, 0x052e, 1, 2 },	{ 0x0531, 0x0556, 0x30, 1 },
	{ 0x1e00, 0x1e94, 1, 2 },	{ 0x1ea0, 0x1efe, 1, 2 },
	{ 0x2160, 0x216f, 0x10, 1 },	{ 0x24b6, 0x24cf, 26, 1 },
	{ 0xff21, 0xff3a, 0x20, 1 },
};

static uint32_t fold_cp(uint32_t c)
{
	for (size_t i = 0; i < sizeof fold_ranges / sizeof fold_ranges[0]; i++) {
		const struct fold_range *r = &fold_ranges[i];
		if (c < r->lo || c > r->hi)
			continue;
		if (r->step == 2 && (c - r->lo) % 2)
			return c;
		return (uint32_t)((int32_t)c + r->delta);
	}
	return c;
}

static uint32_t decode_cp(const unsigned char *p, size_t len)
{
	if (len == 1)
		return p[0];
	uint32_t c = p[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++)
		c = (c << 6) | (p[i] & 0x3f);
	return c;
}

static void encode_cp(uint32_t c, struct lt_buf *out)
{
	char b[4];
	size_t n;
	if (c < 0x80) {
		b[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xc0 | (c >> 6));
		b[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xe0 | (c >> 12));
		b[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		b[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (c >> 18));
		b[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		b[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	lt_buf_append(out, b, n);
}

void lt_utf8_fold(const char *in, size_t n, struct lt_buf *out)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t i = 0;
	while (i < n) {
		size_t len = lt_utf8_seq(p + i, n - i);
		if (len == 0 || len == SIZE_MAX) {
			/* invalid or cut: the byte as it is */
			lt_buf_append(out, in + i, 1);
			i++;
			continue;
		}
		encode_cp(fold_cp(decode_cp(p + i, len)), out);
		i += len;
	}
}

int lt_utf8_has_nonascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}
