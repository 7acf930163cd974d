/* A small string-keyed hash map (open addressing, FNV-1a), used by the
 * context for alias, domain and serial look-ups.
 *
 * Ownership: the map copies keys (lowercased when built with fold=true) and
 * frees them in lt_strmap_free; values are opaque integers owned by the
 * caller. After loading, the map is only read, so concurrent look-ups from
 * several threads are safe.
 */
#ifndef LT_STRMAP_H
#define LT_STRMAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lt_strmap_slot {
	char *key;		/* NULL = empty */
	size_t len;
	uint64_t hash;
	int64_t val;
};

struct lt_strmap {
	struct lt_strmap_slot *slots;
	size_t cap, n;
	bool fold;		/* ASCII case-insensitive keys */
};

void lt_strmap_init(struct lt_strmap *m, bool fold);
void lt_strmap_free(struct lt_strmap *m);
/* Insert or replace. Returns true when the key was new. */
bool lt_strmap_put(struct lt_strmap *m, const char *key, size_t len, int64_t val);
/* Look up; true and *val when present (val may be NULL). */
bool lt_strmap_get(const struct lt_strmap *m, const char *key, size_t len, int64_t *val);
/* Iterate: returns the next used slot at or after *pos, or NULL at the end. */
const struct lt_strmap_slot *lt_strmap_next(const struct lt_strmap *m, size_t *pos);

#endif
