/* The baseline extension: per local calendar day, against the median of
 * the group's previous working days.
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
#include "util/sort.h"
#include "util/xalloc.h"

/* ---- baseline ---- */

static int64_t local_day(const struct lt_engine *e, lt_time_us t)
{
	int32_t off = e->o.tz ? lt_tz_offset_at(e->o.tz, t) : 0;
	struct lt_civil c;
	lt_time_to_civil(t, off, &c);
	return lt_days_from_civil(c.year, c.month, c.day);
}

static bool is_workday(const struct lt_engine *e, int64_t day)
{
	int y, m, d;
	lt_civil_from_days(day, &y, &m, &d);
	if (e->o.is_workday)
		return e->o.is_workday(e->o.workday_arg, y, m, d);
	int64_t wd = (day + 4) % 7;	/* 1970-01-01 was a Thursday */
	if (wd < 0)
		wd += 7;
	return wd != 0 && wd != 6;
}

static int64_t hist_count(const struct group *g, int64_t day)
{
	for (size_t i = g->nhist; i-- > 0;)
		if (g->hist[i].day == day)
			return g->hist[i].count;
	return 0;
}

void eng_close_day(struct lt_engine *e, const struct lt_rule *r, struct group *g)
{
	if (!g->day_open)
		return;
	const struct lt_correlation *k = &r->corr;
	int64_t count = g->day_count;
	/* History: the previous working days since the group was first seen
	 * (and since the source has data), zero where nothing happened. */
	int64_t *h = lt_xcalloc((size_t)k->history, sizeof *h);
	int nh = 0;
	const struct cov *src = eng_rule_cov(e, (size_t)k->ref_idx[0]);
	int64_t start = g->first_day;
	if (src->n && local_day(e, src->first) > start)
		start = local_day(e, src->first);
	for (int64_t d = g->day - 1; d >= start && nh < k->history; d--)
		if (is_workday(e, d))
			h[nh++] = hist_count(g, d);
	if (nh >= k->min_history) {
		lt_qsort(h, (size_t)nh, sizeof *h, eng_cmp_i64);
		double median = nh % 2 ? (double)h[nh / 2] : (double)(h[nh / 2 - 1] + h[nh / 2]) / 2.0;
		if (count >= k->floor && (double)count > k->factor * median) {
			char *gk = eng_display_key(g->gvals, k->ngroup);
			struct acc *a = eng_acc_new(r, g->person, gk);
			free(gk);
			a->first = g->day_first;
			a->last = g->day_last;
			eng_refs_add(&a->refs, &g->day_refs);
			a->count = count;
			a->baseline = median;
			a->has_baseline = true;
			int y, m, d;
			lt_civil_from_days(g->day, &y, &m, &d);
			snprintf(a->day, sizeof a->day, "%04d-%02d-%02d", y, m, d);
			eng_finalize(e, a, NULL, g->gvals, true);
			eng_acc_free(a);
		}
	}
	free(h);
	/* remember the day, forget what is too old to matter */
	g->hist = lt_xrealloc(g->hist, (g->nhist + 1) * sizeof *g->hist);
	g->hist[g->nhist].day = g->day;
	g->hist[g->nhist].count = count;
	g->nhist++;
	size_t drop = 0;
	while (drop < g->nhist && g->hist[drop].day < g->day - HISTORY_DAYS_KEPT)
		drop++;
	if (drop) {
		memmove(g->hist, g->hist + drop, (g->nhist - drop) * sizeof *g->hist);
		g->nhist -= drop;
	}
	g->day_open = false;
	g->day_count = 0;
	if (g->day_vals.b)
		lt_smap_free(&g->day_vals);
	eng_refs_free(&g->day_refs);
}

void eng_baseline_hit(struct lt_engine *e, const struct lt_rule *r, struct group *g, const struct hit *h)
{
	const struct lt_correlation *k = &r->corr;
	int64_t day = local_day(e, h->t);
	if (g->day_open && day != g->day)
		eng_close_day(e, r, g);
	if (!g->day_open) {
		if (!g->nhist && !g->first_day)
			g->first_day = day;
		g->day_open = true;
		g->day = day;
		g->day_first = h->t;
		lt_smap_init(&g->day_vals);
	}
	g->day_last = h->t;
	if (k->field.name) {
		struct lt_buf b = LT_BUF_INIT;
		if (h->ix && eng_lookup_text(h->ix, &k->field, &b)) {
			int created;
			lt_smap_put(&g->day_vals, b.data, b.len, &created);
			if (created)
				g->day_count++;
			/* quote the first record of each distinct value */
			if (created)
				eng_refs_add(&g->day_refs, h->refs);
			else
				g->day_refs.total += h->refs->total;
		}
		lt_buf_free(&b);
	} else {
		g->day_count++;
		eng_refs_add(&g->day_refs, h->refs);
	}
}
