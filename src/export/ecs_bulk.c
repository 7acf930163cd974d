/* _bulk NDJSON for OpenSearch/Elasticsearch (ecs_bulk.h). */
#include "export/ecs_bulk.h"

#include "evidence/ecsrow.h"
#include "util/buf.h"

void lt_export_ecs_bulk(const struct lt_timeline *tl, struct lt_out *o)
{
	struct lt_buf b = LT_BUF_INIT;
	struct lt_tl_rows it;
	lt_tl_rows_begin(&it, tl);
	for (char *const *v = lt_tl_rows_next(&it); v; v = lt_tl_rows_next(&it)) {
		lt_buf_reset(&b);
		lt_ecs_row_render(&b, (const char *const *)v);
		lt_out_write(o, b.data, b.len);
	}
	lt_tl_rows_end(&it);
	lt_buf_free(&b);
}
