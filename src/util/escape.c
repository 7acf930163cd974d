#include "util/escape.h"

#include <string.h>

#include "util/utf8.h"

static void put_hex(struct lt_buf *out, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char e[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };
	lt_buf_append(out, e, 4);
}

size_t lt_escape_append(struct lt_buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t escaped = 0, i = 0;
	lt_buf_reserve(out, n);
	while (i < n) {
		unsigned char c = p[i];
		if (c < 0x20 || c == 0x7f) {
			put_hex(out, c);
			escaped++;
			i++;
			continue;
		}
		if (c < 0x80) {
			lt_buf_append(out, (const char *)p + i, 1);
			i++;
			continue;
		}
		size_t len = lt_utf8_seq(p + i, n - i);
		/* invalid or cut at the end: each byte on its own */
		if (len == 0 || len == (size_t)-1) {
			put_hex(out, c);
			escaped++;
			i++;
			continue;
		}
		/* C1 controls: U+0080..U+009F, encoded C2 80..C2 9F */
		if (c == 0xc2 && p[i + 1] < 0xa0) {
			put_hex(out, c);
			put_hex(out, p[i + 1]);
			escaped += 2;
			i += 2;
			continue;
		}
		lt_buf_append(out, (const char *)p + i, len);
		i += len;
	}
	lt_buf_append(out, "", 0);	/* NUL-terminated even when nothing was added */
	return escaped;
}

#define RING 8
static _Thread_local struct lt_buf ring[RING];
static _Thread_local unsigned ring_next;

const char *lt_esc(const char *s)
{
	struct lt_buf *b = &ring[ring_next++ % RING];
	lt_buf_reset(b);
	lt_escape_append(b, s ? s : "", s ? strlen(s) : 0);
	return b->data;
}

int lt_escape_write_lines(FILE *out, const char *s, size_t n)
{
	struct lt_buf b = LT_BUF_INIT;
	size_t i = 0;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - (s + i)) : n - i;
		lt_escape_append(&b, s + i, len);
		if (nl)
			lt_buf_putc(&b, '\n');
		i += len + (nl ? 1 : 0);
	}
	int rc = b.len && fwrite(b.data, 1, b.len, out) != b.len ? -1 : 0;
	lt_buf_free(&b);
	return rc;
}

int lt_escape_json_controls_write(FILE *out, const char *json)
{
	static const char hex[] = "0123456789abcdef";
	struct lt_buf b = LT_BUF_INIT;
	const unsigned char *p = (const unsigned char *)json;
	for (size_t i = 0; p[i]; i++) {
		unsigned char c = p[i], d = p[i + 1];
		if (c == 0x7f || (c == 0xc2 && d >= 0x80 && d < 0xa0)) {
			unsigned char cp = c == 0x7f ? c : d;
			char e[6] = { '\\', 'u', '0', '0', hex[cp >> 4], hex[cp & 15] };
			lt_buf_append(&b, e, 6);
			i += c == 0xc2;
			continue;
		}
		lt_buf_putc(&b, (char)c);
	}
	int rc = b.len && fwrite(b.data, 1, b.len, out) != b.len ? -1 : 0;
	lt_buf_free(&b);
	return rc;
}

void lt_esc_cleanup(void)
{
	for (size_t i = 0; i < RING; i++)
		lt_buf_free(&ring[i]);
}
