/* Allocation that never returns NULL.
 *
 * leaktrail is a batch tool: when memory runs out there is nothing sensible
 * to do but stop with a clear message, so every allocation goes through these
 * wrappers and callers need not check. Ownership: the caller frees with free().
 */
#ifndef LT_XALLOC_H
#define LT_XALLOC_H
#include <stddef.h>

void *lt_xmalloc(size_t n);
void *lt_xcalloc(size_t count, size_t size);
void *lt_xrealloc(void *p, size_t n);
char *lt_xstrdup(const char *s);
char *lt_xstrndup(const char *s, size_t n);
/* printf into a fresh string; the caller frees it. */
char *lt_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
