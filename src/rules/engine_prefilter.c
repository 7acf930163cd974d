/* The literal prefilter of the rule index (doc/rules.md, "Rule index").
 * Internal to the engine: see engine_impl.h.
 *
 * For each detection rule, a set of literals one of which must occur in
 * some field value of a record for the rule to match, derived from its
 * condition: a selection value gives its literal (exact, prefix, suffix,
 * contains, the longest plain run of a wildcard value); a field's values
 * give the union of theirs (any may match), or with |all the best single
 * one; an AND gives the best of its children's sets (all must match, so
 * any one child's set is necessary); an OR the union. A value that needs no
 * literal (re, cidr, numbers, exists, fieldref, null, keywords, values
 * folded beyond ASCII, variants without a literal) makes its branch "no
 * prefilter", and a rule whose whole condition is "no prefilter" is always
 * evaluated. One automaton (util/acmatch.h) holds every rule's literals;
 * per record it runs once over the values of the fields those literals
 * came from (and the fields a log source's renames read), and a rule is
 * evaluated only if it has no prefilter or one of its literals occurred.
 *
 * Why this never changes a result: every literal in a rule's set is a
 * substring of the (ASCII-lowercased) text the matcher compares, in a field
 * the matcher reads, so a record without any of them cannot satisfy the
 * condition. The automaton folds ASCII case on both sides, which can only
 * find more (|cased values), never less.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/engine_impl.h"
#include "util/acmatch.h"
#include "util/sort.h"
#include "util/xalloc.h"

/* A literal longer than this is cut to its first LIT_MAX bytes: a prefix of
 * a necessary literal is necessary too, and the automaton stays small. */
#define LIT_MAX 16

struct lit {
	const char *p;			/* NULL: any byte >= 0x80 (ufold_set) */
	size_t n;
	const struct lt_fkey *key;	/* the field it must occur in */
};

struct lset {
	bool none;		/* no prefilter: the branch may match without a literal */
	struct lit *v;		/* any of these (empty and !none: the branch never matches) */
	size_t n, cap;
};

static const struct lset NONE_SET = { true, NULL, 0, 0 };

static void lset_free(struct lset *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

static void lset_push(struct lset *s, struct lit l)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4;
		s->v = lt_xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = l;
}

/* a |= b; b is consumed. */
static void lset_union(struct lset *a, struct lset *b)
{
	if (a->none || b->none) {
		lset_free(a);
		lset_free(b);
		*a = NONE_SET;
		return;
	}
	for (size_t i = 0; i < b->n; i++)
		lset_push(a, b->v[i]);
	lset_free(b);
}

/* How selective a set is: its shortest literal (a branch that never
 * matches is the best of all; no prefilter the worst). */
static size_t lset_score(const struct lset *s)
{
	if (s->none)
		return 0;
	size_t m = SIZE_MAX;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].n < m)
			m = s->v[i].n;
	return m;
}

/* Keep the better of a and b in a (for AND); b is consumed. */
static void lset_best(struct lset *a, struct lset *b)
{
	size_t sa = lset_score(a), sb = lset_score(b);
	if (sb > sa || (sb == sa && !b->none && b->n < a->n)) {
		lset_free(a);
		*a = *b;
	} else {
		lset_free(b);
	}
}

/* The longest run of plain bytes in a compiled wildcard pattern. */
static struct lit glob_run(const struct lt_mvalue *mv)
{
	struct lit best = { NULL, 0, NULL };
	size_t start = 0;
	for (size_t i = 0; i <= mv->plen; i++) {
		bool wild = i == mv->plen || mv->pat[i] == '\x01' || mv->pat[i] == '\x02';
		if (!wild)
			continue;
		if (i - start > best.n) {
			best.p = mv->pat + start;
			best.n = i - start;
		}
		start = i + 1;
	}
	return best;
}

/* A value folded beyond ASCII (ufold) is compared with the folded text, and
 * folding may turn a non-ASCII character into an ASCII one (K, the Kelvin
 * sign, into k), so its ASCII parts are no literal. But an ASCII-only text
 * folds to ASCII only, and cannot match a pattern with a non-ASCII byte
 * outside its wildcards: such a value needs some byte >= 0x80 (the
 * literal with p == NULL), which the scan checks apart from the automaton. */
static struct lset ufold_set(const struct lt_mvalue *mv, const struct lt_fkey *key)
{
	struct lset s = { 0 };
	bool high = false;
	for (size_t i = 0; i < mv->plen && !high; i++)
		high = (unsigned char)mv->pat[i] >= 0x80;
	bool plain = mv->kind == LT_M_EXACT || mv->kind == LT_M_PREFIX || mv->kind == LT_M_SUFFIX ||
		     mv->kind == LT_M_CONTAINS || mv->kind == LT_M_GLOB;
	if (!high || !plain)
		return NONE_SET;
	lset_push(&s, (struct lit){ NULL, 1, key });
	return s;
}

/* One variant of a value (its alternatives are handled by the caller). */
static struct lset value_one(const struct lt_mvalue *mv, const struct lt_fkey *key)
{
	struct lset s = { 0 };
	struct lit l = { mv->pat, mv->plen, key };
	if (mv->ufold)
		return ufold_set(mv, key);
	switch (mv->kind) {
	case LT_M_EXACT:
		if (mv->has_int) {
			/* an int field compares numerically: "042" matches 42, whose
			 * text the automaton sees as "42" */
			char buf[24];
			int len = snprintf(buf, sizeof buf, "%" PRId64, mv->ival);
			if ((size_t)len != mv->plen || memcmp(buf, mv->pat, mv->plen) != 0)
				return NONE_SET;
		}
		break;
	case LT_M_PREFIX:
	case LT_M_SUFFIX:
	case LT_M_CONTAINS:
		break;
	case LT_M_GLOB:
		l = glob_run(mv);
		l.key = key;
		break;
	default:
		return NONE_SET;
	}
	if (l.n == 0)
		return NONE_SET;
	if (l.n > LIT_MAX)
		l.n = LIT_MAX;
	lset_push(&s, l);
	return s;
}

static struct lset value_set(const struct lt_mvalue *mv, const struct lt_fkey *key)
{
	struct lset s = value_one(mv, key);
	for (size_t k = 0; k < mv->nalt && !s.none; k++) {
		struct lset a = value_one(&mv->alt[k], key);
		lset_union(&s, &a);
	}
	return s;
}

static struct lset fmatch_set(const struct lt_fmatch *fm)
{
	struct lset s = { 0 };
	if (!fm->key.name)
		return NONE_SET;	/* keywords: the message or the raw line, not scanned */
	if (fm->all) {
		if (fm->nvals == 0)
			return s;	/* lt_fmatch_eval: never */
		s = NONE_SET;
		for (size_t i = 0; i < fm->nvals; i++) {
			struct lset v = value_set(&fm->vals[i], &fm->key);
			lset_best(&s, &v);
		}
		return s;
	}
	for (size_t i = 0; i < fm->nvals && !s.none; i++) {
		struct lset v = value_set(&fm->vals[i], &fm->key);
		lset_union(&s, &v);
	}
	return s;
}

static struct lset selection_set(const struct lt_selection *sel)
{
	struct lset s = { 0 };
	for (size_t a = 0; a < sel->nalts && !s.none; a++) {
		const struct lt_conj *c = &sel->alts[a];
		struct lset cs = NONE_SET;
		for (size_t i = 0; i < c->n; i++) {
			struct lset f = fmatch_set(&c->m[i]);
			lset_best(&cs, &f);
		}
		lset_union(&s, &cs);
	}
	return s;
}

static struct lset cond_set(const struct lt_rule *r, int i)
{
	const struct lt_cnode *n = &r->cond.nodes[i];
	struct lset a, b;
	switch (n->op) {
	case LT_C_SEL:
		return selection_set(&r->sels[n->a]);
	case LT_C_AND:
		a = cond_set(r, n->a);
		b = cond_set(r, n->b);
		lset_best(&a, &b);
		return a;
	case LT_C_OR:
		a = cond_set(r, n->a);
		b = cond_set(r, n->b);
		lset_union(&a, &b);
		return a;
	case LT_C_FALSE: {
		struct lset never = { 0 };
		return never;
	}
	default:		/* not, true */
		return NONE_SET;
	}
}

static struct lset rule_set(const struct lt_rule *r)
{
	if (!r->cond.nodes) {
		struct lset never = { 0 };
		return never;	/* lt_cond_eval: no condition never matches */
	}
	return cond_set(r, r->cond.root);
}

/* ---- the field names to scan: an open-addressed set of keys ---- */

static bool names_has(const struct eng_prefilter *pf, const char *name, size_t len, uint32_t h)
{
	for (size_t s = h & (pf->nslots - 1);; s = (s + 1) & (pf->nslots - 1)) {
		const struct lt_fkey *k = pf->names[s];
		if (!k)
			return false;
		if (k->hash == h && k->len == len && memcmp(k->name, name, len) == 0)
			return true;
	}
}

static void names_add(struct eng_prefilter *pf, const struct lt_fkey *k)
{
	if (names_has(pf, k->name, k->len, k->hash))
		return;
	if (2 * (pf->nnames + 1) > pf->nslots) {
		const struct lt_fkey **old = pf->names;
		size_t oldn = pf->nslots;
		pf->nslots *= 2;
		pf->names = lt_xcalloc(pf->nslots, sizeof *pf->names);
		pf->nnames = 0;
		for (size_t i = 0; i < oldn; i++)
			if (old[i])
				names_add(pf, old[i]);
		free(old);
	}
	size_t s = k->hash & (pf->nslots - 1);
	while (pf->names[s])
		s = (s + 1) & (pf->nslots - 1);
	pf->names[s] = k;
	pf->nnames++;
}

/* ---- setup ---- */

struct pair {
	uint32_t lit, rule;
};

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->lit != y->lit)
		return x->lit < y->lit ? -1 : 1;
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* The record fields a log source's renames read stand in for the rule's
 * names (lt_ridx_alias): scan them too. */
static void add_rename_targets(struct eng_prefilter *pf, const struct lt_ruleset *rs)
{
	for (size_t k = 0; k < rs->nlsmaps; k++)
		for (size_t a = 0; a < rs->lsmaps[k].nalts; a++)
			for (size_t i = 0; i < rs->lsmaps[k].alts[a].nren; i++)
				names_add(pf, &rs->lsmaps[k].alts[a].ren_to[i]);
}

struct eng_prefilter *eng_prefilter_new(const struct lt_ruleset *rs, size_t nwords)
{
	struct eng_prefilter *pf = lt_xcalloc(1, sizeof *pf);
	pf->nwords = nwords;
	pf->always = lt_xcalloc(nwords, sizeof *pf->always);
	pf->hit = lt_xcalloc(nwords, sizeof *pf->hit);
	pf->nslots = 64;
	pf->names = lt_xcalloc(pf->nslots, sizeof *pf->names);
	pf->ac = lt_ac_new();
	struct pair *pairs = NULL;
	size_t npairs = 0, cap = 0;
	for (size_t i = 0; i < rs->n; i++) {
		const struct lt_rule *r = rs->rules[i];
		if (r->kind != LT_RULE_DETECTION)
			continue;
		struct lset s = rule_set(r);
		if (s.none) {
			pf->always[i / 64] |= UINT64_C(1) << (i % 64);
			pf->nalways++;
			continue;
		}
		pf->nfiltered++;
		for (size_t k = 0; k < s.n; k++) {
			if (npairs == cap) {
				cap = cap ? cap * 2 : 1024;
				pairs = lt_xrealloc(pairs, cap * sizeof *pairs);
			}
			names_add(pf, s.v[k].key);
			if (!s.v[k].p) {
				if (!pf->nhigh || pf->high_rules[pf->nhigh - 1] != (uint32_t)i) {
					pf->high_rules = lt_xrealloc(pf->high_rules, (pf->nhigh + 1) * sizeof *pf->high_rules);
					pf->high_rules[pf->nhigh++] = (uint32_t)i;
				}
				continue;
			}
			pairs[npairs].lit = lt_ac_add(pf->ac, s.v[k].p, s.v[k].n);
			pairs[npairs++].rule = (uint32_t)i;
		}
		lset_free(&s);
	}
	add_rename_targets(pf, rs);
	if (lt_ac_build(pf->ac) != 0) {
		/* too many literals for the table: every rule is evaluated */
		free(pairs);
		eng_prefilter_free(pf);
		return NULL;
	}
	pf->nlits = lt_ac_count(pf->ac);
	lt_qsort(pairs, npairs, sizeof *pairs, cmp_pair);
	pf->lit_off = lt_xcalloc(pf->nlits + 1, sizeof *pf->lit_off);
	pf->lit_rules = lt_xcalloc(npairs ? npairs : 1, sizeof *pf->lit_rules);
	pf->lit_gen = lt_xcalloc(pf->nlits ? pf->nlits : 1, sizeof *pf->lit_gen);
	size_t m = 0;
	for (size_t k = 0; k < npairs; k++) {
		if (m && pairs[k].lit == pairs[k - 1].lit && pairs[k].rule == pairs[k - 1].rule)
			continue;	/* a rule with the same literal twice */
		pf->lit_rules[m++] = pairs[k].rule;
		pf->lit_off[pairs[k].lit + 1] = (uint32_t)m;
	}
	for (uint32_t l = 1; l <= pf->nlits; l++)
		if (pf->lit_off[l] < pf->lit_off[l - 1])
			pf->lit_off[l] = pf->lit_off[l - 1];
	free(pairs);
	return pf;
}

void eng_prefilter_free(struct eng_prefilter *pf)
{
	if (!pf)
		return;
	lt_ac_free(pf->ac);
	free(pf->always);
	free(pf->hit);
	free(pf->names);
	free(pf->lit_off);
	free(pf->lit_rules);
	free(pf->lit_gen);
	free(pf->high_rules);
	free(pf);
}

/* ---- per record ---- */

static void on_hit(uint32_t id, void *arg)
{
	struct eng_prefilter *pf = arg;
	if (pf->lit_gen[id] == pf->gen)
		return;
	pf->lit_gen[id] = pf->gen;
	for (uint32_t k = pf->lit_off[id]; k < pf->lit_off[id + 1]; k++) {
		uint32_t r = pf->lit_rules[k];
		pf->hit[r / 64] |= UINT64_C(1) << (r % 64);
	}
}

/* Text: the automaton, and for the rules that need a non-ASCII byte, one
 * look for it until one is found in the record. */
static void scan_text(struct eng_prefilter *pf, const char *s, size_t n)
{
	lt_ac_scan(pf->ac, s, n, on_hit, pf);
	if (!pf->nhigh || pf->high_seen)
		return;
	for (size_t i = 0; i < n && !pf->high_seen; i++)
		pf->high_seen = (unsigned char)s[i] >= 0x80;
	for (size_t k = 0; k < pf->nhigh && pf->high_seen; k++)
		pf->hit[pf->high_rules[k] / 64] |= UINT64_C(1) << (pf->high_rules[k] % 64);
}

/* The value as the matcher sees it as text (match.c, match_value_one). */
static void scan_value(struct eng_prefilter *pf, const struct lt_record *r, const struct lt_value *v)
{
	char buf[40];
	size_t len;
	switch (v->type) {
	case LT_V_STR:
	case LT_V_BYTES:
		scan_text(pf, v->v.s.p, v->v.s.n);
		break;
	case LT_V_INT:
		len = (size_t)snprintf(buf, sizeof buf, "%" PRId64, v->v.i);
		lt_ac_scan(pf->ac, buf, len, on_hit, pf);
		break;
	case LT_V_BOOL:
		lt_ac_scan(pf->ac, v->v.b ? "true" : "false", v->v.b ? 4 : 5, on_hit, pf);
		break;
	case LT_V_TIME:
		len = lt_time_format_utc(v->v.t, buf);
		lt_ac_scan(pf->ac, buf, len, on_hit, pf);
		break;
	case LT_V_LIST:
		for (uint32_t i = 0; i < v->v.list.count; i++) {
			struct lt_str it = lt_rec_list_item(r, v, i);
			scan_text(pf, it.p, it.n);
		}
		break;
	}
}

void eng_prefilter_record(struct eng_prefilter *pf, const struct lt_record *r)
{
	memset(pf->hit, 0, pf->nwords * sizeof *pf->hit);
	pf->high_seen = false;
	pf->gen++;
	if (pf->gen == 0) {
		memset(pf->lit_gen, 0, (pf->nlits ? pf->nlits : 1) * sizeof *pf->lit_gen);
		pf->gen = 1;
	}
	for (uint32_t i = 0; i < r->nfields; i++) {
		const struct lt_field *f = &r->fields[i];
		if (names_has(pf, f->key.p, f->key.n, lt_field_hash(f->key.p, f->key.n)))
			scan_value(pf, r, &f->val);
	}
}
