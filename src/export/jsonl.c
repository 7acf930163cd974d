/* Timesketch-ready JSON lines (jsonl.h). */
#include "export/jsonl.h"

#include <string.h>

#include "util/buf.h"
#include "util/jsonesc.h"

static void put_str(struct lt_buf *b, const char *key, const char *val)
{
	lt_buf_printf(b, ",\"%s\":", key);
	lt_json_str(b, val, strlen(val));
}

static void put_row(struct lt_buf *b, char *const *v)
{
	lt_buf_puts(b, "{\"message\":");
	lt_json_str(b, v[LT_COL_MESSAGE], strlen(v[LT_COL_MESSAGE]));
	put_str(b, "datetime", v[LT_COL_DATETIME]);
	put_str(b, "timestamp_desc", v[LT_COL_TIMESTAMP_DESC]);
	lt_buf_printf(b, ",\"timestamp\":%s,\"seq\":%s", v[LT_COL_TIMESTAMP], v[LT_COL_SEQ]);
	for (int c = 0; c < LT_NCOLS; c++) {
		if (c == LT_COL_MESSAGE || c == LT_COL_DATETIME || c == LT_COL_TIMESTAMP_DESC ||
		    c == LT_COL_TIMESTAMP || c == LT_COL_SEQ)
			continue;
		if ((c == LT_COL_OFFSET || c == LT_COL_LINE)) {
			if (*v[c])
				lt_buf_printf(b, ",\"%s\":%s", lt_tl_col_names[c], v[c]);
			continue;
		}
		put_str(b, lt_tl_col_names[c], v[c]);
	}
	lt_buf_puts(b, "}\n");
}

void lt_export_jsonl(const struct lt_timeline *tl, struct lt_out *o)
{
	struct lt_buf b = LT_BUF_INIT;
	struct lt_tl_rows it;
	lt_tl_rows_begin(&it, tl);
	for (char *const *v = lt_tl_rows_next(&it); v; v = lt_tl_rows_next(&it)) {
		lt_buf_reset(&b);
		put_row(&b, v);
		lt_out_write(o, b.data, b.len);
	}
	lt_tl_rows_end(&it);
	lt_buf_free(&b);
}
