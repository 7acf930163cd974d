/* lt_enrich: runs each enrichment step (see enrich.h). */
#include "enrich/enrich.h"

void lt_enrich(const struct lt_context *ctx, struct lt_record *r)
{
	struct lt_enrich_state st = { NULL, LT_DATE_NONE, false, false };
	lt_enrich_time(ctx, r, &st);
	lt_enrich_person(ctx, r, &st);
	lt_enrich_mail(ctx, r, &st);
	lt_enrich_web(ctx, r, &st);
	lt_enrich_file(ctx, r, &st);
	lt_enrich_usb(ctx, r, &st);
}
