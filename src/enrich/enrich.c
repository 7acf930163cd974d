/* lt_enrich: runs each enrichment step (see enrich.h). */
#include "enrich/enrich.h"

static _Thread_local struct {
	struct lt_enrich_limit v[LT_ENRICH_LIMITS_KEPT];
	size_t n;
} limits;

size_t lt_enrich_limits(const struct lt_enrich_limit **v)
{
	*v = limits.v;
	return limits.n;
}

void lt_enrich_note_limits(const char *field)
{
	struct lt_ctx_limit got[LT_ENRICH_LIMITS_KEPT];
	size_t n = lt_context_limits_take(got, LT_ENRICH_LIMITS_KEPT);
	for (size_t i = 0; i < n; i++) {
		if (limits.n < LT_ENRICH_LIMITS_KEPT && i < LT_ENRICH_LIMITS_KEPT)
			limits.v[limits.n] = (struct lt_enrich_limit){ field, got[i].origin, got[i].why };
		limits.n++;
	}
}

void lt_enrich(const struct lt_context *ctx, struct lt_record *r)
{
	limits.n = 0;
	lt_context_limits_take(NULL, 0);	/* hits of other callers are not this record's */
	struct lt_enrich_state st = { NULL, LT_DATE_NONE, false, false };
	lt_enrich_time(ctx, r, &st);
	lt_enrich_person(ctx, r, &st);
	lt_enrich_mail(ctx, r, &st);
	lt_enrich_web(ctx, r, &st);
	lt_enrich_file(ctx, r, &st);
	lt_enrich_usb(ctx, r, &st);
}
