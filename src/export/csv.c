/* CSV writer (csv.h). */
#include "export/csv.h"

#include <string.h>

void lt_csv_bom(struct lt_out *o)
{
	lt_out_write(o, "\xEF\xBB\xBF", 3);
}

static int needs_guard(const char *s)
{
	return s[0] && strchr("=+-@\t\r'", s[0]) != NULL;
}

void lt_csv_field(struct lt_out *o, const char *s, int first)
{
	if (!s)
		s = "";
	if (!first)
		lt_out_write(o, ",", 1);
	lt_out_write(o, "\"", 1);
	if (needs_guard(s))
		lt_out_write(o, "'", 1);
	const char *run = s;
	for (const char *p = s; *p; p++) {
		if (*p != '"')
			continue;
		lt_out_write(o, run, (size_t)(p - run + 1));
		lt_out_write(o, "\"", 1);
		run = p + 1;
	}
	lt_out_puts(o, run);
	lt_out_write(o, "\"", 1);
}

void lt_csv_eol(struct lt_out *o)
{
	lt_out_write(o, "\r\n", 2);
}

void lt_export_csv(const struct lt_timeline *tl, struct lt_out *o, int bom)
{
	if (bom)
		lt_csv_bom(o);
	for (int c = 0; c < LT_NCOLS; c++)
		lt_csv_field(o, lt_tl_col_names[c], c == 0);
	lt_csv_eol(o);
	struct lt_tl_rows it;
	lt_tl_rows_begin(&it, tl);
	for (char *const *v = lt_tl_rows_next(&it); v; v = lt_tl_rows_next(&it)) {
		for (int c = 0; c < LT_NCOLS; c++)
			lt_csv_field(o, v[c], c == 0);
		lt_csv_eol(o);
	}
	lt_tl_rows_end(&it);
}
