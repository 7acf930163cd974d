/* A small RFC 4180 CSV reader for the context's side files (people.csv).
 *
 * Handles quoted fields with "" escapes and embedded newlines, CRLF line
 * ends and a UTF-8 BOM. Ownership: lt_csv_next fills row->fields with
 * pointers into the reader's own buffer, valid until the next call;
 * lt_csv_close frees everything.
 */
#ifndef LT_CSV_H
#define LT_CSV_H
#include <stddef.h>

struct lt_csv {
	char *data;		/* whole file, NUL-terminated */
	size_t len, pos;
	size_t line;		/* line of the next row (1-based) */
	char **fields;
	size_t *cols;		/* 1-based column (in bytes) where each field starts */
	size_t nfields, cap;
	char *out;		/* unescaped field text */
};

/* 0, or -1 when the file cannot be read (errno set). */
int lt_csv_open(struct lt_csv *c, const char *path);
/* 1 = a row, 0 = end of file, -1 = syntax error (err_line and err_col set). */
int lt_csv_next(struct lt_csv *c, size_t *row_line, size_t *err_line, size_t *err_col);
void lt_csv_close(struct lt_csv *c);

#endif
