#include "util/jsonesc.h"

#include <stdint.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

int lt_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		/* Log lines are mostly ASCII: skip it 8 bytes at a time. */
		while (n - i >= 8) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (w & UINT64_C(0x8080808080808080))
				break;
			i += 8;
		}
		while (i < n && p[i] < 0x80)
			i++;
		if (i == n)
			break;
		size_t k = utf8_seq(p + i, n - i);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

void lt_json_str(struct lt_buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	lt_buf_reserve(out, n + 2);
	lt_buf_putc(out, '"');
	size_t i = 0;
	while (i < n) {
		unsigned char c = p[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			size_t j = i + 1;
			while (j < n && p[j] >= 0x20 && p[j] < 0x7f && p[j] != '"' && p[j] != '\\')
				j++;
			lt_buf_append(out, s + i, j - i);
			i = j;
			continue;
		}
		if (c >= 0x80) {
			size_t k = utf8_seq(p + i, n - i);
			if (k == 2 && c == 0xc2 && p[i + 1] < 0xa0) {
				/* a C1 control (U+0080..U+009F): escaped, as C0 and DEL
				 * are, so that dump cannot drive a terminal */
				char e[6] = { '\\', 'u', '0', '0', hex[p[i + 1] >> 4], hex[p[i + 1] & 15] };
				lt_buf_append(out, e, 6);
				i += 2;
			} else if (k) {
				lt_buf_append(out, s + i, k);
				i += k;
			} else {
				lt_buf_append(out, "\xef\xbf\xbd", 3);
				i++;
			}
			continue;
		}
		switch (c) {
		case '"': lt_buf_append(out, "\\\"", 2); break;
		case '\\': lt_buf_append(out, "\\\\", 2); break;
		case '\n': lt_buf_append(out, "\\n", 2); break;
		case '\r': lt_buf_append(out, "\\r", 2); break;
		case '\t': lt_buf_append(out, "\\t", 2); break;
		default: {
			char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			lt_buf_append(out, e, 6);
		}
		}
		i++;
	}
	lt_buf_putc(out, '"');
}
