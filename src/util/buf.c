#include "util/buf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lt_buf_init(struct lt_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void lt_buf_free(struct lt_buf *b)
{
	free(b->data);
	lt_buf_init(b);
}

void lt_buf_reset(struct lt_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void lt_buf_reserve(struct lt_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->data = lt_xrealloc(b->data, cap);
	b->cap = cap;
}

void lt_buf_append(struct lt_buf *b, const void *p, size_t n)
{
	lt_buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void lt_buf_puts(struct lt_buf *b, const char *s)
{
	lt_buf_append(b, s, strlen(s));
}

void lt_buf_putc(struct lt_buf *b, char c)
{
	lt_buf_append(b, &c, 1);
}

void lt_buf_printf(struct lt_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	lt_buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *lt_buf_detach(struct lt_buf *b)
{
	char *p = b->data ? b->data : lt_xstrdup("");
	lt_buf_init(b);
	return p;
}

int lt_buf_load_file(struct lt_buf *b, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (err)
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char chunk[65536];
	for (;;) {
		size_t n = fread(chunk, 1, sizeof chunk, f);
		if (n == 0)
			break;
		lt_buf_append(b, chunk, n);
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		if (err)
			snprintf(err, errlen, "%s: read error", path);
		return -1;
	}
	if (!b->data)
		lt_buf_puts(b, "");	/* an empty file is an empty string, not NULL */
	return 0;
}
