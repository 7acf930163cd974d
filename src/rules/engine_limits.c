/* A detection rule on one record when a regular expression may give up.
 * Internal to the engine: see engine_impl.h.
 *
 * A pattern that hits its match, depth or heap limit counts as "no match"
 * inside the matcher; this file decides what the rule's result then is. A
 * condition without `not` is monotone: if it holds with the failed
 * patterns counted as non-matches, it holds whatever they would have said,
 * so the match stands. Otherwise (no match, or a `not` that a failed
 * pattern may have flipped) the result is unknown, and the engine reports
 * the record as not evaluated instead of passing it over in silence.
 */
#include "rules/engine_impl.h"

static bool has_not(const struct lt_cond *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->nodes[i].op == LT_C_NOT)
			return true;
	return false;
}

int eng_detect(struct lt_engine *e, const struct lt_rule *r)
{
	lt_match_limit_reset();
	bool m = lt_cond_eval(&r->cond, r->sels, &e->ix);
	if (!lt_match_limit_get()->hits)
		return m ? 1 : 0;
	struct rstate *st = &e->st[r->index];
	st->re_limits++;
	if (m && !has_not(&r->cond))
		return 1;
	st->unevaluated++;
	return -1;
}

uint64_t lt_engine_rule_re_limits(const struct lt_engine *e, size_t rule)
{
	return rule < e->rs->n ? e->st[rule].re_limits : 0;
}

uint64_t lt_engine_rule_unevaluated(const struct lt_engine *e, size_t rule)
{
	return rule < e->rs->n ? e->st[rule].unevaluated : 0;
}

uint64_t lt_engine_unevaluated(const struct lt_engine *e)
{
	uint64_t n = 0;
	for (size_t i = 0; i < e->rs->n; i++)
		n += e->st[i].unevaluated;
	return n;
}
