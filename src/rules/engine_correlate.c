/* Correlation windows per group: event_count, value_count, temporal and
 * temporal_ordered (semantics in engine.c's header comment).
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

/* ---- correlations ---- */

static bool range_ok(const struct lt_range *c, int64_t n)
{
	if (c->has_lo && (c->lo_incl ? n < c->lo : n <= c->lo))
		return false;
	if (c->has_hi && (c->hi_incl ? n > c->hi : n >= c->hi))
		return false;
	return true;
}

/* Append the value of group-by field i for hit h (aliases resolved). */
void eng_group_value(const struct lt_rule *r, const struct hit *h, size_t i, struct lt_buf *b)
{
	const struct lt_correlation *k = &r->corr;
	const struct lt_fkey *key = &k->group[i];
	for (size_t a = 0; a < k->naliases; a++) {
		const struct lt_alias *al = &k->aliases[a];
		if (!strcmp(al->alias, key->name) && h->producer &&
		    ((h->producer->name && !strcmp(al->rule, h->producer->name)) ||
		     (h->producer->id && !strcmp(al->rule, h->producer->id))))
			key = &al->field;
	}
	if (h->ix && eng_lookup_text(h->ix, key, b))
		return;
	if (h->gvals && h->producer && h->producer->kind == LT_RULE_CORRELATION) {
		const struct lt_correlation *pk = &h->producer->corr;
		for (size_t j = 0; j < pk->ngroup; j++) {
			if (!strcmp(pk->group[j].name, key->name)) {
				lt_buf_puts(b, h->gvals[j]);
				return;
			}
		}
	}
}

void eng_group_free(const struct lt_rule *r, struct group *g)
{
	for (size_t i = 0; i < r->corr.ngroup; i++)
		free(g->gvals[i]);
	free(g->gvals);
	eng_wq_free(&g->win);
	if (g->vals.b)
		lt_smap_free(&g->vals);
	eng_acc_free(g->active);
	if (g->slots) {
		for (size_t i = 0; i < r->corr.nrefs; i++)
			eng_wq_free(&g->slots[i]);
		free(g->slots);
	}
	if (g->chains) {
		for (size_t i = 0; i < r->corr.nrefs; i++)
			eng_refs_free(&g->chains[i].refs);
		free(g->chains);
	}
	if (g->day_vals.b)
		lt_smap_free(&g->day_vals);
	eng_refs_free(&g->day_refs);
	free(g->hist);
	free(g);
}

char *eng_display_key(char *const *vals, size_t n)
{
	struct lt_buf b = LT_BUF_INIT;
	lt_buf_puts(&b, "");
	for (size_t i = 0; i < n; i++) {
		if (i)
			lt_buf_puts(&b, " | ");
		lt_buf_puts(&b, vals[i]);
	}
	return lt_buf_detach(&b);
}

static bool has_upper(const struct lt_rule *r)
{
	return r->corr.has_cond && r->corr.cond.has_hi;
}

static int64_t window_count(const struct lt_rule *r, struct group *g)
{
	if (r->corr.type == LT_CORR_VALUE_SUM)
		return g->sum;
	return r->corr.type == LT_CORR_VALUE_COUNT ? (int64_t)g->vals.n : (int64_t)g->win.n;
}

static void evict_value(struct group *g, const char *v)
{
	if (!v)
		return;
	struct lt_smap_ent *ent = lt_smap_find(&g->vals, v, strlen(v));
	if (!ent)
		return;
	intptr_t c = (intptr_t)ent->val - 1;
	if (c <= 0)
		lt_smap_del(&g->vals, ent);
	else
		ent->val = (void *)c;
}

static void win_pop(struct group *g)
{
	g->sum -= eng_wq_front(&g->win)->num;
	evict_value(g, eng_wq_front(&g->win)->value);
	eng_wq_pop(&g->win);
}

/* Close an anchored window: judge its count, emit, and empty it. */
void eng_close_anchored(struct lt_engine *e, const struct lt_rule *r, struct group *g)
{
	if (!g->anchored_open)
		return;
	int64_t n = window_count(r, g);
	if (range_ok(&r->corr.cond, n) && g->win.n) {
		char *gk = eng_display_key(g->gvals, r->corr.ngroup);
		struct acc *a = eng_acc_new(r, g->person, gk);
		free(gk);
		for (size_t i = 0; i < g->win.n; i++) {
			struct whit *w = &g->win.v[g->win.start + i];
			eng_acc_add(a, w->t, &w->refs);
		}
		a->count = n;
		eng_finalize(e, a, NULL, g->gvals, true);
		eng_acc_free(a);
	}
	while (g->win.n)
		win_pop(g);
	g->anchored_open = false;
}

void eng_close_active(struct lt_engine *e, const struct lt_rule *r, struct group *g, const struct lt_ridx *ix)
{
	if (!g->active)
		return;
	eng_finalize(e, g->active, ix, g->gvals, false);	/* consumers were told at the opening */
	eng_acc_free(g->active);
	g->active = NULL;
	(void)r;
}

/* value_sum: the field's value as a whole number. A record without it, or
 * with text that is not a number, adds 0 (doc/rules.md says so): the event
 * still counts as evidence of the window. */
static int64_t hit_number(const struct hit *h, const struct lt_fkey *field)
{
	struct lt_buf b = LT_BUF_INIT;
	int64_t v = 0;
	if (h->ix && eng_lookup_text(h->ix, field, &b) && b.len) {
		char *end;
		errno = 0;
		long long x = strtoll(b.data, &end, 10);
		if (!errno && *end == 0 && x > 0)
			v = x;
	}
	lt_buf_free(&b);
	return v;
}

void eng_count_hit(struct lt_engine *e, struct cstate *cs, const struct lt_rule *r, struct group *g,
		      const struct hit *h)
{
	const struct lt_correlation *k = &r->corr;
	struct whit w = { h->t, h->person, { 0 }, NULL, 0 };
	eng_refs_add(&w.refs, h->refs);
	if (k->type == LT_CORR_VALUE_SUM)
		w.num = hit_number(h, &k->field);
	if (k->type == LT_CORR_VALUE_COUNT) {
		struct lt_buf b = LT_BUF_INIT;
		bool have = h->ix && eng_lookup_text(h->ix, &k->field, &b);
		w.value = have ? lt_buf_detach(&b) : NULL;
		lt_buf_free(&b);
	}
	if (!g->vals.b)
		lt_smap_init(&g->vals);
	if (has_upper(r)) {
		if (g->anchored_open && h->t - g->t0 > k->timespan)
			eng_close_anchored(e, r, g);
		if (!g->anchored_open) {
			g->anchored_open = true;
			g->t0 = h->t;
		}
	} else {
		while (g->win.n && eng_wq_front(&g->win)->t < h->t - k->timespan)
			win_pop(g);
	}
	if (g->win.n >= WINDOW_MAX) {
		win_pop(g);
		cs->saturated++;
	}
	if (w.value) {
		int created;
		struct lt_smap_ent *ent = lt_smap_put(&g->vals, w.value, strlen(w.value), &created);
		ent->val = (void *)((intptr_t)ent->val + 1);
	}
	g->sum += w.num;
	eng_wq_push(&g->win, &w);
	if (has_upper(r))
		return;
	int64_t n = window_count(r, g);
	if (!range_ok(&k->cond, n)) {
		eng_close_active(e, r, g, NULL);
		return;
	}
	if (g->active) {
		eng_acc_add(g->active, h->t, h->refs);
	} else {
		char *gk = eng_display_key(g->gvals, k->ngroup);
		g->active = eng_acc_new(r, g->person, gk);
		free(gk);
		for (size_t i = 0; i < g->win.n; i++) {
			struct whit *x = &g->win.v[g->win.start + i];
			eng_acc_add(g->active, x->t, &x->refs);
		}
		/* Correlations built on this one learn of it now, when the
		 * condition first holds, not when the burst ends. */
		for (size_t c = 0; c < r->nconsumers; c++) {
			struct hit ch = { h->t, g->person, &g->active->refs, h->ix, r, g->gvals };
			eng_corr_hit(e, r->consumers[c], &ch);
		}
	}
	if (n > g->active->count)
		g->active->count = n;
}

void eng_temporal_hit(struct lt_engine *e, const struct lt_rule *r, struct group *g, const struct hit *h, size_t slot)
{
	const struct lt_correlation *k = &r->corr;
	if (!g->slots)
		g->slots = lt_xcalloc(k->nrefs, sizeof *g->slots);
	size_t present = 0;
	for (size_t i = 0; i < k->nrefs; i++) {
		while (g->slots[i].n && eng_wq_front(&g->slots[i])->t < h->t - k->timespan)
			eng_wq_pop(&g->slots[i]);
	}
	struct whit w = { h->t, h->person, { 0 }, NULL, 0 };
	eng_refs_add(&w.refs, h->refs);
	if (g->slots[slot].n >= WINDOW_MAX)
		eng_wq_pop(&g->slots[slot]);
	eng_wq_push(&g->slots[slot], &w);
	for (size_t i = 0; i < k->nrefs; i++)
		present += g->slots[i].n > 0;
	bool ok = k->has_cond ? range_ok(&k->cond, (int64_t)present) : present == k->nrefs;
	if (!ok)
		return;
	char *gk = eng_display_key(g->gvals, k->ngroup);
	struct acc *a = eng_acc_new(r, g->person, gk);
	free(gk);
	/* Oldest first across the rules; a record that several rules matched is quoted once. */
	for (size_t i = 0; i < k->nrefs; i++) {
		for (size_t j = 0; j < g->slots[i].n; j++) {
			struct whit *x = &g->slots[i].v[g->slots[i].start + j];
			eng_acc_add(a, x->t, &x->refs);
		}
		while (g->slots[i].n)
			eng_wq_pop(&g->slots[i]);
	}
	a->count = (int64_t)present;
	eng_finalize(e, a, h->ix, g->gvals, true);
	eng_acc_free(a);
}

void eng_ordered_hit(struct lt_engine *e, const struct lt_rule *r, struct group *g, const struct hit *h, size_t slot)
{
	const struct lt_correlation *k = &r->corr;
	if (!g->chains)
		g->chains = lt_xcalloc(k->nrefs, sizeof *g->chains);
	for (size_t i = 0; i < k->nrefs; i++) {
		if (g->chains[i].set && g->chains[i].start < h->t - k->timespan) {
			eng_refs_free(&g->chains[i].refs);
			g->chains[i].set = false;
		}
	}
	if (slot == 0) {
		/* the latest start leaves the most room for what follows */
		eng_refs_free(&g->chains[0].refs);
		g->chains[0].set = true;
		g->chains[0].start = h->t;
		eng_refs_add(&g->chains[0].refs, h->refs);
	} else if (g->chains[slot - 1].set) {
		struct chain *prev = &g->chains[slot - 1], *cur = &g->chains[slot];
		if (!cur->set || prev->start >= cur->start) {
			eng_refs_free(&cur->refs);
			cur->set = true;
			cur->start = prev->start;
			eng_refs_add(&cur->refs, &prev->refs);
			eng_refs_add(&cur->refs, h->refs);
		}
	}
	if (!g->chains[k->nrefs - 1].set)
		return;
	char *gk = eng_display_key(g->gvals, k->ngroup);
	struct acc *a = eng_acc_new(r, g->person, gk);
	free(gk);
	eng_acc_add(a, h->t, &g->chains[k->nrefs - 1].refs);
	a->count = (int64_t)k->nrefs;
	for (size_t i = 0; i < k->nrefs; i++) {
		eng_refs_free(&g->chains[i].refs);
		g->chains[i].set = false;
	}
	eng_finalize(e, a, h->ix, g->gvals, true);
	eng_acc_free(a);
}
