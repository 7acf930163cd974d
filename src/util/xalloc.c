#include "util/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t n)
{
	fprintf(stderr, "leaktrail: fatal: out of memory (asked for %zu bytes)\n", n);
	exit(70); /* EX_SOFTWARE-like: documented in doc/leaktrail.1 */
}

void *lt_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *lt_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory(count * size);
	return p;
}

void *lt_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		out_of_memory(n);
	return q;
}

char *lt_xstrdup(const char *s)
{
	return lt_xstrndup(s, strlen(s));
}

char *lt_xstrndup(const char *s, size_t n)
{
	char *p = lt_xmalloc(n + 1);
	if (n)	/* s may be NULL for an empty string: memcpy(_, NULL, 0) is undefined */
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *lt_xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	char *p = lt_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
