/* The rule engine (engine.h): detection per record, correlation windows per
 * group, findings with their evidence, coverage per rule and person.
 *
 * Window semantics (doc/rules.md, "Correlations"):
 * - event_count / value_count / value_sum (the window's sum of a numeric
 *   field instead of its count) with only a lower bound (gt, gte): a sliding
 *   window; events count when last - first <= timespan. A finding opens when
 *   the condition first holds and grows while it keeps holding, so one burst
 *   is one finding.
 * - with an upper bound (lt, lte, eq, ranges): a window opens at a group's
 *   first event and closes timespan later; the count is judged at the close.
 * - temporal: every referenced rule (or as many as the condition asks)
 *   within timespan; temporal_ordered: in the order listed.
 * - baseline (leaktrail): per local calendar day against the median of the
 *   group's previous working days.
 */
#include "rules/engine.h"

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

/* ---- engine setup ---- */

static bool has_part(const struct lt_engine *e, const char *part)
{
	return !e->o.has_context || e->o.has_context(e->o.context_arg, part);
}

static void set_status(struct lt_engine *e)
{
	const struct lt_ruleset *rs = e->rs;
	/* Rules are loaded so that a correlation may come before the rules it
	 * uses (multi-document files): iterate to a fixed point. */
	for (size_t i = 0; i < rs->n; i++) {
		const struct lt_rule *r = rs->rules[i];
		for (size_t k = 0; k < r->nrequires; k++) {
			if (!has_part(e, r->requires[k])) {
				e->st[i].status = lt_xasprintf("not evaluable: the context has no %s", r->requires[k]);
				break;
			}
		}
	}
	for (int pass = 0; pass < 8; pass++) {
		for (size_t i = 0; i < rs->n; i++) {
			const struct lt_rule *r = rs->rules[i];
			if (r->kind != LT_RULE_CORRELATION || e->st[i].status)
				continue;
			for (size_t k = 0; k < r->corr.nrefs; k++) {
				int j = r->corr.ref_idx[k];
				if (e->st[j].status) {
					e->st[i].status = lt_xasprintf("not evaluable: it needs rule %s, %s", r->corr.refs[k],
								       e->st[j].status);
					break;
				}
			}
		}
	}
}

static void index_logsources(struct lt_engine *e);
static void index_event_ids(struct lt_engine *e);

struct lt_engine *lt_engine_new(const struct lt_ruleset *rs, const struct lt_engine_opts *opts)
{
	struct lt_engine *e = lt_xcalloc(1, sizeof *e);
	e->rs = rs;
	if (opts)
		e->o = *opts;
	if (!e->o.max_groups)
		e->o.max_groups = DEFAULT_MAX_GROUPS;
	lt_fkey_init(&e->k_time, LT_F_TIMESTAMP);
	lt_fkey_init(&e->k_person, e->o.person_field ? e->o.person_field : LT_E_PERSON_ID);
	lt_fkey_init(&e->k_user, LT_F_USER_NAME);
	lt_fkey_init(&e->k_cat, LT_F_EVENT_CATEGORY);
	lt_fkey_init(&e->k_family, LT_F_FAMILY);
	lt_fkey_init(&e->k_dataset, LT_F_EVENT_DATASET);
	lt_fkey_init(&e->k_parser, LT_F_PARSER);
	lt_fkey_init(&e->k_path, LT_F_SOURCE_PATH);
	lt_fkey_init(&e->k_sha, LT_F_SOURCE_SHA256);
	lt_fkey_init(&e->k_member, LT_F_MEMBER);
	lt_fkey_init(&e->k_offset, LT_F_OFFSET);
	lt_fkey_init(&e->k_line, LT_F_LINE);
	lt_fkey_init(&e->k_raw, LT_F_RAW);
	lt_fkey_init(&e->k_action, LT_F_EVENT_ACTION);
	lt_fkey_init(&e->k_msg, LT_F_MESSAGE);
	lt_fkey_init(&e->k_srcid, LT_F_SOURCE_ID);
	lt_smap_init(&e->strings);
	lt_smap_init(&e->people);
	e->st = lt_xcalloc(rs->n ? rs->n : 1, sizeof *e->st);
	e->sweep_every = INT64_MAX;
	for (size_t i = 0; i < rs->n; i++) {
		lt_smap_init(&e->st[i].cs.groups);
		e->st[i].last_sweep = LT_TIME_NONE;
		const struct lt_rule *r = rs->rules[i];
		if (r->kind == LT_RULE_CORRELATION && r->corr.type != LT_CORR_BASELINE && r->corr.timespan < e->sweep_every)
			e->sweep_every = r->corr.timespan;
	}
	e->first_time = LT_TIME_NONE;
	e->now = LT_TIME_NONE;
	e->last_sweep = INT64_MIN / 2;
	e->ls_memo = lt_xcalloc(rs->nlsmaps ? rs->nlsmaps : 1, 1);
	e->rule_cat = lt_xcalloc(rs->n ? rs->n : 1, sizeof *e->rule_cat);
	e->cats = lt_xcalloc(rs->n ? rs->n : 1, sizeof *e->cats);
	e->cat_hit = lt_xcalloc(rs->n ? rs->n : 1, sizeof *e->cat_hit);
	for (size_t i = 0; i < rs->n; i++) {
		const char *c = rs->rules[i]->ls_category;
		e->rule_cat[i] = -1;
		if (!c || rs->rules[i]->kind != LT_RULE_DETECTION)
			continue;
		size_t k = 0;
		while (k < e->ncats && strcmp(e->cats[k], c))
			k++;
		if (k == e->ncats)
			e->cats[e->ncats++] = rs->rules[i]->ls_category;
		e->rule_cat[i] = (int)k;
	}
	for (size_t i = 0; i < e->o.npeople && i < MAX_PEOPLE; i++) {
		const char *id = e->o.people[i];
		int created;
		struct lt_smap_ent *ent = lt_smap_put(&e->people, id, strlen(id), &created);
		if (created) {
			struct pinfo *pi = lt_xcalloc(1, sizeof *pi);
			pi->name = ent->key;
			ent->val = pi;
		}
	}
	e->o.people = NULL;
	e->o.npeople = 0;
	/* LT_RULE_INDEX=0: test every rule in full, for the index's own test
	 * (tests/e2e/sigmahq_rule_index.sh) and for debugging */
	const char *ri = getenv("LT_RULE_INDEX");
	e->no_index = ri && strcmp(ri, "0") == 0;
	index_logsources(e);
	index_event_ids(e);
	if (!e->no_index)
		e->pf = eng_prefilter_new(rs, e->nwords);

	set_status(e);
	return e;
}

/* ---- logsource ---- */

static bool str_ieq(const char *a, size_t an, const char *b)
{
	size_t bn = strlen(b);
	if (an != bn)
		return false;
	for (size_t i = 0; i < an; i++) {
		char x = a[i], y = b[i];
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return true;
}

static bool value_is(const struct lt_record *r, const struct lt_value *v, const char *want)
{
	if (!v)
		return false;
	if (v->type == LT_V_STR || v->type == LT_V_BYTES)
		return str_ieq(v->v.s.p, v->v.s.n, want);
	if (v->type == LT_V_LIST) {
		for (uint32_t i = 0; i < v->v.list.count; i++) {
			struct lt_str s = lt_rec_list_item(r, v, i);
			if (str_ieq(s.p, s.n, want))
				return true;
		}
	}
	return false;
}

/* The record's log-source fields, looked up once per record. */
struct lsvals {
	const struct lt_value *cat, *family, *dataset, *parser;
};

/* Whether mapping entry k holds for this record (any alternative), once per record. */
static bool ls_holds(struct lt_engine *e, int k)
{
	if (!e->ls_memo[k]) {
		const struct lt_lsmap *m = &e->rs->lsmaps[k];
		bool yes = false;
		for (size_t a = 0; a < m->nalts && !yes; a++)
			yes = lt_lsalt_eval(&m->alts[a], &e->ix);
		e->ls_memo[k] = yes ? 2 : 1;
	}
	return e->ls_memo[k] == 2;
}

/* Mapping entries that only hold for given event ids (every alternative
 * has EventID equal to whole numbers, as the Windows categories do): on a
 * record whose EventID is a number, or absent, the other entries are known
 * not to hold without evaluating them (the matcher compares an integer
 * field with an integer value by number, and an absent field never equals
 * a value). The pairs (event id, entry) are sorted by id. */
struct evid_entry {
	int64_t id;
	size_t entry;
};

static int cmp_evid(const void *a, const void *b)
{
	const struct evid_entry *x = a, *y = b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* The event ids alternative a requires, appended to out; false when it
 * requires none (or in another form than plain whole numbers). */
static bool alt_event_ids(const struct lt_lsalt *a, size_t entry, struct evid_entry **out, size_t *n)
{
	for (size_t i = 0; i < a->when.n; i++) {
		const struct lt_fmatch *fm = &a->when.m[i];
		if (!fm->key.name || strcmp(fm->key.name, "EventID") != 0 || fm->all || !fm->nvals)
			continue;
		bool plain = true;
		for (size_t k = 0; k < fm->nvals && plain; k++)
			plain = fm->vals[k].kind == LT_M_EXACT && fm->vals[k].has_int && !fm->vals[k].nalt;
		if (!plain)
			continue;
		*out = lt_xrealloc(*out, (*n + fm->nvals) * sizeof **out);
		for (size_t k = 0; k < fm->nvals; k++)
			(*out)[(*n)++] = (struct evid_entry){ fm->vals[k].ival, entry };
		return true;
	}
	return false;
}

static void index_event_ids(struct lt_engine *e)
{
	const struct lt_ruleset *rs = e->rs;
	struct evid_entry *v = NULL;
	size_t n = 0;
	e->ls_template = lt_xcalloc(rs->nlsmaps ? rs->nlsmaps : 1, 1);
	for (size_t k = 0; k < rs->nlsmaps; k++) {
		const struct lt_lsmap *m = &rs->lsmaps[k];
		size_t before = n;
		bool all = m->nalts > 0;
		for (size_t a = 0; a < m->nalts && all; a++)
			all = alt_event_ids(&m->alts[a], k, &v, &n);
		if (!all) {
			n = before;
			continue;
		}
		e->ls_template[k] = 1;	/* "no" unless the record's id is listed */
	}
	/* a mapping that renames a field to EventID would make the record's
	 * own EventID the wrong one to look at: no shortcut then */
	for (size_t k = 0; k < rs->nlsmaps; k++)
		for (size_t a = 0; a < rs->lsmaps[k].nalts; a++)
			for (size_t i = 0; i < rs->lsmaps[k].alts[a].nren; i++)
				if (strcmp(rs->lsmaps[k].alts[a].ren_from[i].name, "EventID") == 0)
					n = 0;
	if (!n)
		memset(e->ls_template, 0, rs->nlsmaps ? rs->nlsmaps : 1);
	lt_qsort(v, n, sizeof *v, cmp_evid);
	e->evids = v;
	e->nevids = n;
	lt_fkey_init(&e->k_evid, "EventID");
}

/* Reset the per-record mapping answers, deciding the event-id entries at once. */
static void ls_reset(struct lt_engine *e)
{
	size_t nl = e->rs->nlsmaps;
	const struct lt_value *id = e->nevids ? lt_ridx_get(&e->ix, &e->k_evid) : NULL;
	if (!e->nevids || (id && id->type != LT_V_INT)) {
		memset(e->ls_memo, 0, nl);
		return;
	}
	memcpy(e->ls_memo, e->ls_template, nl);
	if (!id)
		return;
	size_t lo = 0, hi = e->nevids;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (e->evids[mid].id < id->v.i)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < e->nevids && e->evids[i].id == id->v.i; i++)
		e->ls_memo[e->evids[i].entry] = 0;
}

/* A new record: forget the mapping answers, and give it the field names its
 * log source has in Sigma's taxonomy (the renames of the alternatives it
 * matches, e.g. Image for NewProcessName on Security 4688). */
static void ls_prepare(struct lt_engine *e)
{
	const struct lt_ruleset *rs = e->rs;
	if (!rs->nlsmaps)
		return;
	if (e->no_index)
		memset(e->ls_memo, 0, rs->nlsmaps);
	else
		ls_reset(e);
	for (size_t k = 0; k < rs->nlsmaps; k++) {
		const struct lt_lsmap *m = &rs->lsmaps[k];
		if (e->ls_memo[k] == 1)
			continue;	/* known not to hold: none of its alternatives does */
		for (size_t a = 0; a < m->nalts; a++)
			if (m->alts[a].nren && lt_lsalt_eval(&m->alts[a], &e->ix))
				lt_ridx_alias(&e->ix, m->alts[a].ren_from, m->alts[a].ren_to, m->alts[a].nren);
	}
}

static bool logsource_match(struct lt_engine *e, const struct lsvals *v, const struct lt_rule *r)
{
	const struct lt_record *rec = e->ix.r;
	if (r->ls_map[LT_LS_CATEGORY] >= 0) {
		if (!ls_holds(e, r->ls_map[LT_LS_CATEGORY]))
			return false;
	} else if (r->ls_category && !e->cat_hit[e->rule_cat[r->index]]) {
		return false;
	}
	if (r->ls_map[LT_LS_PRODUCT] >= 0) {
		if (!ls_holds(e, r->ls_map[LT_LS_PRODUCT]))
			return false;
	} else if (r->ls_product && !value_is(rec, v->family, r->ls_product)) {
		return false;
	}
	if (r->ls_map[LT_LS_SERVICE] >= 0)
		return ls_holds(e, r->ls_map[LT_LS_SERVICE]);
	if (r->ls_service && !value_is(rec, v->dataset, r->ls_service) && !value_is(rec, v->parser, r->ls_service))
		return false;
	return true;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Whether two detection rules have the same logsource, as logsource_match
 * reads it. */
static bool same_logsource(const struct lt_engine *e, const struct lt_rule *a, const struct lt_rule *b)
{
	for (int k = 0; k < 3; k++)
		if (a->ls_map[k] != b->ls_map[k])
			return false;
	return e->rule_cat[a->index] == e->rule_cat[b->index] && same_str(a->ls_category, b->ls_category) &&
	       same_str(a->ls_product, b->ls_product) && same_str(a->ls_service, b->ls_service);
}

/* Group the detection rules by logsource (see lt_engine.group_bits). The
 * groups are found by a linear search over the representatives: there are
 * a few hundred distinct logsources even in SigmaHQ's whole collection. */
static void index_logsources(struct lt_engine *e)
{
	const struct lt_ruleset *rs = e->rs;
	e->nwords = (rs->n + 63) / 64 ? (rs->n + 63) / 64 : 1;
	e->group_rep = lt_xcalloc(rs->n ? rs->n : 1, sizeof *e->group_rep);
	int *group_of = lt_xcalloc(rs->n ? rs->n : 1, sizeof *group_of);
	e->group_of = group_of;
	for (size_t i = 0; i < rs->n; i++) {
		const struct lt_rule *r = rs->rules[i];
		group_of[i] = -1;
		if (r->kind != LT_RULE_DETECTION)
			continue;
		size_t g = 0;
		while (g < e->ngroups && !same_logsource(e, rs->rules[e->group_rep[g]], r))
			g++;
		if (g == e->ngroups)
			e->group_rep[e->ngroups++] = (int)i;
		group_of[i] = (int)g;
	}
	e->group_bits = lt_xcalloc((e->ngroups ? e->ngroups : 1) * e->nwords, sizeof *e->group_bits);
	for (size_t i = 0; i < rs->n; i++)
		if (group_of[i] >= 0)
			e->group_bits[(size_t)group_of[i] * e->nwords + i / 64] |= UINT64_C(1) << (i % 64);
	e->live = lt_xcalloc(e->nwords, sizeof *e->live);
	e->gcov = lt_xcalloc(e->ngroups ? e->ngroups : 1, sizeof *e->gcov);
	e->ghits = lt_xcalloc(e->ngroups ? e->ngroups : 1, sizeof *e->ghits);
}

/* The rules whose logsource holds for this record, into e->live. */
static void live_rules(struct lt_engine *e, const struct lsvals *lv)
{
	memset(e->live, 0, e->nwords * sizeof *e->live);
	e->nghits = 0;
	if (e->no_index) {
		for (size_t i = 0; i < e->rs->n; i++)
			if (e->rs->rules[i]->kind == LT_RULE_DETECTION && logsource_match(e, lv, e->rs->rules[i]))
				e->live[i / 64] |= UINT64_C(1) << (i % 64);
		return;
	}
	for (size_t g = 0; g < e->ngroups; g++) {
		if (!logsource_match(e, lv, e->rs->rules[e->group_rep[g]]))
			continue;
		e->ghits[e->nghits++] = g;
		const uint64_t *b = &e->group_bits[g * e->nwords];
		for (size_t w = 0; w < e->nwords; w++)
			e->live[w] |= b[w];
	}
}

/* The first rule from i on whose logsource holds (rs->n when none). */
static size_t next_live(const struct lt_engine *e, size_t i)
{
	for (size_t w = i / 64; w < e->nwords; w++) {
		uint64_t bits = e->live[w];
		if (w == i / 64)
			bits &= ~UINT64_C(0) << (i % 64);
		if (bits)
			return w * 64 + (size_t)__builtin_ctzll(bits);
	}
	return e->rs->n;
}

#define PF_MIN_RULES 8

/* Keep of the live rules those that may match by their literals
 * (engine_prefilter.c): the record's values are scanned only when a live
 * rule has a prefilter. */
static void filter_candidates(struct lt_engine *e)
{
	struct eng_prefilter *pf = e->pf;
	if (!pf)
		return;
	/* A few rules are cheaper to evaluate than the record is to scan
	 * (the shipped rules: about two per record): scan only for more. */
	size_t filtered = 0;
	for (size_t w = 0; w < e->nwords && filtered < PF_MIN_RULES; w++)
		filtered += (size_t)__builtin_popcountll(e->live[w] & ~pf->always[w]);
	if (filtered < PF_MIN_RULES)
		return;
	eng_prefilter_record(pf, e->ix.r);
	for (size_t w = 0; w < e->nwords; w++)
		e->live[w] &= pf->always[w] | pf->hit[w];
}

static void add_group_cov(struct lt_engine *e, struct pinfo *pi, lt_time_us t)
{
	if (pi && !pi->gc && e->nghits)
		pi->gc = lt_xcalloc(e->ngroups ? e->ngroups : 1, sizeof *pi->gc);
	for (size_t k = 0; k < e->nghits; k++) {
		eng_cov_add(&e->gcov[e->ghits[k]], t);
		if (pi)
			eng_cov_add(&pi->gc[e->ghits[k]], t);
	}
}

const struct cov *eng_rule_cov(const struct lt_engine *e, size_t i)
{
	if (!e->no_index && e->group_of[i] >= 0)
		return &e->gcov[e->group_of[i]];
	return &e->st[i].all;
}

const struct cov *eng_rule_pcov(const struct lt_engine *e, const struct pinfo *pi, size_t i)
{
	if (e->no_index || e->group_of[i] < 0)
		return pi->rc ? &pi->rc[i] : NULL;
	return pi->gc ? &pi->gc[e->group_of[i]] : NULL;
}

/* ---- dispatch ---- */

struct sweep_arg {
	struct lt_engine *e;
	const struct lt_rule *r;
	struct cstate *cs;
	lt_time_us before;	/* close groups idle since before this; INT64_MAX = all */
	bool final;
};

static void flush_group(struct lt_engine *e, const struct lt_rule *r, struct group *g, bool final)
{
	switch (r->corr.type) {
	case LT_CORR_EVENT_COUNT:
	case LT_CORR_VALUE_COUNT:
	case LT_CORR_VALUE_SUM:
		eng_close_anchored(e, r, g);
		eng_close_active(e, r, g, NULL);
		break;
	case LT_CORR_BASELINE:
		if (final)
			eng_close_day(e, r, g);
		break;
	default:
		break;
	}
}

static void sweep_one(struct lt_smap_ent *ent, void *arg)
{
	struct sweep_arg *s = arg;
	struct group *g = ent->val;
	if (!s->final && (s->r->corr.type == LT_CORR_BASELINE || g->last_seen >= s->before))
		return;
	flush_group(s->e, s->r, g, s->final);
	eng_group_free(s->r, g);
	lt_smap_del(&s->cs->groups, ent);
}

static int cmp_group_ent(const void *a, const void *b)
{
	const struct lt_smap_ent *x = *(const struct lt_smap_ent *const *)a, *y = *(const struct lt_smap_ent *const *)b;
	int c = strcmp(x->key, y->key);
	return c;
}

struct collect_arg {
	struct lt_smap_ent **v;
	size_t n;
};

static void collect_ent(struct lt_smap_ent *ent, void *arg)
{
	struct collect_arg *c = arg;
	c->v[c->n++] = ent;
}

/* Close groups in key order so that chained correlations see them in a
 * deterministic order. */
static void sweep_rule(struct lt_engine *e, size_t i, lt_time_us before, bool final)
{
	const struct lt_rule *r = e->rs->rules[i];
	struct cstate *cs = &e->st[i].cs;
	if (!cs->groups.n)
		return;
	struct collect_arg c = { lt_xcalloc(cs->groups.n, sizeof *c.v), 0 };
	lt_smap_each(&cs->groups, collect_ent, &c);
	lt_qsort(c.v, c.n, sizeof *c.v, cmp_group_ent);
	struct sweep_arg s = { e, r, cs, before, final };
	for (size_t k = 0; k < c.n; k++)
		sweep_one(c.v[k], &s);
	free(c.v);
}

static void enforce_cap(struct lt_engine *e, size_t i)
{
	struct cstate *cs = &e->st[i].cs;
	const struct lt_rule *r = e->rs->rules[i];
	if (cs->groups.n < e->o.max_groups)
		return;
	/* First close what is idle; if still full, close the idlest half. */
	sweep_rule(e, i, e->now - r->corr.timespan, false);
	if (cs->groups.n < e->o.max_groups)
		return;
	struct collect_arg c = { lt_xcalloc(cs->groups.n, sizeof *c.v), 0 };
	lt_smap_each(&cs->groups, collect_ent, &c);
	lt_time_us *times = lt_xcalloc(c.n, sizeof *times);
	for (size_t k = 0; k < c.n; k++)
		times[k] = ((struct group *)c.v[k]->val)->last_seen;
	lt_qsort(times, c.n, sizeof *times, eng_cmp_i64);
	lt_time_us cut = times[c.n / 2];
	free(times);
	free(c.v);
	uint64_t before = cs->groups.n;
	struct sweep_arg s = { e, r, cs, cut, false };
	lt_smap_each(&cs->groups, sweep_one, &s);
	cs->dropped += before - cs->groups.n;
}

void eng_corr_hit(struct lt_engine *e, int ci, const struct hit *h)
{
	const struct lt_rule *r = e->rs->rules[ci];
	if (e->st[ci].status)
		return;
	const struct lt_correlation *k = &r->corr;
	struct lt_buf *key = &e->keybuf;
	size_t offs_small[17], *offs = k->ngroup < 17 ? offs_small : lt_xcalloc(k->ngroup + 1, sizeof *offs);
	lt_buf_reset(key);
	lt_buf_reserve(key, 64);
	for (size_t i = 0; i < k->ngroup; i++) {
		if (i)
			lt_buf_putc(key, '\x1f');
		offs[i] = key->len;
		eng_group_value(r, h, i, key);
	}
	offs[k->ngroup] = key->len + 1;
	struct cstate *cs = &e->st[ci].cs;
	if (r->corr.type != LT_CORR_BASELINE)
		enforce_cap(e, (size_t)ci);
	int created;
	struct lt_smap_ent *ent = lt_smap_put(&cs->groups, key->data, key->len, &created);
	struct group *g = ent->val;
	if (created) {
		g = lt_xcalloc(1, sizeof *g);
		g->gvals = lt_xcalloc(k->ngroup ? k->ngroup : 1, sizeof *g->gvals);
		for (size_t i = 0; i < k->ngroup; i++)
			g->gvals[i] = lt_xstrndup(ent->key + offs[i], offs[i + 1] - 1 - offs[i]);
		ent->val = g;
	}
	if (offs != offs_small)
		free(offs);
	g->last_seen = h->t;
	if (h->person)
		g->person = h->person;
	for (size_t slot = k->nrefs; slot-- > 0;) {
		if (k->ref_idx[slot] != h->producer->index)
			continue;
		switch (k->type) {
		case LT_CORR_EVENT_COUNT:
		case LT_CORR_VALUE_COUNT:
		case LT_CORR_VALUE_SUM:
			eng_count_hit(e, cs, r, g, h);
			slot = 0;	/* a rule listed twice counts its event once */
			break;
		case LT_CORR_TEMPORAL:
			eng_temporal_hit(e, r, g, h, slot);
			break;
		case LT_CORR_TEMPORAL_ORDERED:
			eng_ordered_hit(e, r, g, h, slot);
			break;
		case LT_CORR_BASELINE:
			eng_baseline_hit(e, r, g, h);
			slot = 0;
			break;
		}
	}
}

/* ---- feeding records ---- */

static struct pinfo *record_person(struct lt_engine *e)
{
	struct lt_buf *b = &e->scratch;
	lt_buf_reset(b);
	if (!(eng_lookup_text(&e->ix, &e->k_person, b) || eng_lookup_text(&e->ix, &e->k_user, b)) || !b->len)
		return NULL;
	struct lt_smap_ent *ent = lt_smap_find(&e->people, b->data, b->len);
	if (!ent) {
		int created;
		/* beyond the cap, new names share one entry (coverage says so) */
		if (e->people.n >= MAX_PEOPLE)
			ent = lt_smap_put(&e->people, "(other)", 7, &created);
		else
			ent = lt_smap_put(&e->people, b->data, b->len, &created);
		if (created) {
			struct pinfo *pi = lt_xcalloc(1, sizeof *pi);
			pi->name = ent->key;
			ent->val = pi;
		}
	}
	return ent->val;
}


static const char *interned_field(struct lt_engine *e, const struct lt_fkey *k)
{
	const struct lt_value *v = lt_ridx_get(&e->ix, k);
	if (!v || (v->type != LT_V_STR && v->type != LT_V_BYTES))
		return NULL;
	return eng_intern(e, v->v.s.p, v->v.s.n);
}

static uint64_t int_field(struct lt_engine *e, const struct lt_fkey *k)
{
	const struct lt_value *v = lt_ridx_get(&e->ix, k);
	return v && v->type == LT_V_INT && v->v.i > 0 ? (uint64_t)v->v.i : 0;
}

static char *summary_of(struct lt_engine *e)
{
	static const char *const what[] = { LT_F_FILE_PATH, LT_F_URL_ORIGINAL, LT_F_EMAIL_TO, LT_F_EMAIL_SUBJECT,
					    LT_F_DEST_IP, LT_F_HOST_NAME, NULL };
	struct lt_buf b = LT_BUF_INIT;
	lt_buf_reserve(&b, 128);
	lt_buf_puts(&b, "");
	if (!eng_lookup_text(&e->ix, &e->k_action, &b))
		eng_lookup_text(&e->ix, &e->k_cat, &b);
	struct lt_buf *x = &e->scratch;
	lt_buf_reset(x);
	if (eng_lookup_text(&e->ix, &e->k_user, x) && x->len) {
		lt_buf_puts(&b, b.len ? " by " : "by ");
		lt_buf_append(&b, x->data, x->len);
	}
	for (size_t i = 0; what[i]; i++) {
		struct lt_fkey k = { (char *)what[i], strlen(what[i]), lt_field_hash(what[i], strlen(what[i])) };
		lt_buf_reset(x);
		if (eng_lookup_text(&e->ix, &k, x) && x->len) {
			lt_buf_puts(&b, b.len ? ": " : "");
			lt_buf_append(&b, x->data, x->len < 200 ? x->len : 200);
			break;
		}
	}
	return lt_buf_detach(&b);
}

static const struct lt_value *cite_get(struct lt_engine *e, const char *name)
{
	size_t n = strlen(name);
	struct lt_fkey k = { (char *)name, n, lt_field_hash(name, n) };
	return lt_ridx_get(&e->ix, &k);
}

static const char *cite_text(struct lt_engine *e, const char *name)
{
	const struct lt_value *v = cite_get(e, name);
	return v && v->type == LT_V_STR ? eng_intern(e, v->v.s.p, v->v.s.n) : NULL;
}

static uint64_t cite_int(struct lt_engine *e, const char *name)
{
	const struct lt_value *v = cite_get(e, name);
	return v && v->type == LT_V_INT && v->v.i > 0 ? (uint64_t)v->v.i : 0;
}

/* A further evidence line the record's enrichment rests on (leaktrail.cite.*,
 * enrich/presence.h: the card read that put the person out of the building):
 * cited after the record's own line, so the finding shows both. */
static void cited_ref(struct lt_engine *e, struct refs *out)
{
	const struct lt_value *tv = cite_get(e, LT_E_CITE_TIME);
	if (!tv || tv->type != LT_V_TIME)
		return;
	struct eref r = { 0 };
	r.t = tv->v.t;
	r.cited = true;
	r.path = cite_text(e, LT_E_CITE_SOURCE_PATH);
	r.sha = cite_text(e, LT_E_CITE_SOURCE_SHA256);
	const struct lt_value *id = cite_get(e, LT_E_CITE_SOURCE_ID);
	if (!r.sha && id && id->type == LT_V_INT && e->o.source_sha256) {
		const char *sha = e->o.source_sha256(e->o.source_arg, id->v.i);
		if (sha)
			r.sha = eng_intern(e, sha, strlen(sha));
	}
	r.member = cite_text(e, LT_E_CITE_MEMBER);
	r.offset = cite_int(e, LT_E_CITE_OFFSET);
	r.line = cite_int(e, LT_E_CITE_LINE);
	const struct lt_value *raw = cite_get(e, LT_E_CITE_RAW);
	if (raw && raw->type == LT_V_STR)
		r.raw = lt_xstrndup(raw->v.s.p, raw->v.s.n);
	const struct lt_value *dir = cite_get(e, LT_E_BADGE_DIRECTION);
	const struct lt_value *door = cite_get(e, LT_E_BADGE_DOOR);
	if (dir && door && dir->type == LT_V_STR && door->type == LT_V_STR)
		r.summary = lt_xasprintf("badge %.*s at %.*s", (int)dir->v.s.n, dir->v.s.p, (int)door->v.s.n,
					 door->v.s.p);
	else
		r.summary = lt_xstrdup("the evidence line this record's enrichment rests on");
	eng_refs_push_owned(out, &r);
	out->total++;
}

static void record_ref(struct lt_engine *e, lt_time_us t, struct refs *out)
{
	struct eref r = { 0 };
	r.t = t;
	r.path = interned_field(e, &e->k_path);
	r.sha = interned_field(e, &e->k_sha);
	if (!r.sha && e->o.source_sha256) {
		const struct lt_value *id = lt_ridx_get(&e->ix, &e->k_srcid);
		const char *sha = id && id->type == LT_V_INT ? e->o.source_sha256(e->o.source_arg, id->v.i) : NULL;
		if (sha)
			r.sha = eng_intern(e, sha, strlen(sha));
	}
	r.member = interned_field(e, &e->k_member);
	r.offset = int_field(e, &e->k_offset);
	r.line = int_field(e, &e->k_line);
	struct lt_buf raw = LT_BUF_INIT;
	if (eng_lookup_text(&e->ix, &e->k_raw, &raw) || eng_lookup_text(&e->ix, &e->k_msg, &raw))
		r.raw = lt_buf_detach(&raw);
	lt_buf_free(&raw);
	r.summary = summary_of(e);
	memset(out, 0, sizeof *out);
	eng_refs_push_owned(out, &r);
	out->total = 1;
	cited_ref(e, out);
}

/* Close idle groups. Each correlation is swept once per its own timespan
 * of event time, so a 30-day window is not walked every ten seconds. */
static void maybe_sweep(struct lt_engine *e)
{
	if (e->sweep_every == INT64_MAX || e->now - e->last_sweep < e->sweep_every)
		return;
	e->last_sweep = e->now;
	for (size_t i = 0; i < e->rs->n; i++) {
		const struct lt_rule *r = e->rs->rules[i];
		if (r->kind != LT_RULE_CORRELATION || r->corr.type == LT_CORR_BASELINE)
			continue;
		if (e->st[i].last_sweep == LT_TIME_NONE) {
			e->st[i].last_sweep = e->now;
			continue;
		}
		if (e->now - e->st[i].last_sweep < r->corr.timespan)
			continue;
		e->st[i].last_sweep = e->now;
		sweep_rule(e, i, e->now - r->corr.timespan, false);
	}
}

void lt_engine_feed(struct lt_engine *e, const struct lt_record *rec)
{
	lt_ridx_build(&e->ix, rec);
	ls_prepare(e);
	const struct lt_value *tv = lt_ridx_get(&e->ix, &e->k_time);
	if (!tv || tv->type != LT_V_TIME) {
		e->untimed++;
		return;
	}
	lt_time_us t = tv->v.t;
	e->records++;
	if (e->first_time == LT_TIME_NONE)
		e->first_time = t;
	if (e->now == LT_TIME_NONE || t > e->now)
		e->now = t;
	maybe_sweep(e);
	const char *person = NULL;
	struct pinfo *pi = NULL;
	bool person_done = false;
	struct refs ref = { 0 };
	bool have_ref = false;
	const struct lt_ruleset *rs = e->rs;
	struct lsvals lv = { lt_ridx_get(&e->ix, &e->k_cat), lt_ridx_get(&e->ix, &e->k_family),
			     lt_ridx_get(&e->ix, &e->k_dataset), lt_ridx_get(&e->ix, &e->k_parser) };
	for (size_t k = 0; k < e->ncats; k++)
		e->cat_hit[k] = value_is(rec, lv.cat, e->cats[k]);
	live_rules(e, &lv);
	size_t i = next_live(e, 0);
	if (i < rs->n) {
		pi = record_person(e);
		person_done = true;
		if (pi) {
			person = pi->name;
			eng_cov_add(&pi->act, t);
		}
	}
	if (!e->no_index) {
		/* coverage per group, then only the rules the literals leave */
		add_group_cov(e, pi, t);
		filter_candidates(e);
		i = next_live(e, 0);
	}
	for (; i < rs->n; i = next_live(e, i + 1)) {
		const struct lt_rule *r = rs->rules[i];
		struct rstate *st = &e->st[i];
		if (e->no_index) {
			eng_cov_add(&st->all, t);
			if (pi) {
				if (!pi->rc)
					pi->rc = lt_xcalloc(rs->n, sizeof *pi->rc);
				eng_cov_add(&pi->rc[i], t);
			}
		}
		if (st->status)
			continue;
		e->evaluations++;
		int res = eng_detect(e, r);
		if (res == 0)
			continue;
		st->nmatch++;
		if (!have_ref) {
			record_ref(e, t, &ref);
			have_ref = true;
		}
		if (res < 0) {
			eng_emit_unevaluated(e, r, person, t, &ref);
			continue;
		}
		struct hit h = { t, person, &ref, &e->ix, r, NULL };
		if (!r->referenced || r->generate) {
			struct acc *a = eng_acc_new(r, person, person);
			eng_acc_add(a, t, &ref);
			a->count = 1;
			/* the consumers get the record's hit below */
			eng_finalize(e, a, &e->ix, NULL, false);
			eng_acc_free(a);
		}
		for (size_t k = 0; k < r->nconsumers; k++)
			eng_corr_hit(e, r->consumers[k], &h);
	}
	if (!person_done) {
		pi = record_person(e);
		if (pi)
			eng_cov_add(&pi->act, t);
	}
	if (have_ref)
		eng_refs_free(&ref);
}

/* ---- finishing ---- */

static int cmp_str0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_finding(const void *pa, const void *pb)
{
	const struct findex *a = pa, *b = pb;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	int c = strcmp(a->rule_id, b->rule_id);
	if (c)
		return c;
	c = cmp_str0(a->group_key, b->group_key);
	if (c)
		return c;
	return strcmp(a->id, b->id);
}

int lt_engine_finish(struct lt_engine *e, lt_finding_fn fn, void *arg)
{
	if (!e->finished) {
		/* Close correlations in rule order; a closing window may feed a
		 * later correlation, so repeat until nothing is open. */
		for (int pass = 0; pass < 8; pass++) {
			bool any = false;
			for (size_t i = 0; i < e->rs->n; i++) {
				if (e->rs->rules[i]->kind != LT_RULE_CORRELATION || !e->st[i].cs.groups.n)
					continue;
				any = true;
				sweep_rule(e, i, INT64_MAX, true);
			}
			if (!any)
				break;
		}
		if (e->nfinds > 1)
			lt_qsort(e->fidx, e->nfinds, sizeof *e->fidx, cmp_finding);
		if (e->spill)
			fflush(e->spill);
		e->finished = true;
	}
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;
	for (size_t i = 0; i < e->nfinds && !rc && fn; i++) {
		const struct findex *x = &e->fidx[i];
		const char *text;
		if (e->spill_mem) {
			text = e->spill_mem + x->off;
		} else {
			if (x->len + 1 > cap) {
				cap = x->len + 1;
				line = lt_xrealloc(line, cap);
			}
			if (fseek(e->spill, x->off, SEEK_SET) != 0 || fread(line, 1, x->len, e->spill) != x->len) {
				lt_diag(LT_ERROR, NULL, "rules: cannot read back a finding: %s", strerror(errno));
				rc = -1;
				break;
			}
			text = line;
		}
		FILE *in = fmemopen((void *)text, x->len, "r");
		struct lt_finding f;
		char err[256];
		int got = in ? lt_finding_read(in, &f, err, sizeof err) : -1;
		if (in)
			fclose(in);
		if (got != 1) {
			lt_diag(LT_ERROR, NULL, "rules: a finding did not read back");
			rc = -1;
			break;
		}
		rc = fn(&f, arg);
		lt_finding_free(&f);
	}
	free(line);
	if (!rc && e->spill_failed)
		rc = -1;
	return rc;
}

uint64_t lt_engine_nfindings(const struct lt_engine *e)
{
	return e->nfinds;
}

uint64_t lt_engine_rule_findings(const struct lt_engine *e, size_t rule)
{
	return rule < e->rs->n ? e->st[rule].nfind : 0;
}

uint64_t lt_engine_records(const struct lt_engine *e)
{
	return e->records;
}

uint64_t lt_engine_evaluations(const struct lt_engine *e)
{
	return e->evaluations;
}

/* Coverage of a correlation is that of the detection rules under it. */
static void free_pinfo(struct lt_smap_ent *ent, void *arg)
{
	(void)arg;
	struct pinfo *pi = ent->val;
	free(pi->rc);
	free(pi->gc);
	free(pi);
}

struct gfree_arg {
	const struct lt_rule *r;
};

static void free_group_val(struct lt_smap_ent *ent, void *arg)
{
	struct gfree_arg *a = arg;
	eng_group_free(a->r, ent->val);
}

void lt_engine_free(struct lt_engine *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->rs->n; i++) {
		free(e->st[i].status);
		struct gfree_arg a = { e->rs->rules[i] };
		lt_smap_each(&e->st[i].cs.groups, free_group_val, &a);
		lt_smap_free(&e->st[i].cs.groups);
	}
	free(e->st);
	lt_smap_each(&e->people, free_pinfo, NULL);
	lt_smap_free(&e->people);
	lt_smap_free(&e->strings);
	for (size_t i = 0; i < e->nfinds; i++)
		free(e->fidx[i].group_key);
	free(e->fidx);
	if (e->spill)
		fclose(e->spill);
	free(e->spill_mem);
	lt_buf_free(&e->scratch);
	lt_buf_free(&e->ctx_limits_json);
	lt_buf_free(&e->keybuf);
	lt_buf_free(&e->spill_line);
	free(e->cats);
	free(e->rule_cat);
	free(e->ls_memo);
	free(e->ls_template);
	free(e->evids);
	free(e->k_evid.name);
	free(e->cat_hit);
	free(e->group_rep);
	free(e->group_bits);
	free(e->live);
	free(e->group_of);
	free(e->gcov);
	free(e->ghits);
	eng_prefilter_free(e->pf);
	struct lt_fkey *keys[] = { &e->k_time, &e->k_person, &e->k_user, &e->k_cat, &e->k_family, &e->k_dataset,
				   &e->k_parser, &e->k_path, &e->k_sha, &e->k_member, &e->k_offset, &e->k_line,
				   &e->k_raw, &e->k_action, &e->k_msg, &e->k_srcid };
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		free(keys[i]->name);
	free(e);
}
