/* A string-keyed hash map for the engine's groups, distinct values and
 * interned strings. Keys are copied; values are the caller's (the map never
 * frees them). Iteration order is unspecified: callers sort when order shows.
 */
#ifndef LT_SMAP_H
#define LT_SMAP_H
#include <stddef.h>
#include <stdint.h>

struct lt_smap_ent {
	struct lt_smap_ent *next;
	uint32_t hash;
	size_t klen;
	void *val;
	char key[];		/* NUL-terminated copy */
};

struct lt_smap {
	struct lt_smap_ent **b;
	size_t nb, n;
};

void lt_smap_init(struct lt_smap *m);
/* Free the entries (not the values). */
void lt_smap_free(struct lt_smap *m);
struct lt_smap_ent *lt_smap_find(const struct lt_smap *m, const char *k, size_t klen);
/* Find or insert (val NULL on insert); *created tells which. */
struct lt_smap_ent *lt_smap_put(struct lt_smap *m, const char *k, size_t klen, int *created);
void lt_smap_del(struct lt_smap *m, struct lt_smap_ent *e);
/* Call fn for each entry; fn may delete the entry it is given. */
void lt_smap_each(struct lt_smap *m, void (*fn)(struct lt_smap_ent *e, void *arg), void *arg);

#endif
