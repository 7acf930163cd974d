/* Chained hash map with string keys (see smap.h). */
#include "rules/smap.h"

#include <stdlib.h>
#include <string.h>

#include "rules/rule.h"
#include "util/xalloc.h"

void lt_smap_init(struct lt_smap *m)
{
	m->nb = 16;
	m->n = 0;
	m->b = lt_xcalloc(m->nb, sizeof *m->b);
}

void lt_smap_free(struct lt_smap *m)
{
	for (size_t i = 0; i < m->nb; i++) {
		struct lt_smap_ent *e = m->b[i];
		while (e) {
			struct lt_smap_ent *nx = e->next;
			free(e);
			e = nx;
		}
	}
	free(m->b);
	memset(m, 0, sizeof *m);
}

struct lt_smap_ent *lt_smap_find(const struct lt_smap *m, const char *k, size_t klen)
{
	uint32_t h = lt_fkey_hash(k, klen);
	for (struct lt_smap_ent *e = m->b[h & (m->nb - 1)]; e; e = e->next)
		if (e->hash == h && e->klen == klen && memcmp(e->key, k, klen) == 0)
			return e;
	return NULL;
}

static void grow(struct lt_smap *m)
{
	size_t nb = m->nb * 2;
	struct lt_smap_ent **b = lt_xcalloc(nb, sizeof *b);
	for (size_t i = 0; i < m->nb; i++) {
		struct lt_smap_ent *e = m->b[i];
		while (e) {
			struct lt_smap_ent *nx = e->next;
			e->next = b[e->hash & (nb - 1)];
			b[e->hash & (nb - 1)] = e;
			e = nx;
		}
	}
	free(m->b);
	m->b = b;
	m->nb = nb;
}

struct lt_smap_ent *lt_smap_put(struct lt_smap *m, const char *k, size_t klen, int *created)
{
	struct lt_smap_ent *e = lt_smap_find(m, k, klen);
	*created = 0;
	if (e)
		return e;
	if (m->n >= m->nb)
		grow(m);
	e = lt_xmalloc(sizeof *e + klen + 1);
	e->hash = lt_fkey_hash(k, klen);
	e->klen = klen;
	e->val = NULL;
	if (klen)	/* k may be NULL for the empty key */
		memcpy(e->key, k, klen);
	e->key[klen] = 0;
	e->next = m->b[e->hash & (m->nb - 1)];
	m->b[e->hash & (m->nb - 1)] = e;
	m->n++;
	*created = 1;
	return e;
}

void lt_smap_del(struct lt_smap *m, struct lt_smap_ent *e)
{
	struct lt_smap_ent **pp = &m->b[e->hash & (m->nb - 1)];
	while (*pp && *pp != e)
		pp = &(*pp)->next;
	if (*pp) {
		*pp = e->next;
		m->n--;
		free(e);
	}
}

void lt_smap_each(struct lt_smap *m, void (*fn)(struct lt_smap_ent *e, void *arg), void *arg)
{
	for (size_t i = 0; i < m->nb; i++) {
		struct lt_smap_ent *e = m->b[i];
		while (e) {
			struct lt_smap_ent *nx = e->next;
			fn(e, arg);
			e = nx;
		}
	}
}
