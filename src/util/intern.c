/* Interned strings (intern.h): open addressing over a fixed table twice the
 * bound, so a probe always ends at an empty slot. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "util/intern.h"
#include "util/xalloc.h"

#define SLOTS (2 * LT_INTERN_MAX)

static struct {
	const char *s;
	size_t n;
} slot[SLOTS];
static size_t used;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static uint32_t fnv(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static const char *lookup_or_add(const char *s, size_t n)
{
	size_t i = fnv(s, n) % SLOTS;
	while (slot[i].s) {
		if (slot[i].n == n && memcmp(slot[i].s, s, n) == 0)
			return slot[i].s;
		i = (i + 1) % SLOTS;
	}
	if (used >= LT_INTERN_MAX)
		return NULL;
	char *copy = lt_xmalloc(n + 1);
	if (n)	/* s may be NULL when n is 0 */
		memcpy(copy, s, n);
	copy[n] = 0;
	slot[i].s = copy;
	slot[i].n = n;
	used++;
	return copy;
}

const char *lt_intern(const char *s, size_t n)
{
	if (n == 0 || n > LT_INTERN_MAXLEN)
		return NULL;
	pthread_mutex_lock(&lock);
	const char *r = lookup_or_add(s, n);
	pthread_mutex_unlock(&lock);
	return r;
}
