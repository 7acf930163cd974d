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
