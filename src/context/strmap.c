/* String-keyed hash map: see strmap.h. */
#include <stdlib.h>
#include <string.h>

#include "context/strmap.h"
#include "util/xalloc.h"

static unsigned char fold_byte(unsigned char c, bool fold)
{
	if (fold && c >= 'A' && c <= 'Z')
		return (unsigned char)(c - 'A' + 'a');
	return c;
}

static uint64_t key_hash(const char *k, size_t len, bool fold)
{
	uint64_t h = UINT64_C(1469598103934665603);
	for (size_t i = 0; i < len; i++) {
		h ^= fold_byte((unsigned char)k[i], fold);
		h *= UINT64_C(1099511628211);
	}
	return h;
}

static bool key_eq(const struct lt_strmap_slot *s, const char *k, size_t len, bool fold)
{
	if (s->len != len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (fold_byte((unsigned char)s->key[i], fold) != fold_byte((unsigned char)k[i], fold))
			return false;
	return true;
}

void lt_strmap_init(struct lt_strmap *m, bool fold)
{
	m->slots = NULL;
	m->cap = 0;
	m->n = 0;
	m->fold = fold;
}

void lt_strmap_free(struct lt_strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
}

static struct lt_strmap_slot *find_slot(struct lt_strmap_slot *slots, size_t cap,
					const char *k, size_t len, uint64_t h, bool fold)
{
	size_t i = (size_t)h & (cap - 1);
	for (;;) {
		struct lt_strmap_slot *s = &slots[i];
		if (!s->key || (s->hash == h && key_eq(s, k, len, fold)))
			return s;
		i = (i + 1) & (cap - 1);
	}
}

static void grow(struct lt_strmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 16;
	struct lt_strmap_slot *ns = lt_xcalloc(ncap, sizeof(*ns));
	for (size_t i = 0; i < m->cap; i++) {
		struct lt_strmap_slot *o = &m->slots[i];
		if (!o->key)
			continue;
		*find_slot(ns, ncap, o->key, o->len, o->hash, m->fold) = *o;
	}
	free(m->slots);
	m->slots = ns;
	m->cap = ncap;
}

bool lt_strmap_put(struct lt_strmap *m, const char *key, size_t len, int64_t val)
{
	if ((m->n + 1) * 4 > m->cap * 3)
		grow(m);
	uint64_t h = key_hash(key, len, m->fold);
	struct lt_strmap_slot *s = find_slot(m->slots, m->cap, key, len, h, m->fold);
	if (s->key) {
		s->val = val;
		return false;
	}
	s->key = lt_xstrndup(key, len);
	for (size_t i = 0; i < len; i++)
		s->key[i] = (char)fold_byte((unsigned char)s->key[i], m->fold);
	s->len = len;
	s->hash = h;
	s->val = val;
	m->n++;
	return true;
}

bool lt_strmap_get(const struct lt_strmap *m, const char *key, size_t len, int64_t *val)
{
	if (!m->cap)
		return false;
	uint64_t h = key_hash(key, len, m->fold);
	const struct lt_strmap_slot *s = find_slot(m->slots, m->cap, key, len, h, m->fold);
	if (!s->key)
		return false;
	if (val)
		*val = s->val;
	return true;
}

const struct lt_strmap_slot *lt_strmap_next(const struct lt_strmap *m, size_t *pos)
{
	while (*pos < m->cap) {
		const struct lt_strmap_slot *s = &m->slots[(*pos)++];
		if (s->key)
			return s;
	}
	return NULL;
}
