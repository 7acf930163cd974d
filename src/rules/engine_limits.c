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
#include <inttypes.h>

#include "rules/engine_impl.h"
#include "util/jsonesc.h"

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

static void put_field(struct lt_buf *b, const char *key, const struct lt_record *r, const char *field)
{
	struct lt_str v;
	lt_buf_printf(b, ",\"%s\":", key);
	if (lt_rec_get_str(r, field, &v))
		lt_json_str(b, v.p, v.n);
	else
		lt_buf_puts(b, "null");
}

static void put_int(struct lt_buf *b, const char *key, const struct lt_record *r, const char *field)
{
	int64_t v = 0;
	lt_rec_get_int(r, field, &v);
	lt_buf_printf(b, ",\"%s\":%" PRId64, key, v);
}

void lt_engine_context_limit(struct lt_engine *e, const struct lt_record *r, const char *field, const char *origin,
			     const char *why)
{
	e->ctx_limits++;
	if (e->ctx_limits_listed >= LT_ENGINE_CTX_LIMITS_LISTED)
		return;
	struct lt_buf *b = &e->ctx_limits_json;
	lt_buf_puts(b, e->ctx_limits_listed++ ? ",\n{\"field\":" : "\n{\"field\":");
	lt_json_str(b, field, strlen(field));
	lt_buf_puts(b, ",\"pattern\":");
	lt_json_str(b, origin, strlen(origin));
	lt_buf_puts(b, ",\"reason\":");
	lt_json_str(b, why, strlen(why));
	put_field(b, "source_path", r, LT_F_SOURCE_PATH);
	put_field(b, "member", r, LT_F_MEMBER);
	put_int(b, "offset", r, LT_F_OFFSET);
	put_int(b, "line", r, LT_F_LINE);
	lt_buf_putc(b, '}');
}

uint64_t lt_engine_context_limits(const struct lt_engine *e)
{
	return e->ctx_limits;
}

/* coverage.json's "context_regex_limits": how many values were not
 * classified because a context pattern gave up, and where (doc/context.md). */
void eng_cov_context_limits(const struct lt_engine *e, struct lt_buf *b)
{
	lt_buf_printf(b, ",\"context_regex_limits\":{\"count\":%" PRIu64 ",\"listed\":%" PRIu64 ",\"records\":[",
		      e->ctx_limits, e->ctx_limits_listed);
	lt_buf_append(b, e->ctx_limits_json.data, e->ctx_limits_json.len);
	lt_buf_puts(b, "]}");
}
