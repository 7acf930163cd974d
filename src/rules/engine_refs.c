/* Evidence references, interned strings, window queues and value text: the
 * small pieces every part of the engine shares.
 * Internal to the engine: see engine_impl.h. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rules/engine_impl.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/hash.h"
#include "util/jsonesc.h"
#include "util/xalloc.h"

/* ---- small helpers ---- */

const char *eng_intern(struct lt_engine *e, const char *s, size_t n)
{
	int created;
	struct lt_smap_ent *ent = lt_smap_put(&e->strings, s, n, &created);
	return ent->key;
}

void eng_refs_push(struct refs *d, const struct eref *r)
{
	if (d->n < LT_FINDING_MAX_REFS) {
		if (d->n == d->cap) {
			d->cap = d->cap ? d->cap * 2 : 4;
			d->v = lt_xrealloc(d->v, d->cap * sizeof *d->v);
		}
		struct eref *x = &d->v[d->n++];
		*x = *r;
		x->raw = r->raw ? lt_xstrdup(r->raw) : NULL;
		x->summary = r->summary ? lt_xstrdup(r->summary) : NULL;
	}
}

/* Like refs_push, but r's strings move into d (or are freed). */
void eng_refs_push_owned(struct refs *d, struct eref *r)
{
	if (d->n < LT_FINDING_MAX_REFS) {
		if (d->n == d->cap) {
			d->cap = d->cap ? d->cap * 2 : 4;
			d->v = lt_xrealloc(d->v, d->cap * sizeof *d->v);
		}
		d->v[d->n++] = *r;
	} else {
		free(r->raw);
		free(r->summary);
	}
}

void eng_refs_add(struct refs *d, const struct refs *s)
{
	for (size_t i = 0; i < s->n; i++)
		eng_refs_push(d, &s->v[i]);
	d->total += s->total;
}

void eng_refs_free(struct refs *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].raw);
		free(r->v[i].summary);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

void eng_cov_add(struct cov *c, lt_time_us t)
{
	if (c->n == 0 || t < c->first)
		c->first = t;
	if (c->n == 0 || t > c->last)
		c->last = t;
	c->n++;
}

void eng_wq_push(struct wq *q, struct whit *h)
{
	if (q->start + q->n == q->cap) {
		if (q->start > 0) {
			memmove(q->v, q->v + q->start, q->n * sizeof *q->v);
			q->start = 0;
		} else {
			q->cap = q->cap ? q->cap * 2 : 8;
			q->v = lt_xrealloc(q->v, q->cap * sizeof *q->v);
		}
	}
	q->v[q->start + q->n++] = *h;
}

struct whit *eng_wq_front(struct wq *q)
{
	return q->n ? &q->v[q->start] : NULL;
}

void eng_whit_free(struct whit *h)
{
	eng_refs_free(&h->refs);
	free(h->value);
}

void eng_wq_pop(struct wq *q)
{
	eng_whit_free(&q->v[q->start]);
	q->start++;
	q->n--;
	if (q->n == 0)
		q->start = 0;
}

void eng_wq_free(struct wq *q)
{
	while (q->n)
		eng_wq_pop(q);
	free(q->v);
	memset(q, 0, sizeof *q);
}

bool eng_lookup_text(const struct lt_ridx *ix, const struct lt_fkey *k, struct lt_buf *out)
{
	const struct lt_value *v = lt_ridx_get(ix, k);
	if (!v)
		return false;
	lt_rec_value_text(ix->r, v, out);
	return true;
}

int eng_cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}
