/* qsort without its undefined corner: qsort(NULL, 0, ...) is undefined
 * behaviour in C (the pointer must be valid even for no elements), and an
 * empty case, an empty directory or a run with no findings hands exactly
 * that. Nothing is allocated. */
#ifndef LT_SORT_H
#define LT_SORT_H
#include <stddef.h>
#include <stdlib.h>

static inline void lt_qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	/* fewer than two elements are sorted, and base may be NULL */
	if (n > 1)
		qsort(base, n, size, cmp);
}

/* bsearch with the same corner: no elements finds nothing, base may be NULL. */
static inline void *lt_bsearch(const void *key, const void *base, size_t n, size_t size,
			       int (*cmp)(const void *, const void *))
{
	return n ? bsearch(key, base, n, size, cmp) : NULL;
}

#endif
