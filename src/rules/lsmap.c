/* The log-source mapping (doc/rules.md, "Log sources"): entries loaded from
 * mapping documents (rules/logsources/) say how a Sigma logsource
 * (product, category, service) shows in records; a rule's logsource parts are
 * linked to their entries once, after loading. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/rule.h"

static bool same(const char *a, const char *b)
{
	return a && b && strcasecmp(a, b) == 0;
}

/* The entry for one part of a logsource: key must equal, and an entry that
 * names a product wins over one that does not; an entry for another product
 * never applies. */
static int find_entry(const struct lt_ruleset *rs, int part, const char *value, const char *product)
{
	int best = -1;
	for (size_t i = 0; i < rs->nlsmaps; i++) {
		const struct lt_lsmap *m = &rs->lsmaps[i];
		const char *key = part == LT_LS_CATEGORY ? m->category : m->service;
		if (!same(key, value))
			continue;
		if (m->product && !same(m->product, product))
			continue;
		if (m->product)
			return (int)i;
		if (best < 0)
			best = (int)i;
	}
	return best;
}

static int find_product(const struct lt_ruleset *rs, const char *product)
{
	for (size_t i = 0; i < rs->nlsmaps; i++) {
		const struct lt_lsmap *m = &rs->lsmaps[i];
		if (!m->category && !m->service && same(m->product, product))
			return (int)i;
	}
	return -1;
}

void lt_lsmap_resolve(struct lt_ruleset *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		struct lt_rule *r = rs->rules[i];
		r->ls_map[LT_LS_PRODUCT] = r->ls_product ? find_product(rs, r->ls_product) : -1;
		r->ls_map[LT_LS_CATEGORY] = r->ls_category ? find_entry(rs, LT_LS_CATEGORY, r->ls_category, r->ls_product) : -1;
		r->ls_map[LT_LS_SERVICE] = r->ls_service ? find_entry(rs, LT_LS_SERVICE, r->ls_service, r->ls_product) : -1;
	}
}

bool lt_lsalt_eval(const struct lt_lsalt *a, const struct lt_ridx *ix)
{
	for (size_t i = 0; i < a->when.n; i++)
		if (!lt_fmatch_eval(&a->when.m[i], ix))
			return false;
	return true;
}

void lt_lsmap_free(struct lt_lsmap *m)
{
	for (size_t a = 0; a < m->nalts; a++) {
		struct lt_lsalt *alt = &m->alts[a];
		for (size_t i = 0; i < alt->when.n; i++) {
			struct lt_fmatch *fm = &alt->when.m[i];
			for (size_t k = 0; k < fm->nvals; k++)
				lt_mvalue_free(&fm->vals[k]);
			free(fm->vals);
			free(fm->key.name);
		}
		free(alt->when.m);
		for (size_t k = 0; k < alt->nren; k++) {
			free(alt->ren_from[k].name);
			free(alt->ren_to[k].name);
		}
		free(alt->ren_from);
		free(alt->ren_to);
	}
	free(m->alts);
	free(m->product);
	free(m->category);
	free(m->service);
}
