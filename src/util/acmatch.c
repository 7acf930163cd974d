/* Aho-Corasick over ASCII-folded bytes (acmatch.h).
 *
 * Literals go into a sparse trie as they are added (so equal literals meet
 * in one node and share an id). lt_ac_build turns the trie into a complete
 * transition table over byte classes: every byte that occurs in some
 * literal is its own class, all other bytes share class 0, so a table row
 * is a few dozen entries instead of 256. Each entry holds the target's row
 * offset shifted left by one, with the low bit set when the target ends a
 * literal (itself or through its failure chain): the scan loop is one load
 * and one test per byte.
 */
#include "util/acmatch.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define NONE UINT32_MAX

struct tnode {			/* sparse trie node, while adding */
	uint32_t child;		/* first child, or NONE */
	uint32_t sibling;	/* next child of the same parent, or NONE */
	uint32_t out;		/* literal id ending here, or NONE */
	unsigned char byte;	/* the folded byte on the edge from the parent */
};

struct lt_ac {
	struct tnode *t;
	uint32_t nt, capt;
	uint32_t nlits;
	bool built;
	/* after lt_ac_build */
	uint8_t cls[256];
	uint32_t ncls;
	uint32_t *table;	/* nt * ncls entries: (target * ncls) << 1 | ends-a-literal */
	uint32_t *out;		/* per state: literal id or NONE */
	uint32_t *dict;		/* per state: nearest state on the failure chain with an output, or 0 */
};

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static uint32_t new_node(struct lt_ac *a, unsigned char byte)
{
	if (a->nt == a->capt) {
		a->capt = a->capt ? a->capt * 2 : 256;
		a->t = lt_xrealloc(a->t, (size_t)a->capt * sizeof *a->t);
	}
	struct tnode *n = &a->t[a->nt];
	n->child = n->sibling = n->out = NONE;
	n->byte = byte;
	return a->nt++;
}

struct lt_ac *lt_ac_new(void)
{
	struct lt_ac *a = lt_xcalloc(1, sizeof *a);
	new_node(a, 0);	/* the root */
	return a;
}

static uint32_t child_of(const struct lt_ac *a, uint32_t s, unsigned char b)
{
	for (uint32_t c = a->t[s].child; c != NONE; c = a->t[c].sibling)
		if (a->t[c].byte == b)
			return c;
	return NONE;
}

uint32_t lt_ac_add(struct lt_ac *a, const char *s, size_t n)
{
	uint32_t st = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char b = fold((unsigned char)s[i]);
		uint32_t c = child_of(a, st, b);
		if (c == NONE) {
			c = new_node(a, b);
			a->t[c].sibling = a->t[st].child;
			a->t[st].child = c;
		}
		st = c;
	}
	if (a->t[st].out == NONE && st != 0)
		a->t[st].out = a->nlits++;
	return a->t[st].out;
}

uint32_t lt_ac_count(const struct lt_ac *a)
{
	return a->nlits;
}

/* Byte classes in byte order, so that the same literals give the same table. */
static void make_classes(struct lt_ac *a)
{
	bool used[256] = { false };
	for (uint32_t i = 1; i < a->nt; i++)
		used[a->t[i].byte] = true;
	a->ncls = 1;
	for (int b = 0; b < 256; b++)
		a->cls[b] = 0;
	for (int b = 0; b < 256; b++)
		if (used[b])
			a->cls[b] = (uint8_t)a->ncls++;
	for (int b = 'A'; b <= 'Z'; b++)
		a->cls[b] = a->cls[b - 'A' + 'a'];
}

int lt_ac_build(struct lt_ac *a)
{
	if (a->built)
		return a->table ? 0 : -1;
	a->built = true;
	make_classes(a);
	uint32_t ns = a->nt, nc = a->ncls;
	/* table entries hold row offsets shifted by one bit */
	if ((uint64_t)ns * nc >= UINT32_MAX / 2)
		return -1;
	/* goto as state numbers first, encoded in place at the end (one
	 * table: the largest allocation, tens of MB for SigmaHQ's rules) */
	uint32_t *go = lt_xcalloc((size_t)ns * nc, sizeof *go);
	uint32_t *fail = lt_xcalloc(ns, sizeof *fail);
	uint32_t *queue = lt_xcalloc(ns, sizeof *queue);
	a->out = lt_xcalloc(ns, sizeof *a->out);
	a->dict = lt_xcalloc(ns, sizeof *a->dict);
	for (uint32_t s = 0; s < ns; s++)
		a->out[s] = a->t[s].out;
	size_t qh = 0, qt = 0;
	/* root: its children, else back to the root */
	for (uint32_t c = a->t[0].child; c != NONE; c = a->t[c].sibling) {
		go[a->cls[a->t[c].byte]] = c;
		fail[c] = 0;
		queue[qt++] = c;
	}
	/* breadth first: a state's failure target is shallower, so its row is complete */
	while (qh < qt) {
		uint32_t s = queue[qh++];
		uint32_t f = fail[s];
		memcpy(&go[(size_t)s * nc], &go[(size_t)f * nc], nc * sizeof *go);
		for (uint32_t c = a->t[s].child; c != NONE; c = a->t[c].sibling) {
			uint32_t k = a->cls[a->t[c].byte];
			uint32_t cf = go[(size_t)f * nc + k];
			fail[c] = cf;
			a->dict[c] = a->out[cf] != NONE ? cf : a->dict[cf];
			go[(size_t)s * nc + k] = c;
			queue[qt++] = c;
		}
	}
	for (size_t i = 0; i < (size_t)ns * nc; i++) {
		uint32_t tgt = go[i];
		uint32_t term = a->out[tgt] != NONE || a->dict[tgt] != 0;
		go[i] = (tgt * nc) << 1 | term;
	}
	a->table = go;
	free(fail);
	free(queue);
	free(a->t);
	a->t = NULL;
	a->capt = 0;
	return 0;
}

static void report(const struct lt_ac *a, uint32_t s, lt_ac_hit_fn fn, void *arg)
{
	if (a->out[s] != NONE)
		fn(a->out[s], arg);
	for (uint32_t d = a->dict[s]; d != 0; d = a->dict[d])
		fn(a->out[d], arg);
}

void lt_ac_scan(const struct lt_ac *a, const char *s, size_t n, lt_ac_hit_fn fn, void *arg)
{
	if (!a->table || a->nlits == 0)
		return;
	const uint32_t *t = a->table;
	const uint8_t *cls = a->cls;
	uint32_t cur = 0;	/* row offset << 1 */
	for (size_t i = 0; i < n; i++) {
		cur = t[(cur >> 1) + cls[(unsigned char)s[i]]];
		if (cur & 1)
			report(a, (cur >> 1) / a->ncls, fn, arg);
	}
}

size_t lt_ac_bytes(const struct lt_ac *a)
{
	if (!a->table)
		return sizeof *a + (size_t)a->capt * sizeof *a->t;
	return sizeof *a + (size_t)a->nt * a->ncls * sizeof *a->table + 2 * (size_t)a->nt * sizeof *a->out;
}

void lt_ac_free(struct lt_ac *a)
{
	if (!a)
		return;
	free(a->t);
	free(a->table);
	free(a->out);
	free(a->dict);
	free(a);
}
